package web_test

import (
	"net/http"
	"strings"
	"testing"

	"parc/server/store"
	"parc/server/store/storetest"
)

func TestTariffsWriteAndAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)

		// The demo's example tariff runs from 2025 with no end: a tariff
		// of 2030 overlaps it, and the 422 names both.
		list := decodeJSON(t, tech.get(t, "/api/v1/tariffs"))["items"].([]any)
		if len(list) != 1 {
			t.Fatalf("tariffs of the demo: %v, want the example", list)
		}
		example := record(list[0].(map[string]any))
		body := `{"name":"Tarif 2030","valid_from":"2030-01-01","pc_fee_cents":4500,"hourly_rate_cents":4000,"included_minutes":600}`
		r := tech.do(t, http.MethodPost, "/api/v1/tariffs", body)
		msg := fieldMessage(r, "valid_from")
		if r.status != 422 || !strings.Contains(msg, "« Tarif 2030 »") || !strings.Contains(msg, "« Tarif d'exemple (à remplacer) »") {
			t.Fatalf("overlapping tariff: %d %s; want 422 naming both tariffs", r.status, r.body)
		}

		entries := auditCount(t, s)
		patch(t, tech, "tariffs", example, `"valid_to":"2029-12-31"`)
		created := create(t, tech, "tariffs", body)
		if created["commune_fee_cents"] != float64(0) || created["valid_to"] != nil || created["version"] != float64(1) {
			t.Errorf("created tariff %v: want no commune fee, an open period, version 1", created)
		}
		if n := auditCount(t, s) - entries; n != 2 {
			t.Errorf("a change and a creation wrote %d audit entries, want 2", n)
		}

		// A stale version is a conflict; a deleted tariff is gone.
		stale := tech.do(t, http.MethodPatch, "/api/v1/tariffs/"+created.id(), `{"version":7,"name":"X"}`)
		expect(t, "stale PATCH", stale, http.StatusConflict)
		expect(t, "DELETE", tech.do(t, http.MethodDelete, "/api/v1/tariffs/"+created.id(), ""), http.StatusNoContent)
		expect(t, "GET after DELETE", tech.get(t, "/api/v1/tariffs/"+created.id()), http.StatusNotFound)
		if n := auditCount(t, s) - entries; n != 3 {
			t.Errorf("after the deletion: %d audit entries, want 3", n)
		}
	})
}

func TestTariffsRefuseBadValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		tests := []struct {
			body, field, shows string
		}{
			{`{"valid_from":"2040-01-01","pc_fee_cents":1,"hourly_rate_cents":1,"included_minutes":0}`, "name", ""},
			{`{"name":"T","pc_fee_cents":1,"hourly_rate_cents":1,"included_minutes":0}`, "valid_from", "obligatoire"},
			{`{"name":"T","valid_from":"01/01/2040","pc_fee_cents":1,"hourly_rate_cents":1,"included_minutes":0}`, "valid_from", "01/01/2040"},
			{`{"name":"T","valid_from":"2040-01-01","valid_to":"2039-12-31","pc_fee_cents":1,"hourly_rate_cents":1,"included_minutes":0}`, "valid_to", "2039-12-31"},
			{`{"name":"T","valid_from":"2040-01-01","pc_fee_cents":-5,"hourly_rate_cents":1,"included_minutes":0}`, "pc_fee_cents", "-5 centimes (-0,05 €)"},
			{`{"name":"T","valid_from":"2040-01-01","pc_fee_cents":1,"hourly_rate_cents":100000001,"included_minutes":0}`, "hourly_rate_cents", "soit 1000000,00 € au plus"},
			{`{"name":"T","valid_from":"2040-01-01","pc_fee_cents":1,"hourly_rate_cents":1,"included_minutes":999999}`, "included_minutes", "999999 minutes (16666 h 39)"},
			{`{"name":"T","valid_from":"2040-01-01","pc_fee_cents":1,"hourly_rate_cents":1,"included_minutes":999999}`, "included_minutes", "soit 8784 heures au plus"},
			{`{"name":"T","valid_from":"2040-01-01","pc_fee_cents":1,"included_minutes":0}`, "hourly_rate_cents", "obligatoire"},
		}
		for _, tt := range tests {
			r := tech.do(t, http.MethodPost, "/api/v1/tariffs", tt.body)
			if msg := fieldMessage(r, tt.field); r.status != 422 || msg == "" || !strings.Contains(msg, tt.shows) {
				t.Errorf("POST %s: %d %s; want 422 on %s showing %q", tt.body, r.status, r.body, tt.field, tt.shows)
			}
		}
		for _, body := range []string{`{"name":"T","pc_fee_cents":12.5}`, `{"name":3}`, `not json`} {
			if r := tech.do(t, http.MethodPost, "/api/v1/tariffs", body); r.status != 400 {
				t.Errorf("POST %s: %d %s, want 400", body, r.status, r.body)
			}
		}
		expect(t, "tariff with a bad id", tech.get(t, "/api/v1/tariffs/nope"), http.StatusBadRequest)
	})
}

func TestTariffsRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		committee := tech.as(t, "comite@demo.invalid")
		correspondent := tech.as(t, "correspondant-apprieu@demo.invalid")
		body := `{"name":"Tarif 2040","valid_from":"2040-01-01","pc_fee_cents":1,"hourly_rate_cents":1,"included_minutes":0}`

		expect(t, "committee reads", committee.get(t, "/api/v1/tariffs"), http.StatusOK)
		expect(t, "committee creates", committee.do(t, http.MethodPost, "/api/v1/tariffs", body), http.StatusForbidden)
		expect(t, "correspondent reads", correspondent.get(t, "/api/v1/tariffs"), http.StatusForbidden)
		expect(t, "correspondent creates", correspondent.do(t, http.MethodPost, "/api/v1/tariffs", body), http.StatusForbidden)
		if n := len(decodeJSON(t, tech.get(t, "/api/v1/tariffs"))["items"].([]any)); n != 1 {
			t.Errorf("tariffs after refused writes: %d, want 1", n)
		}
	})
}
