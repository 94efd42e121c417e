package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/store"
	"parc/server/store/storetest"
)

// holidays2030 are the school holidays the maintenance tests enter.
const holidays2030 = `{"school_holidays": [
	{"name": "Vacances de printemps", "start": "2030-04-13", "end": "2030-04-28"},
	{"name": "Vacances d'été", "start": "2030-07-06", "end": "2030-08-31"}]}`

// siteNamed returns the id of the demo site with that name.
func siteNamed(t *testing.T, s *store.Store, name string) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	if err := s.Reader.NewSelect().Table("sites").Column("id").Where("name = ?", name).Scan(context.Background(), &id); err != nil {
		t.Fatalf("site %s: %v", name, err)
	}
	return id
}

// assetTagged returns the id of the demo asset carrying tag.
func assetTagged(t *testing.T, s *store.Store, tag string) string {
	t.Helper()
	var id uuid.UUID
	if err := s.Reader.NewSelect().Table("assets").Column("id").Where("tag = ?", tag).Scan(context.Background(), &id); err != nil {
		t.Fatalf("asset %s: %v", tag, err)
	}
	return id.String()
}

func visitBody(site uuid.UUID, day string) string {
	return `{"site_id":"` + site.String() + `","planned_for":"` + day + `"}`
}

func checkBody(asset string, done bool) string {
	return `{"asset":"` + asset + `","updates":true,"antivirus":true,"disk":true,"cleaning":false,"done":` + map[bool]string{true: "true", false: "false"}[done] + `,"note":"RAS"}`
}

// communeCoverage is one line of a campaign's coverage.
type communeCoverage struct {
	CommuneID string   `json:"commune_id"`
	Name      string   `json:"name"`
	InScope   int      `json:"in_scope"`
	Done      int      `json:"done"`
	Percent   *float64 `json:"percent"`
}

// String shows a line of coverage with its percentage.
func (c communeCoverage) String() string {
	percent := "null"
	if c.Percent != nil {
		percent = strconv.FormatFloat(*c.Percent, 'f', 1, 64)
	}
	return fmt.Sprintf("%s: %d in scope, %d done, %s %%", c.Name, c.InScope, c.Done, percent)
}

func coverageOf(t *testing.T, f fixture, year string) map[string]communeCoverage {
	t.Helper()
	r := f.get(t, "/api/v1/maintenance/campaigns/"+year)
	if r.status != http.StatusOK {
		t.Fatalf("campaign %s: %d %s", year, r.status, r.body)
	}
	var report struct {
		Communes []communeCoverage `json:"communes"`
	}
	if err := json.Unmarshal([]byte(r.body), &report); err != nil {
		t.Fatalf("decode campaign %s: %v", year, err)
	}
	out := map[string]communeCoverage{}
	for _, c := range report.Communes {
		out[c.Name] = c
	}
	return out
}

func TestMaintenanceVisitsInHolidays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteNamed(t, s, "École élémentaire d'Apprieu")
		townHall := siteNamed(t, s, "Mairie d'Apprieu")

		if r := tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":2030}`); r.status != 201 {
			t.Fatalf("create the 2030 campaign: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":2030}`); r.status != 409 {
			t.Errorf("create the 2030 campaign twice: %d %s, want 409", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":1999}`); r.status != 422 || !strings.Contains(r.body, "1999") {
			t.Errorf("campaign of 1999: %d %s", r.status, r.body)
		}

		// Without any holidays entered, a school cannot be visited.
		r := tech.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(school, "2030-07-08"))
		if r.status != 422 || !strings.Contains(r.body, "planned_for") || !strings.Contains(r.body, "aucune période") {
			t.Errorf("school visit without holidays: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPatch, "/api/v1/settings", holidays2030); r.status != 200 {
			t.Fatalf("enter the holidays: %d %s", r.status, r.body)
		}

		cases := []struct {
			name        string
			site        uuid.UUID
			day         string
			want        int
			mustContain []string
		}{
			{"school between two ranges", school, "2030-05-15", 422, []string{"2030-05-15", "Vacances de printemps", "2030-04-28", "Vacances d'été", "2030-07-06"}},
			{"school before every range", school, "2030-01-10", 422, []string{"2030-01-10", "Vacances de printemps", "2030-04-13"}},
			{"school after every range", school, "2030-09-15", 422, []string{"2030-09-15", "Vacances d'été", "2030-08-31"}},
			{"school on the first day of the holidays", school, "2030-04-13", 201, nil},
			{"school on the last day of the holidays", school, "2030-08-31", 201, nil},
			{"town hall in term time", townHall, "2030-05-15", 201, nil},
			{"year without a campaign", townHall, "2031-05-15", 422, []string{"2031"}},
			{"town hall with its own server", siteNamed(t, s, "Mairie de Renage"), "2030-07-08", 422, []string{"site_id", "Renage"}},
		}
		for _, c := range cases {
			r := tech.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(c.site, c.day))
			if r.status != c.want {
				t.Errorf("%s: %d %s, want %d", c.name, r.status, r.body, c.want)
			}
			for _, w := range c.mustContain {
				if !strings.Contains(r.body, w) {
					t.Errorf("%s: the rejection does not name %q: %s", c.name, w, r.body)
				}
			}
		}

		// A visit moved out of the holidays is rejected the same way, and a
		// done visit stays done.
		v := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(school, "2030-07-08")))
		id := v["id"].(string)
		if r := tech.do(t, http.MethodPatch, "/api/v1/maintenance/visits/"+id, `{"version":1,"planned_for":"2030-06-03"}`); r.status != 422 || !strings.Contains(r.body, "2030-06-03") {
			t.Errorf("visit moved into term time: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPatch, "/api/v1/maintenance/visits/"+id, `{"version":1,"planned_for":"2030-08-20"}`); r.status != 200 {
			t.Errorf("visit moved within the holidays: %d %s", r.status, r.body)
		}
		done := tech.do(t, http.MethodPatch, "/api/v1/maintenance/visits/"+id, `{"version":2,"status":"done"}`)
		if done.status != 200 || decodeJSON(t, done)["done_at"] == nil {
			t.Errorf("visit done: %d %s", done.status, done.body)
		}
		if r := tech.do(t, http.MethodPatch, "/api/v1/maintenance/visits/"+id, `{"version":3,"status":"planned"}`); r.status != 422 || !strings.Contains(r.body, `"status"`) {
			t.Errorf("done visit planned again: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/maintenance/visits/"+id+"/checks", checkBody("BE000002D", true)); r.status != 422 || !strings.Contains(r.body, "effectué") {
			t.Errorf("check on a done visit: %d %s", r.status, r.body)
		}
	})
}

