package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/uuid"

	"parc/server/assets"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/tags"
)

// syncOp is an operation as a device pushes it.
type syncOp struct {
	ID          string         `json:"id"`
	Entity      string         `json:"entity"`
	EntityID    string         `json:"entity_id"`
	Action      string         `json:"action"`
	Fields      map[string]any `json:"fields"`
	BaseVersion *int           `json:"base_version,omitempty"`
}

type syncResult struct {
	ID           string                     `json:"id"`
	Status       string                     `json:"status"`
	FirstStatus  string                     `json:"first_status"`
	EntityID     string                     `json:"entity_id"`
	Version      int                        `json:"version"`
	Fields       map[string]any             `json:"fields"`
	ServerFields map[string]json.RawMessage `json:"server_fields"`
	Error        *struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

type pulled struct {
	Seq      int64          `json:"seq"`
	Entity   string         `json:"entity"`
	EntityID string         `json:"entity_id"`
	Action   string         `json:"action"`
	Fields   map[string]any `json:"fields"`
	Version  int            `json:"version"`
}

type pullPage struct {
	Changes []pulled `json:"changes"`
	Cursor  string   `json:"cursor"`
	More    bool     `json:"more"`
	Reset   bool     `json:"reset"`
}

func newOp(entity string, id uuid.UUID, fields map[string]any) syncOp {
	return syncOp{ID: uuid.Must(uuid.NewV7()).String(), Entity: entity, EntityID: id.String(), Action: "upsert", Fields: fields}
}

func based(op syncOp, version int) syncOp {
	op.BaseVersion = &version
	return op
}

// push sends ops as the device client and returns the results.
func (f fixture) push(t *testing.T, client string, ops ...syncOp) []syncResult {
	t.Helper()
	body, err := json.Marshal(map[string]any{"client_id": client, "ops": ops})
	if err != nil {
		t.Fatal(err)
	}
	r := f.do(t, http.MethodPost, "/api/v1/sync/push", string(body))
	if r.status != http.StatusOK {
		t.Fatalf("push: status %d: %s", r.status, r.body)
	}
	var out struct {
		Results []syncResult `json:"results"`
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || len(out.Results) != len(ops) {
		t.Fatalf("push: %d results for %d ops (%v): %s", len(out.Results), len(ops), err, r.body)
	}
	return out.Results
}

// pullPage reads one page of changes after cursor.
func (f fixture) pullPage(t *testing.T, cursor string, limit int) pullPage {
	t.Helper()
	r := f.get(t, fmt.Sprintf("/api/v1/sync/pull?cursor=%s&limit=%d", url.QueryEscape(cursor), limit))
	if r.status != http.StatusOK {
		t.Fatalf("pull after %q: status %d: %s", cursor, r.status, r.body)
	}
	var p pullPage
	if err := json.Unmarshal([]byte(r.body), &p); err != nil {
		t.Fatalf("pull: %v: %s", err, r.body)
	}
	return p
}

// replica is a device's copy of what it pulled, by entity and id.
type replica map[string]map[string]pulled

// pullAll pulls every page after cursor into rep and returns the last
// cursor.
func (f fixture) pullAll(t *testing.T, rep replica, cursor string, limit int) string {
	t.Helper()
	for range 10000 {
		p := f.pullPage(t, cursor, limit)
		if p.Reset {
			clear(rep)
		}
		for _, c := range p.Changes {
			if rep[c.Entity] == nil {
				rep[c.Entity] = map[string]pulled{}
			}
			if c.Action == "delete" {
				delete(rep[c.Entity], c.EntityID)
			} else {
				rep[c.Entity][c.EntityID] = c
			}
		}
		cursor = p.Cursor
		if !p.More {
			return cursor
		}
	}
	t.Fatal("pull never ended")
	return ""
}

// newAssetFields are the members of a new PC in the fixture's room.
func (f fixture) newAssetFields(serial string) map[string]any {
	return map[string]any{"site_id": f.siteID.String(), "room_id": f.roomID.String(), "kind": "pc", "brand": "Dell", "serial": serial}
}

func countAssets(t *testing.T, s *store.Store, where string, args ...any) int64 {
	t.Helper()
	n, err := s.Reader.NewSelect().Table("assets").Where(where, args...).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSyncPushAppliesEachOpOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		id := uuid.Must(uuid.NewV7())
		create := newOp("asset", id, f.newAssetFields("SN-ONCE-1"))
		edit := newOp("asset", id, map[string]any{"notes": "écran fissuré"})

		first := f.push(t, "device-a", create, edit)
		if first[0].Status != "applied" || first[1].Status != "applied" || first[1].Version != 2 {
			t.Fatalf("first push: %+v", first)
		}

		// The device lost the response and sends the same ops again.
		again := f.push(t, "device-a", create, edit)
		for i, r := range again {
			if r.Status != "duplicate" || r.FirstStatus != "applied" || r.Version != first[i].Version || r.EntityID != id.String() {
				t.Errorf("replay of op %d: %+v", i, r)
			}
		}
		if n := countAssets(t, s, "serial = ?", "SN-ONCE-1"); n != 1 {
			t.Errorf("%d assets with the serial after the replay, want 1", n)
		}
		a, err := assets.AssetByID(context.Background(), s.Reader, id)
		if err != nil || a.Version != 2 || a.Notes != "écran fissuré" {
			t.Errorf("asset after the replay: version %d notes %q (%v), want version 2", a.Version, a.Notes, err)
		}
		audits, err := s.Reader.NewSelect().Table("audit_entries").Where("entity_id = ?", id).Count(context.Background())
		if err != nil || audits != 2 {
			t.Errorf("%d audit entries for the asset (%v), want 2", audits, err)
		}
	})
}

