package demo_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"parc/labels"
	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/demo"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/tags"
)

// The 13 member communes named in the service charter.
var charterCommunes = []string{
	"Apprieu", "Beaucroissant", "Bizonnes", "Burcin", "Châbons", "Colombe", "Eydoche",
	"Flachères", "Izeaux", "Le Grand-Lemps", "Oyeu", "Renage", "Saint-Didier-de-Bizonnes",
}

type fleet struct {
	communes map[string]assets.Commune // by id
	sites    map[string]assets.Site    // by id
	assets   []assets.Asset
}

func readFleet(t *testing.T, s *store.Store) fleet {
	t.Helper()
	ctx := context.Background()
	f := fleet{communes: map[string]assets.Commune{}, sites: map[string]assets.Site{}}

	var communes []assets.Commune
	if err := s.Reader.NewSelect().Model(&communes).Scan(ctx); err != nil {
		t.Fatalf("read communes: %v", err)
	}
	for _, c := range communes {
		f.communes[c.ID.String()] = c
	}
	var sites []assets.Site
	if err := s.Reader.NewSelect().Model(&sites).Scan(ctx); err != nil {
		t.Fatalf("read sites: %v", err)
	}
	for _, site := range sites {
		f.sites[site.ID.String()] = site
	}
	if err := s.Reader.NewSelect().Model(&f.assets).Order("id").Scan(ctx); err != nil {
		t.Fatalf("read assets: %v", err)
	}
	return f
}

func TestLoadMatchesTheCharterFleet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if _, err := demo.Load(context.Background(), s, "BE", storetest.Logger()); err != nil {
			t.Fatalf("Load: %v", err)
		}
		f := readFleet(t, s)

		var names, withServer []string
		intercommunalities := 0
		for _, c := range f.communes {
			if c.HasServer {
				withServer = append(withServer, c.Name)
			}
			switch c.Kind {
			case assets.CommuneKindCommune:
				names = append(names, c.Name)
			case assets.CommuneKindIntercommunality:
				intercommunalities++
			}
			if c.AllowanceMinutes <= 0 {
				t.Errorf("commune %s has no example allowance", c.Name)
			}
		}
		if len(names) != len(charterCommunes) || intercommunalities != 1 {
			t.Errorf("communes = %d of kind commune and %d intercommunality, want 13 and 1", len(names), intercommunalities)
		}
		slices.Sort(withServer)
		if !slices.Equal(withServer, []string{"Le Grand-Lemps", "Renage"}) {
			t.Errorf("communes whose town hall runs a server = %v, want Le Grand-Lemps and Renage", withServer)
		}
		for _, want := range charterCommunes {
			if !strings.Contains(strings.Join(names, "|"), want) {
				t.Errorf("commune %s is missing", want)
			}
		}

		var schoolPCs, townHallPCs, serverTownHallAssets, preXP, untagged int
		for _, a := range f.assets {
			site := f.sites[a.SiteID.String()]
			commune := f.communes[site.CommuneID.String()]
			isPC := a.Kind == assets.KindPC || a.Kind == assets.KindLaptop
			switch {
			case site.Kind == assets.SiteKindTownHall && commune.HasServer:
				serverTownHallAssets++
			case isPC && site.Kind == assets.SiteKindSchool:
				schoolPCs++
			case isPC && site.Kind == assets.SiteKindTownHall:
				townHallPCs++
			}
			if isPC && (a.OS == "Windows 98" || a.OS == "Windows 2000") {
				preXP++
			}
			if a.Tag == nil {
				untagged++
				continue
			}
			if _, err := labels.Parse("BE", *a.Tag); err != nil {
				t.Errorf("asset %s carries an invalid tag: %v", a.ID, err)
			}
		}
		if schoolPCs != 178 || townHallPCs != 11 {
			t.Errorf("PCs at schools = %d, at town halls without a server = %d; want 178 and 11", schoolPCs, townHallPCs)
		}
		if serverTownHallAssets != 0 {
			t.Errorf("%d assets at town halls that run their own server, want none", serverTownHallAssets)
		}
		if preXP < 1 || preXP > 15 {
			t.Errorf("PCs older than Windows XP = %d, want a few", preXP)
		}
		if untagged < 1 || untagged > 15 {
			t.Errorf("untagged assets = %d, want a few", untagged)
		}
	})
}

