package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/audit"
	"parc/server/store"
	"parc/server/store/storetest"
)

// loginAs logs in through the API, as a browser would, and returns the
// fixture with that session.
func loginAs(t *testing.T, f fixture, email, password string) fixture {
	t.Helper()
	r := login(t, f, email, password, "User-Agent", "Mozilla/5.0 (Android 14) Parc-test")
	if r.status != 200 {
		t.Fatalf("log in as %s: %d %s", email, r.status, r.body)
	}
	var info struct {
		CSRFToken string `json:"csrf_token"`
	}
	_ = json.Unmarshal([]byte(r.body), &info)
	for _, c := range strings.Split(r.header.Get("Set-Cookie"), ";") {
		if strings.HasPrefix(strings.TrimSpace(c), accounts.SessionCookie+"=") {
			f.cookie = strings.TrimSpace(c)
		}
	}
	f.csrf = info.CSRFToken
	return f
}

// exported is the part of a personal-data export that tests read.
type exported struct {
	GeneratedAt string        `json:"generated_at"`
	User        accounts.User `json:"user"`
	Communes    []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"communes"`
	Sessions []struct {
		ID        string `json:"id"`
		UserAgent string `json:"user_agent"`
		IP        string `json:"ip"`
		CreatedAt string `json:"created_at"`
	} `json:"sessions"`
	AuditEntries []struct {
		audit.Entry
		Involvement string `json:"involvement"`
	} `json:"audit_entries"`
}

func TestPersonalDataExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech, _ := settingsServer(t, s, nil)
		chabons := demoCommune(t, s, "Châbons")
		person, err := accounts.UserByEmail(context.Background(), s.Reader, "correspondant-chabons@demo.invalid")
		if err != nil {
			t.Fatal(err)
		}
		loginAs(t, tech.anonymous(), "correspondant-chabons@demo.invalid", "parc-demo")
		if r := tech.do(t, http.MethodPatch, "/api/v1/users/"+person.ID.String(), `{"version":1,"name":"Correspondant renommé"}`); r.status != 200 {
			t.Fatalf("rename: %d %s", r.status, r.body)
		}

		r := tech.get(t, "/api/v1/users/"+person.ID.String()+"/personal-data")
		if r.status != 200 {
			t.Fatalf("export: %d %s", r.status, r.body)
		}
		if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="parc-donnees-personnelles-`+person.ID.String()+`.json"` {
			t.Errorf("Content-Disposition = %q", cd)
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type = %q", ct)
		}
		for _, secret := range []string{"password_hash", "$argon2id$", "token_hash", "csrf_token"} {
			if strings.Contains(r.body, secret) {
				t.Errorf("the export contains %s", secret)
			}
		}
		var data exported
		if err := json.Unmarshal([]byte(r.body), &data); err != nil {
			t.Fatalf("decode export: %v\n%s", err, r.body)
		}
		if data.GeneratedAt == "" || data.User.Email != "correspondant-chabons@demo.invalid" || data.User.Name != "Correspondant renommé" {
			t.Errorf("export user: generated_at %q, user %+v", data.GeneratedAt, data.User)
		}
		if len(data.Communes) != 1 || data.Communes[0].ID != chabons.id || data.Communes[0].Name != "Châbons" {
			t.Errorf("export communes: %+v, want Châbons", data.Communes)
		}
		if len(data.Sessions) != 1 || data.Sessions[0].UserAgent != "Mozilla/5.0 (Android 14) Parc-test" || data.Sessions[0].IP == "" || data.Sessions[0].CreatedAt == "" {
			t.Errorf("export sessions: %+v", data.Sessions)
		}
		var login, rename bool
		for _, e := range data.AuditEntries {
			switch {
			case e.Entity == "session" && e.Action == "create" && e.Involvement == "subject" && strings.Contains(string(e.After), "Parc-test"):
				login = true
			case e.Entity == "user" && e.Action == "update" && e.Involvement == "subject" && strings.Contains(string(e.After), "Correspondant renommé"):
				rename = true
			}
		}
		if !login || !rename {
			t.Errorf("export audit entries lack the login (%v) or the rename (%v): %s", login, rename, r.body)
		}

		// The technician's own export lists the rename as an action of
		// theirs, without the correspondent's record.
		techUser, _ := accounts.UserByEmail(context.Background(), s.Reader, "technicien@demo.invalid")
		var own exported
		_ = json.Unmarshal([]byte(tech.get(t, "/api/v1/users/"+techUser.ID.String()+"/personal-data").body), &own)
		found := false
		for _, e := range own.AuditEntries {
			if e.Entity == "user" && e.EntityID == person.ID {
				found = true
				if e.Involvement != "actor" || string(e.Before) != "null" || string(e.After) != "null" {
					t.Errorf("technician's export: rename entry %s before %s after %s, want actor without documents", e.Involvement, e.Before, e.After)
				}
			}
		}
		if !found {
			t.Errorf("technician's export lacks the rename they made")
		}

		for path, want := range map[string]int{
			"/api/v1/users/" + uuid.Must(uuid.NewV7()).String() + "/personal-data": 404,
			"/api/v1/users/nope/personal-data":                                     400,
		} {
			if r := tech.get(t, path); r.status != want {
				t.Errorf("GET %s: %d, want %d", path, r.status, want)
			}
		}
		if r := sessionFor(t, tech, s, "comite@demo.invalid").get(t, "/api/v1/users/"+person.ID.String()+"/personal-data"); r.status != 403 {
			t.Errorf("export as the committee: %d, want 403", r.status)
		}
	})
}