func TestMaintenanceCoverage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		tech.do(t, http.MethodPatch, "/api/v1/settings", holidays2030)
		tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":2030}`)

		// Counted by hand from the demo set: Apprieu has 23 PCs and
		// laptops, 14 at its elementary school, 8 at its nursery school
		// and 1 at its town hall. BE0000217, at the nursery school, runs
		// Windows 98 and is out of scope. BE0000073 runs Windows XP, which
		// is in scope. Retiring BE0000233 and archiving BE0000241 leaves
		// 20 PCs in scope.
		for _, change := range []struct{ tag, body string }{
			{"BE0000233", `{"version":1,"status":"retired"}`},
			{"BE0000241", `{"version":1,"archived":true}`},
		} {
			if r := tech.do(t, http.MethodPatch, "/api/v1/assets/"+assetTagged(t, s, change.tag), change.body); r.status != 200 {
				t.Fatalf("change %s: %d %s", change.tag, r.status, r.body)
			}
		}
		before := coverageOf(t, tech, "2030")
		if got := before["Apprieu"]; got.InScope != 20 || got.Done != 0 || got.Percent == nil || *got.Percent != 0 {
			t.Errorf("Apprieu before any check: %v, want 20 in scope and 0 done", got)
		}

		// A PC in the town hall of Renage, which runs its own server, is
		// left out; one in its school counts.
		renage := before["Renage"].InScope
		for _, site := range []string{"Mairie de Renage", "École élémentaire de Renage"} {
			body := `{"site_id":"` + siteNamed(t, s, site).String() + `","kind":"pc","os":"Windows 11"}`
			if r := tech.do(t, http.MethodPost, "/api/v1/assets", body); r.status != 201 {
				t.Fatalf("new PC at %s: %d %s", site, r.status, r.body)
			}
		}

		school := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(siteNamed(t, s, "École élémentaire d'Apprieu"), "2030-07-08")))["id"].(string)
		nursery := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(siteNamed(t, s, "École maternelle d'Apprieu"), "2030-07-09")))["id"].(string)
		townHall := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(siteNamed(t, s, "Mairie d'Apprieu"), "2030-05-15")))["id"].(string)

		// Five PCs are done: four at the school, one of them checked
		// twice, and the town hall's. One more is seen but not done.
		checks := []struct {
			visit, tag string
			done       bool
			want       int
		}{
			{school, "BE000002D", true, 201}, {school, "BE0000057", true, 201}, {school, "BE0000065", true, 201},
			{school, "BE0000073", true, 201}, {school, "BE000002D", true, 201}, {school, "BE000010D", false, 201},
			{townHall, "BE000029S", true, 201},
			{school, "BE000029S", true, 422},  // a PC of another site
			{nursery, "BE0000217", true, 422}, // Windows 98
			{school, "BE0000145", true, 422},  // a printer
		}
		var lastCheck map[string]any
		for _, c := range checks {
			r := tech.do(t, http.MethodPost, "/api/v1/maintenance/visits/"+c.visit+"/checks", checkBody(c.tag, c.done))
			if r.status != c.want {
				t.Errorf("check of %s: %d %s, want %d", c.tag, r.status, r.body, c.want)
				continue
			}
			if c.want == 422 && (!strings.Contains(r.body, c.tag) || !strings.Contains(r.body, `"asset"`)) {
				t.Errorf("rejected check of %s does not name it: %s", c.tag, r.body)
			}
			if c.want == 201 && c.tag == "BE000029S" {
				lastCheck = decodeJSON(t, r)
			}
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/maintenance/visits/"+nursery+"/checks", checkBody("BE0000217", true)); !strings.Contains(r.body, "Windows 98") {
			t.Errorf("rejected check of a Windows 98 PC does not say why: %s", r.body)
		}
		future := `{"asset":"BE0000250","done":true,"checked_at":"2099-01-01T10:00:00Z"}`
		if r := tech.do(t, http.MethodPost, "/api/v1/maintenance/visits/"+nursery+"/checks", future); r.status != 422 || !strings.Contains(r.body, "checked_at") {
			t.Errorf("check in the future: %d %s", r.status, r.body)
		}

		// The PC's last maintenance is the time of its check, as a new
		// version of the asset.
		pc := decodeJSON(t, tech.get(t, "/api/v1/assets/"+assetTagged(t, s, "BE000029S")))
		if lastCheck == nil || lastCheck["checked_by"] == nil {
			t.Fatalf("check of the town hall PC without its technician: %v", lastCheck)
		}
		if pc["last_maintained_at"] != lastCheck["checked_at"] || pc["version"] != float64(2) {
			t.Errorf("town hall PC after its check: last_maintained_at %v version %v, check at %v", pc["last_maintained_at"], pc["version"], lastCheck["checked_at"])
		}

		after := coverageOf(t, tech, "2030")
		if got := after["Apprieu"]; got.InScope != 20 || got.Done != 5 || got.Percent == nil || *got.Percent != 25 {
			t.Errorf("Apprieu after the checks: %v, want 5 done of 20, 25 %%", got)
		}
		if got := after["Renage"].InScope; got != renage+1 {
			t.Errorf("Renage after a PC in its school and one in its town hall: %d in scope, want %d", got, renage+1)
		}
		if got := after["Châbons"]; got.Done != 0 || got.InScope == 0 {
			t.Errorf("Châbons: %v, want PCs in scope and none done", got)
		}
	})
}

