package web_test

import (
	"net/http"
	"strings"
	"testing"

	"parc/server/store"
	"parc/server/store/storetest"
)

func TestRequiredFieldsSayWhatToSend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteOf(t, s, "apprieu", "school").String()
		request := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/requests", requestBody(siteOf(t, s, "apprieu", "school"), "os_repair", "")))["id"].(string)
		spare := spareRef(listSpares(t, tech)[0])

		cases := []struct {
			name, method, path, body, field, want string
		}{
			{"version", http.MethodPatch, "/api/v1/requests/" + request, `{"urgency":"normal"}`, "version", "envoyez la version lue avec l'objet"},
			{"year", http.MethodPost, "/api/v1/maintenance/campaigns", `{}`, "year", "nombre entier comme 2027"},
			{"loan commune", http.MethodPost, "/api/v1/loans", `{"asset":"` + spare + `","site_id":"` + school + `","reason":"panne"}`, "commune_id", "GET /api/v1/communes"},
			{"room site", http.MethodPost, "/api/v1/rooms", `{"name":"Salle 1"}`, "site_id", "GET /api/v1/sites"},
		}
		for _, c := range cases {
			r := tech.do(t, c.method, c.path, c.body)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"`+c.field+`":"`) || !strings.Contains(r.body, c.want) {
				t.Errorf("%s: %d %s, want 422 with %s: %q", c.name, r.status, r.body, c.field, c.want)
			}
		}
	})
}
