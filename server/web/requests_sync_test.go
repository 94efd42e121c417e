package web_test

import (
	"testing"

	"github.com/google/uuid"

	"parc/server/store"
	"parc/server/store/storetest"
)

// A correspondent records a request and a comment offline, and they reach
// the server once. The technician plans it from a push too, and only the
// commune's devices pull them.
func TestRequestsThroughSync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := tech.as(t, "correspondant-apprieu@demo.invalid")
		chabons := tech.as(t, "correspondant-chabons@demo.invalid")
		school := siteOf(t, s, "apprieu", "school")
		other := siteOf(t, s, "chabons", "school")
		repA, repC := replica{}, replica{}
		cursorA := apprieu.pullAll(t, repA, "", 1000)
		cursorC := chabons.pullAll(t, repC, "", 1000)

		req, comment := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
		ops := []syncOp{
			newOp("request", req, map[string]any{"site_id": school.String(), "category": "network_setup", "urgency": "blocking", "description": "Plus d'Internet dans l'école"}),
			newOp("request_comment", comment, map[string]any{"request_id": req.String(), "body": "La box clignote en rouge."}),
			newOp("request", uuid.Must(uuid.NewV7()), map[string]any{"site_id": other.String(), "category": "virus", "urgency": "normal", "description": "ailleurs"}),
			newOp("request", uuid.Must(uuid.NewV7()), map[string]any{"site_id": school.String(), "category": "copier", "urgency": "normal", "description": "photocopieur"}),
			newOp("request", req, map[string]any{"status": "planned", "planned_for": "2026-12-08"}),
		}
		results := apprieu.push(t, "phone-apprieu", ops...)
		again := apprieu.push(t, "phone-apprieu", ops...)
		wantStatus := []string{"applied", "applied", "rejected", "rejected", "rejected"}
		wantCode := []string{"", "", "invalid_fields", "out_of_scope", "forbidden"}
		for i, r := range results {
			if r.Status != wantStatus[i] || wantCode[i] != "" && (r.Error == nil || r.Error.Code != wantCode[i]) {
				t.Errorf("op %d: %+v, want %s %s", i, r, wantStatus[i], wantCode[i])
			}
			if again[i].Status != "duplicate" || again[i].FirstStatus != wantStatus[i] {
				t.Errorf("replay of op %d: %+v", i, again[i])
			}
		}

		planned := tech.push(t, "tech-phone", newOp("request", req, map[string]any{"status": "planned", "planned_for": "2026-12-08"}))
		if planned[0].Status != "applied" || planned[0].Fields["status"] != "planned" {
			t.Errorf("technician planning through sync: %+v", planned[0])
		}

		apprieu.pullAll(t, repA, cursorA, 1000)
		chabons.pullAll(t, repC, cursorC, 1000)
		if got := repA["request"][req.String()]; got.Fields["status"] != "planned" || got.Fields["planned_for"] != "2026-12-08" {
			t.Errorf("Apprieu's device after the pull: %+v", got)
		}
		if got := repA["request_comment"][comment.String()]; got.Fields["body"] != "La box clignote en rouge." {
			t.Errorf("Apprieu's device lacks the comment: %+v", got)
		}
		if len(repC["request"]) != 0 || len(repC["request_comment"]) != 0 {
			t.Errorf("Châbons pulled %d requests and %d comments of Apprieu", len(repC["request"]), len(repC["request_comment"]))
		}
	})
}
