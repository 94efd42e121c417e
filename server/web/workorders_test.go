package web_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/assets"
	"parc/server/store"
	"parc/server/store/storetest"
)

// workOrderBody is the body of a work order at site, with more members
// in extra (each starting with a comma).
func workOrderBody(site uuid.UUID, extra string) string {
	return `{"site_id":"` + site.String() + `","category":"os_repair"` + extra + `}`
}

// assetsAt returns the ids of n active assets of a site that the
// charter covers, sorted.
func assetsAt(t *testing.T, s *store.Store, site uuid.UUID, n int) []string {
	t.Helper()
	var rows []struct {
		ID string `bun:"id"`
		OS string `bun:"os"`
	}
	err := s.Reader.NewSelect().Table("assets").Column("id", "os").
		Where("site_id = ?", site).Where("archived_at IS NULL").OrderExpr("id").Scan(context.Background(), &rows)
	if err != nil {
		t.Fatalf("assets of site %s: %v", site, err)
	}
	var ids []string
	for _, row := range rows {
		if !assets.BeforeXP(row.OS) && len(ids) < n {
			ids = append(ids, row.ID)
		}
	}
	if len(ids) < n {
		t.Fatalf("site %s has %d assets after Windows XP, want %d", site, len(ids), n)
	}
	return ids
}

func TestWorkOrderStatusTransitions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteOf(t, s, "apprieu", "school")

		allowed := map[string][]string{
			"planned":     {"in_progress", "done"},
			"in_progress": {"done"},
			"done":        {"in_progress"},
		}
		for from := range allowed {
			for _, to := range []string{"planned", "in_progress", "done"} {
				if to == from {
					continue
				}
				wo := create(t, tech, "work-orders", workOrderBody(school, `,"status":"`+from+`"`))
				r := tech.do(t, http.MethodPatch, "/api/v1/work-orders/"+wo.id(), `{"version":1,"status":"`+to+`"}`)
				want := http.StatusUnprocessableEntity
				if slices.Contains(allowed[from], to) {
					want = http.StatusOK
				}
				if r.status != want {
					t.Errorf("%s -> %s: %d %s, want %d", from, to, r.status, r.body, want)
				}
				if want == http.StatusUnprocessableEntity && decodeError(t, r).Error.Fields["status"] == "" {
					t.Errorf("%s -> %s: the refusal does not name the status: %s", from, to, r.body)
				}
			}
		}

		// Done dates the work order, reopening clears the date.
		wo := create(t, tech, "work-orders", workOrderBody(school, `,"status":"in_progress"`))
		done := patch(t, tech, "work-orders", wo, `"status":"done","summary":"Poste réinstallé","signed_by":"Mme Durand"`)
		if done["done_at"] == nil || done["summary"] != "Poste réinstallé" || done["signed_by"] != "Mme Durand" {
			t.Errorf("done work order: %v", done)
		}
		reopened := patch(t, tech, "work-orders", done, `"status":"in_progress"`)
		if reopened["done_at"] != nil {
			t.Errorf("reopened work order keeps done_at %v", reopened["done_at"])
		}

		// A created work order takes one of the three statuses only.
		r := tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(school, `,"status":"paused"`))
		if r.status != 422 || !strings.Contains(decodeError(t, r).Error.Fields["status"], "paused") {
			t.Errorf("status paused: %d %s", r.status, r.body)
		}

		// PATCH needs the version read, and a stale one is a 409 with the
		// work order as stored.
		if r := tech.do(t, http.MethodPatch, "/api/v1/work-orders/"+reopened.id(), `{"notes":"x"}`); r.status != 422 || !strings.Contains(r.body, "version") {
			t.Errorf("PATCH without a version: %d %s", r.status, r.body)
		}
		r = tech.do(t, http.MethodPatch, "/api/v1/work-orders/"+reopened.id(), `{"version":1,"notes":"x"}`)
		if r.status != 409 || decodeError(t, r).Error.Current["id"] != reopened.id() {
			t.Errorf("PATCH with version 1 of version 3: %d %s", r.status, r.body)
		}
	})
}

