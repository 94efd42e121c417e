package web_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/store"
	"parc/server/store/storetest"
)

// A technician records a work order and its timer offline. The
// operations reach the server once and close the request, and only the
// commune's devices pull them.
func TestWorkOrdersThroughSync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := tech.as(t, "correspondant-apprieu@demo.invalid")
		chabons := tech.as(t, "correspondant-chabons@demo.invalid")
		school := siteOf(t, s, "apprieu", "school")
		repA, repC := replica{}, replica{}
		cursorA := apprieu.pullAll(t, repA, "", 1000)
		cursorC := chabons.pullAll(t, repC, "", 1000)

		request := newRequest(t, apprieu, school)
		wo, c := uuid.Must(uuid.NewV7()), newClock()
		entry := func(fields map[string]any) map[string]any {
			fields["work_order_id"] = wo.String()
			return fields
		}
		start, stop := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
		stopFields := map[string]any{"kind": "stop", "at": c.at(52*time.Minute + 30*time.Second)}
		deleteOp := newOp("work_order", wo, nil)
		deleteOp.Action = "delete"
		ops := []syncOp{
			newOp("work_order", wo, map[string]any{"request_id": request, "opened_at": c.at(0), "checklist": []string{"updates_installed"}}),
			newOp("time_entry", start, entry(map[string]any{"kind": "start", "at": c.at(0)})),
			newOp("time_entry", uuid.Must(uuid.NewV7()), entry(map[string]any{"kind": "pause", "at": c.at(20 * time.Minute)})),
			newOp("time_entry", uuid.Must(uuid.NewV7()), entry(map[string]any{"kind": "resume", "at": c.at(30 * time.Minute)})),
			newOp("time_entry", stop, entry(stopFields)),
			newOp("time_entry", uuid.Must(uuid.NewV7()), entry(map[string]any{"kind": "correction", "minutes": -3, "reason": "Appel personnel"})),
			newOp("time_entry", uuid.Must(uuid.NewV7()), entry(map[string]any{"kind": "pause", "at": c.at(53 * time.Minute)})),
			newOp("work_order", wo, map[string]any{"status": "done", "summary": "Virus supprimé", "signed_by": "M. Martin"}),
			newOp("time_entry", uuid.Must(uuid.NewV7()), entry(map[string]any{"kind": "manual", "minutes": 5})),
			deleteOp,
		}
		wantStatus := []string{"applied", "applied", "applied", "applied", "applied", "applied", "rejected", "applied", "rejected", "rejected"}
		wantCode := []string{"", "", "", "", "", "", "invalid_fields", "", "work_order_done", "not_deletable"}
		results := tech.push(t, "tech-phone", ops...)
		again := tech.push(t, "tech-phone", ops...)
		for i, r := range results {
			if r.Status != wantStatus[i] || wantCode[i] != "" && (r.Error == nil || r.Error.Code != wantCode[i]) {
				t.Errorf("op %d: %+v, want %s %s", i, r, wantStatus[i], wantCode[i])
			}
			if again[i].Status != "duplicate" || again[i].FirstStatus != wantStatus[i] {
				t.Errorf("replay of op %d: %+v", i, again[i])
			}
		}

		// Running 20 min and 22 min 30 s make 43 min, less 3 corrected.
		got := decodeRecord(t, tech.get(t, "/api/v1/work-orders/"+wo.String()))
		if got["work_minutes"] != float64(40) || got["status"] != "done" || got["request_id"] != request || got.version() != 7 {
			t.Errorf("work order after the push: %v", got)
		}
		if status := requestStatus(t, apprieu, request); status != "done" {
			t.Errorf("request after the push: %s, want done", status)
		}

		// Time entries are append-only: the same one again in a new
		// operation changes nothing, a changed one or a delete is rejected.
		stopAgain := newOp("time_entry", stop, entry(stopFields))
		moved := newOp("time_entry", stop, entry(map[string]any{"kind": "stop", "at": c.at(55 * time.Minute)}))
		deleted := newOp("time_entry", start, entry(map[string]any{}))
		deleted.Action = "delete"
		more := tech.push(t, "tech-phone", stopAgain, moved, deleted)
		if more[0].Status != "applied" || more[0].Fields["kind"] != "stop" || more[0].Fields["ordinal"] != float64(4) {
			t.Errorf("the same entry again: %+v", more[0])
		}
		for i, r := range more[1:] {
			if r.Status != "rejected" || r.Error == nil || r.Error.Code != "append_only" {
				t.Errorf("changed or deleted entry %d: %+v", i, r)
			}
		}
		if after := decodeRecord(t, tech.get(t, "/api/v1/work-orders/"+wo.String())); after.version() != 7 {
			t.Errorf("the work order moved to version %d, want 7", after.version())
		}

		// Correspondents read work orders and push none.
		refused := apprieu.push(t, "phone-apprieu", newOp("work_order", uuid.Must(uuid.NewV7()), map[string]any{"site_id": school.String(), "category": "virus"}))
		if refused[0].Status != "rejected" || refused[0].Error == nil || refused[0].Error.Code != "forbidden" {
			t.Errorf("work order pushed by a correspondent: %+v", refused[0])
		}
		apprieu.pullAll(t, repA, cursorA, 1000)
		chabons.pullAll(t, repC, cursorC, 1000)
		if pulled := repA["work_order"][wo.String()]; pulled.Fields["work_minutes"] != float64(40) || pulled.Fields["status"] != "done" {
			t.Errorf("Apprieu's device after the pull: %+v", pulled)
		}
		if n := len(repA["time_entry"]); n != 5 {
			t.Errorf("Apprieu's device pulled %d time entries, want 5", n)
		}
		if len(repC["work_order"]) != 0 || len(repC["time_entry"]) != 0 {
			t.Errorf("Châbons pulled %d work orders and %d time entries of Apprieu", len(repC["work_order"]), len(repC["time_entry"]))
		}
		if r := tech.get(t, "/api/v1/work-orders/"+wo.String()+"/time-entries"); r.status != http.StatusOK {
			t.Errorf("time entries: %d", r.status)
		}
	})
}