func TestMaintenanceStaysInItsCommune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := tech.as(t, "correspondant-apprieu@demo.invalid")
		chabons := tech.as(t, "correspondant-chabons@demo.invalid")
		tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":2030}`)
		id := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(siteNamed(t, s, "Mairie d'Apprieu"), "2030-05-15")))["id"].(string)
		tech.do(t, http.MethodPost, "/api/v1/maintenance/visits/"+id+"/checks", checkBody("BE000029S", true))

		visit := apprieu.get(t, "/api/v1/maintenance/visits/"+id)
		if visit.status != 200 || !strings.Contains(visit.body, "BE000029S") {
			t.Errorf("Apprieu reading its visit and checks: %d %s", visit.status, visit.body)
		}
		if r := chabons.get(t, "/api/v1/maintenance/visits/"+id); r.status != 404 || r.envelop.Error.Code != "not_found" {
			t.Errorf("Châbons reading Apprieu's visit: %d %s, want 404", r.status, r.body)
		}
		if got := decodeJSON(t, chabons.get(t, "/api/v1/maintenance/visits"))["total"]; got != float64(0) {
			t.Errorf("Châbons lists %v visits, want 0", got)
		}
		if got := decodeJSON(t, apprieu.get(t, "/api/v1/maintenance/visits?year=2030"))["total"]; got != float64(1) {
			t.Errorf("Apprieu lists %v visits in 2030, want 1", got)
		}
		if r := apprieu.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(siteNamed(t, s, "Mairie d'Apprieu"), "2030-05-16")); r.status != 403 {
			t.Errorf("correspondent planning a visit: %d %s", r.status, r.body)
		}

		coverage := coverageOf(t, chabons, "2030")
		if _, ok := coverage["Châbons"]; len(coverage) != 1 || !ok {
			t.Errorf("Châbons's coverage lists %v, want Châbons alone", coverage)
		}
		if got := coverageOf(t, apprieu, "2030")["Apprieu"]; got.Done != 1 {
			t.Errorf("Apprieu's coverage: %v, want 1 done", got)
		}
		if r := chabons.get(t, "/api/v1/maintenance/campaigns/2031"); r.status != 404 {
			t.Errorf("campaign without a year: %d %s", r.status, r.body)
		}
		if r := chabons.get(t, "/api/v1/maintenance/campaigns/deux-mille"); r.status != 400 || !strings.Contains(r.body, "deux-mille") {
			t.Errorf("unreadable year: %d %s", r.status, r.body)
		}
	})
}
