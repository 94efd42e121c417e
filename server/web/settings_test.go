package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"

	"parc/server/audit"
	"parc/server/demo"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/web"
)

// settingsServer is a demo server whose environment sets env, logging into
// the returned buffer, and the session of its technician.
func settingsServer(t *testing.T, s *store.Store, env settings.Environment) (fixture, *syncBuffer) {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	app, err := web.New(ctx, web.Config{Store: s, Log: log, TagPrefix: "BE", Environment: env})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return sessionFor(t, fixture{app: app}, s, "technicien@demo.invalid"), logs
}

// settingsBody is the body of GET and PATCH /api/v1/settings.
type settingsBody struct {
	Settings map[string]struct {
		Value  json.RawMessage `json:"value"`
		Source string          `json:"source"`
		Env    string          `json:"env"`
	} `json:"settings"`
}

func decodeSettings(t *testing.T, r response) settingsBody {
	t.Helper()
	var b settingsBody
	if err := json.Unmarshal([]byte(r.body), &b); err != nil || len(b.Settings) == 0 {
		t.Fatalf("settings body: %d %s (%v)", r.status, r.body, err)
	}
	return b
}

func TestSettingsByRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech, _ := settingsServer(t, s, nil)
		committee := sessionFor(t, tech, s, "comite@demo.invalid")
		corr := sessionFor(t, tech, s, "correspondant-apprieu@demo.invalid")
		anon := tech.anonymous()

		calls := []struct {
			role   string
			f      fixture
			method string
			want   int
		}{
			{"anonymous", anon, http.MethodGet, 401},
			{"anonymous", anon, http.MethodPatch, 401},
			{"correspondent", corr, http.MethodGet, 403},
			{"correspondent", corr, http.MethodPatch, 403},
			{"committee", committee, http.MethodGet, 200},
			{"committee", committee, http.MethodPatch, 403},
			{"technician", tech, http.MethodGet, 200},
			{"technician", tech, http.MethodPatch, 200},
		}
		for _, c := range calls {
			if r := c.f.do(t, c.method, "/api/v1/settings", `{"max_loan_days": 21}`); r.status != c.want {
				t.Errorf("%s %s /api/v1/settings: %d %s, want %d", c.role, c.method, r.status, r.body, c.want)
			}
		}
		for _, other := range []fixture{anon, corr, committee} {
			if r := other.do(t, http.MethodPost, "/api/v1/settings/school-holidays/import", "BEGIN:VCALENDAR", "Content-Type", "text/calendar"); r.status != 401 && r.status != 403 {
				t.Errorf("import as a non-technician: %d, want 401 or 403", r.status)
			}
		}

		got := decodeSettings(t, committee.get(t, "/api/v1/settings"))
		if len(got.Settings) != len(settings.Keys) {
			t.Errorf("GET /api/v1/settings has %d keys, want %d: %v", len(got.Settings), len(settings.Keys), got.Settings)
		}
		for _, key := range settings.Keys {
			item, ok := got.Settings[key]
			want := "default"
			if key == settings.KeyMaxLoanDays {
				want = "database"
			}
			if !ok || item.Source != want {
				t.Errorf("%s: source %q, want %q", key, item.Source, want)
			}
		}
		wantEnv := map[string]string{"label_owner": "PARC_LABEL_OWNER", "base_url": "PARC_BASE_URL", "tag_prefix": "PARC_TAG_PREFIX", "smtp_url": "PARC_SMTP_URL"}
		for _, key := range settings.Keys {
			if got.Settings[key].Env != wantEnv[key] {
				t.Errorf("%s: env %q, want %q", key, got.Settings[key].Env, wantEnv[key])
			}
		}
		for key, want := range map[string]string{
			"organisation_name": `"Service informatique mutualisé"`, "label_owner": `"Propriété CCBE — service informatique"`,
			"base_url": `""`, "tag_prefix": `"BE"`, "smtp_url": `{"url":"","password_set":false}`, "label_calibration": `{}`,
			"school_holidays": `[]`, "max_loan_days": `21`, "fleet_growth_percent": `3`,
			"retention": `{"public_reports_days":365,"photos_days":730,"signatures_days":1826,"audit_details_days":365}`,
		} {
			if v := string(got.Settings[key].Value); v != want {
				t.Errorf("%s = %s, want %s", key, v, want)
			}
		}
	})
}

func TestSettingsValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech, _ := settingsServer(t, s, nil)
		before := tech.get(t, "/api/v1/settings").body
		entries := auditCount(t, s)

		holidays := make([]string, 101)
		for i := range holidays {
			holidays[i] = `{"name":"V","start":"2027-01-01","end":"2027-01-02"}`
		}
		tests := []struct {
			body  string
			field string
			// shows is a text the French message must quote.
			shows string
		}{
			{`{"organisation_name": ""}`, "organisation_name", "1 à 200"},
			{`{"organisation_name": "` + strings.Repeat("é", 201) + `"}`, "organisation_name", "1 à 200"},
			{`{"organisation_name": 12}`, "organisation_name", "« 12 »"},
			{`{"organisation_name": "a\u0000b"}`, "organisation_name", "1 à 200"},
			{`{"organisation_name": "Service\ninformatique"}`, "organisation_name", "1 à 200"},
			{`{"organisation_name": "Ser\u200bvice"}`, "organisation_name", "1 à 200"},
			{`{"base_url": "https://parc.example.fr/a b"}`, "base_url", "https://parc.example.fr/a b"},
			{`{"school_holidays": [{"name": "Toussaint\u0000", "start": "2026-10-17", "end": "2026-11-01"}]}`, "school_holidays", "1"},
			{`{"label_owner": "` + strings.Repeat("x", 81) + `"}`, "label_owner", "80 caractères"},
			{`{"label_owner": "Ligne\nDeux"}`, "label_owner", "une seule ligne"},
			{`{"label_owner": "Mairie ★"}`, "label_owner", "Mairie ★"},
			{`{"base_url": "ftp://parc.example.org"}`, "base_url", "ftp://parc.example.org"},
			{`{"base_url": "parc.example.org"}`, "base_url", "https://"},
			{`{"base_url": "https://parc.example.org/?x=1"}`, "base_url", "?x=1"},
			{`{"base_url": "https://parc.example.org/#top"}`, "base_url", "#top"},
			{`{"base_url": "https://user@parc.example.org"}`, "base_url", "user@"},
			{`{"base_url": "https://parc.example.org/` + strings.Repeat("a", 80) + `"}`, "base_url", "87 caractères"},
			{`{"tag_prefix": "B3"}`, "tag_prefix", "« B3 »"},
			{`{"tag_prefix": "ABCD"}`, "tag_prefix", "ABCD"},
			{`{"tag_prefix": ""}`, "tag_prefix", "1 à 3 lettres"},
			{`{"tag_prefix": "É"}`, "tag_prefix", "É"},
			{`{"smtp_url": "http://mail.example"}`, "smtp_url", "http://mail.example"},
			{`{"smtp_url": "smtp://mail.example/boite"}`, "smtp_url", "sans chemin"},
			{`{"smtp_url": 587}`, "smtp_url", "smtp://utilisateur@serveur:587"},
			{`{"smtp_url": {"password": "x"}}`, "smtp_url", "null la retire"},
			{`{"smtp_url": {"url": "smtp://mail.example", "password": "x"}}`, "smtp_url", "un utilisateur"},
			{`{"label_calibration": {"nope": {"offset_x_mm": 0, "offset_y_mm": 0}}}`, "label_calibration", "« nope »"},
			{`{"label_calibration": {"avery-l7160": {"offset_x_mm": 10.5, "offset_y_mm": 0}}}`, "label_calibration", "10.5 mm"},
			{`{"label_calibration": {"avery-l7160": {"offset_x_mm": 0, "offset_y_mm": -11}}}`, "label_calibration", "-11 mm"},
			{`{"label_calibration": {"avery-l7160": {"offset_x_mm": 1}}}`, "label_calibration", "offset_y_mm"},
			{`{"label_calibration": {"avery-l7160": {"offset_x_mm": 1, "offset_y_mm": 1, "z": 0}}}`, "label_calibration", "offset_x_mm"},
			{`{"label_calibration": [1]}`, "label_calibration", "offset_x_mm"},
			{`{"school_holidays": {"name": "Noël"}}`, "school_holidays", "AAAA-MM-JJ"},
			{`{"school_holidays": [` + strings.Join(holidays, ",") + `]}`, "school_holidays", "101 périodes"},
			{`{"school_holidays": [{"name": " ", "start": "2027-01-01", "end": "2027-01-02"}]}`, "school_holidays", "n° 1"},
			{`{"school_holidays": [{"name": "Noël", "start": "2026-13-01", "end": "2027-01-02"}]}`, "school_holidays", "2026-13-01"},
			{`{"school_holidays": [{"name": "Noël", "start": "19/12/2026", "end": "2027-01-02"}]}`, "school_holidays", "19/12/2026"},
			{`{"school_holidays": [{"name": "Noël", "start": "2027-01-03", "end": "2027-01-02"}]}`, "school_holidays", "précède"},
			{`{"school_holidays": [{"name": "Noël", "start": "2027-01-01", "end": "2027-01-02", "zone": "A"}]}`, "school_holidays", "AAAA-MM-JJ"},
			{`{"max_loan_days": 0}`, "max_loan_days", "« 0 »"},
			{`{"max_loan_days": 366}`, "max_loan_days", "366"},
			{`{"max_loan_days": 30.5}`, "max_loan_days", "30.5"},
			{`{"max_loan_days": "30"}`, "max_loan_days", "1 à 365"},
			{`{"fleet_growth_percent": 2.55}`, "fleet_growth_percent", "« 2.55 »"},
			{`{"fleet_growth_percent": 51}`, "fleet_growth_percent", "-50 à 50"},
			{`{"fleet_growth_percent": "3"}`, "fleet_growth_percent", "une décimale"},
			{`{"retention": {"photos_days": 29}}`, "retention", "photos_days « 29 »"},
			{`{"retention": {"audit_details_days": 3651}}`, "retention", "3651"},
			{`{"retention": {"videos_days": 40}}`, "retention", "public_reports_days"},
			{`{"retention": 90}`, "retention", "audit_details_days"},
			{`{"colour": "blue"}`, "colour", "« colour »"},
		}
		for _, tt := range tests {
			r := tech.do(t, http.MethodPatch, "/api/v1/settings", tt.body)
			msg := fieldMessage(r, tt.field)
			if r.status != 422 || msg == "" {
				t.Errorf("PATCH %.120s: %d %s, want 422 on %s", tt.body, r.status, r.body, tt.field)
				continue
			}
			if !strings.Contains(msg, tt.shows) {
				t.Errorf("PATCH %.120s: message %q lacks %q", tt.body, msg, tt.shows)
			}
		}

		// A body with one valid and two invalid keys names both and saves
		// nothing.
		r := tech.do(t, http.MethodPatch, "/api/v1/settings", `{"organisation_name": "Nouveau nom", "max_loan_days": 0, "tag_prefix": "1"}`)
		if r.status != 422 || fieldMessage(r, "max_loan_days") == "" || fieldMessage(r, "tag_prefix") == "" || fieldMessage(r, "organisation_name") != "" {
			t.Errorf("PATCH with two invalid keys: %d %s", r.status, r.body)
		}
		for _, body := range []string{`{nope`, `[]`, `null`, ``} {
			if r := tech.do(t, http.MethodPatch, "/api/v1/settings", body); r.status != 400 {
				t.Errorf("PATCH %q: %d, want 400", body, r.status)
			}
		}

		if after := tech.get(t, "/api/v1/settings").body; after != before {
			t.Errorf("refused PATCHes changed the settings:\nbefore %s\nafter  %s", before, after)
		}
		if got := auditCount(t, s); got != entries {
			t.Errorf("refused PATCHes added %d audit entries", got-entries)
		}
	})
}

