package assets_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/demo"
	"parc/server/param"
	"parc/server/store"
	"parc/server/store/storetest"
)

// demoStore loads the demo set into s.
func demoStore(t *testing.T, s *store.Store) *store.Store {
	t.Helper()
	if _, err := demoLoad(context.Background(), s); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	return s
}

func demoLoad(ctx context.Context, s *store.Store) (demo.Summary, error) {
	return demo.Load(ctx, s, "BE", storetest.Logger())
}

// collect pages through a list with the given page size and returns every
// item and the total of the first page.
func collect[T any](t *testing.T, limit int, list func(assets.PageRequest) (param.Page[T], error)) ([]T, int) {
	t.Helper()
	var all []T
	var cursor *param.Cursor
	total := -1
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("pagination does not end")
		}
		p, err := list(assets.PageRequest{Limit: limit, Cursor: cursor})
		if err != nil {
			t.Fatalf("list page %d: %v", pages, err)
		}
		if total == -1 {
			total = p.Total
		}
		if len(p.Items) > limit {
			t.Fatalf("page %d has %d items, limit %d", pages, len(p.Items), limit)
		}
		all = append(all, p.Items...)
		if p.Next == "" {
			return all, total
		}
		if cursor, err = param.ParseCursor(p.Next); err != nil {
			t.Fatalf("next cursor %q does not parse: %v", p.Next, err)
		}
	}
}

func checkUnique(t *testing.T, what string, ids []uuid.UUID, total int) {
	t.Helper()
	if len(ids) != total {
		t.Errorf("%s: paging returned %d items, total says %d", what, len(ids), total)
	}
	seen := map[uuid.UUID]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("%s: item %s returned twice", what, id)
		}
		seen[id] = true
	}
}

func TestPagingVisitsEveryItemOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		demoStore(t, s)
		ctx := context.Background()
		db := s.Reader

		communes, total := collect(t, 3, func(p assets.PageRequest) (param.Page[assets.Commune], error) {
			return assets.Communes(ctx, db, assets.CommuneFilter{Scope: allCommunes}, p)
		})
		checkUnique(t, "communes", ids(communes, func(c assets.Commune) uuid.UUID { return c.ID }), total)
		if total != 14 {
			t.Errorf("communes total = %d, want 14 (13 communes and the CCBE)", total)
		}
		names := make([]string, len(communes))
		for i, c := range communes {
			names[i] = store.Fold(c.Name)
		}
		if !slices.IsSorted(names) {
			t.Errorf("communes are not ordered by folded name: %v", names)
		}

		sites, total := collect(t, 5, func(p assets.PageRequest) (param.Page[assets.Site], error) {
			return assets.Sites(ctx, db, assets.SiteFilter{Scope: allCommunes}, p)
		})
		checkUnique(t, "sites", ids(sites, func(s assets.Site) uuid.UUID { return s.ID }), total)
		siteNames := make([]string, len(sites))
		for i, s := range sites {
			siteNames[i] = store.Fold(s.Name)
		}
		if !slices.IsSorted(siteNames) || !strings.HasPrefix(siteNames[0], "ecole") {
			t.Errorf("sites are not ordered by folded name, École first: %v", siteNames)
		}

		rooms, total := collect(t, 17, func(p assets.PageRequest) (param.Page[assets.Room], error) {
			return assets.Rooms(ctx, db, assets.RoomFilter{Scope: allCommunes}, p)
		})
		checkUnique(t, "rooms", ids(rooms, func(r assets.Room) uuid.UUID { return r.ID }), total)

		all, total := collect(t, 7, func(p assets.PageRequest) (param.Page[assets.Asset], error) {
			return assets.Assets(ctx, db, assets.AssetFilter{Scope: allCommunes}, p)
		})
		checkUnique(t, "assets", ids(all, func(a assets.Asset) uuid.UUID { return a.ID }), total)

		// One page as large as the list has no next cursor.
		p, err := assets.Assets(ctx, db, assets.AssetFilter{Scope: allCommunes}, assets.PageRequest{Limit: total})
		if err != nil || p.Next != "" || len(p.Items) != total {
			t.Errorf("single page of %d: %d items, next %q, err %v", total, len(p.Items), p.Next, err)
		}
	})
}

func TestAssetFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		demoStore(t, s)
		ctx := context.Background()
		db := s.Reader

		everything, total := collect(t, 500, func(p assets.PageRequest) (param.Page[assets.Asset], error) {
			return assets.Assets(ctx, db, assets.AssetFilter{Scope: allCommunes}, p)
		})
		if len(everything) != total {
			t.Fatalf("all assets: %d items, total %d", len(everything), total)
		}
		sample := everything[len(everything)/2]

		cases := []struct {
			name   string
			filter assets.AssetFilter
			want   func(a assets.Asset) bool
		}{
			{"commune", assets.AssetFilter{Scope: allCommunes, CommuneID: &sample.CommuneID}, func(a assets.Asset) bool { return a.CommuneID == sample.CommuneID }},
			{"site", assets.AssetFilter{Scope: allCommunes, SiteID: &sample.SiteID}, func(a assets.Asset) bool { return a.SiteID == sample.SiteID }},
			{"kind", assets.AssetFilter{Scope: allCommunes, Kind: assets.KindLaptop}, func(a assets.Asset) bool { return a.Kind == assets.KindLaptop }},
			{"status", assets.AssetFilter{Scope: allCommunes, Status: assets.StatusInStock}, func(a assets.Asset) bool { return a.Status == assets.StatusInStock }},
			{"kind and commune", assets.AssetFilter{Scope: allCommunes, Kind: assets.KindPC, CommuneID: &sample.CommuneID},
				func(a assets.Asset) bool { return a.Kind == assets.KindPC && a.CommuneID == sample.CommuneID }},
			{"query on tag, lower case", assets.AssetFilter{Scope: allCommunes, Query: "be00001"},
				func(a assets.Asset) bool { return a.Tag != nil && strings.Contains(*a.Tag, "BE00001") }},
			{"query on model", assets.AssetFilter{Scope: allCommunes, Query: "thinkcentre"},
				func(a assets.Asset) bool { return strings.Contains(strings.ToLower(a.Model), "thinkcentre") }},
			{"query with LIKE wildcards is literal", assets.AssetFilter{Scope: allCommunes, Query: "%_"},
				func(a assets.Asset) bool { return false }},
		}
		for _, c := range cases {
			got, total := collect(t, 50, func(p assets.PageRequest) (param.Page[assets.Asset], error) {
				return assets.Assets(ctx, db, c.filter, p)
			})
			var want []uuid.UUID
			for _, a := range everything {
				if c.want(a) {
					want = append(want, a.ID)
				}
			}
			gotIDs := ids(got, func(a assets.Asset) uuid.UUID { return a.ID })
			if !slices.Equal(gotIDs, want) || total != len(want) {
				t.Errorf("%s: got %d assets (total %d), want %d", c.name, len(gotIDs), total, len(want))
			}
			if c.name != "query with LIKE wildcards is literal" && len(want) == 0 {
				t.Errorf("%s: the demo set has no matching asset, so the case tests nothing", c.name)
			}
		}
	})
}

func TestNameSearchIgnoresCaseAndAccents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		demoStore(t, s)
		ctx := context.Background()
		for query, want := range map[string]string{"chabons": "Châbons", "CHÂBONS": "Châbons", "flacheres": "Flachères"} {
			p, err := assets.Communes(ctx, s.Reader, assets.CommuneFilter{Scope: allCommunes, Query: query}, assets.PageRequest{Limit: 10})
			if err != nil || p.Total != 1 || p.Items[0].Name != want {
				t.Errorf("communes matching %q: %+v, %v; want only %s", query, p.Items, err, want)
			}
		}
		p, err := assets.Sites(ctx, s.Reader, assets.SiteFilter{Scope: allCommunes, Query: "ecole"}, assets.PageRequest{Limit: 100})
		if err != nil || p.Total < 15 {
			t.Fatalf("sites matching ecole: total %d, err %v; want every school", p.Total, err)
		}
		for _, site := range p.Items {
			if site.Kind != assets.SiteKindSchool {
				t.Errorf("site %q matches ecole but is a %s", site.Name, site.Kind)
			}
		}
	})
}

func TestGetByIDAndNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		demoStore(t, s)
		ctx := context.Background()
		p, err := assets.Assets(ctx, s.Reader, assets.AssetFilter{Scope: allCommunes, Kind: assets.KindPC}, assets.PageRequest{Limit: 1})
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("first PC: %v", err)
		}
		want := p.Items[0]

		got, err := assets.AssetByID(ctx, s.Reader, want.ID)
		if err != nil {
			t.Fatalf("AssetByID(%s): %v", want.ID, err)
		}
		if jsonOf(t, got) != jsonOf(t, want) {
			t.Errorf("AssetByID(%s) = %s, want %s", want.ID, jsonOf(t, got), jsonOf(t, want))
		}

		missing := uuid.Must(uuid.NewV7())
		if _, err := assets.AssetByID(ctx, s.Reader, missing); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("AssetByID(unknown) error = %v, want store.ErrNotFound", err)
		}
		if _, err := assets.CommuneByID(ctx, s.Reader, missing); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("CommuneByID(unknown) error = %v, want store.ErrNotFound", err)
		}
		if _, err := assets.SiteByID(ctx, s.Reader, missing); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SiteByID(unknown) error = %v, want store.ErrNotFound", err)
		}
		if _, err := assets.RoomByID(ctx, s.Reader, missing); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("RoomByID(unknown) error = %v, want store.ErrNotFound", err)
		}
	})
}

func ids[T any](items []T, id func(T) uuid.UUID) []uuid.UUID {
	out := make([]uuid.UUID, len(items))
	for i, item := range items {
		out[i] = id(item)
	}
	return out
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %T: %v", v, err)
	}
	return string(b)
}

// allCommunes is the scope of a technician: the whole fleet.
var allCommunes = accounts.Scope{All: true}
