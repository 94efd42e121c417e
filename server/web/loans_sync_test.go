package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"parc/server/loans"
	"parc/server/store"
	"parc/server/store/storetest"
)

// A technician lends a spare, plans a visit, checks a PC and takes the
// spare back, all offline. The pushes apply once, and only Apprieu's
// devices pull the records.
func TestLoansAndMaintenanceThroughSync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := tech.as(t, "correspondant-apprieu@demo.invalid")
		chabons := tech.as(t, "correspondant-chabons@demo.invalid")
		tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":2030}`)
		repA, repC := replica{}, replica{}
		cursorA := apprieu.pullAll(t, repA, "", 1000)
		cursorC := chabons.pullAll(t, repC, "", 1000)

		spare := listSpares(t, tech)[0]
		loan, visit, check := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
		due := loans.Today().AddDate(0, 0, 5).Format("2006-01-02")
		ops := []syncOp{
			newOp("loan", loan, map[string]any{
				"asset": spareRef(spare), "commune_id": communeIDOf(t, s, "apprieu").String(),
				"site_id": siteOf(t, s, "apprieu", "school").String(), "reason": "PC du secrétariat en panne", "due_date": due,
			}),
			newOp("maintenance_visit", visit, map[string]any{"site_id": siteNamed(t, s, "Mairie d'Apprieu").String(), "planned_for": "2030-05-15"}),
			newOp("maintenance_check", check, map[string]any{"visit_id": visit.String(), "asset": "BE000029S", "updates": true, "antivirus": true}),
			newOp("loan", loan, map[string]any{"return_condition": "ok"}),
			{ID: uuid.Must(uuid.NewV7()).String(), Entity: "loan", EntityID: loan.String(), Action: "delete"},
			newOp("maintenance_check", check, map[string]any{"visit_id": visit.String(), "asset": "BE000029S", "note": "autre"}),
		}
		results := tech.push(t, "tech-phone", ops...)
		again := tech.push(t, "tech-phone", ops...)
		wantStatus := []string{"applied", "applied", "applied", "applied", "rejected", "rejected"}
		wantCode := []string{"", "", "", "", "not_deletable", "append_only"}
		for i, r := range results {
			if r.Status != wantStatus[i] || wantCode[i] != "" && (r.Error == nil || r.Error.Code != wantCode[i]) {
				t.Errorf("op %d: %+v, want %s %s", i, r, wantStatus[i], wantCode[i])
			}
			if again[i].Status != "duplicate" || again[i].FirstStatus != wantStatus[i] {
				t.Errorf("replay of op %d: %+v", i, again[i])
			}
		}
		if results[3].Fields["status"] != "closed" {
			t.Errorf("loan after the pushed return: %v", results[3].Fields)
		}

		// Each record exists once, and the spare went out and came back.
		ctx := context.Background()
		for table, want := range map[string]int64{"loans": 1, "maintenance_visits": 1, "maintenance_checks": 1} {
			if n, err := s.Reader.NewSelect().Table(table).Count(ctx); err != nil || n != want {
				t.Errorf("%s: %d rows (%v), want %d", table, n, err, want)
			}
		}
		if status, version := assetStatus(t, tech, spare.AssetID); status != "in_stock" || version != 3 {
			t.Errorf("spare after the pushed loan and return: %s at version %v, want in_stock at version 3", status, version)
		}

		// Only technicians push loans.
		corrOp := newOp("loan", uuid.Must(uuid.NewV7()), map[string]any{"asset": spareRef(spare), "reason": "x"})
		if r := apprieu.push(t, "corr-phone", corrOp); r[0].Status != "rejected" || r[0].Error == nil || r[0].Error.Code != "forbidden" {
			t.Errorf("correspondent pushing a loan: %+v", r[0])
		}

		apprieu.pullAll(t, repA, cursorA, 1000)
		chabons.pullAll(t, repC, cursorC, 1000)
		if got := repA["loan"][loan.String()]; got.Fields["status"] != "closed" || got.Fields["return_condition"] != "ok" {
			t.Errorf("Apprieu's device after the pull, loan: %+v", got)
		}
		if got := repA["maintenance_visit"][visit.String()]; got.Fields["planned_for"] != "2030-05-15" {
			t.Errorf("Apprieu's device after the pull, visit: %+v", got)
		}
		if got := repA["maintenance_check"][check.String()]; got.Fields["asset_tag"] != "BE000029S" || got.Fields["done"] != true {
			t.Errorf("Apprieu's device after the pull, check: %+v", got)
		}
		if got := repA["asset"][assetTagged(t, s, "BE000029S")]; got.Fields["last_maintained_at"] == nil || got.Version != 2 {
			t.Errorf("Apprieu's device lacks the PC's new last maintenance: %+v", got)
		}
		for _, entity := range []string{"loan", "maintenance_visit", "maintenance_check"} {
			if len(repC[entity]) != 0 {
				t.Errorf("Châbons pulled %d records of %s of Apprieu", len(repC[entity]), entity)
			}
		}
	})
}