// fieldMessage returns the message of one field of a 422 body, "" when
// the field is not at fault.
func fieldMessage(r response, field string) string {
	var b struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	_ = json.Unmarshal([]byte(r.body), &b)
	return b.Error.Fields[field]
}

func TestSettingsPatchSavesAndAudits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech, _ := settingsServer(t, s, nil)
		entries := auditCount(t, s)

		r := tech.do(t, http.MethodPatch, "/api/v1/settings", `{
			"organisation_name": "  Service informatique de Bièvre Est ",
			"label_owner": "Propriété de la CCBE",
			"base_url": "https://parc.bievre-est.example/",
			"tag_prefix": "cc",
			"label_calibration": {"avery-l7160": {"offset_x_mm": -1.5, "offset_y_mm": 0.5}},
			"school_holidays": [
				{"name": "Printemps", "start": "2027-04-17", "end": "2027-05-02"},
				{"name": "Noël", "start": "2026-12-19", "end": "2027-01-03"}
			],
			"max_loan_days": 45,
			"retention": {"photos_days": 400},
			"fleet_growth_percent": 2.5
		}`)
		if r.status != 200 {
			t.Fatalf("PATCH: %d %s", r.status, r.body)
		}
		got := decodeSettings(t, r)
		for key, want := range map[string]string{
			"organisation_name":    `"Service informatique de Bièvre Est"`,
			"label_owner":          `"Propriété de la CCBE"`,
			"base_url":             `"https://parc.bievre-est.example"`,
			"tag_prefix":           `"CC"`,
			"label_calibration":    `{"avery-l7160":{"offset_x_mm":-1.5,"offset_y_mm":0.5}}`,
			"school_holidays":      `[{"name":"Noël","start":"2026-12-19","end":"2027-01-03"},{"name":"Printemps","start":"2027-04-17","end":"2027-05-02"}]`,
			"max_loan_days":        `45`,
			"fleet_growth_percent": `2.5`,
			"retention":            `{"public_reports_days":365,"photos_days":400,"signatures_days":1826,"audit_details_days":365}`,
		} {
			if v := string(got.Settings[key].Value); v != want || got.Settings[key].Source != "database" {
				t.Errorf("%s = %s from %s, want %s from database", key, v, got.Settings[key].Source, want)
			}
		}
		if reread := tech.get(t, "/api/v1/settings").body; reread != r.body {
			t.Errorf("GET after PATCH differs from the PATCH response:\n%s\n%s", reread, r.body)
		}
		if n := auditCount(t, s) - entries; n != 1 {
			t.Errorf("PATCH of 9 keys: %d audit entries, want 1", n)
		}

		// The same values again change nothing and add no entry.
		again := tech.do(t, http.MethodPatch, "/api/v1/settings", `{"max_loan_days": 45, "tag_prefix": "CC", "base_url": "https://parc.bievre-est.example"}`)
		if again.status != 200 || auditCount(t, s)-entries != 1 {
			t.Errorf("PATCH of unchanged values: %d, %d audit entries in all, want 1", again.status, auditCount(t, s)-entries)
		}

		// null puts back the default.
		reset := decodeSettings(t, tech.do(t, http.MethodPatch, "/api/v1/settings", `{"max_loan_days": null}`))
		if v := reset.Settings["max_loan_days"]; string(v.Value) != "30" || v.Source != "default" {
			t.Errorf("max_loan_days after null: %s from %s, want 30 from default", v.Value, v.Source)
		}

		list := tech.get(t, "/api/v1/audit?entity=settings&id="+settings.EntityID.String())
		var log struct {
			Items []audit.Entry `json:"items"`
		}
		if err := json.Unmarshal([]byte(list.body), &log); err != nil || len(log.Items) != 2 {
			t.Fatalf("audit of the settings: %d %s", list.status, list.body)
		}
		first := log.Items[0]
		if first.Action != "update" || !strings.Contains(string(first.After), `"tag_prefix":"CC"`) || !strings.Contains(string(first.Before), `"tag_prefix":"BE"`) {
			t.Errorf("audit entry of the PATCH: before %s after %s", first.Before, first.After)
		}
		if strings.Contains(string(log.Items[1].After), "tag_prefix") {
			t.Errorf("audit entry of the reset holds unchanged keys: %s", log.Items[1].After)
		}
	})
}