func TestSyncRejectedOpsDoNotBlockTheQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		noSite := newOp("asset", uuid.Must(uuid.NewV7()), map[string]any{"site_id": uuid.Must(uuid.NewV7()).String(), "kind": "pc"})
		badKind := newOp("asset", f.assetID, map[string]any{"kind": "toaster"})
		unknown := newOp("printer_paper", uuid.Must(uuid.NewV7()), map[string]any{})
		badAction := newOp("asset", f.assetID, map[string]any{})
		badAction.Action = "erase"
		badID := newOp("asset", f.assetID, map[string]any{"notes": "x"})
		badID.ID = "not-a-uuid"
		good := newOp("asset", f.assetID, map[string]any{"notes": "après les refus"})

		results := f.push(t, "device-a", noSite, badKind, unknown, badAction, badID, good)
		wantCodes := []string{"invalid_fields", "invalid_fields", "unknown_entity", "invalid_op", "invalid_op"}
		for i, code := range wantCodes {
			r := results[i]
			if r.Status != "rejected" || r.Error == nil || r.Error.Code != code || r.Error.Message == "" {
				t.Errorf("op %d: %+v, want rejected with code %s", i, r, code)
			}
		}
		if results[1].Error == nil || results[1].Error.Fields["kind"] == "" {
			t.Errorf("the refused kind is not named: %+v", results[1].Error)
		}
		if results[5].Status != "applied" {
			t.Errorf("the op after the refusals: %+v", results[5])
		}

		// A rejected op is processed: sent again, it returns its first
		// result and is not tried again.
		again := f.push(t, "device-a", badKind)
		if again[0].Status != "duplicate" || again[0].FirstStatus != "rejected" || again[0].Error == nil {
			t.Errorf("replay of a rejected op: %+v", again[0])
		}
	})
}

