package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"parc/server/loans"
	"parc/server/push"
	"parc/server/push/pushtest"
	"parc/server/store"
	"parc/server/store/storetest"
)

// drain sends what f's server has queued, as its worker would.
func drain(t *testing.T, f fixture) int {
	t.Helper()
	n, err := f.app.Push().Drain(context.Background(), nil)
	if err != nil {
		t.Fatalf("drain the notification queue: %v", err)
	}
	return n
}

// drainUntil drains f's queue until done returns true, for messages
// whose retry is due later, and fails after 15 seconds.
func drainUntil(t *testing.T, f fixture, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting after 15 s for %s", what)
		}
		drain(t, f)
		time.Sleep(50 * time.Millisecond)
	}
}

// payloadsAt decrypts what svc received at the endpoint name, sent to b.
func payloadsAt(t *testing.T, svc *pushtest.Service, name string, b pushtest.Browser) []push.Payload {
	t.Helper()
	var sealed []pushtest.Sealed
	for _, r := range svc.Received() {
		if r.Path == "/push/"+name {
			if r.Fault != "" {
				t.Errorf("message to %s breaks RFC 8030 or RFC 8292: %s", name, r.Fault)
			}
			sealed = append(sealed, pushtest.Sealed{Body: r.Body, Browser: b})
		}
	}
	if len(sealed) == 0 {
		return nil
	}
	var out []push.Payload
	for _, text := range pushtest.Decrypt(t, sealed) {
		var p push.Payload
		if err := json.Unmarshal([]byte(text), &p); err != nil {
			t.Fatalf("decode payload %q: %v", text, err)
		}
		out = append(out, p)
	}
	return out
}

// newPushScene starts a push service that responds with respond, or
// accepts every message when respond is nil, and a technician's server
// that sends to it with cfg. It returns them with the Apprieu
// correspondent, whose requests notify the technician.
func newPushScene(t *testing.T, s *store.Store, cfg push.Config, respond func(path string, n int) pushtest.Response) (*pushtest.Service, fixture, fixture) {
	t.Helper()
	svc := pushtest.Start(t)
	if respond != nil {
		svc.Respond(respond)
	}
	tech := newPushFixture(t, s, cfg, nil)
	return svc, tech, tech.as(t, "correspondant-apprieu@demo.invalid")
}

// waitForSend waits until svc has received a message at path from the
// running worker, and fails 5 seconds after event.
func waitForSend(t *testing.T, svc *pushtest.Service, path, event string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for svc.Count(path) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the worker sent nothing to %s within 5 s of %s", path, event)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func setLanguage(t *testing.T, s *store.Store, email, lang string) {
	t.Helper()
	if _, err := s.DB.NewUpdate().Table("users").Set("language = ?", lang).Where("email = ?", email).Exec(context.Background()); err != nil {
		t.Fatalf("set the language of %s: %v", email, err)
	}
}

func TestPushRequestEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, tech, corr := newPushScene(t, s, push.Config{}, nil)
		other := tech.as(t, "correspondant-chabons@demo.invalid")
		techPhone := subscribe(t, tech, svc, "tech")
		corrPhone := subscribe(t, corr, svc, "corr")
		subscribe(t, other, svc, "other")

		r := corr.do(t, http.MethodPost, "/api/v1/requests", requestBody(siteOf(t, s, "apprieu", "school"), "os_repair", ""))
		if r.status != http.StatusCreated {
			t.Fatalf("create request: %d %s", r.status, r.body)
		}
		id := decodeJSON(t, r)["id"].(string)
		drain(t, tech)

		got := payloadsAt(t, svc, "tech", techPhone)
		if len(got) != 1 || got[0].Title != "Nouvelle demande bloquante" || got[0].URL != "/requests/"+id || got[0].Tag != "request-"+id {
			t.Fatalf("technician got %+v, want one French blocking-request notice for /requests/%s", got, id)
		}
		if !strings.Contains(got[0].Body, "Le PC ne démarre plus") {
			t.Errorf("body %q does not quote the description", got[0].Body)
		}
		if u := svc.Received()[0].Header.Get("Urgency"); u != "high" {
			t.Errorf("Urgency of a blocking request = %q, want high", u)
		}
		if n := svc.Count("/push/corr"); n != 0 {
			t.Errorf("the correspondent who wrote the request got %d notices, want 0", n)
		}

		setLanguage(t, s, "correspondant-apprieu@demo.invalid", "en")
		r = tech.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":1,"status":"planned","planned_for":"2030-01-10"}`)
		if r.status != http.StatusOK {
			t.Fatalf("plan request: %d %s", r.status, r.body)
		}
		drain(t, tech)
		got = payloadsAt(t, svc, "corr", corrPhone)
		want := push.Payload{Title: "Visit planned", URL: "/requests/" + id, Tag: "request-" + id}
		if len(got) != 1 || got[0].Title != want.Title || got[0].URL != want.URL || got[0].Tag != want.Tag || !strings.Contains(got[0].Body, "10 January 2030") {
			t.Errorf("correspondent got %+v, want one English notice like %+v on 10 January 2030", got, want)
		}
		if n := svc.Count("/push/other"); n != 0 {
			t.Errorf("the correspondent of another commune got %d notices, want 0", n)
		}
		if n := svc.Count("/push/tech"); n != 1 {
			t.Errorf("the technician who planned got %d notices in all, want 1", n)
		}

		// A switched-off event sends nothing.
		corr.do(t, http.MethodPut, "/api/v1/me/notifications", `{"events":{"request_started":false}}`)
		tech.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":2,"status":"in_progress"}`)
		drain(t, tech)
		if n := svc.Count("/push/corr"); n != 1 {
			t.Errorf("correspondent got %d notices after switching request_started off, want 1", n)
		}
	})
}

func TestPushVisitAndLoanEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, tech, corr := newPushScene(t, s, push.Config{}, nil)
		corrPhone := subscribe(t, corr, svc, "corr")
		techPhone := subscribe(t, tech, svc, "tech")

		tech.do(t, http.MethodPatch, "/api/v1/settings", holidays2030)
		tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":2030}`)
		r := tech.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(siteOf(t, s, "apprieu", "school"), "2030-07-08"))
		if r.status != http.StatusCreated {
			t.Fatalf("plan visit: %d %s", r.status, r.body)
		}
		visit := decodeJSON(t, r)["id"].(string)
		drain(t, tech)
		got := payloadsAt(t, svc, "corr", corrPhone)
		if len(got) != 1 || got[0].URL != "/maintenance/visits/"+visit || got[0].Title != "Maintenance préventive planifiée" || !strings.Contains(got[0].Body, "08/07/2030") {
			t.Fatalf("correspondent got %+v, want one visit notice for /maintenance/visits/%s on 08/07/2030", got, visit)
		}

		spares := listSpares(t, tech)
		r = tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "apprieu", spareRef(spares[0]), 3))
		if r.status != http.StatusCreated {
			t.Fatalf("check out: %d %s", r.status, r.body)
		}
		loan := decodeJSON(t, r)["id"].(string)
		if _, err := s.DB.NewUpdate().Table("loans").Set("due_date = ?", "2026-01-05").Where("id = ?", loan).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := loans.NotifyOverdue(context.Background(), s.DB, loans.Today()); err != nil {
				t.Fatalf("NotifyOverdue: %v", err)
			}
		}
		drain(t, tech)

		for name, b := range map[string]pushtest.Browser{"corr": corrPhone, "tech": techPhone} {
			var overdue []push.Payload
			for _, p := range payloadsAt(t, svc, name, b) {
				if p.Tag == "loan-"+loan {
					overdue = append(overdue, p)
				}
			}
			if len(overdue) != 1 || overdue[0].URL != "/loans" || !strings.Contains(overdue[0].Body, "05/01/2026") {
				t.Errorf("%s got overdue notices %+v after two checks, want one for /loans due 05/01/2026", name, overdue)
			}
		}
	})
}

func TestPushWorkerSendsSoon(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, tech, corr := newPushScene(t, s, push.Config{}, nil)
		subscribe(t, tech, svc, "tech")
		stop := tech.app.Push().Start()
		defer stop()

		notifyingRequest(t, s, corr)
		waitForSend(t, svc, "/push/tech", "the event")
	})
}