func TestSettingsFromTheEnvironment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		env := settings.Environment{
			"base_url": "https://env.parc.example", "label_owner": "Propriété env", "tag_prefix": "EV",
			"smtp_url": "smtps://alerts:env-s3cret@mail.example:465",
		}
		tech, logs := settingsServer(t, s, env)

		got := decodeSettings(t, tech.get(t, "/api/v1/settings"))
		for key, want := range map[string]string{
			"base_url": `"https://env.parc.example"`, "label_owner": `"Propriété env"`, "tag_prefix": `"EV"`,
			"smtp_url": `{"url":"smtps://alerts@mail.example:465","password_set":true}`,
		} {
			if item := got.Settings[key]; string(item.Value) != want || item.Source != "environment" {
				t.Errorf("%s = %s from %s, want %s from environment", key, item.Value, item.Source, want)
			}
		}

		var bodies []string
		bodies = append(bodies, tech.get(t, "/api/v1/settings").body)
		r := tech.do(t, http.MethodPatch, "/api/v1/settings", `{"base_url": "https://other.example", "organisation_name": "Autre nom"}`)
		bodies = append(bodies, r.body)
		if msg := fieldMessage(r, "base_url"); r.status != 422 || !strings.Contains(msg, "PARC_BASE_URL") {
			t.Errorf("PATCH of a key the environment sets: %d %s, want 422 naming PARC_BASE_URL", r.status, r.body)
		}
		for _, key := range []string{"label_owner", "tag_prefix", "smtp_url"} {
			r := tech.do(t, http.MethodPatch, "/api/v1/settings", `{"`+key+`": null}`)
			if msg := fieldMessage(r, key); r.status != 422 || !strings.Contains(msg, settings.EnvName(key)) {
				t.Errorf("PATCH %s: %d %s, want 422 naming %s", key, r.status, r.body, settings.EnvName(key))
			}
		}
		ok := tech.do(t, http.MethodPatch, "/api/v1/settings", `{"organisation_name": "Autre nom"}`)
		if ok.status != 200 {
			t.Errorf("PATCH of a key the environment does not set: %d %s", ok.status, ok.body)
		}
		bodies = append(bodies, ok.body, tech.get(t, "/api/v1/audit?entity=settings&id="+settings.EntityID.String()).body)

		// Labels use the environment's values.
		zpl := tech.do(t, http.MethodPost, "/api/v1/labels", `{"template":"zebra-50x25","count":1}`)
		if zpl.status != 200 || !strings.Contains(zpl.body, "^FDMA,https://env.parc.example/t/EV") || !strings.HasPrefix(zpl.header.Get("X-Parc-Tags"), "EV") {
			t.Errorf("label printed under the environment: %d %s %.300s", zpl.status, zpl.header.Get("X-Parc-Tags"), zpl.body)
		}

		for name, text := range map[string]string{"responses": strings.Join(bodies, "\n"), "log": logs.String()} {
			if strings.Contains(text, "env-s3cret") {
				t.Errorf("the %s contain the SMTP password of the environment", name)
			}
		}
	})
}

