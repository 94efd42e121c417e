package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/store"
	"parc/server/store/storetest"
)

func TestIntegerFieldTypeMessage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		for _, year := range []string{"99999999999999999999", "1e30", "1.5", `"2030"`} {
			r := tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":`+year+`}`)
			if r.status != http.StatusBadRequest || !strings.Contains(r.envelop.Error.Message, "« year » attend un nombre entier, sans guillemets") {
				t.Errorf("year %s: %d %q, want 400 asking for a whole number", year, r.status, r.envelop.Error.Message)
			}
		}
		r := tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":2030}`)
		if r.status != http.StatusCreated {
			t.Fatalf("campaign 2030: %d %s", r.status, r.body)
		}

		visit := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(siteNamed(t, s, "Mairie d'Apprieu"), "2030-05-15")))["id"].(string)
		op := newOp("maintenance_check", uuid.Must(uuid.NewV7()), map[string]any{"visit_id": visit, "asset": "BE000029S", "done": "oui"})
		res := tech.push(t, "tech-phone", op)
		if res[0].Status != "rejected" || res[0].Error == nil || !strings.Contains(res[0].Error.Message, "« done »") || res[0].Error.Fields["done"] == "" {
			t.Errorf("pushed check with done \"oui\": %+v, want rejected naming done", res[0])
		}
	})
}