func TestWorkOrderLevels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteOf(t, s, "apprieu", "school")
		library := siteOf(t, s, "ccbe", "library")
		office := siteOf(t, s, "ccbe", "ccbe_office")

		for _, level := range []string{"2", "3"} {
			r := tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(school, `,"level":`+level))
			msg := decodeError(t, r).Error.Fields["level"]
			if r.status != 422 || !strings.Contains(msg, "niveau "+level) || !strings.Contains(msg, "bibliothèques") {
				t.Errorf("level %s at a school: %d %s", level, r.status, r.body)
			}
			for _, site := range []uuid.UUID{library, office} {
				wo := create(t, tech, "work-orders", workOrderBody(site, `,"level":`+level))
				if wo["level"] != float64(level[0]-'0') {
					t.Errorf("level %s at %s stored as %v", level, site, wo["level"])
				}
			}
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(library, `,"level":4`)); r.status != 422 || !strings.Contains(r.body, "1, 2 ou 3") {
			t.Errorf("level 4: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(library, `,"level":"deux"`)); r.status != 400 || !strings.Contains(r.body, "level") {
			t.Errorf("level as text: %d %s", r.status, r.body)
		}

		// Raising the level of a school's work order later is refused too.
		wo := create(t, tech, "work-orders", workOrderBody(school, ""))
		if wo["level"] != float64(1) {
			t.Errorf("default level: %v", wo["level"])
		}
		if r := tech.do(t, http.MethodPatch, "/api/v1/work-orders/"+wo.id(), `{"version":1,"level":2}`); r.status != 422 {
			t.Errorf("level 2 by PATCH at a school: %d %s", r.status, r.body)
		}
	})
}

func TestWorkOrderFieldsAndPlaces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		corr := tech.as(t, "correspondant-apprieu@demo.invalid")
		school := siteOf(t, s, "apprieu", "school")
		townHall := siteOf(t, s, "apprieu", "town_hall")
		linked := assetsAt(t, s, school, 2)
		elsewhere := assetsAt(t, s, townHall, 1)

		// A full work order keeps every member, with the assets sorted.
		wo := create(t, tech, "work-orders", workOrderBody(school, `,"asset_ids":["`+linked[1]+`","`+linked[0]+`","`+linked[1]+`"],`+
			`"notes":"Écran à surveiller","checklist":["updates_installed","antivirus_checked"],`+
			`"checklist_other":["Câble réseau remplacé"],"travel_minutes":25`))
		ids, _ := wo["asset_ids"].([]any)
		if len(ids) != 2 || ids[0] != linked[0] || ids[1] != linked[1] {
			t.Errorf("asset_ids %v, want %v", wo["asset_ids"], linked)
		}
		if wo["travel_minutes"] != float64(25) || wo["work_minutes"] != float64(0) || wo["notes"] != "Écran à surveiller" {
			t.Errorf("created work order: %v", wo)
		}
		if wo["commune_id"] == nil || wo["worked_on"] == nil || wo["timer_state"] != "idle" || wo["signature_file_id"] != nil {
			t.Errorf("derived members: %v", wo)
		}
		unlinked := patch(t, tech, "work-orders", wo, `"asset_ids":["`+linked[0]+`"]`)
		if ids, _ := unlinked["asset_ids"].([]any); len(ids) != 1 || ids[0] != linked[0] {
			t.Errorf("asset_ids after unlinking one: %v", unlinked["asset_ids"])
		}
		if got := listIDs(t, tech, "/api/v1/work-orders?asset_id="+linked[1]); len(got) != 0 {
			t.Errorf("work orders of the unlinked asset: %v", got)
		}
		if got := listIDs(t, corr, "/api/v1/work-orders?asset_id="+linked[0]); len(got) != 1 || got[0] != wo.id() {
			t.Errorf("work orders of the linked asset: %v", got)
		}

		// Each bad member is named, with the value at fault.
		r := tech.do(t, http.MethodPost, "/api/v1/work-orders", `{"site_id":"`+school.String()+`","category":"repassage",`+
			`"checklist":["ironed"],"checklist_other":[""],"travel_minutes":-5,"signed_by":"a\nb","asset_ids":["`+elsewhere[0]+`"]}`)
		fields := decodeError(t, r).Error.Fields
		if r.status != 422 {
			t.Fatalf("bad members: %d %s", r.status, r.body)
		}
		for name, want := range map[string]string{"category": "repassage", "checklist": "ironed", "checklist_other": "vide", "travel_minutes": "-5", "signed_by": "saut de ligne"} {
			if !strings.Contains(fields[name], want) {
				t.Errorf("fault of %s: %q, want it to name %q", name, fields[name], want)
			}
		}
		r = tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(school, `,"asset_ids":["`+elsewhere[0]+`"]`))
		if r.status != 422 || decodeError(t, r).Error.Fields["asset_ids"] == "" {
			t.Errorf("asset of another site: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(school, `,"asset_ids":["12"]`)); r.status != 400 || !strings.Contains(r.body, "asset_ids") {
			t.Errorf("unreadable asset id: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/work-orders", `{"category":"virus"}`); r.status != 422 || !strings.Contains(r.body, "site_id") {
			t.Errorf("no site: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(school, `,"worked_on":"2000-13-01"`)); r.status != 400 || !strings.Contains(r.body, "worked_on") {
			t.Errorf("unreadable day: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(school, `,"worked_on":"2999-01-01"`)); r.status != 422 || !strings.Contains(r.body, "2999-01-01") {
			t.Errorf("day in the future: %d %s", r.status, r.body)
		}

		// The same client id again is a 409 with the work order as stored.
		r = tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(school, `,"id":"`+wo.id()+`"`))
		if r.status != 409 || decodeError(t, r).Error.Current["id"] != wo.id() {
			t.Errorf("id taken: %d %s", r.status, r.body)
		}
	})
}

func TestWorkOrderCharterAndRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		corr := tech.as(t, "correspondant-apprieu@demo.invalid")
		school := siteOf(t, s, "apprieu", "school")
		townHall := siteOf(t, s, "apprieu", "town_hall")
		library := siteOf(t, s, "ccbe", "library")

		// Without a request, the charter applies as to a new request.
		r := tech.do(t, http.MethodPost, "/api/v1/work-orders", `{"site_id":"`+school.String()+`","category":"copier"}`)
		if r.status != 422 || r.envelop.Error.Code != "out_of_scope" || !strings.Contains(r.envelop.Error.Message, "photocopieurs") {
			t.Errorf("copier at a school: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/work-orders", `{"site_id":"`+library.String()+`","category":"copier","level":2}`); r.status != 201 {
			t.Errorf("copier at a library: %d %s", r.status, r.body)
		}
		renage := siteOf(t, s, "renage", "town_hall")
		if r := tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(renage, "")); r.status != 422 || r.envelop.Error.Code != "out_of_scope" {
			t.Errorf("town hall with a server: %d %s", r.status, r.body)
		}

		// A request gives its site and category.
		request := decodeJSON(t, corr.do(t, http.MethodPost, "/api/v1/requests", requestBody(school, "virus", "")))
		requestID := request["id"].(string)
		wo := create(t, tech, "work-orders", `{"request_id":"`+requestID+`"}`)
		if wo["site_id"] != school.String() || wo["category"] != "virus" || wo["request_id"] != requestID {
			t.Errorf("work order of a request: %v", wo)
		}
		if got := listIDs(t, corr, "/api/v1/work-orders?request_id="+requestID); len(got) != 1 || got[0] != wo.id() {
			t.Errorf("work orders of the request: %v", got)
		}

		for name, body := range map[string]string{
			"unknown request":       `{"request_id":"` + uuid.Must(uuid.NewV7()).String() + `"}`,
			"request of other site": `{"request_id":"` + requestID + `","site_id":"` + townHall.String() + `"}`,
		} {
			if r := tech.do(t, http.MethodPost, "/api/v1/work-orders", body); r.status != 422 {
				t.Errorf("%s: %d %s", name, r.status, r.body)
			}
		}
		refused := decodeJSON(t, corr.do(t, http.MethodPost, "/api/v1/requests", requestBody(school, "virus", "")))["id"].(string)
		tech.do(t, http.MethodPatch, "/api/v1/requests/"+refused, `{"version":1,"status":"refused","refused_reason":"Doublon"}`)
		if r := tech.do(t, http.MethodPost, "/api/v1/work-orders", `{"request_id":"`+refused+`"}`); r.status != 422 || !strings.Contains(decodeError(t, r).Error.Fields["request_id"], "refusée") {
			t.Errorf("refused request: %d %s", r.status, r.body)
		}

		// The request and the site stay those of the creation.
		for _, members := range []string{`"request_id":null`, `"site_id":"` + townHall.String() + `"`} {
			if r := tech.do(t, http.MethodPatch, "/api/v1/work-orders/"+wo.id(), `{"version":1,`+members+`}`); r.status != 422 {
				t.Errorf("PATCH %s: %d %s", members, r.status, r.body)
			}
		}
		if r := tech.do(t, http.MethodPatch, "/api/v1/work-orders/"+wo.id(), `{"version":1,"request_id":"`+requestID+`","notes":"ok"}`); r.status != 200 {
			t.Errorf("PATCH with the same request: %d %s", r.status, r.body)
		}
	})
}