func TestSMTPPasswordNeverShown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech, logs := settingsServer(t, s, nil)
		const secret = "S3cret-Pw_42"
		var bodies []string
		send := func(body string, want int) response {
			t.Helper()
			r := tech.do(t, http.MethodPatch, "/api/v1/settings", body)
			if r.status != want {
				t.Errorf("PATCH %s: %d %s, want %d", body, r.status, r.body, want)
			}
			bodies = append(bodies, r.body)
			return r
		}
		smtp := func(r response) string {
			return string(decodeSettings(t, r).Settings["smtp_url"].Value)
		}

		r := send(`{"smtp_url": "smtp://alerts:`+secret+`@mail.example:587"}`, 200)
		if got := smtp(r); got != `{"url":"smtp://alerts@mail.example:587","password_set":true}` {
			t.Errorf("smtp_url after setting it = %s", got)
		}
		r = send(`{"smtp_url": "smtp://alerts@mail.example:2525"}`, 200)
		if got := smtp(r); got != `{"url":"smtp://alerts@mail.example:2525","password_set":true}` {
			t.Errorf("smtp_url after a URL without password = %s, want the password kept", got)
		}
		snap, err := settings.NewService(s, settings.Defaults(), nil).Current(context.Background())
		if err != nil || !strings.Contains(snap.Values.SMTPURL, ":"+secret+"@") {
			t.Errorf("stored SMTP URL lost its password (%v)", err)
		}
		send(`{"smtp_url": "http://alerts:`+secret+`@mail.example"}`, 422)
		send(`{"smtp_url": "smtp://alerts:`+secret+`@mail.example?password=`+secret+`"}`, 422)
		send(`{"smtp_url": "smtp:alerts:`+secret+`@mail.example"}`, 422)
		send(`{"smtp_url": {"url": "smtp://mail.example", "password": "`+secret+`"}}`, 422)
		r = send(`{"smtp_url": {"url": "smtp://alerts@mail.example:2525", "password": ""}}`, 200)
		if got := smtp(r); got != `{"url":"smtp://alerts@mail.example:2525","password_set":false}` {
			t.Errorf("smtp_url after an empty password = %s", got)
		}
		bodies = append(bodies,
			tech.get(t, "/api/v1/settings").body,
			tech.get(t, "/api/v1/audit?entity=settings&id="+settings.EntityID.String()).body)

		for _, body := range bodies {
			if strings.Contains(body, secret) {
				t.Errorf("a response contains the SMTP password: %s", body)
			}
		}
		if strings.Contains(logs.String(), secret) {
			t.Error("the log contains the SMTP password")
		}
		leaks, err := s.Reader.NewSelect().Model((*audit.Entry)(nil)).
			Where("before_json LIKE ? OR after_json LIKE ?", "%"+secret+"%", "%"+secret+"%").Count(context.Background())
		if err != nil || leaks != 0 {
			t.Errorf("%d audit entries hold the SMTP password (%v)", leaks, err)
		}
	})
}

func TestLabelsUseTheEffectiveSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech, _ := settingsServer(t, s, nil)
		old := demoCommune(t, s, "Apprieu").tag

		print := func(body string) response {
			t.Helper()
			r := tech.do(t, http.MethodPost, "/api/v1/labels", body)
			if r.status != 200 {
				t.Fatalf("POST /api/v1/labels %s: %d %s", body, r.status, r.body)
			}
			return r
		}
		before := print(`{"template":"zebra-50x25","tags":["` + old + `"]}`)
		if strings.Contains(before.body, "^BQ") {
			t.Errorf("label without base URL has a QR code: %.200s", before.body)
		}

		r := tech.do(t, http.MethodPatch, "/api/v1/settings", `{"base_url": "https://parc.test.example", "label_owner": "Mairie Test",
			"tag_prefix": "CC", "label_calibration": {"zebra-50x25": {"offset_x_mm": 3, "offset_y_mm": -2}}}`)
		if r.status != 200 {
			t.Fatalf("PATCH: %d %s", r.status, r.body)
		}

		batch := print(`{"template":"zebra-50x25","count":1}`)
		tag := strings.Split(batch.header.Get("X-Parc-Tags"), "..")[0]
		if !strings.HasPrefix(tag, "CC") {
			t.Errorf("new batch after tag_prefix CC: %q", tag)
		}
		for _, want := range []string{"^FDMA,https://parc.test.example/t/" + tag, "^FDMairie Test^FS"} {
			if !strings.Contains(batch.body, want) {
				t.Errorf("label of the new batch lacks %q: %s", want, batch.body)
			}
		}

		// The reprint of an old tag moves by the calibration, which ZPL
		// gives as label shift and label top in dots at 203 dpi.
		after := print(`{"template":"zebra-50x25","tags":["` + old + `"]}`)
		if !strings.Contains(before.body, "^LS0\n^LT0\n") || !strings.Contains(after.body, "^LS-24\n^LT-16\n") {
			t.Errorf("calibration of 3 mm right and 2 mm up: before %.120q, after %.120q", before.body, after.body)
		}

		// Tags of both prefixes still scan; a mistyped one names the
		// prefix in force.
		if r := tech.get(t, "/api/v1/assets/by-tag/"+old); r.status != 200 {
			t.Errorf("by-tag of the old tag %s: %d %s", old, r.status, r.body)
		}
		if r := tech.get(t, "/api/v1/assets/by-tag/"+strings.ToLower(tag)); r.status != 404 || !strings.Contains(r.body, tag) {
			t.Errorf("by-tag of the new, unassigned tag %s: %d %s, want 404", tag, r.status, r.body)
		}
		if r := tech.get(t, "/api/v1/assets/by-tag/XX0000011"); r.status != 400 || !strings.Contains(r.body, "préfixe CC") {
			t.Errorf("by-tag of a foreign tag: %d %s, want 400 naming CC", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/tags/"+old+"/void", ""); r.status != 200 {
			t.Errorf("void of the old tag %s: %d %s", old, r.status, r.body)
		}
	})
}

