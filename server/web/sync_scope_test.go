package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/assets"
	"parc/server/store"
	"parc/server/store/storetest"
)

// A correspondent pushes nothing to the fleet and pulls only the records
// of their communes; a record that leaves their commune comes as a
// tombstone.
func TestSyncCorrespondentStaysInTheirCommune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		ctx := context.Background()
		corr := tech.as(t, "correspondant-chabons@demo.invalid")
		var chabons assets.Commune
		if err := s.Reader.NewSelect().Model(&chabons).Where("slug = ?", "chabons").Scan(ctx); err != nil {
			t.Fatal(err)
		}

		rep := replica{}
		cursor := corr.pullAll(t, rep, "", 7)
		if len(rep["asset"]) == 0 || len(rep["site"]) == 0 || len(rep["commune"]) != 1 {
			t.Fatalf("correspondent's first load: %d communes, %d sites, %d assets", len(rep["commune"]), len(rep["site"]), len(rep["asset"]))
		}
		for entity, records := range rep {
			for id, c := range records {
				if c.Fields["commune_id"] != chabons.ID.String() && !(entity == "commune" && id == chabons.ID.String()) {
					t.Errorf("correspondent of Chabons pulled %s %s of commune %v", entity, id, c.Fields["commune_id"])
				}
			}
		}

		// Their own commune's asset, another commune's, and a new one:
		// all refused, and nothing changes.
		var own, other uuid.UUID
		for id := range rep["asset"] {
			own = uuid.MustParse(id)
			break
		}
		other = tech.assetOutside(t, s, chabons.ID)
		site := rep["site"][firstKey(rep["site"])].EntityID
		results := corr.push(t, "corr-device",
			newOp("asset", own, map[string]any{"notes": "modifié par la mairie"}),
			newOp("asset", other, map[string]any{"notes": "ailleurs"}),
			newOp("asset", uuid.Must(uuid.NewV7()), map[string]any{"site_id": site, "kind": "pc"}),
			newOp("inventory_scan", uuid.Must(uuid.NewV7()), map[string]any{"round_id": uuid.Must(uuid.NewV7()).String(), "tag": "BE000001F", "site_id": site, "scanned_at": "2026-12-04T09:00:00Z"}),
		)
		for i, r := range results {
			if r.Status != "rejected" || r.Error == nil || r.Error.Code != "forbidden" {
				t.Errorf("correspondent's op %d: %+v, want rejected as forbidden", i, r)
			}
		}
		if a, _ := assets.AssetByID(ctx, s.Reader, own); strings.Contains(a.Notes, "mairie") {
			t.Errorf("a correspondent's push changed asset %s", own)
		}

		// The technician moves one of Chabons' assets to another commune:
		// the correspondent's next pull drops it, and gets nothing else.
		elsewhere := tech.siteOutside(t, s, chabons.ID)
		moved := tech.push(t, "tech-device", newOp("asset", own, map[string]any{"site_id": elsewhere.String()}))
		if moved[0].Status != "applied" {
			t.Fatalf("move to another commune: %+v", moved[0])
		}
		p := corr.pullPage(t, cursor, 100)
		if len(p.Changes) != 1 || p.Changes[0].Action != "delete" || p.Changes[0].EntityID != own.String() || p.Changes[0].Fields != nil {
			t.Errorf("correspondent's pull after the move: %+v, want one tombstone of %s", p.Changes, own)
		}
	})
}

// assetOutside returns an asset of a commune other than commune.
func (f fixture) assetOutside(t *testing.T, s *store.Store, commune uuid.UUID) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	err := s.Reader.NewSelect().TableExpr("assets AS a").Join("JOIN sites AS s ON s.id = a.site_id").
		Column("a.id").Where("s.commune_id <> ?", commune).Limit(1).Scan(context.Background(), &id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// siteOutside returns an active site of a commune other than commune.
func (f fixture) siteOutside(t *testing.T, s *store.Store, commune uuid.UUID) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	err := s.Reader.NewSelect().Table("sites").Column("id").
		Where("commune_id <> ?", commune).Where("archived_at IS NULL").Limit(1).Scan(context.Background(), &id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func firstKey[V any](m map[string]V) string {
	for k := range m {
		return k
	}
	return ""
}

// The first load of a technician holds the whole fleet; later pulls
// bring each change once, in order, tombstones included, however the
// pages fall.
func TestSyncPullPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		ctx := context.Background()

		rep := replica{}
		cursor := f.pullAll(t, rep, "", 50)
		n, err := s.Reader.NewSelect().Table("assets").Where("archived_at IS NULL").Count(ctx)
		if err != nil || len(rep["asset"]) != int(n) {
			t.Fatalf("first load: %d assets, the database has %d active (%v)", len(rep["asset"]), n, err)
		}
		if len(rep["room"]) == 0 || len(rep["site"]) == 0 || len(rep["commune"]) == 0 {
			t.Fatalf("first load without places: %d communes %d sites %d rooms", len(rep["commune"]), len(rep["site"]), len(rep["room"]))
		}

		// Create three assets, archive the second, edit the third: with
		// pages of one change, a page that ends on the tombstone must not
		// skip the edit after it.
		ids := []uuid.UUID{uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())}
		var ops []syncOp
		for i, id := range ids {
			ops = append(ops, newOp("asset", id, f.newAssetFields("SN-PAGE-"+string(rune('A'+i)))))
		}
		archive := newOp("asset", ids[1], nil)
		archive.Action = "delete"
		ops = append(ops, archive, newOp("asset", ids[2], map[string]any{"notes": "après la suppression"}))
		for _, r := range f.push(t, "device-a", ops...) {
			if r.Status != "applied" {
				t.Fatalf("push: %+v", r)
			}
		}

		var seqs []int64
		for {
			p := f.pullPage(t, cursor, 1)
			for _, c := range p.Changes {
				seqs = append(seqs, c.Seq)
				if c.Action == "delete" {
					delete(rep["asset"], c.EntityID)
				} else {
					rep[c.Entity][c.EntityID] = c
				}
			}
			cursor = p.Cursor
			if !p.More {
				break
			}
		}
		for i := 1; i < len(seqs); i++ {
			if seqs[i] <= seqs[i-1] {
				t.Errorf("sequence not increasing: %v", seqs)
			}
		}
		if _, ok := rep["asset"][ids[1].String()]; ok {
			t.Errorf("the archived asset is still on the device")
		}
		if got := rep["asset"][ids[2].String()]; got.Fields["notes"] != "après la suppression" {
			t.Errorf("the edit after the tombstone was skipped: %+v", got)
		}
		if got := rep["asset"][ids[0].String()]; got.Version != 1 {
			t.Errorf("first new asset on the device: %+v", got)
		}

		// Nothing more, and a bad cursor or limit is a clear 400.
		if p := f.pullPage(t, cursor, 10); len(p.Changes) != 0 || p.More || p.Reset {
			t.Errorf("pull at the end: %+v", p)
		}
		for _, q := range []string{"cursor=abc", "cursor=12", "limit=0", "limit=dix"} {
			r := f.get(t, "/api/v1/sync/pull?"+q)
			if r.status != http.StatusBadRequest || r.envelop.Error.Message == "" {
				t.Errorf("pull?%s: status %d %s, want 400 with a message", q, r.status, r.body)
			}
		}
		if r := f.get(t, "/api/v1/sync/pull?limit=5001"); r.status != http.StatusUnprocessableEntity || r.envelop.Error.Code != "limit_too_large" {
			t.Errorf("pull?limit=5001: status %d %s, want 422 limit_too_large", r.status, r.body)
		}
	})
}
