package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/store"
	"parc/server/store/storetest"
)

func TestMaintenanceCheckTimeBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":2030}`)
		visit := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(siteNamed(t, s, "Mairie d'Apprieu"), "2030-05-15")))["id"].(string)

		for _, at := range []string{"1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "2031-01-03T10:00:00Z"} {
			body := `{"asset":"BE000029S","done":true,"checked_at":"` + at + `"}`
			r := tech.do(t, http.MethodPost, "/api/v1/maintenance/visits/"+visit+"/checks", body)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"checked_at"`) || !strings.Contains(r.body, at[:4]) {
				t.Errorf("check at %s: %d %s, want 422 naming checked_at and the time", at, r.status, r.body)
			}
		}

		op := newOp("maintenance_check", uuid.Must(uuid.NewV7()), map[string]any{
			"visit_id": visit, "asset": "BE000029S", "checked_at": "0001-01-01T00:00:00Z",
		})
		res := tech.push(t, "tech-phone", op)
		if res[0].Status != "rejected" || res[0].Error == nil || res[0].Error.Fields["checked_at"] == "" {
			t.Errorf("pushed check in year 1: %+v, want rejected naming checked_at", res[0])
		}

		var checks int
		if err := s.DB.NewSelect().Table("maintenance_checks").ColumnExpr("count(*)").Scan(t.Context(), &checks); err != nil || checks != 0 {
			t.Errorf("stored checks = %d (%v), want 0", checks, err)
		}
	})
}

func TestRequestPlannedForBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteOf(t, s, "apprieu", "school")
		created := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/requests", requestBody(school, "os_repair", "")))
		id := created["id"].(string)

		for _, day := range []string{"1900-01-01", "9999-12-31"} {
			for _, body := range []string{
				`{"version":1,"planned_for":"` + day + `"}`,
				`{"version":1,"status":"planned","planned_for":"` + day + `"}`,
			} {
				r := tech.do(t, http.MethodPatch, "/api/v1/requests/"+id, body)
				if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"planned_for"`) || !strings.Contains(r.body, day) {
					t.Errorf("PATCH %s: %d %s, want 422 naming planned_for and %s", body, r.status, r.body, day)
				}
			}
			res := tech.push(t, "tech-phone", newOp("request", uuid.MustParse(id), map[string]any{"status": "planned", "planned_for": day}))
			if res[0].Status != "rejected" || res[0].Error == nil || res[0].Error.Fields["planned_for"] == "" {
				t.Errorf("pushed planned_for %s: %+v, want rejected naming planned_for", day, res[0])
			}
		}

		got := decodeJSON(t, tech.get(t, "/api/v1/requests/"+id))
		if got["planned_for"] != nil || got["version"] != 1.0 {
			t.Errorf("request after the rejected days: planned_for %v version %v, want null and 1", got["planned_for"], got["version"])
		}
	})
}
