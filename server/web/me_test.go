package web_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"parc/server/store"
	"parc/server/store/storetest"
)

// TestUpdateMe checks that any user changes their own language, and only
// that: the role in the same body is ignored.
func TestUpdateMe(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	f := newFixture(t, s, true)
	corr := sessionFor(t, f, s, "correspondant-apprieu@demo.invalid")

	r := corr.do(t, http.MethodPatch, "/api/v1/me", `{"language":"en","role":"technician"}`)
	if r.status != 200 || !jsonHas(r.body, "language") || !jsonField([]byte(r.body), "language", "en") {
		t.Fatalf("PATCH /api/v1/me: %d %s, want 200 with language en", r.status, r.body)
	}
	if !jsonField([]byte(r.body), "role", "correspondent") {
		t.Errorf("PATCH /api/v1/me changed the role: %s", r.body)
	}
	var session struct {
		User struct{ Language string } `json:"user"`
	}
	if got := corr.get(t, "/api/v1/session"); json.Unmarshal([]byte(got.body), &session) != nil || session.User.Language != "en" {
		t.Errorf("GET /api/v1/session after the change: %s, want language en", got.body)
	}

	var before struct{ Version int }
	json.Unmarshal([]byte(r.body), &before)
	auditBefore := auditCount(t, s)
	same := corr.do(t, http.MethodPatch, "/api/v1/me", `{}`)
	var after struct{ Version int }
	if same.status != 200 || json.Unmarshal([]byte(same.body), &after) != nil || after.Version != before.Version {
		t.Errorf("empty PATCH /api/v1/me: %d %s, want 200 with version %d", same.status, same.body, before.Version)
	}
	if got := auditCount(t, s); got != auditBefore {
		t.Errorf("empty PATCH /api/v1/me added %d audit entries", got-auditBefore)
	}

	bad := corr.do(t, http.MethodPatch, "/api/v1/me", `{"language":"de"}`)
	if bad.status != 422 || !jsonHas(bad.body, "fields") {
		t.Errorf("language de: %d %s, want 422 with the field", bad.status, bad.body)
	}
	if r := corr.do(t, http.MethodPatch, "/api/v1/me", `{"language":`); r.status != 400 {
		t.Errorf("malformed JSON: %d, want 400", r.status)
	}
	if r := f.anonymous().do(t, http.MethodPatch, "/api/v1/me", `{"language":"en"}`); r.status != 401 && r.status != 403 {
		t.Errorf("anonymous: %d, want 401 or 403", r.status)
	}
}
