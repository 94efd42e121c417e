package importer_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"parc/server/assets"
	"parc/server/i18n"
	"parc/server/importer"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/tags"
)

// exampleCommunes are the communes of testdata/etat-du-parc-exemple.csv.
var exampleCommunes = []string{"Apprieu", "Izeaux", "Châbons", "Flachères", "Le Grand-Lemps"}

func newImporter(t testing.TB, s *store.Store, communes ...string) *importer.Importer {
	t.Helper()
	w := &assets.Writer{
		DB:        s.DB,
		TagPrefix: func(context.Context) (string, error) { return "BE", nil },
		Tags:      tags.Registry{},
	}
	for _, name := range communes {
		_, err := w.CreateCommune(context.Background(), nil, assets.CommuneRequest{
			Name: assets.Field[string]{Set: true, Value: name}, Kind: assets.Field[string]{Set: true, Value: assets.CommuneKindCommune},
		})
		if err != nil {
			t.Fatalf("create commune %s: %v", name, err)
		}
	}
	return &importer.Importer{Fleet: w}
}

func readExample(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/etat-du-parc-exemple.csv")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func countAssets(t *testing.T, s *store.Store) int64 {
	t.Helper()
	n, err := s.DB.NewSelect().Table("assets").Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func assetBySerial(t *testing.T, s *store.Store, serial string) assets.Asset {
	t.Helper()
	var a assets.Asset
	if err := s.DB.NewSelect().Model(&a).Where("serial = ?", serial).Scan(context.Background()); err != nil {
		t.Fatalf("select asset of serial %s: %v", serial, err)
	}
	return a
}

// issues returns the French messages of a line, joined.
func issues(l importer.LineResult) string {
	var parts []string
	for _, is := range append(l.Errors, l.Warnings...) {
		parts = append(parts, is.Field+": "+is.Message.Text(i18n.French))
	}
	return strings.Join(parts, " | ")
}

func lineAt(t *testing.T, r *importer.Report, n int) importer.LineResult {
	t.Helper()
	for _, l := range r.Lines {
		if l.Line == n {
			return l
		}
	}
	t.Fatalf("no result for line %d in %+v", n, r.Lines)
	return importer.LineResult{}
}

func TestImportExampleFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		im := newImporter(t, s, exampleCommunes...)
		data := readExample(t)

		dry, err := im.Run(ctx, nil, data, importer.Options{DryRun: true})
		if err != nil {
			t.Fatalf("dry run: %v", err)
		}
		if dry.Encoding != importer.EncodingWindows1252 || dry.Separator != ";" {
			t.Errorf("encoding %s separator %q, want windows-1252 and ;", dry.Encoding, dry.Separator)
		}
		if dry.Failed() || dry.Counts.Duplicates != 1 || dry.Counts.Created != 52 {
			t.Errorf("dry run counts = %+v, want 52 created, 1 duplicate, no fault", dry.Counts)
		}
		if dup := lineAt(t, dry, 9); dup.Action != importer.ActionDuplicate || !strings.Contains(issues(dup), "ligne 5") {
			t.Errorf("line 9 = %s %q, want duplicate of line 5", dup.Action, issues(dup))
		}
		if n := countAssets(t, s); n != 0 || dry.Written {
			t.Fatalf("dry run wrote %d assets (written %v), want none", n, dry.Written)
		}

		done, err := im.Run(ctx, nil, data, importer.Options{})
		if err != nil || !done.Written || done.Counts.Created != 52 {
			t.Fatalf("import: %v, counts %+v", err, done.Counts)
		}
		if n := countAssets(t, s); n != 52 {
			t.Errorf("%d assets stored, want 52", n)
		}
		if done.Counts.SitesCreated != 11 {
			t.Errorf("%d sites created, want the 11 of the file", done.Counts.SitesCreated)
		}
		// Devices pull what the change sequence lists, and the audit log
		// names every write.
		for _, table := range []string{"sync_changes", "audit_entries"} {
			for entity, want := range map[string]int64{"asset": 52, "site": int64(done.Counts.SitesCreated), "room": int64(done.Counts.RoomsCreated)} {
				n, err := s.DB.NewSelect().Table(table).Where("entity = ?", entity).Count(ctx)
				if err != nil || n != want {
					t.Errorf("%d %s rows of %s (%v), want %d", n, table, entity, err, want)
				}
			}
		}

		a := assetBySerial(t, s, "SN79039")
		if a.OS != "Ubuntu" || a.OSVersion != "22.04" || a.PurchaseDate == nil || a.PurchaseDate.String() != "2013-06-01" {
			t.Errorf("line 3 stored as os %q %q, purchase %v; want Ubuntu 22.04 bought 2013-06-01", a.OS, a.OSVersion, a.PurchaseDate)
		}
		if !strings.Contains(issues(lineAt(t, done, 3)), "premier jour du mois") {
			t.Errorf("line 3 issues %q, want the partial date warning", issues(lineAt(t, done, 3)))
		}
		for serial, want := range map[string]string{"F455054": "Windows 10", "E192082": "Windows 7", "CZC7020504": "Windows 10", "E008805": "Windows XP"} {
			if got := assetBySerial(t, s, serial).OS; got != want {
				t.Errorf("serial %s os = %q, want %q", serial, got, want)
			}
		}
		if a := assetBySerial(t, s, "G058140"); a.Brand != "Fujitsu" || a.Notes != "Lent ; à remplacer" || a.PurchaseDate.String() != "2008-02-20" {
			t.Errorf("line 2 stored as %q, notes %q, purchase %v", a.Brand, a.Notes, a.PurchaseDate)
		}
		var site assets.Site
		if err := s.DB.NewSelect().Model(&site).Where("name = ?", "Groupe scolaire de Châbons").Scan(ctx); err != nil || site.Kind != assets.SiteKindSchool {
			t.Errorf("site with Windows-1252 accents: %v, kind %q", err, site.Kind)
		}

		again, err := im.Run(ctx, nil, data, importer.Options{})
		if err != nil || again.Counts.Created != 0 || again.Counts.Unchanged != 52 || again.Failed() {
			t.Errorf("re-import: %v, counts %+v, want 52 unchanged", err, again.Counts)
		}
		if n := countAssets(t, s); n != 52 {
			t.Errorf("%d assets after re-import, want 52", n)
		}
	})
}
