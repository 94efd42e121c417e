package web_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"parc/server/demo"
	"parc/server/push"
	"parc/server/push/pushtest"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/web"
)

// loopbackAllow lets the tests' push services on 127.0.0.1 through the
// guard, as PARC_PUSH_ENDPOINT_ALLOW=http://127.0.0.1: does.
var loopbackAllow = []string{"http://127.0.0.1:"}

// newPushFixture returns the demo server signed in as the technician,
// with the push settings of cfg and the deployment settings of env. The
// demo is loaded unless the store already has it.
func newPushFixture(t *testing.T, s *store.Store, cfg push.Config, env settings.Environment) fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil && !errors.Is(err, demo.ErrNotEmpty) {
		t.Fatalf("load demo: %v", err)
	}
	if cfg.Allow == nil {
		cfg.Allow = loopbackAllow
	}
	if cfg.Backoff == 0 {
		cfg.Backoff = 10 * time.Millisecond
	}
	app, err := web.New(ctx, web.Config{Store: s, Log: storetest.Logger(), TagPrefix: "BE", Push: cfg, Environment: env})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return fixture{app: app}.as(t, "technicien@demo.invalid")
}

// subscribe registers a new browser of f's user at the endpoint name of
// svc and returns its keys.
func subscribe(t *testing.T, f fixture, svc *pushtest.Service, name string) pushtest.Browser {
	t.Helper()
	b := pushtest.NewBrowser(t)
	if r := f.do(t, http.MethodPost, "/api/v1/push/subscriptions", b.JSON(svc.Endpoint(name))); r.status != http.StatusCreated {
		t.Fatalf("subscribe %s: %d %s", name, r.status, r.body)
	}
	return b
}

func TestPushPublicKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newPushFixture(t, s, push.Config{}, nil)
		r := tech.get(t, "/api/v1/push/vapid-public-key")
		if r.status != http.StatusOK {
			t.Fatalf("GET key: %d %s", r.status, r.body)
		}
		key, _ := decodeJSON(t, r)["key"].(string)
		raw, err := base64.RawURLEncoding.DecodeString(key)
		if err != nil || len(raw) != 65 || raw[0] != 0x04 {
			t.Errorf("key %q is not an unpadded base64url uncompressed P-256 point (%d bytes, %v)", key, len(raw), err)
		}

		again := newPushFixture(t, s, push.Config{}, nil)
		if k := decodeJSON(t, again.get(t, "/api/v1/push/vapid-public-key"))["key"]; k != key {
			t.Errorf("key after a restart = %v, want the stored %s", k, key)
		}
		if r := tech.anonymous().get(t, "/api/v1/push/vapid-public-key"); r.status != http.StatusUnauthorized {
			t.Errorf("GET key without a session: %d, want 401", r.status)
		}
		committee := tech.as(t, "comite@demo.invalid")
		if r := committee.get(t, "/api/v1/push/vapid-public-key"); r.status != http.StatusOK {
			t.Errorf("GET key as the committee: %d, want 200", r.status)
		}
	})
}

