package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"parc/server/audit"
	"parc/server/store"
	"parc/server/store/storetest"
)

func auditCount(t *testing.T, s *store.Store) int {
	t.Helper()
	n, err := s.Reader.NewSelect().Model((*audit.Entry)(nil)).Count(context.Background())
	if err != nil {
		t.Fatalf("count audit entries: %v", err)
	}
	return int(n)
}

// TestEveryWriteIsAudited sends each write of the API once and checks that
// it adds exactly one audit entry, with the record before and after.
func TestEveryWriteIsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		tech := sessionFor(t, f, s, "technicien@demo.invalid")

		write := func(what, method, path, body string, wantStatus int) response {
			t.Helper()
			before := auditCount(t, s)
			r := tech.do(t, method, path, body)
			if r.status != wantStatus {
				t.Fatalf("%s: %s %s: %d %s, want %d", what, method, path, r.status, r.body, wantStatus)
			}
			if got := auditCount(t, s) - before; got != 1 {
				t.Errorf("%s: %d audit entries, want 1", what, got)
			}
			return r
		}

		created := write("create user", http.MethodPost, "/api/v1/users",
			`{"email":"audit@demo.invalid","name":"Avant","role":"committee"}`, 201)
		var c struct {
			User struct {
				ID      string `json:"id"`
				Version int    `json:"version"`
			} `json:"user"`
		}
		if err := json.Unmarshal([]byte(created.body), &c); err != nil {
			t.Fatalf("decode created user: %v", err)
		}
		write("rename user", http.MethodPatch, "/api/v1/users/"+c.User.ID, `{"version":1,"name":"Après"}`, 200)
		write("reset password", http.MethodPost, "/api/v1/users/"+c.User.ID+"/reset-password", "", 200)
		write("own language", http.MethodPatch, "/api/v1/me", `{"language":"en"}`, 200)
		write("change settings", http.MethodPatch, "/api/v1/settings", `{"max_loan_days":21,"organisation_name":"Service de test"}`, 200)

		// The fleet: each creation, edit, archive and restore.
		fleet := map[string]string{}
		for _, c := range []struct{ entity, collection, body string }{
			{"commune", "communes", `{"name":"Sillans"}`},
			{"site", "sites", `{"commune_id":"%s","name":"Mairie de Sillans","kind":"town_hall"}`},
			{"room", "rooms", `{"site_id":"%s","name":"Secrétariat"}`},
			{"asset", "assets", `{"site_id":"%s","room_id":"%s","kind":"pc"}`},
		} {
			body := c.body
			switch c.entity {
			case "site":
				body = fmt.Sprintf(body, fleet["commune"])
			case "room":
				body = fmt.Sprintf(body, fleet["site"])
			case "asset":
				body = fmt.Sprintf(body, fleet["site"], fleet["room"])
			}
			r := write("create "+c.entity, http.MethodPost, "/api/v1/"+c.collection, body, 201)
			fleet[c.entity] = decodeRecord(t, r).id()
			path := "/api/v1/" + c.collection + "/" + fleet[c.entity]
			write("edit "+c.entity, http.MethodPatch, path, `{"version":1}`, 200)
		}
		for _, c := range []struct{ entity, collection string }{
			{"asset", "assets"}, {"room", "rooms"}, {"site", "sites"}, {"commune", "communes"},
		} {
			path := "/api/v1/" + c.collection + "/" + fleet[c.entity]
			write("archive "+c.entity, http.MethodPatch, path, `{"version":2,"archived":true}`, 200)
		}
		for _, c := range []struct{ entity, collection string }{
			{"commune", "communes"}, {"site", "sites"}, {"room", "rooms"}, {"asset", "assets"},
		} {
			path := "/api/v1/" + c.collection + "/" + fleet[c.entity]
			write("restore "+c.entity, http.MethodPatch, path, `{"version":3,"archived":false}`, 200)
			if got, want := auditActions(t, tech, c.entity, fleet[c.entity]), []string{"create", "update", "archive", "restore"}; !slices.Equal(got, want) {
				t.Errorf("audit actions of the %s: %v, want %v", c.entity, got, want)
			}
		}
		beforeStale := auditCount(t, s)
		if r := tech.do(t, http.MethodPatch, "/api/v1/assets/"+fleet["asset"], `{"version":1,"notes":"Conflit"}`); r.status != 409 {
			t.Errorf("stale version of the asset: %d %s, want 409", r.status, r.body)
		}
		if got := auditCount(t, s); got != beforeStale {
			t.Errorf("refused fleet write added %d audit entries", got-beforeStale)
		}

		// A refused write adds nothing.
		before := auditCount(t, s)
		if r := tech.do(t, http.MethodPatch, "/api/v1/users/"+c.User.ID, `{"version":1,"name":"Conflit"}`); r.status != 409 {
			t.Errorf("stale version: %d %s, want 409", r.status, r.body)
		} else if !jsonHas(r.body, "current") {
			t.Errorf("409 without the current record: %s", r.body)
		}
		if r := tech.do(t, http.MethodPatch, "/api/v1/settings", `{"max_loan_days":21}`); r.status != 200 {
			t.Errorf("unchanged settings: %d %s", r.status, r.body)
		}
		if got := auditCount(t, s); got != before {
			t.Errorf("refused or empty writes added %d audit entries", got-before)
		}

		list := tech.get(t, "/api/v1/audit?entity=user&id="+c.User.ID)
		var entries struct {
			Items []struct {
				Action string          `json:"action"`
				Before json.RawMessage `json:"before"`
				After  json.RawMessage `json:"after"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(list.body), &entries); err != nil || len(entries.Items) != 3 {
			t.Fatalf("audit of the user: %d %s", list.status, list.body)
		}
		first, rename := entries.Items[0], entries.Items[1]
		if first.Action != "create" || string(first.Before) != "null" || !jsonField(first.After, "name", "Avant") {
			t.Errorf("create entry: %s before %s after %s", first.Action, first.Before, first.After)
		}
		if rename.Action != "update" || !jsonField(rename.Before, "name", "Avant") || !jsonField(rename.After, "name", "Après") {
			t.Errorf("update entry: before %s after %s", rename.Before, rename.After)
		}
		for _, e := range entries.Items {
			if jsonHas(string(e.After), "password_hash") {
				t.Errorf("audit entry %s holds the password hash", e.Action)
			}
		}

		write("erase a user", http.MethodPost, "/api/v1/users/"+c.User.ID+"/erase", `{"confirm":"audit@demo.invalid"}`, 200)

		// Sessions: logout and revoking another session are writes too.
		other := sessionFor(t, f, s, "technicien@demo.invalid")
		var sessions struct {
			Items []struct {
				ID      string `json:"id"`
				Current bool   `json:"current"`
			} `json:"items"`
		}
		_ = json.Unmarshal([]byte(other.get(t, "/api/v1/sessions").body), &sessions)
		for _, it := range sessions.Items {
			if it.Current {
				write("revoke a session", http.MethodDelete, "/api/v1/sessions/"+it.ID, "", 204)
			}
		}
		write("log out", http.MethodDelete, "/api/v1/session", "", 204)

		beforeLogin := auditCount(t, s)
		login(t, f, "comite@demo.invalid", "parc-demo")
		if got := auditCount(t, s) - beforeLogin; got != 1 {
			t.Errorf("login: %d audit entries, want 1", got)
		}
	})
}

func jsonHas(doc, key string) bool {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		return false
	}
	if _, ok := m[key]; ok {
		return true
	}
	if inner, ok := m["error"]; ok {
		return jsonHas(string(inner), key)
	}
	return false
}

func jsonField(doc json.RawMessage, key, want string) bool {
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		return false
	}
	return m[key] == want
}
