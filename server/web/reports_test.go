package web_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"parc/server/store"
	"parc/server/store/storetest"
)

// communeTimes returns the lines of the time report of year, by commune
// id.
func communeTimes(t *testing.T, f fixture, year int) map[string]record {
	t.Helper()
	r := f.get(t, "/api/v1/reports/communes?year="+itoa(year))
	expect(t, "time report of "+itoa(year), r, http.StatusOK)
	var report struct {
		Items []record `json:"items"`
	}
	if err := json.Unmarshal([]byte(r.body), &report); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	out := map[string]record{}
	for _, item := range report.Items {
		out[item["commune_id"].(string)] = item
	}
	return out
}

// checkLine fails unless the line of a commune has these minutes,
// percent and warning; a nil percent or warning must be null.
func checkLine(t *testing.T, what string, line record, spent float64, percent, warning any) {
	t.Helper()
	if line == nil {
		t.Fatalf("%s: no line for the commune", what)
	}
	if line["minutes_spent"] != spent || line["percent"] != percent || line["warning"] != warning {
		t.Errorf("%s: spent %v, percent %v, warning %v; want %v, %v, %v",
			what, line["minutes_spent"], line["percent"], line["warning"], spent, percent, warning)
	}
}

func TestCommuneTimeReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteOf(t, s, "apprieu", "school")
		library := siteOf(t, s, "ccbe", "library")
		apprieu := communeID(t, s, "Apprieu")
		ccbe := dbValue[string](t, s, "SELECT id FROM communes WHERE slug = 'ccbe'")

		// Last year, so that its days are never in the future.
		year := time.Now().Year() - 1
		day := `,"worked_on":"` + itoa(year) + `-06-15"`
		commune := decodeRecord(t, tech.get(t, "/api/v1/communes/"+apprieu))
		patch(t, tech, "communes", commune, `"allowance_minutes":90`)
		checkLine(t, "no work yet", communeTimes(t, tech, year)[apprieu], 0, float64(0), nil)

		// Travel and planned work do not count; the warning comes at 80 %
		// of the allowance and again at 100 %.
		wo := create(t, tech, "work-orders", workOrderBody(school, `,"status":"in_progress","minutes":71,"travel_minutes":50`+day))
		create(t, tech, "work-orders", workOrderBody(school, `,"status":"planned","minutes":30`+day))
		checkLine(t, "71 of 90 min", communeTimes(t, tech, year)[apprieu], 71, 78.8, nil)
		steps := []struct {
			body    string
			spent   float64
			percent float64
			warning any
		}{
			{`{"kind":"correction","minutes":1,"reason":"Oubli"}`, 72, 80, "80"},
			{`{"kind":"manual","minutes":17}`, 89, 98.8, "80"},
			{`{"kind":"manual","minutes":1}`, 90, 100, "100"},
			{`{"kind":"manual","minutes":30}`, 120, 133.3, "100"},
		}
		for _, step := range steps {
			expect(t, "time entry "+step.body, addEntry(t, tech, wo.id(), step.body), http.StatusCreated)
			checkLine(t, "after "+step.body, communeTimes(t, tech, year)[apprieu], step.spent, step.percent, step.warning)
		}

		// Work at a library counts for the CCBE entry; work of another
		// year does not count in this one.
		before := communeTimes(t, tech, year)[ccbe]["minutes_spent"].(float64)
		create(t, tech, "work-orders", `{"site_id":"`+library.String()+`","category":"copier","level":2,"status":"done","minutes":40`+day+`}`)
		after := communeTimes(t, tech, year)
		checkLine(t, "Apprieu after work at a library", after[apprieu], 120, 133.3, "100")
		if got := after[ccbe]["minutes_spent"].(float64); got != before+40 {
			t.Errorf("CCBE: %v min, want %v", got, before+40)
		}
		create(t, tech, "work-orders", workOrderBody(school, `,"status":"done","minutes":15,"worked_on":"`+itoa(year-1)+`-12-31"`))
		checkLine(t, "after work of the year before", communeTimes(t, tech, year)[apprieu], 120, 133.3, "100")
		checkLine(t, "the year before", communeTimes(t, tech, year-1)[apprieu], 15, 16.6, nil)

		// A timed work order adds exactly its recorded minutes to the year
		// of its day in Paris.
		c := newClock()
		paris, _ := time.LoadLocation("Europe/Paris")
		thisYear := time.Time(c).In(paris).Year()
		spentBefore := communeTimes(t, tech, thisYear)[apprieu]["minutes_spent"].(float64)
		create(t, tech, "work-orders", workOrderBody(school, `,"opened_at":"`+c.at(0)+`","status":"done","time_entries":[`+
			`{"kind":"start","at":"`+c.at(0)+`"},{"kind":"stop","at":"`+c.at(37*time.Minute+12*time.Second)+`"}]`))
		if got := communeTimes(t, tech, thisYear)[apprieu]["minutes_spent"].(float64); got != spentBefore+37 {
			t.Errorf("Apprieu in %d: %v min, want %v + 37", thisYear, got, spentBefore)
		}
	})
}

func TestCommuneTimeReportScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := communeID(t, s, "Apprieu")
		chabons := communeID(t, s, "Châbons")
		year := time.Now().Year()

		for name, tc := range map[string]struct {
			email string
			want  []string
		}{
			"Apprieu's correspondent": {"correspondant-apprieu@demo.invalid", []string{apprieu}},
			"Châbons's correspondent": {"correspondant-chabons@demo.invalid", []string{chabons}},
		} {
			lines := communeTimes(t, tech.as(t, tc.email), year)
			if len(lines) != len(tc.want) || lines[tc.want[0]] == nil {
				t.Errorf("%s reads the lines of %v, want %v", name, keys(lines), tc.want)
			}
		}
		all := communeTimes(t, tech.as(t, "comite@demo.invalid"), year)
		if len(all) != 14 || all[apprieu]["commune_name"] != "Apprieu" || all[apprieu]["allowance_minutes"] == float64(0) {
			t.Errorf("the committee reads %d lines, Apprieu's %v; want 14", len(all), all[apprieu])
		}

		r := tech.get(t, "/api/v1/reports/communes")
		if r.status != 200 || decodeJSON(t, r)["year"] != float64(year) && decodeJSON(t, r)["year"] != float64(year+1) {
			t.Errorf("report without a year: %d %s", r.status, r.body)
		}
		for _, bad := range []string{"1999", "20x6", "02026", "-2026"} {
			r := tech.get(t, "/api/v1/reports/communes?year="+bad)
			if r.status != 400 || decodeError(t, r).Error.Message == "" {
				t.Errorf("year %s: %d %s", bad, r.status, r.body)
			}
		}
	})
}

func keys(m map[string]record) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