func TestLoadCreatesDemoAccounts(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
		t.Fatalf("Load: %v", err)
	}

	emails := []string{"technicien@demo.invalid", "comite@demo.invalid",
		"correspondant-chabons@demo.invalid", "correspondant-saint-didier-de-bizonnes@demo.invalid",
		"correspondant-le-grand-lemps@demo.invalid"}
	for _, email := range emails {
		u, err := accounts.UserByEmail(ctx, s.Reader, email)
		if err != nil {
			t.Errorf("demo user %s: %v", email, err)
			continue
		}
		if !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
			t.Errorf("%s password hash %q is not argon2id", email, u.PasswordHash[:12])
		}
		if err := accounts.CheckPassword(u.PasswordHash, demo.Password); err != nil {
			t.Errorf("%s does not accept the demo password: %v", email, err)
		}
		if strings.HasPrefix(email, "correspondant-") && len(u.CommuneIDs) != 1 {
			t.Errorf("%s is responsible for %d communes, want 1", email, len(u.CommuneIDs))
		}
	}

	var users int
	if err := s.Reader.NewSelect().Model((*accounts.User)(nil)).ColumnExpr("count(*)").Scan(ctx, &users); err != nil {
		t.Fatalf("count users: %v", err)
	}
	if users != 15 {
		t.Errorf("demo users = %d, want 15 (technician, committee, 13 correspondents)", users)
	}
}

func TestLoadIsDeterministic(t *testing.T) {
	ctx := context.Background()
	a, b := storetest.Open(t, store.SQLite), storetest.Open(t, store.SQLite)
	for _, s := range []*store.Store{a, b} {
		if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
			t.Fatalf("Load: %v", err)
		}
	}
	fa, fb := readFleet(t, a), readFleet(t, b)
	if len(fa.assets) != len(fb.assets) {
		t.Fatalf("two loads give %d and %d assets", len(fa.assets), len(fb.assets))
	}
	for i := range fa.assets {
		x, y := fa.assets[i], fb.assets[i]
		if x.ID != y.ID || tagText(x) != tagText(y) || x.Model != y.Model || x.Serial != y.Serial {
			t.Fatalf("asset %d differs between loads: %s %s %s / %s %s %s", i, x.ID, tagText(x), x.Serial, y.ID, tagText(y), y.Serial)
		}
	}
}

func TestLoadIntoNonEmptyDatabaseChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
			t.Fatalf("first Load: %v", err)
		}
		before := readFleet(t, s)

		_, err := demo.Load(ctx, s, "BE", storetest.Logger())
		if !errors.Is(err, demo.ErrNotEmpty) {
			t.Fatalf("second Load error = %v, want ErrNotEmpty", err)
		}
		after := readFleet(t, s)
		if len(after.assets) != len(before.assets) || len(after.communes) != len(before.communes) {
			t.Errorf("second Load changed the data: %d→%d assets, %d→%d communes",
				len(before.assets), len(after.assets), len(before.communes), len(after.communes))
		}
	})
}

func TestLoadUsesTheConfiguredPrefix(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	if _, err := demo.Load(context.Background(), s, "XYZ", storetest.Logger()); err != nil {
		t.Fatalf("Load: %v", err)
	}
	for _, a := range readFleet(t, s).assets {
		if a.Tag == nil {
			continue
		}
		if _, err := labels.Parse("XYZ", *a.Tag); err != nil {
			t.Fatalf("tag %s with prefix XYZ: %v", *a.Tag, err)
		}
	}
}

func TestSiteAndAccountNamesReadAsFrench(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
		t.Fatalf("Load: %v", err)
	}
	var sites []string
	if err := s.Reader.NewSelect().Model((*assets.Site)(nil)).Column("name").Scan(ctx, &sites); err != nil {
		t.Fatalf("read site names: %v", err)
	}
	for _, want := range []string{"Mairie d'Apprieu", "Mairie du Grand-Lemps", "Mairie de Renage", "Mairie d'Eydoche"} {
		if !slices.Contains(sites, want) {
			t.Errorf("site %q is missing", want)
		}
	}
	u, err := accounts.UserByEmail(ctx, s.Reader, "correspondant-izeaux@demo.invalid")
	if err != nil || u.Name != "Correspondant d'Izeaux (démonstration)" {
		t.Errorf("correspondent of Izeaux is named %q (%v)", u.Name, err)
	}
}

func tagText(a assets.Asset) string {
	if a.Tag == nil {
		return "(none)"
	}
	return *a.Tag
}

func TestDemoTagsAreInTheRegistry(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
		t.Fatalf("Load: %v", err)
	}
	tagged := 0
	for _, a := range readFleet(t, s).assets {
		if a.Tag == nil {
			continue
		}
		tagged++
		var row tags.Tag
		if err := s.Reader.NewSelect().Model(&row).Where("tag = ?", *a.Tag).Scan(ctx); err != nil {
			t.Fatalf("registry row of %s: %v", *a.Tag, err)
		}
		if row.State != tags.StateAssigned || row.AssetID == nil || *row.AssetID != a.ID {
			t.Errorf("registry row of %s: state %s, asset %v; want assigned to %s", *a.Tag, row.State, row.AssetID, a.ID)
		}
	}
	_, next, err := tags.Reserve(ctx, s.DB, nil, tags.Request{Prefix: "BE", Count: 1})
	if err != nil || next[0].Serial != tagged+1 {
		t.Errorf("first new batch after the demo: %v, %v; want serial %d", next, err, tagged+1)
	}
}
