package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"parc/server/accounts"
	"parc/server/demo"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/web"
)

// syncBuffer is a log destination that tests can read while the server
// writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// loggedFixture is a demo fixture whose server logs at debug level into
// the returned buffer.
func loggedFixture(t *testing.T, s *store.Store) (fixture, *syncBuffer) {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	app, err := web.New(ctx, web.Config{Store: s, Log: log, TagPrefix: "BE"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return fixture{app: app}, logs
}

func login(t *testing.T, f fixture, email, password string, header ...string) response {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	return f.anonymous().do(t, http.MethodPost, "/api/v1/session", string(body), header...)
}

func TestLoginSessionAndLogout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f, _ := loggedFixture(t, s)

		anon := f.get(t, "/api/v1/session")
		if anon.status != 200 || !strings.Contains(anon.body, `"user":null`) || !strings.Contains(anon.body, `"csrf_token":"`) {
			t.Errorf("GET /api/v1/session anonymous: %d %s", anon.status, anon.body)
		}

		wrong := login(t, f, "technicien@demo.invalid", "not-the-password")
		if wrong.status != 401 || !strings.Contains(wrong.body, "Adresse e-mail ou mot de passe incorrect") {
			t.Errorf("wrong password: %d %s", wrong.status, wrong.body)
		}
		unknown := login(t, f, "nobody@demo.invalid", "parc-demo")
		if unknown.status != 401 || unknown.envelop.Error.Message != wrong.envelop.Error.Message {
			t.Errorf("unknown address: %d %s; want the same 401 as a wrong password", unknown.status, unknown.body)
		}
		if missing := login(t, f, "", ""); missing.status != 422 || !strings.Contains(missing.body, `"email"`) {
			t.Errorf("empty login: %d %s; want 422 naming the fields", missing.status, missing.body)
		}
		if bad := f.anonymous().do(t, http.MethodPost, "/api/v1/session", "{nope"); bad.status != 400 {
			t.Errorf("malformed login body: %d %s; want 400", bad.status, bad.body)
		}

		ok := login(t, f, "TECHNICIEN@demo.invalid ", "parc-demo")
		if ok.status != 200 || !strings.Contains(ok.body, `"role":"technician"`) {
			t.Fatalf("login: %d %s", ok.status, ok.body)
		}
		cookie := ok.header.Get("Set-Cookie")
		for _, want := range []string{"parc_session=", "HttpOnly", "SameSite=Lax", "expires="} {
			if !strings.Contains(cookie, want) {
				t.Errorf("session cookie %q lacks %s", cookie, want)
			}
		}
		if strings.Contains(cookie, "secure") {
			t.Errorf("session cookie %q is Secure over plain HTTP", cookie)
		}
		// A client cannot claim HTTPS through a proxy header: no proxy is trusted.
		spoofed := login(t, f, "technicien@demo.invalid", "parc-demo", "X-Forwarded-Proto", "https")
		if c := spoofed.header.Get("Set-Cookie"); strings.Contains(c, "secure") {
			t.Errorf("untrusted X-Forwarded-Proto made the cookie Secure: %q", c)
		}

		tech := f.as(t, "technicien@demo.invalid")
		me := tech.get(t, "/api/v1/session")
		if !strings.Contains(me.body, `"email":"technicien@demo.invalid"`) || !strings.Contains(me.body, `"csrf_token":"`+tech.csrf+`"`) {
			t.Errorf("GET /api/v1/session logged in: %s", me.body)
		}
		sessions := tech.get(t, "/api/v1/sessions")
		if sessions.status != 200 || !strings.Contains(sessions.body, `"current":true`) {
			t.Errorf("GET /api/v1/sessions: %d %s", sessions.status, sessions.body)
		}

		if out := tech.do(t, http.MethodDelete, "/api/v1/session", ""); out.status != 204 {
			t.Fatalf("logout: %d %s", out.status, out.body)
		}
		if after := tech.get(t, "/api/v1/communes"); after.status != 401 {
			t.Errorf("request after logout: %d, want 401", after.status)
		}
	})
}

func TestLoginRateLimit(t *testing.T) {
	f, _ := loggedFixture(t, storetest.Open(t, store.SQLite))

	var last response
	for i := 1; i <= 10; i++ {
		last = login(t, f, "comite@demo.invalid", "wrong password")
		if last.status != 401 && last.status != 429 {
			t.Fatalf("attempt %d: status %d, want 401 or 429", i, last.status)
		}
	}
	if last.status != 429 {
		t.Fatalf("tenth wrong password: status %d, want 429", last.status)
	}
	if last.header.Get("Retry-After") == "" || !strings.Contains(last.body, "Trop de tentatives") {
		t.Errorf("429 without Retry-After or French message: %v %s", last.header, last.body)
	}
	if right := login(t, f, "comite@demo.invalid", "parc-demo"); right.status != 429 {
		t.Errorf("right password while locked out: %d, want 429", right.status)
	}
	// Another account from another address is not locked out.
	if other := login(t, f, "technicien@demo.invalid", "parc-demo"); other.status != 200 {
		t.Errorf("another account: %d, want 200", other.status)
	}
}

