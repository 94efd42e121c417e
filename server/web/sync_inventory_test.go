package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/assets"
	"parc/server/store"
	"parc/server/store/storetest"
)

func TestSyncInventoryScans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		ctx := context.Background()
		before, err := assets.AssetByID(ctx, s.Reader, f.assetID)
		if err != nil {
			t.Fatal(err)
		}
		cursor := f.pullAll(t, replica{}, "", 1000)

		round, scanID := uuid.Must(uuid.NewV7()).String(), uuid.Must(uuid.NewV7())
		fields := map[string]any{
			"round_id": round, "asset_id": f.assetID.String(), "tag": f.tag,
			"site_id": f.siteID.String(), "room_id": f.roomID.String(),
			"scanned_at": "2026-12-04T09:15:00.123Z", "duplicate": false,
		}
		r := f.push(t, "device-a", newOp("inventory_scan", scanID, fields))
		if r[0].Status != "applied" || r[0].EntityID != scanID.String() {
			t.Fatalf("scan: %+v", r[0])
		}

		// The scan dates the asset's inventory, as a change devices pull.
		after, _ := assets.AssetByID(ctx, s.Reader, f.assetID)
		want := time.Date(2026, 12, 4, 9, 15, 0, 123000000, time.UTC)
		if after.LastInventoriedAt == nil || !after.LastInventoriedAt.Equal(want) || after.Version != before.Version+1 {
			t.Errorf("asset after the scan: last inventoried %v version %d, want %v version %d", after.LastInventoriedAt, after.Version, want, before.Version+1)
		}
		p := f.pullPage(t, cursor, 100)
		if len(p.Changes) != 1 || p.Changes[0].EntityID != f.assetID.String() || p.Changes[0].Fields["last_inventoried_at"] == nil {
			t.Errorf("pull after the scan: %+v, want the asset with its inventory date", p.Changes)
		}

		// An older scan does not move the date back, and the same scan sent
		// again under a new op id changes nothing. A changed one, a
		// deletion and a scan from the future are rejected.
		older := copyFields(fields, "scanned_at", "2026-11-01T08:00:00Z")
		r = f.push(t, "device-b", newOp("inventory_scan", uuid.Must(uuid.NewV7()), older))
		same := f.push(t, "device-a", newOp("inventory_scan", scanID, fields))
		changed := f.push(t, "device-a", newOp("inventory_scan", scanID, copyFields(fields, "duplicate", true)))
		del := newOp("inventory_scan", scanID, nil)
		del.Action = "delete"
		deleted := f.push(t, "device-a", del)
		future := f.push(t, "device-a", newOp("inventory_scan", uuid.Must(uuid.NewV7()), copyFields(fields, "scanned_at", "2031-01-01T00:00:00Z")))
		room := f.push(t, "device-a", newOp("inventory_scan", uuid.Must(uuid.NewV7()), copyFields(fields, "room_id", uuid.Must(uuid.NewV7()).String())))

		if r[0].Status != "applied" || same[0].Status != "applied" {
			t.Errorf("older scan %+v, same scan again %+v: want both applied", r[0], same[0])
		}
		if got, _ := assets.AssetByID(ctx, s.Reader, f.assetID); got.Version != after.Version || !got.LastInventoriedAt.Equal(want) {
			t.Errorf("the older or repeated scan changed the asset: version %d date %v", got.Version, got.LastInventoriedAt)
		}
		for name, res := range map[string]syncResult{"changed": changed[0], "deleted": deleted[0]} {
			if res.Status != "rejected" || res.Error == nil || res.Error.Code != "append_only" {
				t.Errorf("%s scan: %+v, want rejected as append_only", name, res)
			}
		}
		if future[0].Status != "rejected" || future[0].Error == nil || future[0].Error.Fields["scanned_at"] == "" {
			t.Errorf("scan from the future: %+v", future[0])
		}
		if room[0].Status != "rejected" || room[0].Error == nil || room[0].Error.Fields["room_id"] == "" {
			t.Errorf("scan in an unknown room: %+v", room[0])
		}
		n, err := s.Reader.NewSelect().Table("inventory_scans").Count(ctx)
		if err != nil || n != 2 {
			t.Errorf("%d stored scans (%v), want 2", n, err)
		}
	})
}

// A write through the REST API is pulled like a pushed one.
func TestSyncPullsRESTWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		cursor := f.pullAll(t, replica{}, "", 1000)
		a, err := assets.AssetByID(context.Background(), s.Reader, f.assetID)
		if err != nil {
			t.Fatal(err)
		}
		body := `{"version":` + itoa(a.Version) + `,"notes":"écrit par l'API"}`
		if r := f.do(t, http.MethodPatch, "/api/v1/assets/"+f.assetID.String(), body); r.status != http.StatusOK {
			t.Fatalf("PATCH: %d %s", r.status, r.body)
		}
		p := f.pullPage(t, cursor, 100)
		if len(p.Changes) != 1 || p.Changes[0].Fields["notes"] != "écrit par l'API" || p.Changes[0].Version != a.Version+1 {
			t.Errorf("pull after a REST write: %+v", p.Changes)
		}
	})
}

func copyFields(in map[string]any, key string, value any) map[string]any {
	out := make(map[string]any, len(in))
	for k, v := range in {
		out[k] = v
	}
	out[key] = value
	return out
}
