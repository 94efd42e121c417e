package web_test

import (
	"net/http"
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