func TestCSRFProtection(t *testing.T) {
	f, _ := loggedFixture(t, storetest.Open(t, store.SQLite))
	tech := f.as(t, "technicien@demo.invalid")
	body := `{"email":"new@demo.invalid","name":"Nouvelle","role":"committee"}`

	noToken := tech
	noToken.csrf = ""
	if r := noToken.do(t, http.MethodPost, "/api/v1/users", body); r.status != 403 || r.envelop.Error.Code != "csrf" {
		t.Errorf("POST without CSRF token: %d %s, want 403 csrf", r.status, r.body)
	}
	wrongToken := tech
	wrongToken.csrf = accounts.NewToken()
	if r := wrongToken.do(t, http.MethodPost, "/api/v1/users", body); r.status != 403 {
		t.Errorf("POST with another token: %d, want 403", r.status)
	}
	other := f.as(t, "technicien@demo.invalid")
	crossed := tech
	crossed.csrf = other.csrf
	if r := crossed.do(t, http.MethodPost, "/api/v1/users", body); r.status != 403 {
		t.Errorf("POST with the token of another session: %d, want 403", r.status)
	}
	if r := tech.do(t, http.MethodPost, "/api/v1/users", body); r.status != 201 {
		t.Errorf("POST with the session's token: %d %s, want 201", r.status, r.body)
	}
}

func TestRevokedExpiredAndDisabledSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f, _ := loggedFixture(t, s)
		ctx := context.Background()
		tech := f.as(t, "technicien@demo.invalid")

		// Revoked from another device.
		phone := f.as(t, "technicien@demo.invalid")
		var list struct {
			Items []struct {
				ID      string `json:"id"`
				Current bool   `json:"current"`
			} `json:"items"`
		}
		_ = json.Unmarshal([]byte(phone.get(t, "/api/v1/sessions").body), &list)
		var phoneID string
		for _, it := range list.Items {
			if it.Current {
				phoneID = it.ID
			}
		}
		if r := tech.do(t, http.MethodDelete, "/api/v1/sessions/"+phoneID, ""); r.status != 204 {
			t.Fatalf("revoke the phone's session: %d %s", r.status, r.body)
		}
		if r := phone.get(t, "/api/v1/assets?limit=1"); r.status != 401 {
			t.Errorf("revoked session: %d, want 401", r.status)
		}

		// Expired.
		laptop := f.as(t, "comite@demo.invalid")
		_, err := s.DB.NewUpdate().Model((*accounts.Session)(nil)).
			Set("expires_at = ?", time.Now().Add(-time.Minute)).Where("user_id IN (SELECT id FROM users WHERE email = 'comite@demo.invalid')").Exec(ctx)
		if err != nil {
			t.Fatalf("expire session: %v", err)
		}
		if r := laptop.get(t, "/api/v1/assets?limit=1"); r.status != 401 {
			t.Errorf("expired session: %d, want 401", r.status)
		}

		// Disabled user.
		corr := f.as(t, "correspondant-chabons@demo.invalid")
		u, err := accounts.UserByEmail(ctx, s.Reader, "correspondant-chabons@demo.invalid")
		if err != nil {
			t.Fatalf("find correspondent: %v", err)
		}
		patch := `{"version":` + itoa(u.Version) + `,"disabled":true}`
		if r := tech.do(t, http.MethodPatch, "/api/v1/users/"+u.ID.String(), patch); r.status != 200 {
			t.Fatalf("disable user: %d %s", r.status, r.body)
		}
		if r := corr.get(t, "/api/v1/assets?limit=1"); r.status != 401 {
			t.Errorf("session of a disabled user: %d, want 401", r.status)
		}
		if r := login(t, f, "correspondant-chabons@demo.invalid", "parc-demo"); r.status != 401 {
			t.Errorf("login of a disabled user: %d, want 401", r.status)
		}
	})
}

