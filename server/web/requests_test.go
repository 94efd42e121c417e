package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/requests"
	"parc/server/store"
	"parc/server/store/storetest"
)

// siteOf returns the first active site of a kind in the commune with
// that slug.
func siteOf(t *testing.T, s *store.Store, slug, kind string) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	err := s.Reader.NewSelect().TableExpr("sites AS s").Join("JOIN communes AS c ON c.id = s.commune_id").
		Column("s.id").Where("c.slug = ?", slug).Where("s.kind = ?", kind).Where("s.archived_at IS NULL").
		OrderExpr("s.name").Limit(1).Scan(context.Background(), &id)
	if err != nil {
		t.Fatalf("find a %s of %s: %v", kind, slug, err)
	}
	return id
}

// decodeJSON reads a response body into a map.
func decodeJSON(t *testing.T, r response) map[string]any {
	t.Helper()
	out := map[string]any{}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return out
}

func requestBody(site uuid.UUID, category, extra string) string {
	return `{"site_id":"` + site.String() + `","category":"` + category + `","urgency":"blocking","description":"Le PC ne démarre plus"` + extra + `}`
}

func TestRequestsScopeOfTheCharter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		corr := tech.as(t, "correspondant-apprieu@demo.invalid")
		school := siteOf(t, s, "apprieu", "school")

		r := corr.do(t, http.MethodPost, "/api/v1/requests", requestBody(school, "os_repair", ""))
		if r.status != http.StatusCreated {
			t.Fatalf("in-scope request: %d %s", r.status, r.body)
		}
		created := decodeJSON(t, r)
		if created["status"] != "new" || created["urgency"] != "blocking" || created["commune_id"] == "" {
			t.Errorf("created request: %v", created)
		}

		// Every out-of-scope code is rejected at a school, in French,
		// with the reason and who handles it.
		for _, code := range requests.OutOfScope {
			r := corr.do(t, http.MethodPost, "/api/v1/requests", requestBody(school, code, ""))
			if r.status != http.StatusUnprocessableEntity || r.envelop.Error.Code != "out_of_scope" {
				t.Errorf("%s: %d %s, want 422 out_of_scope", code, r.status, r.body)
				continue
			}
			if !strings.Contains(r.envelop.Error.Message, "ne relève") && !strings.Contains(r.envelop.Error.Message, "ne relèvent") {
				t.Errorf("%s: message %q does not say it is outside the service", code, r.envelop.Error.Message)
			}
		}

		// The CCBE's libraries get copiers and printer repairs.
		library := siteOf(t, s, "ccbe", "library")
		for code, want := range map[string]int{"copier": 201, "printer_repair": 201, "pupil_email": 422} {
			if r := tech.do(t, http.MethodPost, "/api/v1/requests", requestBody(library, code, "")); r.status != want {
				t.Errorf("%s at a library: %d %s, want %d", code, r.status, r.body, want)
			}
		}

		// A town hall with its own server, and a PC older than XP, are
		// out of scope too.
		townHall := siteOf(t, s, "renage", "town_hall")
		if r := tech.do(t, http.MethodPost, "/api/v1/requests", requestBody(townHall, "os_repair", "")); r.status != 422 || r.envelop.Error.Code != "out_of_scope" {
			t.Errorf("town hall with a server: %d %s", r.status, r.body)
		}
		var old struct {
			ID     uuid.UUID `bun:"id"`
			SiteID uuid.UUID `bun:"site_id"`
		}
		if err := s.Reader.NewSelect().Table("assets").Column("id", "site_id").Where("os = 'Windows 98'").Limit(1).Scan(context.Background(), &old); err != nil {
			t.Fatal(err)
		}
		r = tech.do(t, http.MethodPost, "/api/v1/requests", requestBody(old.SiteID, "os_repair", `,"asset_id":"`+old.ID.String()+`"`))
		if r.status != 422 || r.envelop.Error.Code != "out_of_scope" || !strings.Contains(r.body, "Windows 98") {
			t.Errorf("PC under Windows 98: %d %s", r.status, r.body)
		}

		// Bad values are named.
		r = corr.do(t, http.MethodPost, "/api/v1/requests", `{"site_id":"`+school.String()+`","category":"repassage","urgency":"très","description":""}`)
		if r.status != 422 || !strings.Contains(r.body, "repassage") || !strings.Contains(r.body, "urgency") || !strings.Contains(r.body, "description") {
			t.Errorf("bad values: %d %s", r.status, r.body)
		}
	})
}

