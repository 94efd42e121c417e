package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/loans"
	"parc/server/maintenance"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/sync"
)

// TestForeignIDsInPushes pushes, as the correspondent of Apprieu, an
// operation on a record of Châbons for every entity that devices push:
// a change and a delete of the record itself, or a new record that
// points at it. Each one must be rejected, none may return any text of
// Châbons' records, and the request of Châbons stays as it was.
func TestForeignIDsInPushes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		records := newForeignRecords(t, f, s)
		apprieu := sessionFor(t, f, s, "correspondant-apprieu@demo.invalid")
		id := func(pattern string) uuid.UUID { return uuid.MustParse(records.byPattern[pattern]) }
		request := id("/api/v1/requests/:id")

		changes := map[string]struct {
			target uuid.UUID
			fields map[string]any
		}{
			sync.EntityAsset:            {id("/api/v1/assets/:id"), map[string]any{"notes": "Piraté"}},
			sync.EntityRoom:             {id("/api/v1/rooms/:id"), map[string]any{"name": "Piratée"}},
			sync.EntityRequest:          {request, map[string]any{"description": "Piratée", "status": "cancelled"}},
			sync.EntityProblemReport:    {id("/api/v1/problem-reports/:id"), map[string]any{"status": "dismissed", "reason": "Piraté"}},
			sync.EntityWorkOrder:        {id("/api/v1/work-orders/:id"), map[string]any{"notes": "Piraté"}},
			sync.EntityLoan:             {id("/api/v1/loans/:id"), map[string]any{"reason": "Piraté"}},
			sync.EntityMaintenanceVisit: {id("/api/v1/maintenance/visits/:id"), map[string]any{"note": "Piraté"}},
			loans.EntitySpare:           {id("/api/v1/spares/:asset_id"), map[string]any{}},
		}
		var ops []syncOp
		for entity, c := range changes {
			ops = append(ops, newOp(entity, c.target, c.fields))
			del := newOp(entity, c.target, nil)
			del.Action = "delete"
			ops = append(ops, del)
		}
		// New records that point at a record of Châbons.
		fresh := uuid.Must(uuid.NewV7())
		ops = append(ops,
			newOp(sync.EntityRequestComment, fresh, map[string]any{"request_id": request.String(), "body": "Bonjour"}),
			newOp(sync.EntityTimeEntry, uuid.Must(uuid.NewV7()), map[string]any{"work_order_id": id("/api/v1/work-orders/:id").String(), "kind": "manual", "minutes": 5, "reason": "Appel"}),
			newOp(sync.EntityMaintenanceCheck, uuid.Must(uuid.NewV7()), map[string]any{"visit_id": id("/api/v1/maintenance/visits/:id").String(), "asset": records.byPattern["/api/v1/assets/by-tag/:tag"], "done": true}),
			newOp(sync.EntityInventoryScan, uuid.Must(uuid.NewV7()), map[string]any{"round_id": uuid.Must(uuid.NewV7()).String(), "tag": records.byPattern["/api/v1/assets/by-tag/:tag"], "site_id": records.byPattern["/api/v1/sites/:id"], "scanned_at": "2026-12-04T09:00:00Z"}),
			newOp(sync.EntityRequest, uuid.Must(uuid.NewV7()), map[string]any{"site_id": records.byPattern["/api/v1/sites/:id"], "category": "os_repair", "urgency": "blocking", "description": "Chez les voisins"}),
			newOp(maintenance.EntityCampaign, uuid.Must(uuid.NewV7()), map[string]any{"year": 2031}),
		)

		results := apprieu.push(t, "apprieu-device", ops...)
		for i, r := range results {
			if r.Status != "rejected" || r.Error == nil || r.Error.Code == "" {
				t.Errorf("%s %s of %s as Apprieu: %+v, want rejected with a code", ops[i].Action, ops[i].Entity, ops[i].EntityID, r)
			}
			text, _ := json.Marshal(r)
			for _, secret := range records.secrets {
				if strings.Contains(string(text), secret) && !strings.Contains(mustJSON(t, ops[i]), secret) {
					t.Errorf("%s %s as Apprieu returns %q of Châbons: %s", ops[i].Action, ops[i].Entity, secret, text)
				}
			}
		}

		chabons := sessionFor(t, f, s, "correspondant-chabons@demo.invalid")
		r := chabons.get(t, "/api/v1/requests/"+request.String())
		if r.status != http.StatusOK || strings.Contains(r.body, "Piratée") || strings.Contains(r.body, `"status":"cancelled"`) {
			t.Errorf("the request of Châbons after Apprieu's pushes: %d %.300s", r.status, r.body)
		}
		if r := chabons.get(t, "/api/v1/requests/"+request.String()+"/comments"); strings.Contains(r.body, fresh.String()) {
			t.Errorf("Apprieu's comment reached the request of Châbons: %.300s", r.body)
		}
	})
}
