package web_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/store"
	"parc/server/store/storetest"
)

// A push of many creations, as a first inventory sends, gets the same
// results, checks, audit entries and change numbers as ops sent one by
// one, in order, with the rejected ones named.
func TestSyncCreatesManyAssetsInOnePush(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		ctx := context.Background()
		rep := replica{}
		cursor := f.pullAll(t, rep, "", 1000)
		otherRoom := f.roomOfAnotherSite(t, s)
		tag := unassignedTag(t, s)

		var ops []syncOp
		var ids []uuid.UUID
		want := map[int]string{}
		for i := range 60 {
			id := uuid.Must(uuid.NewV7())
			fields := f.newAssetFields(fmt.Sprintf("SN-RUN-%02d", i))
			switch i {
			case 7:
				fields["kind"] = "grille-pain"
				want[i] = "kind"
			case 19:
				fields["room_id"] = otherRoom.String()
				want[i] = "room_id"
			case 31:
				fields["site_id"] = uuid.Must(uuid.NewV7()).String()
				want[i] = "site_id"
			case 44:
				fields["tag"] = tag
			}
			ids = append(ids, id)
			ops = append(ops, newOp("asset", id, fields))
			if i == 25 {
				// An edit of an asset created earlier in the same push.
				ops = append(ops, newOp("asset", ids[3], map[string]any{"notes": "vu en salle"}))
			}
		}

		results := f.push(t, "device-a", ops...)
		k := 0
		for i := range 60 {
			r := results[k]
			if field, bad := want[i]; bad {
				if r.Status != "rejected" || r.Error == nil || r.Error.Fields[field] == "" {
					t.Errorf("creation %d: %+v, want rejected on %s", i, r, field)
				}
			} else if r.Status != "applied" || r.Version != 1 || r.EntityID != ids[i].String() || r.Fields["serial"] != fmt.Sprintf("SN-RUN-%02d", i) {
				t.Errorf("creation %d: %+v", i, r)
			}
			k++
			if i == 25 {
				if r := results[k]; r.Status != "applied" || r.Version != 2 || r.Fields["notes"] != "vu en salle" {
					t.Errorf("edit in the same push: %+v", r)
				}
				k++
			}
		}
		if results[45].Fields["tag"] != tag {
			t.Errorf("creation with a tag: %+v", results[45])
		}

		if n := countAssets(t, s, "serial LIKE ?", "SN-RUN-%"); n != 57 {
			t.Errorf("%d assets stored, want 57", n)
		}
		audits, err := s.Reader.NewSelect().Table("audit_entries").Where("entity = 'asset'").Where("action = 'create'").
			Where("entity_id IN (?)", bun.List(ids)).Count(ctx)
		if err != nil || audits != 57 {
			t.Errorf("%d creation entries in the audit log (%v), want 57", audits, err)
		}
		f.pullAll(t, rep, cursor, 20)
		for i, id := range ids {
			_, pulledOK := rep["asset"][id.String()]
			if _, bad := want[i]; pulledOK == bad {
				t.Errorf("creation %d pulled: %v", i, pulledOK)
			}
		}
		for i, r := range f.push(t, "device-a", ops...) {
			if r.Status != "duplicate" {
				t.Errorf("replay of op %d: %+v", i, r)
			}
		}
	})
}

// roomOfAnotherSite returns a room that is not in the fixture's site.
func (f fixture) roomOfAnotherSite(t *testing.T, s *store.Store) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	err := s.Reader.NewSelect().Table("rooms").Column("id").Where("site_id <> ?", f.siteID).Limit(1).Scan(context.Background(), &id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