func TestRequestsStayInTheirCommune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := tech.as(t, "correspondant-apprieu@demo.invalid")
		chabons := tech.as(t, "correspondant-chabons@demo.invalid")
		committee := tech.as(t, "comite@demo.invalid")
		school := siteOf(t, s, "apprieu", "school")

		if r := chabons.do(t, http.MethodPost, "/api/v1/requests", requestBody(school, "virus", "")); r.status != 422 || !strings.Contains(r.body, "site_id") {
			t.Errorf("request at another commune's site: %d %s", r.status, r.body)
		}
		if r := committee.do(t, http.MethodPost, "/api/v1/requests", requestBody(school, "virus", "")); r.status != 403 {
			t.Errorf("committee creating a request: %d %s", r.status, r.body)
		}
		id := decodeJSON(t, apprieu.do(t, http.MethodPost, "/api/v1/requests", requestBody(school, "virus", "")))["id"].(string)

		for _, r := range []response{
			chabons.get(t, "/api/v1/requests/"+id),
			chabons.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":1,"description":"pris"}`),
			chabons.get(t, "/api/v1/requests/"+id+"/comments"),
			chabons.do(t, http.MethodPost, "/api/v1/requests/"+id+"/comments", `{"body":"bonjour"}`),
		} {
			if r.status != 404 || r.envelop.Error.Code != "not_found" {
				t.Errorf("another commune's request: %d %s, want 404", r.status, r.body)
			}
		}
		if list := decodeJSON(t, chabons.get(t, "/api/v1/requests")); list["total"] != float64(0) {
			t.Errorf("Châbons lists %v requests, want none", list["total"])
		}
		if list := decodeJSON(t, committee.get(t, "/api/v1/requests")); list["total"] != float64(1) {
			t.Errorf("the committee lists %v requests, want 1", list["total"])
		}

		// A correspondent edits a new request, never its status.
		if r := apprieu.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":1,"status":"planned","planned_for":"2026-12-10"}`); r.status != 403 {
			t.Errorf("correspondent planning: %d %s", r.status, r.body)
		}
		if r := apprieu.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":1,"description":"Virus sur le PC du directeur"}`); r.status != 200 {
			t.Errorf("correspondent editing a new request: %d %s", r.status, r.body)
		}
		if r := apprieu.do(t, http.MethodPost, "/api/v1/requests/"+id+"/comments", `{"body":"Le PC est dans le bureau."}`); r.status != 201 {
			t.Errorf("correspondent commenting: %d %s", r.status, r.body)
		}
		if r := committee.do(t, http.MethodPost, "/api/v1/requests/"+id+"/comments", `{"body":"vu"}`); r.status != 403 {
			t.Errorf("committee commenting: %d %s", r.status, r.body)
		}
	})
}

func TestRequestStatusTransitions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteOf(t, s, "apprieu", "school")

		// How to take a new request to each status.
		paths := map[string][]string{
			"new": nil, "planned": {"planned"}, "in_progress": {"in_progress"},
			"done": {"in_progress", "done"}, "refused": {"refused"},
		}
		allowed := map[string][]string{
			"new":         {"planned", "in_progress", "refused"},
			"planned":     {"in_progress", "refused"},
			"in_progress": {"planned", "done"},
		}
		move := func(id string, version int, status string) response {
			return tech.do(t, http.MethodPatch, "/api/v1/requests/"+id,
				`{"version":`+itoa(version)+`,"status":"`+status+`","planned_for":"2026-12-10","refused_reason":"Hors charte"}`)
		}
		for from, path := range paths {
			for _, to := range []string{"new", "planned", "in_progress", "done", "refused"} {
				if to == from {
					continue
				}
				id := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/requests", requestBody(school, "virus", "")))["id"].(string)
				version := 1
				for _, step := range path {
					if r := move(id, version, step); r.status != 200 {
						t.Fatalf("take a request to %s: %d %s", from, r.status, r.body)
					}
					version++
				}
				r := move(id, version, to)
				want := 422
				if slices.Contains(allowed[from], to) {
					want = 200
				}
				if r.status != want {
					t.Errorf("%s -> %s: %d %s, want %d", from, to, r.status, r.body, want)
				}
				if want == 422 && !strings.Contains(r.body, `"status"`) {
					t.Errorf("%s -> %s: the refusal does not name the status: %s", from, to, r.body)
				}
			}
		}

		// Planning needs a date, refusing a reason; done sets done_at.
		id := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/requests", requestBody(school, "virus", "")))["id"].(string)
		if r := tech.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":1,"status":"planned"}`); r.status != 422 || !strings.Contains(r.body, "planned_for") {
			t.Errorf("planned without a date: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":1,"status":"refused"}`); r.status != 422 || !strings.Contains(r.body, "refused_reason") {
			t.Errorf("refused without a reason: %d %s", r.status, r.body)
		}
		tech.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":1,"status":"in_progress"}`)
		done := decodeJSON(t, tech.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":2,"status":"done"}`))
		if done["done_at"] == nil {
			t.Errorf("done request without done_at: %v", done)
		}
		if r := tech.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":2,"description":"x"}`); r.status != 409 {
			t.Errorf("PATCH with an old version: %d %s", r.status, r.body)
		}
	})
}
