package assets_test

import (
	"context"
	"errors"
	"testing"

	"parc/server/assets"
	"parc/server/param"
	"parc/server/store"
	"parc/server/store/storetest"
)

func TestTagLookupMatchesAssetByID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		demoStore(t, s)
		ctx := context.Background()
		lookup, err := assets.NewTagLookup(ctx, s)
		if err != nil {
			t.Fatalf("NewTagLookup: %v", err)
		}

		all, _ := collect(t, 500, func(p assets.PageRequest) (param.Page[assets.Asset], error) {
			return assets.Assets(ctx, s.Reader, assets.AssetFilter{Scope: allCommunes}, p)
		})
		tagged := 0
		for _, want := range all {
			if want.Tag == nil {
				continue
			}
			tagged++
			got, err := lookup.Asset(ctx, *want.Tag)
			if err != nil {
				t.Fatalf("Asset(%s): %v", *want.Tag, err)
			}
			if jsonOf(t, got) != jsonOf(t, want) {
				t.Fatalf("Asset(%s) =\n%s\nwant\n%s", *want.Tag, jsonOf(t, got), jsonOf(t, want))
			}
			doc, communeID, err := lookup.AssetJSON(ctx, *want.Tag)
			if err != nil || string(doc) != jsonOf(t, want) || communeID != want.CommuneID {
				t.Fatalf("AssetJSON(%s) = %s, %v; want %s", *want.Tag, doc, err, jsonOf(t, want))
			}
		}
		if tagged < 250 {
			t.Errorf("only %d tagged demo assets compared", tagged)
		}

		if _, _, err := lookup.AssetJSON(ctx, "BE999999Z"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("AssetJSON(unknown tag) error = %v, want store.ErrNotFound", err)
		}
	})
}

func TestTagCacheSeesEveryCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		demoStore(t, s)
		ctx := context.Background()
		lookup, err := assets.NewTagLookup(ctx, s)
		if err != nil {
			t.Fatalf("NewTagLookup: %v", err)
		}
		p, err := assets.Assets(ctx, s.Reader, assets.AssetFilter{Scope: allCommunes, Kind: assets.KindPC, Query: "BE0000"}, assets.PageRequest{Limit: 1})
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("first tagged PC: %v", err)
		}
		tag := *p.Items[0].Tag

		before, _, err := lookup.AssetJSON(ctx, tag)
		if err != nil {
			t.Fatalf("AssetJSON(%s): %v", tag, err)
		}
		again, _, _ := lookup.AssetJSON(ctx, tag)
		if string(again) != string(before) {
			t.Fatalf("second lookup of %s differs without a change", tag)
		}

		for _, model := range []string{"Modèle changé", "Second changement"} {
			_, err := s.DB.NewUpdate().Model((*assets.Asset)(nil)).
				Set("model = ?", model).Where("tag = ?", tag).Exec(ctx)
			if err != nil {
				t.Fatalf("update model of %s: %v", tag, err)
			}
			got, err := lookup.Asset(ctx, tag)
			if err != nil {
				t.Fatalf("Asset(%s): %v", tag, err)
			}
			doc, _, err := lookup.AssetJSON(ctx, tag)
			if err != nil {
				t.Fatalf("AssetJSON(%s): %v", tag, err)
			}
			if got.Model != model || string(doc) != jsonOf(t, got) {
				t.Errorf("after the update to %q, AssetJSON(%s) = %s", model, tag, doc)
			}
		}
	})
}