func TestWorkOrdersStayInTheirCommune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := tech.as(t, "correspondant-apprieu@demo.invalid")
		chabons := tech.as(t, "correspondant-chabons@demo.invalid")
		committee := tech.as(t, "comite@demo.invalid")
		school := siteOf(t, s, "apprieu", "school")

		wo := create(t, tech, "work-orders", workOrderBody(school, `,"notes":"Mot de passe noté au bureau","minutes":30`))
		for _, f := range []fixture{apprieu, committee} {
			r := f.get(t, "/api/v1/work-orders/"+wo.id())
			if r.status != 200 || !strings.Contains(r.body, "Mot de passe noté au bureau") {
				t.Errorf("reading the work order of Apprieu: %d %s", r.status, r.body)
			}
		}
		for _, r := range []response{
			chabons.get(t, "/api/v1/work-orders/"+wo.id()),
			chabons.get(t, "/api/v1/work-orders/"+wo.id()+"/time-entries"),
		} {
			if r.status != 404 || r.envelop.Error.Code != "not_found" {
				t.Errorf("another commune's work order: %d %s, want 404", r.status, r.body)
			}
		}
		if got := listIDs(t, chabons, "/api/v1/work-orders"); len(got) != 0 {
			t.Errorf("Châbons lists %v", got)
		}
		if got := listIDs(t, apprieu, "/api/v1/work-orders?commune_id="+wo["commune_id"].(string)); len(got) != 1 {
			t.Errorf("Apprieu lists %v", got)
		}
		if got := listIDs(t, committee, "/api/v1/work-orders?status=in_progress"); len(got) != 0 {
			t.Errorf("the committee lists %v work orders in progress, want none", got)
		}

		// Only technicians write.
		for _, f := range []fixture{apprieu, committee} {
			for _, r := range []response{
				f.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(school, "")),
				f.do(t, http.MethodPatch, "/api/v1/work-orders/"+wo.id(), `{"version":1,"notes":"x"}`),
				f.do(t, http.MethodPost, "/api/v1/work-orders/"+wo.id()+"/time-entries", `{"kind":"manual","minutes":5}`),
			} {
				if r.status != 403 {
					t.Errorf("write by a non-technician: %d %s", r.status, r.body)
				}
			}
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/work-orders/"+uuid.Must(uuid.NewV7()).String()+"/time-entries", `{"kind":"manual","minutes":5}`); r.status != 404 {
			t.Errorf("time entry of an unknown work order: %d %s", r.status, r.body)
		}
		if r := tech.get(t, "/api/v1/work-orders?status=paused"); r.status != 400 {
			t.Errorf("unknown status filter: %d %s", r.status, r.body)
		}

		// The checklist's labels come in the caller's language.
		if r := apprieu.get(t, "/api/v1/work-orders/checklist"); r.status != 200 || !strings.Contains(r.body, "Mises à jour installées") {
			t.Errorf("checklist: %d %s", r.status, r.body)
		}
		if r := apprieu.get(t, "/api/v1/work-orders/checklist", "Accept-Language", "en"); !strings.Contains(r.body, "Updates installed") {
			t.Errorf("checklist in English: %s", r.body)
		}
	})
}
