package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"parc/server/accounts"
	"parc/server/store"
	"parc/server/store/storetest"
)

// sessionCookieOf returns the value of the session cookie a response
// sets, or "".
func sessionCookieOf(r response) string {
	for _, line := range r.header.Values("Set-Cookie") {
		if value, ok := strings.CutPrefix(line, accounts.SessionCookie+"="); ok {
			value, _, _ = strings.Cut(value, ";")
			return value
		}
	}
	return ""
}

// TestLoginRotatesTheSession checks that no session id chosen before the
// login survives it: a planted id, a planted CSRF cookie, and the
// browser's previous valid session are all replaced.
func TestLoginRotatesTheSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f, _ := loggedFixture(t, s)
		planted := accounts.NewToken()
		plantedCSRF := accounts.NewToken()
		cookies := accounts.SessionCookie + "=" + planted + "; " + accounts.CSRFCookie + "=" + plantedCSRF

		r := login(t, f, "technicien@demo.invalid", "parc-demo", "Cookie", cookies)
		if r.status != http.StatusOK {
			t.Fatalf("login with a planted cookie: %d %s", r.status, r.body)
		}
		first := sessionCookieOf(r)
		if first == "" || first == planted {
			t.Errorf("login with the planted session id %q sets session %q, want a new one", planted, first)
		}
		if strings.Contains(r.body, plantedCSRF) {
			t.Errorf("login returns the planted CSRF token: %s", r.body)
		}
		if probe := f.anonymous().get(t, "/api/v1/session", "Cookie", accounts.SessionCookie+"="+planted); strings.Contains(probe.body, "technicien@demo.invalid") {
			t.Errorf("the planted session id is logged in after the login")
		}

		// A second login from the same browser ends the session it had.
		again := login(t, f, "technicien@demo.invalid", "parc-demo", "Cookie", accounts.SessionCookie+"="+first)
		second := sessionCookieOf(again)
		if again.status != http.StatusOK || second == "" || second == first {
			t.Fatalf("second login: %d, session %q after %q, want a new one", again.status, second, first)
		}
		if old := f.anonymous().get(t, "/api/v1/communes", "Cookie", accounts.SessionCookie+"="+first); old.status != http.StatusUnauthorized {
			t.Errorf("the session before the second login: %d, want 401", old.status)
		}
		if now := f.anonymous().get(t, "/api/v1/communes", "Cookie", accounts.SessionCookie+"="+second); now.status != http.StatusOK {
			t.Errorf("the session of the second login: %d, want 200", now.status)
		}
	})
}

// TestLoginRejectsFormPosts checks that another site cannot log a
// browser into an account with a plain HTML form, which can send a JSON
// text but not the JSON content type.
func TestLoginRejectsFormPosts(t *testing.T) {
	f, _ := loggedFixture(t, storetest.Open(t, store.SQLite))
	body := `{"email":"technicien@demo.invalid","password":"parc-demo"}`
	for _, contentType := range []string{"text/plain", "application/x-www-form-urlencoded", "text/plain;charset=UTF-8"} {
		r := f.anonymous().do(t, http.MethodPost, "/api/v1/session", body, "Content-Type", contentType)
		if r.status != http.StatusUnsupportedMediaType || sessionCookieOf(r) != "" {
			t.Errorf("login sent as %s: %d, cookie %q, want 415 and no session", contentType, r.status, sessionCookieOf(r))
		}
	}
	if r := f.anonymous().do(t, http.MethodPost, "/api/v1/session", body, "Content-Type", "application/json; charset=utf-8"); r.status != http.StatusOK {
		t.Errorf("login sent as JSON with a charset: %d %s", r.status, r.body)
	}
}

// TestEveryWriteNeedsTheCSRFToken walks every state-changing route and
// sends it as a technician without the CSRF header, then with another
// session's token. Each must get 403 csrf before its handler runs. The
// only routes without the check are the login, which has no session
// yet, and the label page's form, which checks its own token.
func TestEveryWriteNeedsTheCSRFToken(t *testing.T) {
	f, _ := loggedFixture(t, storetest.Open(t, store.SQLite))
	tech := f.as(t, "technicien@demo.invalid")
	other := f.as(t, "technicien@demo.invalid")
	exempt := []string{"POST /api/v1/session", "POST /t/:tag"}

	checked := 0
	for _, route := range f.app.GetRoutes(true) {
		if skippedMethod(route.Method) || route.Method == http.MethodGet {
			continue
		}
		rule, ok := f.app.RuleOf(route.Method, route.Path)
		if !ok {
			t.Errorf("%s %s has no rule", route.Method, route.Path)
			continue
		}
		name := route.Method + " " + route.Path
		if rule.SkipCSRF {
			if !slices.Contains(exempt, name) {
				t.Errorf("%s skips the CSRF check", name)
			}
			continue
		}
		checked++
		path := strings.NewReplacer(":id", "01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f", ":asset_id", "01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f",
			":tag", "BE000123W", ":year", "2030").Replace(route.Path)

		without := tech
		without.csrf = ""
		if r := without.do(t, route.Method, path, "{}"); r.status != http.StatusForbidden || r.envelop.Error.Code != "csrf" {
			t.Errorf("%s without the CSRF header: %d %s, want 403 csrf", name, r.status, r.envelop.Error.Code)
		}
		crossed := tech
		crossed.csrf = other.csrf
		if r := crossed.do(t, route.Method, path, "{}"); r.status != http.StatusForbidden || r.envelop.Error.Code != "csrf" {
			t.Errorf("%s with another session's token: %d %s, want 403 csrf", name, r.status, r.envelop.Error.Code)
		}
	}
	if checked < 30 {
		t.Errorf("only %d state-changing routes checked", checked)
	}
}
