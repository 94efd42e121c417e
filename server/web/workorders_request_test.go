package web_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"

	"parc/server/store"
	"parc/server/store/storetest"
)

// requestStatus returns the status of a request as stored.
func requestStatus(t *testing.T, f fixture, id string) string {
	t.Helper()
	r := f.get(t, "/api/v1/requests/"+id)
	expect(t, "GET request "+id, r, http.StatusOK)
	return decodeRecord(t, r)["status"].(string)
}

// newRequest returns the id of a new request at site, sent by f.
func newRequest(t *testing.T, f fixture, site uuid.UUID) string {
	t.Helper()
	r := f.do(t, http.MethodPost, "/api/v1/requests", requestBody(site, "os_repair", ""))
	expect(t, "create a request", r, http.StatusCreated)
	return decodeRecord(t, r).id()
}

func TestWorkOrdersMoveTheirRequest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		corr := tech.as(t, "correspondant-apprieu@demo.invalid")
		school := siteOf(t, s, "apprieu", "school")

		// Two work orders are for one request. The first that starts moves
		// it to in progress, and it is done only when both are.
		request := newRequest(t, corr, school)
		first := create(t, tech, "work-orders", `{"request_id":"`+request+`"}`)
		second := create(t, tech, "work-orders", `{"request_id":"`+request+`"}`)
		if got := requestStatus(t, corr, request); got != "new" {
			t.Errorf("request with planned work orders: %s, want new", got)
		}
		first = patch(t, tech, "work-orders", first, `"status":"in_progress"`)
		if got := requestStatus(t, corr, request); got != "in_progress" {
			t.Errorf("request after a work order started: %s, want in_progress", got)
		}
		first = patch(t, tech, "work-orders", first, `"status":"done"`)
		if got := requestStatus(t, corr, request); got != "in_progress" {
			t.Errorf("request with a work order still open: %s, want in_progress", got)
		}
		patch(t, tech, "work-orders", second, `"status":"done"`)
		done := decodeRecord(t, corr.get(t, "/api/v1/requests/"+request))
		if done["status"] != "done" || done["done_at"] == nil {
			t.Errorf("request after its last work order: %v", done)
		}
		if history := auditActions(t, tech, "request", request); len(history) != 3 {
			t.Errorf("request history %v, want create and two updates", history)
		}

		// Reopening a work order leaves the done request done.
		patch(t, tech, "work-orders", first, `"status":"in_progress"`)
		if got := requestStatus(t, corr, request); got != "done" {
			t.Errorf("request after a work order reopened: %s, want done", got)
		}

		// Work recorded afterwards, done at creation, takes a new request
		// to done through in progress; a planned one to in progress first.
		direct := newRequest(t, corr, school)
		create(t, tech, "work-orders", `{"request_id":"`+direct+`","status":"done","minutes":30}`)
		if got := requestStatus(t, corr, direct); got != "done" {
			t.Errorf("request of a work order done at creation: %s, want done", got)
		}
		planned := newRequest(t, corr, school)
		tech.do(t, http.MethodPatch, "/api/v1/requests/"+planned, `{"version":1,"status":"planned","planned_for":"2026-12-10"}`)
		create(t, tech, "work-orders", `{"request_id":"`+planned+`","status":"in_progress"}`)
		if got := requestStatus(t, corr, planned); got != "in_progress" {
			t.Errorf("planned request of a started work order: %s, want in_progress", got)
		}

		// A timer start moves the work order and its request along too.
		timed := newRequest(t, corr, school)
		wo := create(t, tech, "work-orders", `{"request_id":"`+timed+`"}`)
		c := newClock()
		expect(t, "start", addEntry(t, tech, wo.id(), `{"kind":"start","at":"`+c.at(0)+`"}`), http.StatusCreated)
		if got := requestStatus(t, corr, timed); got != "in_progress" {
			t.Errorf("request after the timer started: %s, want in_progress", got)
		}
	})
}
