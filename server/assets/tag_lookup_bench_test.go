package assets_test

import (
	"context"
	"encoding/json"
	"testing"

	"parc/server/assets"
	"parc/server/store"
	"parc/server/store/storetest"
)

// BenchmarkTagLookup compares three ways of reading one asset of the demo
// set on SQLite. The baseline is bun's query builder by id. A cache miss
// runs the prepared statement by tag and encodes JSON. A repeated scan
// reads AssetJSON from a warm cache.
func BenchmarkTagLookup(b *testing.B) {
	s := storetest.Open(b, store.SQLite)
	ctx := context.Background()
	if _, err := demoLoad(ctx, s); err != nil {
		b.Fatalf("load demo: %v", err)
	}
	lookup, err := assets.NewTagLookup(ctx, s)
	if err != nil {
		b.Fatalf("NewTagLookup: %v", err)
	}
	p, err := assets.Assets(ctx, s.Reader, assets.AssetFilter{Scope: allCommunes, Kind: assets.KindPC, Query: "BE0000"}, assets.PageRequest{Limit: 1})
	if err != nil || len(p.Items) != 1 {
		b.Fatalf("first tagged PC: %v", err)
	}
	a := p.Items[0]

	b.Run("bun-by-id", func(b *testing.B) {
		for b.Loop() {
			got, err := assets.AssetByID(ctx, s.Reader, a.ID)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(got); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("prepared-miss", func(b *testing.B) {
		for b.Loop() {
			got, err := lookup.Asset(ctx, *a.Tag)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(got); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached-hit", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := lookup.AssetJSON(ctx, *a.Tag); err != nil {
				b.Fatal(err)
			}
		}
	})
}
