package reports_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/reports"
	"parc/server/store"
	"parc/server/store/storetest"
)

// build returns the 2025 report of scope over the data set, made on 15
// January 2026 at 3 % growth.
func build(t *testing.T, s *store.Store, scope accounts.Scope) reports.Report {
	t.Helper()
	r, err := reports.Build(context.Background(), s.Reader, reports.Options{
		Scope: scope, Period: reports.WholeYear(2025), Today: *date("2026-01-15"),
		GrowthPercent: 3, ProjectionYears: 5,
	})
	if err != nil {
		t.Fatalf("build the report: %v", err)
	}
	return r
}

// line returns the report of the commune named name.
func line(t *testing.T, r reports.Report, name string) reports.CommuneReport {
	t.Helper()
	for _, item := range r.Items {
		if item.CommuneName == name {
			return item
		}
	}
	t.Fatalf("no line for %s in %d lines", name, len(r.Items))
	return reports.CommuneReport{}
}

func check[T any](t *testing.T, label string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		t.Errorf("%s = %s, want %s", label, gj, wj)
	}
}

func pct(x float64) *float64 { return &x }
func str(s string) *string   { return &s }

func TestReportTime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		r := build(t, s, accounts.Scope{All: true})

		check(t, "communes", len(r.Items), 3)
		alpha, beta, ccbe := line(t, r, "Alpha"), line(t, r, "Bêta"), line(t, r, "CCBE")
		// 200 + 150 + 130; the planned work and the work of 2024 do not count.
		check(t, "Alpha minutes", alpha.MinutesSpent, 480)
		check(t, "Alpha percent", alpha.Percent, pct(80))
		check(t, "Alpha warning", alpha.Warning, str("80"))
		check(t, "Bêta minutes", beta.MinutesSpent, 330)
		check(t, "Bêta percent", beta.Percent, pct(110))
		check(t, "Bêta warning", beta.Warning, str("100"))
		// The library's work of 2025 counts for the CCBE, not for Bêta.
		check(t, "CCBE minutes", ccbe.MinutesSpent, 90)
		check(t, "CCBE percent", ccbe.Percent, pct(7.5))
		check(t, "CCBE warning", ccbe.Warning, (*string)(nil))

		check(t, "total minutes", r.Totals.MinutesSpent, 900)
		check(t, "total allowance", r.Totals.AllowanceMinutes, 2100)
		check(t, "total percent", r.Totals.Percent, pct(42.8))
	})
}

func TestReportInterventions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		r := build(t, s, accounts.Scope{All: true})

		alpha := line(t, r, "Alpha").Interventions
		check(t, "Alpha count", alpha.Count, 3)
		check(t, "Alpha by category", alpha.ByCategory, map[string]int{"os_repair": 1, "reinstall": 1, "network_setup": 1})
		check(t, "Alpha by level", alpha.ByLevel, map[string]int{"1": 3})
		check(t, "Alpha minutes by category", alpha.MinutesByCategory, map[string]int{"os_repair": 200, "reinstall": 150, "network_setup": 130})
		ccbe := line(t, r, "CCBE").Interventions
		check(t, "CCBE by level", ccbe.ByLevel, map[string]int{"2": 1})
		check(t, "total by category", r.Totals.Interventions.ByCategory,
			map[string]int{"os_repair": 1, "reinstall": 1, "network_setup": 1, "printer_install": 1, "copier": 1})
		check(t, "total by level", r.Totals.Interventions.ByLevel, map[string]int{"1": 4, "2": 1})
	})
}

func TestReportFleet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		d := seed(t, s)
		r := build(t, s, accounts.Scope{All: true})

		alpha := line(t, r, "Alpha")
		check(t, "Alpha assets", alpha.Assets.Count, 7)
		check(t, "Alpha PCs", alpha.Assets.PCs, 5)
		check(t, "Alpha billable PCs", alpha.Assets.BillablePCs, 4)
		check(t, "Alpha by kind", alpha.Assets.ByKind, map[string]int{"pc": 5, "laptop": 1, "printer": 1})
		check(t, "Alpha by status", alpha.Assets.ByStatus, map[string]int{"in_service": 5, "broken": 1, "retired": 1})
		check(t, "Alpha by age", alpha.Assets.ByAge, map[string]int{"under_3": 2, "5_to_6": 2, "7_and_more": 2, "unknown": 1})
		check(t, "Alpha below XP", ids(alpha.BelowSupportedOS), []uuid.UUID{d.asset["a4"]})
		check(t, "Alpha end of support", ids(alpha.EndOfSupport), []uuid.UUID{d.asset["a2"], d.asset["a3"]})
		if len(alpha.EndOfSupport) != 2 {
			t.FailNow()
		}
		check(t, "a2's end of support", alpha.EndOfSupport[0].SupportEndedOn.String(), "2025-10-14")
		check(t, "a3's end of support", alpha.EndOfSupport[1].SupportEndedOn.String(), "2020-01-14")

		// The PC at Bêta's town hall is in use but not looked after: the
		// commune runs its own server there.
		beta := line(t, r, "Bêta")
		check(t, "Bêta PCs", beta.Assets.PCs, 3)
		check(t, "Bêta billable PCs", beta.Assets.BillablePCs, 2)
		check(t, "Bêta by age", beta.Assets.ByAge, map[string]int{"under_3": 1, "3_to_4": 1, "7_and_more": 1})
		check(t, "Bêta end of support", ids(beta.EndOfSupport), []uuid.UUID{d.asset["b3"]})
		check(t, "total to replace", r.Totals.BelowSupportedOS+r.Totals.EndOfSupport, 4)
	})
}