func TestImportSchoolHolidays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech, _ := settingsServer(t, s, nil)
		ics, err := os.ReadFile("../settings/testdata/zone-a.ics")
		if err != nil {
			t.Fatal(err)
		}
		entries := auditCount(t, s)

		r := tech.do(t, http.MethodPost, "/api/v1/settings/school-holidays/import", string(ics), "Content-Type", "text/calendar; charset=utf-8")
		want := `{"ranges":[{"name":"Vacances de Noël - Zone A, Académie de Grenoble","start":"2026-12-19","end":"2027-01-03"},` +
			`{"name":"Pont de l'Ascension","start":"2027-05-07","end":"2027-05-09"}]}`
		if r.status != 200 || r.body != want {
			t.Errorf("import: %d %s\nwant %s", r.status, r.body, want)
		}
		if got := decodeSettings(t, tech.get(t, "/api/v1/settings")).Settings["school_holidays"]; string(got.Value) != "[]" || auditCount(t, s) != entries {
			t.Errorf("import saved something: school_holidays %s", got.Value)
		}

		// The ranges go back unchanged through PATCH.
		var imported struct {
			Ranges json.RawMessage `json:"ranges"`
		}
		_ = json.Unmarshal([]byte(r.body), &imported)
		saved := tech.do(t, http.MethodPatch, "/api/v1/settings", `{"school_holidays": `+string(imported.Ranges)+`}`)
		if v := decodeSettings(t, saved).Settings["school_holidays"].Value; string(v) != string(imported.Ranges) {
			t.Errorf("saved ranges %s, want %s", v, imported.Ranges)
		}

		bad := []struct {
			name, body, contentType string
			status                  int
			shows                   string
		}{
			{"JSON", `{}`, "application/json", 400, "text/calendar"},
			{"not a calendar", "bonjour", "text/calendar", 400, "BEGIN:VCALENDAR"},
			{"unreadable line", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE\r\n", "text/calendar", 400, "ligne 3"},
			{"missing END", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20270101\r\n", "text/calendar", 400, "BEGIN et END"},
			{"bad date", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2027-01-01\nEND:VEVENT\nEND:VCALENDAR", "text/calendar", 400, "« 2027-01-01 »"},
			{"no events", "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR", "text/calendar", 422, "aucun événement"},
			{"too many", "BEGIN:VCALENDAR\n" + strings.Repeat("BEGIN:VEVENT\nDTSTART:20270101\nEND:VEVENT\n", 101) + "END:VCALENDAR", "application/octet-stream", 422, "101 périodes"},
		}
		for _, b := range bad {
			r := tech.do(t, http.MethodPost, "/api/v1/settings/school-holidays/import", b.body, "Content-Type", b.contentType)
			if r.status != b.status || !strings.Contains(r.body, b.shows) {
				t.Errorf("import of %s: %d %s, want %d with %q", b.name, r.status, r.body, b.status, b.shows)
			}
		}
	})
}