func TestPushSubscriptions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc := pushtest.Start(t)
		tech := newPushFixture(t, s, push.Config{}, nil)
		corr := tech.as(t, "correspondant-apprieu@demo.invalid")
		b := pushtest.NewBrowser(t)
		endpoint := svc.Endpoint("phone")

		r := corr.do(t, http.MethodPost, "/api/v1/push/subscriptions", b.JSON(endpoint))
		if r.status != http.StatusCreated {
			t.Fatalf("first POST: %d %s, want 201", r.status, r.body)
		}
		created := decodeJSON(t, r)
		if created["endpoint"] != endpoint || created["id"] == "" {
			t.Errorf("first POST body %s, want the id and endpoint", r.body)
		}
		r = corr.do(t, http.MethodPost, "/api/v1/push/subscriptions", pushtest.NewBrowser(t).JSON(endpoint))
		if r.status != http.StatusOK || decodeJSON(t, r)["id"] != created["id"] {
			t.Errorf("same endpoint again: %d %s, want 200 with id %v", r.status, r.body, created["id"])
		}
		subscribe(t, corr, svc, "desktop")
		if n := decodeJSON(t, corr.get(t, "/api/v1/me/notifications"))["push_devices"]; n != 2.0 {
			t.Errorf("push_devices = %v with two devices, want 2", n)
		}

		// The endpoint belongs to the last user who subscribed with it.
		if r := tech.do(t, http.MethodPost, "/api/v1/push/subscriptions", b.JSON(endpoint)); r.status != http.StatusOK {
			t.Errorf("technician takes the endpoint: %d %s, want 200", r.status, r.body)
		}
		body := `{"endpoint":"` + endpoint + `"}`
		if r := corr.do(t, http.MethodDelete, "/api/v1/push/subscriptions", body); r.status != http.StatusNoContent {
			t.Errorf("DELETE of an endpoint now the technician's: %d, want 204", r.status)
		}
		if n := decodeJSON(t, tech.get(t, "/api/v1/me/notifications"))["push_devices"]; n != 1.0 {
			t.Errorf("technician's push_devices after the correspondent's DELETE = %v, want 1", n)
		}
		if r := tech.do(t, http.MethodDelete, "/api/v1/push/subscriptions", body); r.status != http.StatusNoContent {
			t.Errorf("DELETE: %d %s, want 204", r.status, r.body)
		}
		if n := decodeJSON(t, tech.get(t, "/api/v1/me/notifications"))["push_devices"]; n != 0.0 {
			t.Errorf("technician's push_devices after DELETE = %v, want 0", n)
		}
		if r := tech.do(t, http.MethodDelete, "/api/v1/push/subscriptions", body); r.status != http.StatusNoContent {
			t.Errorf("second DELETE: %d, want 204", r.status)
		}
		if r := tech.do(t, http.MethodDelete, "/api/v1/push/subscriptions", `{}`); r.status != http.StatusUnprocessableEntity {
			t.Errorf("DELETE without an endpoint: %d, want 422", r.status)
		}
		if r := corr.do(t, http.MethodPost, "/api/v1/push/subscriptions", b.JSON(endpoint), "X-CSRF-Token", "wrong"); r.status != http.StatusForbidden {
			t.Errorf("POST with a wrong CSRF token: %d, want 403", r.status)
		}
	})
}

func TestPushSubscriptionRejected(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newPushFixture(t, s, push.Config{}, nil)
		b := pushtest.NewBrowser(t)
		keys := `"keys":{"p256dh":"` + b.P256dh() + `","auth":"` + b.AuthSecret() + `"}`
		cases := []struct {
			name, body string
			status     int
			want       []string
		}{
			{"loopback outside the allow list", b.JSON("https://127.0.0.2:8443/push/x"), 422, []string{"127.0.0.2", "endpoint"}},
			{"plain HTTP", b.JSON("http://127.0.0.2:9/push/x"), 422, []string{"http://127.0.0.2:9/push/x", "HTTPS"}},
			{"IPv6 loopback", b.JSON("https://[::1]/push/x"), 422, []string{"::1"}},
			{"no endpoint", `{` + keys + `}`, 422, []string{"endpoint"}},
			{"bad p256dh", `{"endpoint":"http://127.0.0.1:9/x","keys":{"p256dh":"abc","auth":"` + b.AuthSecret() + `"}}`, 422, []string{"keys.p256dh", "abc"}},
			{"short auth", `{"endpoint":"http://127.0.0.1:9/x","keys":{"p256dh":"` + b.P256dh() + `","auth":"AAAA"}}`, 422, []string{"keys.auth"}},
			{"not JSON", `{"endpoint":`, 400, nil},
			{"endpoint not a string", `{"endpoint":5,` + keys + `}`, 400, []string{"endpoint"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := tech.do(t, http.MethodPost, "/api/v1/push/subscriptions", c.body)
				if r.status != c.status {
					t.Fatalf("POST %s: %d %s, want %d", c.body, r.status, r.body, c.status)
				}
				for _, w := range c.want {
					if !strings.Contains(r.body, w) {
						t.Errorf("POST %s: body %s does not name %q", c.body, r.body, w)
					}
				}
			})
		}
	})
}

func TestNotificationSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newPushFixture(t, s, push.Config{}, nil)
		corr := tech.as(t, "correspondant-apprieu@demo.invalid")
		want := map[string][]string{
			"technicien@demo.invalid":            {"request_created", "loan_overdue"},
			"correspondant-apprieu@demo.invalid": {"request_planned", "request_started", "request_done", "request_refused", "loan_overdue", "visit_planned"},
			"comite@demo.invalid":                {},
		}
		for email, events := range want {
			got := decodeJSON(t, tech.as(t, email).get(t, "/api/v1/me/notifications"))
			switches, _ := got["events"].(map[string]any)
			if len(switches) != len(events) {
				t.Errorf("%s: events %v, want %v", email, switches, events)
			}
			for _, e := range events {
				if switches[e] != true {
					t.Errorf("%s: event %s = %v, want true by default", email, e, switches[e])
				}
			}
			if got["email"] != true || got["push_devices"] != 0.0 || got["smtp_configured"] != false {
				t.Errorf("%s: %v, want email true, no device, no mail server", email, got)
			}
		}

		r := corr.do(t, http.MethodPut, "/api/v1/me/notifications", `{"events":{"request_done":false},"email":false,"push_devices":9}`)
		if r.status != http.StatusOK {
			t.Fatalf("PUT: %d %s", r.status, r.body)
		}
		got := decodeJSON(t, corr.get(t, "/api/v1/me/notifications"))
		switches := got["events"].(map[string]any)
		if switches["request_done"] != false || switches["request_planned"] != true || got["email"] != false || got["push_devices"] != 0.0 {
			t.Errorf("after PUT: %v, want request_done off, the rest on, e-mail off", got)
		}

		bad := []struct{ body, names string }{
			{`{"events":{"request_created":true}}`, "request_created"},
			{`{"events":{"request_done":"no"}}`, "request_done"},
			{`{"sms":true}`, "sms"},
			{`{"events":{"request_planned":null}}`, "events.request_planned"},
			{`{"email":null}`, `"email"`},
		}
		for _, c := range bad {
			r := corr.do(t, http.MethodPut, "/api/v1/me/notifications", c.body)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, c.names) {
				t.Errorf("PUT %s: %d %s, want 422 naming %s", c.body, r.status, r.body, c.names)
			}
		}
		if got := decodeJSON(t, corr.get(t, "/api/v1/me/notifications"))["events"].(map[string]any); got["request_planned"] != true {
			t.Errorf("request_planned after a PUT of null = %v, want still on", got["request_planned"])
		}
	})
}

func TestPushDataExportedAndErased(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc := pushtest.Start(t)
		tech := newPushFixture(t, s, push.Config{}, nil)
		email := "correspondant-apprieu@demo.invalid"
		corr := tech.as(t, email)
		subscribe(t, corr, svc, "corr")
		corr.do(t, http.MethodPut, "/api/v1/me/notifications", `{"email":false}`)
		id := decodeJSON(t, corr.get(t, "/api/v1/session"))["user"].(map[string]any)["id"].(string)

		export := decodeJSON(t, tech.get(t, "/api/v1/users/"+id+"/personal-data"))
		subs, _ := export["push_subscriptions"].([]any)
		if len(subs) != 1 || subs[0].(map[string]any)["endpoint"] != svc.Endpoint("corr") {
			t.Errorf("export's push_subscriptions %v, want the one endpoint", export["push_subscriptions"])
		}
		if switches, _ := export["notifications"].(map[string]any); switches == nil || switches["email"] != false {
			t.Errorf("export's notifications %v, want e-mail off", export["notifications"])
		}

		if r := tech.do(t, http.MethodPost, "/api/v1/users/"+id+"/erase", `{"confirm":"`+email+`"}`); r.status != http.StatusOK {
			t.Fatalf("erase: %d %s", r.status, r.body)
		}
		for _, table := range []string{"push_subscriptions", "notification_preferences"} {
			n, err := s.DB.NewSelect().TableExpr(table).Where("user_id = ?", id).Count(context.Background())
			if err != nil || n != 0 {
				t.Errorf("%s rows of the erased user: %d (%v), want 0", table, n, err)
			}
		}
	})
}
