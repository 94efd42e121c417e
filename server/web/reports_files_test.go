package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/store"
	"parc/server/store/storetest"
)

// yearReport is the part of GET /api/v1/reports/communes that these tests
// read.
type yearReport struct {
	Year   int            `json:"year"`
	Tariff map[string]any `json:"tariff"`
	Items  []struct {
		CommuneID     string         `json:"commune_id"`
		CommuneName   string         `json:"commune_name"`
		Participation map[string]any `json:"participation"`
		Assets        struct {
			BillablePCs int `json:"billable_pcs"`
		} `json:"assets"`
	} `json:"items"`
	Totals struct {
		Assets struct {
			BillablePCs int `json:"billable_pcs"`
		} `json:"assets"`
		Projection []struct {
			Year int `json:"year"`
			PCs  int `json:"pcs"`
		} `json:"projection"`
		ParticipationCents *int `json:"participation_cents"`
	} `json:"totals"`
}

func readReport(t *testing.T, f fixture, query string) yearReport {
	t.Helper()
	r := f.get(t, "/api/v1/reports/communes?"+query)
	expect(t, "report "+query, r, http.StatusOK)
	var out yearReport
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return out
}

func TestReportOfCommunesByRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu, chabons := communeID(t, s, "Apprieu"), communeID(t, s, "Châbons")
		correspondent := tech.as(t, "correspondant-apprieu@demo.invalid")

		all := readReport(t, tech.as(t, "comite@demo.invalid"), "year=2026")
		if len(all.Items) != 14 || all.Tariff == nil || all.Totals.ParticipationCents == nil {
			t.Fatalf("committee's report: %d lines, tariff %v; want 14 lines priced at the example tariff", len(all.Items), all.Tariff)
		}
		for _, item := range all.Items {
			if item.Participation == nil {
				t.Errorf("%s has no participation", item.CommuneName)
			}
		}

		own := readReport(t, correspondent, "year=2026")
		if len(own.Items) != 1 || own.Items[0].CommuneID != apprieu {
			t.Errorf("correspondent of Apprieu reads %d lines, want Apprieu's only", len(own.Items))
		}
		narrowed := readReport(t, tech, "year=2026&commune_id="+apprieu)
		if len(narrowed.Items) != 1 || narrowed.Items[0].CommuneName != "Apprieu" {
			t.Errorf("report narrowed to Apprieu: %d lines", len(narrowed.Items))
		}
		expect(t, "correspondent asks for Châbons", correspondent.get(t, "/api/v1/reports/communes?commune_id="+chabons), http.StatusNotFound)
		expect(t, "correspondent asks for Châbons' PDF", correspondent.get(t, "/api/v1/reports/communes.pdf?commune_id="+chabons), http.StatusNotFound)
		unknown := uuid.NewString()
		expect(t, "technician asks for an unknown commune", tech.get(t, "/api/v1/reports/communes?year=2026&commune_id="+unknown), http.StatusNotFound)
		expect(t, "technician asks for an unknown commune's PDF", tech.get(t, "/api/v1/reports/communes.pdf?year=2026&commune_id="+unknown), http.StatusNotFound)
		expect(t, "committee asks for an unknown commune's CSV", tech.as(t, "comite@demo.invalid").get(t, "/api/v1/reports/communes.csv?year=2026&commune_id="+unknown), http.StatusNotFound)

		times := decodeJSON(t, correspondent.get(t, "/api/v1/reports/communes?year=2026&view=time"))
		if items := times["items"].([]any); len(items) != 1 || items[0].(map[string]any)["interventions"] != nil {
			t.Errorf("time view for Apprieu's correspondent: %v, want one line of time only", items)
		}
		expect(t, "unknown view", tech.get(t, "/api/v1/reports/communes?view=chart"), http.StatusBadRequest)

		for _, query := range []string{"commune_id=nope", "year=2026&from=2026-02-30", "year=2026&from=2026-05-01&to=2026-04-01", "year=2026&from=2025-12-01", "separator=x"} {
			r := tech.get(t, "/api/v1/reports/communes.csv?"+query)
			if r.status != 400 || decodeError(t, r).Error.Message == "" {
				t.Errorf("CSV report ?%s: %d %s, want 400 with a message", query, r.status, r.body)
			}
		}
	})
}

func TestReportProjectionFollowsGrowthSetting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		expect(t, "set the growth", tech.do(t, http.MethodPatch, "/api/v1/settings", `{"fleet_growth_percent": 10}`), http.StatusOK)

		r := readReport(t, tech, "year=2026")
		pcs := r.Totals.Assets.BillablePCs
		want := int(math.Round(float64(pcs) * 1.1 * 1.1))
		if len(r.Totals.Projection) != 5 || r.Totals.Projection[1].Year != 2028 || r.Totals.Projection[1].PCs != want {
			t.Errorf("projection of %d PCs at 10 %%: %+v, want %d PCs in 2028", pcs, r.Totals.Projection, want)
		}
	})
}

func TestReportFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)

		pdf := tech.get(t, "/api/v1/reports/communes.pdf?year=2026")
		expect(t, "PDF", pdf, http.StatusOK)
		if !strings.HasPrefix(pdf.body, "%PDF-") || pdf.header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(pdf.header.Get("Content-Disposition"), "rapport-2026.pdf") {
			t.Errorf("PDF: %q, %q, %.10q", pdf.header.Get("Content-Type"), pdf.header.Get("Content-Disposition"), pdf.body)
		}

		r := tech.get(t, "/api/v1/reports/communes.csv?year=2026&from=2026-01-01&to=2026-06-30&separator=%3B")
		expect(t, "CSV", r, http.StatusOK)
		if !strings.HasPrefix(r.body, "\uFEFF") || !strings.Contains(r.header.Get("Content-Disposition"), "rapport-2026-01-01-2026-06-30.csv") {
			t.Fatalf("CSV: %q, %.20q", r.header.Get("Content-Disposition"), r.body)
		}
		rd := csv.NewReader(bytes.NewReader([]byte(strings.TrimPrefix(r.body, "\uFEFF"))))
		rd.Comma = ';'
		rows, err := rd.ReadAll()
		if err != nil || len(rows) != 16 || rows[0][0] != "Commune" || rows[15][0] != "Total" {
			t.Errorf("CSV: %v, %d rows; want a header, 14 communes and the totals", err, len(rows))
		}
	})
}