func TestSecretsNeverLogged(t *testing.T) {
	f, logs := loggedFixture(t, storetest.Open(t, store.SQLite))
	tech := f.as(t, "technicien@demo.invalid")
	login(t, f, "technicien@demo.invalid", "wrong-secret-password")
	created := tech.do(t, http.MethodPost, "/api/v1/users", `{"email":"x@demo.invalid","name":"X","role":"committee"}`)
	var out struct {
		OneTimePassword string `json:"one_time_password"`
	}
	_ = json.Unmarshal([]byte(created.body), &out)
	tech.get(t, "/api/v1/communes")

	text := logs.String()
	if !strings.Contains(text, "login") {
		t.Fatalf("the log capture is empty or misses logins: %q", text)
	}
	token := strings.TrimPrefix(tech.cookie, "parc_session=")
	for name, secret := range map[string]string{
		"demo password": "parc-demo", "wrong password": "wrong-secret-password",
		"session token": token, "session token hash": accounts.HashToken(token),
		"CSRF token": tech.csrf, "one-time password": out.OneTimePassword, "password hash": "$argon2id$",
	} {
		if secret != "" && strings.Contains(text, secret) {
			t.Errorf("the log contains the %s", name)
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestTrustedProxyReportsHTTPS(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	// app.Test connects from 0.0.0.0, which stands for the proxy here.
	app, err := web.New(ctx, web.Config{Store: s, Log: storetest.Logger(), TagPrefix: "BE", TrustedProxies: []string{"0.0.0.0"}})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	f := fixture{app: app}

	r := login(t, f, "technicien@demo.invalid", "parc-demo", "X-Forwarded-Proto", "https")
	if r.status != 200 {
		t.Fatalf("login through the proxy: %d %s", r.status, r.body)
	}
	if c := r.header.Get("Set-Cookie"); !strings.Contains(strings.ToLower(c), "secure") {
		t.Errorf("session cookie through an HTTPS proxy = %q, want Secure", c)
	}
	if h := r.header.Get("Strict-Transport-Security"); h == "" {
		t.Error("no Strict-Transport-Security through an HTTPS proxy")
	}
	plain := login(t, f, "technicien@demo.invalid", "parc-demo")
	if h := plain.header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("Strict-Transport-Security over plain HTTP: %q", h)
	}
}

func TestSlidingExpiryResendsTheCookie(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	f, _ := loggedFixture(t, s)
	tech := f.as(t, "technicien@demo.invalid")

	if r := tech.get(t, "/api/v1/communes?limit=1"); r.header.Get("Set-Cookie") != "" {
		t.Errorf("a fresh session got its cookie again: %q", r.header.Get("Set-Cookie"))
	}
	// The phone was last used two hours ago.
	_, err := s.DB.NewUpdate().Model((*accounts.Session)(nil)).
		Set("last_seen_at = ?", time.Now().Add(-2*time.Hour)).Set("expires_at = ?", time.Now().Add(time.Hour)).
		Where("revoked_at IS NULL").Exec(context.Background())
	if err != nil {
		t.Fatalf("age the session: %v", err)
	}
	r := tech.get(t, "/api/v1/communes?limit=1")
	cookie := r.header.Get("Set-Cookie")
	if r.status != 200 || !strings.Contains(cookie, tech.cookie) || !strings.Contains(cookie, "expires=") {
		t.Fatalf("request after two idle hours: %d, Set-Cookie %q; want the same token with a new expiry", r.status, cookie)
	}
	var expires time.Time
	for _, part := range strings.Split(cookie, ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "expires="); ok {
			expires, _ = time.Parse(time.RFC1123, v)
		}
	}
	if time.Until(expires) < 29*24*time.Hour {
		t.Errorf("renewed cookie expires %s, want about 30 days from now", expires)
	}
}

func TestHeadAndDeadCookies(t *testing.T) {
	f, _ := loggedFixture(t, storetest.Open(t, store.SQLite))
	tech := f.as(t, "technicien@demo.invalid")
	if r := tech.do(t, http.MethodHead, "/api/v1/communes", ""); r.status != 200 {
		t.Errorf("HEAD /api/v1/communes: %d, want 200", r.status)
	}
	if r := tech.do(t, http.MethodHead, "/healthz", ""); r.status != 200 {
		t.Errorf("HEAD /healthz: %d, want 200", r.status)
	}

	dead := f.anonymous()
	dead.cookie = accounts.SessionCookie + "=" + accounts.NewToken()
	r := dead.get(t, "/api/v1/session")
	if c := r.header.Get("Set-Cookie"); !strings.Contains(c, "parc_session=;") || !strings.Contains(c, "path=/") {
		t.Errorf("dead session cookie cleared with %q, want an empty parc_session on path /", c)
	}
}

func TestLastTechnicianStays(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	f, _ := loggedFixture(t, s)
	tech := f.as(t, "technicien@demo.invalid")
	u, err := accounts.UserByEmail(context.Background(), s.Reader, "technicien@demo.invalid")
	if err != nil {
		t.Fatalf("find technician: %v", err)
	}
	for _, body := range []string{`"disabled":true`, `"role":"committee"`} {
		r := tech.do(t, http.MethodPatch, "/api/v1/users/"+u.ID.String(), `{"version":`+itoa(u.Version)+`,`+body+`}`)
		if r.status != 422 || !strings.Contains(r.body, "dernier technicien") {
			t.Errorf("PATCH %s on the last technician: %d %s, want 422", body, r.status, r.body)
		}
	}
}
