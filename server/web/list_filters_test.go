package web_test

import (
	"net/http"
	"strings"
	"testing"

	"parc/server/store"
	"parc/server/store/storetest"
)

func TestListsFilterByCommuneID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := communeIDOf(t, s, "apprieu").String()
		for _, list := range []string{"sites", "rooms", "assets"} {
			all := decodeJSON(t, tech.get(t, "/api/v1/"+list+"?limit=1"))["total"]
			byCommune := decodeJSON(t, tech.get(t, "/api/v1/"+list+"?limit=1&commune="+apprieu))["total"]
			byCommuneID := decodeJSON(t, tech.get(t, "/api/v1/"+list+"?limit=1&commune_id="+apprieu))["total"]
			if byCommuneID != byCommune || byCommuneID == all {
				t.Errorf("%s: total %v with commune_id, want %v as with commune (all: %v)", list, byCommuneID, byCommune, all)
			}
			if r := tech.do(t, http.MethodGet, "/api/v1/"+list+"?commune_id=apprieu", ""); r.status != http.StatusBadRequest {
				t.Errorf("%s?commune_id=apprieu: %d %s, want 400", list, r.status, r.body)
			}
		}
	})
}

func TestListsRejectUnknownParameters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		for _, path := range []string{"/api/v1/communes?kind=commune&commune_kind=x", "/api/v1/sites?communeid=x", "/api/v1/rooms?site_id=x", "/api/v1/assets?limit=5&tag=BE0000001"} {
			r := tech.do(t, http.MethodGet, path, "")
			if r.status != http.StatusBadRequest || r.envelop.Error.Code != "unknown_parameter" || !strings.Contains(r.envelop.Error.Message, "limit, cursor, q, archived") {
				t.Errorf("GET %s: %d %s, want 400 unknown_parameter listing the parameters", path, r.status, r.body)
			}
		}
		r := tech.do(t, http.MethodGet, "/api/v1/sites?communeid=x", "")
		if !strings.Contains(r.envelop.Error.Message, "« communeid »") {
			t.Errorf("GET /api/v1/sites?communeid=x: message %q does not name communeid", r.envelop.Error.Message)
		}
		for _, path := range []string{"/api/v1/assets?archived=true&limit=500", "/api/v1/assets?site=&room=&kind=pc&status=&q=dell&cursor="} {
			if r := tech.do(t, http.MethodGet, path, ""); r.status != http.StatusOK {
				t.Errorf("GET %s: %d %s, want 200", path, r.status, r.body)
			}
		}
	})
}