// TestEraseLeavesNoTrace creates a correspondent with a distinctive name
// and address, gives them sessions and audit entries, and erases them. It
// then checks that no response, export or log line holds the name or the
// address, and that the commune's data stays as it was.
func TestEraseLeavesNoTrace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech, logs := settingsServer(t, s, nil)
		burcin := demoCommune(t, s, "Burcin")
		communeBefore := tech.get(t, "/api/v1/communes/"+burcin.id).body
		assetsBefore := tech.get(t, "/api/v1/assets?limit=500&commune="+burcin.id).body
		const (
			firstName = "Zéphyrine Quartermaine"
			laterName = "Zéphyrine Quartermaine-Dubois"
			email     = "zephyrine.quartermaine@mairie-burcin.example"
		)
		traces := []string{"Zéphyrine", "Quartermaine", "zephyrine.quartermaine", "mairie-burcin.example"}

		created := tech.do(t, http.MethodPost, "/api/v1/users",
			`{"email":"Zephyrine.Quartermaine@Mairie-Burcin.example","name":"`+firstName+`","role":"correspondent","commune_ids":["`+burcin.id+`"]}`)
		var c struct {
			User            accounts.User `json:"user"`
			OneTimePassword string        `json:"one_time_password"`
		}
		if err := json.Unmarshal([]byte(created.body), &c); err != nil || created.status != 201 {
			t.Fatalf("create: %d %s", created.status, created.body)
		}
		id := c.User.ID.String()

		if r := login(t, tech, email, "not-the-password"); r.status != 401 {
			t.Errorf("wrong password: %d", r.status)
		}
		person := loginAs(t, tech.anonymous(), email, c.OneTimePassword)
		loginAs(t, tech.anonymous(), strings.ToUpper(email), c.OneTimePassword)
		if r := person.get(t, "/api/v1/communes"); r.status != 200 || !strings.Contains(r.body, burcin.id) {
			t.Errorf("the correspondent reads their commune: %d", r.status)
		}
		if r := tech.do(t, http.MethodPatch, "/api/v1/users/"+id, `{"version":1,"name":"`+laterName+`"}`); r.status != 200 {
			t.Fatalf("rename: %d %s", r.status, r.body)
		}
		var before exported
		_ = json.Unmarshal([]byte(tech.get(t, "/api/v1/users/"+id+"/personal-data").body), &before)
		if len(before.Sessions) != 2 {
			t.Fatalf("sessions before the erasure: %+v", before.Sessions)
		}

		// Refusals: a wrong confirmation and one's own account.
		if r := tech.do(t, http.MethodPost, "/api/v1/users/"+id+"/erase", `{"confirm":"quelqu-un@mairie-burcin.example"}`); r.status != 422 || fieldMessage(r, "confirm") == "" {
			t.Errorf("erase with a wrong confirmation: %d %s", r.status, r.body)
		}
		techUser, _ := accounts.UserByEmail(context.Background(), s.Reader, "technicien@demo.invalid")
		if r := tech.do(t, http.MethodPost, "/api/v1/users/"+techUser.ID.String()+"/erase", `{"confirm":"technicien@demo.invalid"}`); r.status != 422 || fieldMessage(r, "id") == "" {
			t.Errorf("erase oneself: %d %s", r.status, r.body)
		}

		entries := auditCount(t, s)
		r := tech.do(t, http.MethodPost, "/api/v1/users/"+id+"/erase", `{"confirm":" `+strings.ToUpper(email)+` "}`)
		if r.status != 200 {
			t.Fatalf("erase: %d %s", r.status, r.body)
		}
		var erased accounts.User
		_ = json.Unmarshal([]byte(r.body), &erased)
		wantName, wantEmail := accounts.Pseudonyms(c.User.ID)
		if erased.Name != wantName || erased.Email != wantEmail || erased.DisabledAt == nil || len(erased.CommuneIDs) != 0 ||
			!strings.HasPrefix(wantName, "Personne effacée "+strings.ReplaceAll(id, "-", "")[:8]) {
			t.Errorf("erased user: %+v", erased)
		}
		if n := auditCount(t, s) - entries; n != 1 {
			t.Errorf("erasure added %d audit entries, want 1", n)
		}

		// Nothing the API returns, exports or logs names the person.
		paths := []string{
			"/api/v1/users", "/api/v1/users/" + id, "/api/v1/audit?entity=user&id=" + id,
			"/api/v1/users/" + id + "/personal-data", "/api/v1/sessions",
			"/api/v1/users/" + techUser.ID.String() + "/personal-data",
		}
		for _, session := range before.Sessions {
			paths = append(paths, "/api/v1/audit?entity=session&id="+session.ID)
		}
		for _, path := range paths {
			r := tech.get(t, path)
			if r.status != 200 {
				t.Errorf("GET %s after the erasure: %d", path, r.status)
			}
			for _, trace := range traces {
				if strings.Contains(strings.ToLower(r.body), strings.ToLower(trace)) {
					t.Errorf("GET %s after the erasure contains %q: %.400s", path, trace, r.body)
				}
			}
		}
		for _, path := range paths[len(paths)-len(before.Sessions):] {
			if body := tech.get(t, path).body; strings.Contains(body, "Parc-test") || !strings.Contains(body, `"ip":""`) {
				t.Errorf("GET %s keeps the browser or the address of the session: %.400s", path, body)
			}
		}
		log := strings.ToLower(logs.String())
		if !strings.Contains(log, "login failed") || !strings.Contains(log, "user erased") || !strings.Contains(log, id) {
			t.Fatalf("the log capture misses the login failure or the erasure: %.2000s", log)
		}
		for _, trace := range traces {
			if strings.Contains(log, strings.ToLower(trace)) {
				t.Errorf("the log contains %q", trace)
			}
		}
		var stored int
		err := s.Reader.NewSelect().Model((*audit.Entry)(nil)).ColumnExpr("count(*)").
			Where("lower(before_json) LIKE ? OR lower(after_json) LIKE ? OR before_json LIKE ? OR after_json LIKE ?",
				"%quartermaine%", "%quartermaine%", "%Quartermaine%", "%Quartermaine%").
			Scan(context.Background(), &stored)
		if err != nil || stored != 0 {
			t.Errorf("%d audit entries still name the person (%v)", stored, err)
		}

		// The account is closed, and the commune's data is as it was.
		if r := person.get(t, "/api/v1/communes"); r.status != 401 {
			t.Errorf("old session after the erasure: %d, want 401", r.status)
		}
		if r := login(t, tech, email, c.OneTimePassword); r.status != 401 {
			t.Errorf("login after the erasure: %d, want 401", r.status)
		}
		if after := tech.get(t, "/api/v1/communes/"+burcin.id).body; after != communeBefore {
			t.Errorf("commune changed by the erasure:\n%s\n%s", communeBefore, after)
		}
		if after := tech.get(t, "/api/v1/assets?limit=500&commune="+burcin.id).body; after != assetsBefore {
			t.Error("assets of the commune changed by the erasure")
		}
		var audited struct {
			Items []audit.Entry `json:"items"`
		}
		_ = json.Unmarshal([]byte(tech.get(t, "/api/v1/audit?entity=user&id="+id).body), &audited)
		last := audited.Items[len(audited.Items)-1]
		if last.Action != "erase" || last.ActorID == nil || *last.ActorID != techUser.ID || !strings.Contains(string(last.Before), wantName) {
			t.Errorf("erasure entry: %s by %v, before %s", last.Action, last.ActorID, last.Before)
		}
	})
}

func TestEraseKeepsTheLastTechnician(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech, _ := settingsServer(t, s, nil)
		ctx := context.Background()
		technician, _ := accounts.UserByEmail(ctx, s.Reader, "technicien@demo.invalid")
		committee, _ := accounts.UserByEmail(ctx, s.Reader, "comite@demo.invalid")

		// Only another technician can erase one through the API, so the
		// last active technician is reached through the function.
		_, err := accounts.EraseUser(ctx, s.DB, committee.ID, technician.ID, "technicien@demo.invalid")
		if err == nil || !strings.Contains(err.Error(), "invalid_fields") {
			t.Errorf("erase the last technician: %v, want a 422", err)
		}
		if r := tech.get(t, "/api/v1/users/"+technician.ID.String()); !strings.Contains(r.body, "technicien@demo.invalid") {
			t.Errorf("the last technician changed: %s", r.body)
		}
	})
}