func TestSyncConcurrentEditsMergeByField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		a, err := assets.AssetByID(context.Background(), s.Reader, f.assetID)
		if err != nil {
			t.Fatal(err)
		}
		base := a.Version

		// Both devices read version base, then edit offline.
		brand := f.push(t, "device-a", based(newOp("asset", a.ID, map[string]any{"brand": "Lenovo"}), base))
		model := f.push(t, "device-b", based(newOp("asset", a.ID, map[string]any{"model": "ThinkCentre M70"}), base))
		if brand[0].Status != "applied" || model[0].Status != "applied" {
			t.Fatalf("edits of different fields: %+v / %+v", brand[0], model[0])
		}
		got, _ := assets.AssetByID(context.Background(), s.Reader, a.ID)
		if got.Brand != "Lenovo" || got.Model != "ThinkCentre M70" {
			t.Errorf("after edits of different fields: brand %q model %q, want both kept", got.Brand, got.Model)
		}

		// Now both change the notes: the later one in server order wins
		// and learns what it overwrote; the earlier one saw no conflict.
		first := f.push(t, "device-a", based(newOp("asset", a.ID, map[string]any{"notes": "RAM ajoutée", "brand": "Lenovo"}), base))
		second := f.push(t, "device-b", based(newOp("asset", a.ID, map[string]any{"notes": "disque changé"}), base))
		if first[0].Status != "applied" {
			t.Errorf("first notes edit: %+v", first[0])
		}
		if second[0].Status != "conflict" || string(second[0].ServerFields["notes"]) != `"RAM ajoutée"` || len(second[0].ServerFields) != 1 {
			t.Errorf("second notes edit: status %s server_fields %s, want conflict with the notes it overwrote", second[0].Status, second[0].ServerFields)
		}
		got, _ = assets.AssetByID(context.Background(), s.Reader, a.ID)
		if got.Notes != "disque changé" {
			t.Errorf("notes %q, want the later write", got.Notes)
		}

		// Without base_version, a write never conflicts.
		plain := f.push(t, "device-a", newOp("asset", a.ID, map[string]any{"notes": "vérifié"}))
		if plain[0].Status != "applied" {
			t.Errorf("write without base version: %+v", plain[0])
		}
		// A device's own earlier writes are not someone else's.
		own := f.push(t, "device-a", based(newOp("asset", a.ID, map[string]any{"notes": "revérifié"}), second[0].Version))
		if own[0].Status != "applied" {
			t.Errorf("write over the device's own change: %+v", own[0])
		}
	})
}

func TestSyncSameNewTagMakesOneAsset(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		tag := unassignedTag(t, s)
		idA, idB := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
		fieldsA := f.newAssetFields("SN-TAG-A")
		fieldsA["tag"] = tag
		fieldsB := f.newAssetFields("SN-TAG-A")
		fieldsB["tag"] = tag
		fieldsB["brand"] = "HP"

		a := f.push(t, "device-a", newOp("asset", idA, fieldsA))
		b := f.push(t, "device-b", newOp("asset", idB, fieldsB), newOp("asset", idB, map[string]any{"notes": "posé par B"}))
		if a[0].Status != "applied" || b[0].EntityID != idA.String() || b[1].EntityID != idA.String() {
			t.Fatalf("second creation with the same tag: %+v then %+v, want both filed under %s", b[0], b[1], idA)
		}
		if n := countAssets(t, s, "tag = ?", tag); n != 1 {
			t.Errorf("%d assets carry %s, want 1", n, tag)
		}
		if n := countAssets(t, s, "id = ?", idB); n != 0 {
			t.Errorf("the second device's id became an asset")
		}
		got, _ := assets.AssetByID(context.Background(), s.Reader, idA)
		if got.Brand != "HP" || got.Notes != "posé par B" {
			t.Errorf("merged asset: brand %q notes %q", got.Brand, got.Notes)
		}
	})
}

// unassignedTag reserves one new asset tag in the registry.
func unassignedTag(t *testing.T, s *store.Store) string {
	t.Helper()
	_, reserved, err := tags.Reserve(context.Background(), s.DB, nil, tags.Request{Prefix: "BE", Count: 1})
	if err != nil {
		t.Fatalf("reserve a tag: %v", err)
	}
	return reserved[0].String()
}

// Ops apply in order: a room and an asset in it, created offline in one
// push, both exist, and archiving the room first would be refused while
// the asset is in it.
func TestSyncOpsApplyInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		room, asset := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
		fields := f.newAssetFields("SN-ORDER-1")
		fields["room_id"] = room.String()
		archive := newOp("room", room, nil)
		archive.Action = "delete"

		results := f.push(t, "device-a",
			newOp("asset", asset, fields),
			newOp("room", room, map[string]any{"site_id": f.siteID.String(), "name": "Salle 12 bis"}),
			newOp("asset", asset, fields),
			archive,
		)
		if results[0].Status != "rejected" || results[0].Error == nil || results[0].Error.Fields["room_id"] == "" {
			t.Errorf("asset in a room not created yet: %+v, want rejected on room_id", results[0])
		}
		if results[1].Status != "applied" || results[2].Status != "applied" || results[2].Fields["room_id"] != room.String() {
			t.Errorf("room then asset: %+v / %+v", results[1], results[2])
		}
		if results[3].Status != "rejected" {
			t.Errorf("archiving a room that holds an asset: %+v, want rejected", results[3])
		}
	})
}