func ids(lines []reports.PCLine) []uuid.UUID {
	out := []uuid.UUID{}
	for _, l := range lines {
		out = append(out, l.AssetID)
	}
	return out
}

func TestReportLoansAndMaintenance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		r := build(t, s, accounts.Scope{All: true})

		check(t, "Alpha loans", line(t, r, "Alpha").Loans, reports.Loans{Count: 2, Overdue: 1})
		check(t, "Bêta loans", line(t, r, "Bêta").Loans, reports.Loans{Count: 2, Overdue: 1})
		check(t, "total loans", r.Totals.Loans, reports.Loans{Count: 4, Overdue: 2})

		alpha := line(t, r, "Alpha").Maintenance
		if alpha == nil {
			t.Fatal("Alpha has no maintenance coverage")
		}
		check(t, "Alpha coverage", [2]int{alpha.InScope, alpha.Done}, [2]int{4, 1})
		check(t, "Alpha coverage percent", alpha.Percent, pct(25))
		check(t, "total coverage percent", r.Totals.Maintenance.Percent, pct(16.7))
	})
}

func TestReportParticipation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		r := build(t, s, accounts.Scope{All: true})

		if r.Tariff == nil || r.Tariff.Name != "Tarif 2025" {
			t.Fatalf("tariff of 2025 = %+v, want Tarif 2025", r.Tariff)
		}
		want := map[string]reports.Participation{
			// 4 PCs × 40 € + 100 €, and 480 − 240 min at 35 €/h.
			"Alpha": {PCs: 4, PCFeeCents: 16000, CommuneFeeCents: 10000, IncludedMinutes: 240, ExtraMinutes: 240, HoursCents: 14000, TotalCents: 40000},
			// 2 PCs × 40 € + 100 €, and 330 − 240 min at 35 €/h.
			"Bêta": {PCs: 2, PCFeeCents: 8000, CommuneFeeCents: 10000, IncludedMinutes: 240, ExtraMinutes: 90, HoursCents: 5250, TotalCents: 23250},
			"CCBE": {PCs: 0, PCFeeCents: 0, CommuneFeeCents: 10000, IncludedMinutes: 240, ExtraMinutes: 0, HoursCents: 0, TotalCents: 10000},
		}
		for name, w := range want {
			got := line(t, r, name).Participation
			if got == nil {
				t.Fatalf("%s has no participation", name)
			}
			w.TariffID, w.TariffName = r.Tariff.ID.String(), "Tarif 2025"
			check(t, name+" participation", *got, w)
		}
		check(t, "total participation", r.Totals.ParticipationCents, intp(73250))
	})
}

func TestReportParticipationOfPartOfYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		// January to March 2025: 90 days of 365.
		r, err := reports.Build(context.Background(), s.Reader, reports.Options{
			Scope: accounts.Scope{All: true}, Period: reports.Period{Year: 2025, From: *date("2025-01-01"), To: *date("2025-03-31")},
			Today: *date("2026-01-15"), GrowthPercent: 3, ProjectionYears: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
		alpha := line(t, r, "Alpha")
		check(t, "Alpha minutes in the first quarter", alpha.MinutesSpent, 200)
		// 16000 × 90 / 365 = 3945.2; 10000 × 90 / 365 = 2465.8; 240 × 90 / 365 = 59.2.
		check(t, "Alpha prorated", *alpha.Participation, reports.Participation{
			TariffID: r.Tariff.ID.String(), TariffName: "Tarif 2025", PCs: 4, PCFeeCents: 3945, CommuneFeeCents: 2466,
			IncludedMinutes: 59, ExtraMinutes: 141, HoursCents: 8225, TotalCents: 14636,
		})
	})
}

func intp(n int) *int { return &n }

func TestReportProjection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		r := build(t, s, accounts.Scope{All: true})

		// 4 PCs at 3 %: 4.12, 4.24, 4.37, 4.50, 4.64.
		check(t, "Alpha projection", pcsOf(line(t, r, "Alpha").Projection), []int{4, 4, 4, 5, 5})
		check(t, "Alpha fees in 2029", *line(t, r, "Alpha").Projection[3].FeeCents, 5*4000+10000)
		// 6 PCs: 6.18, 6.37, 6.56, 6.75, 6.96.
		check(t, "total projection", pcsOf(r.Totals.Projection), []int{6, 6, 7, 7, 7})
		check(t, "total years", r.Totals.Projection[0].Year, 2026)
		// Three communes pay the commune fee once each.
		check(t, "total fees in 2028", *r.Totals.Projection[2].FeeCents, 7*4000+3*10000)
	})
}

func pcsOf(years []reports.ProjectionYear) []int {
	out := []int{}
	for _, y := range years {
		out = append(out, y.PCs)
	}
	return out
}

func TestReportScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		d := seed(t, s)
		r := build(t, s, accounts.Scope{Communes: []uuid.UUID{d.beta}})

		check(t, "communes of Bêta's correspondent", len(r.Items), 1)
		check(t, "the commune", r.Items[0].CommuneName, "Bêta")
		check(t, "total minutes", r.Totals.MinutesSpent, 330)
		check(t, "total loans", r.Totals.Loans, reports.Loans{Count: 2, Overdue: 1})
		check(t, "total coverage", r.Totals.Maintenance.InScope, 2)
		if r.Tariff != nil && r.Tariff.CreatedBy != nil {
			t.Errorf("the report shows who wrote the tariff: %v", r.Tariff.CreatedBy)
		}
		none := build(t, s, accounts.Scope{})
		check(t, "lines of a scope without communes", len(none.Items), 0)
	})
}
