package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/labels"
	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/demo"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/web"
)

// fixture is a demo server, a few ids and tags of its data, and the
// session of the user that requests are sent as.
type fixture struct {
	app       *web.Server
	cookie    string
	csrf      string
	communeID uuid.UUID
	siteID    uuid.UUID
	roomID    uuid.UUID
	assetID   uuid.UUID
	tag       string
}

func newFixture(t *testing.T, s *store.Store, loadDemo bool) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	if loadDemo {
		if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
			t.Fatalf("load demo: %v", err)
		}
		p, err := assets.Assets(ctx, s.Reader, assets.AssetFilter{Scope: allCommunes, Kind: assets.KindPC, Query: "BE0000"}, assets.PageRequest{Limit: 1})
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("find a tagged PC: %v", err)
		}
		a := p.Items[0]
		f.communeID, f.siteID, f.roomID, f.assetID, f.tag = a.CommuneID, a.SiteID, *a.RoomID, a.ID, *a.Tag
	}

	app, err := web.New(ctx, web.Config{Store: s, Log: storetest.Logger(), TagPrefix: "BE"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	f.app = app
	if loadDemo {
		f = f.as(t, "technicien@demo.invalid")
	}
	return f
}

// as returns the fixture logged in as the demo user with that address.
func (f fixture) as(t *testing.T, email string) fixture {
	t.Helper()
	body := `{"email":"` + email + `","password":"parc-demo"}`
	req := httptest.NewRequest(http.MethodPost, "/api/v1/session", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := f.app.Test(req, -1)
	if err != nil {
		t.Fatalf("log in as %s: %v", email, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("log in as %s: status %d: %s", email, res.StatusCode, b)
	}
	var info struct {
		CSRFToken string `json:"csrf_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&info); err != nil {
		t.Fatalf("log in as %s: decode: %v", email, err)
	}
	for _, c := range res.Cookies() {
		if c.Name == "parc_session" {
			f.cookie = c.Name + "=" + c.Value
		}
	}
	if f.cookie == "" {
		t.Fatalf("log in as %s: no session cookie", email)
	}
	f.csrf = info.CSRFToken
	return f
}

// anonymous returns the fixture without its session.
func (f fixture) anonymous() fixture {
	f.cookie, f.csrf = "", ""
	return f
}

// response is what a scenario checks.
type response struct {
	status  int
	header  http.Header
	body    string
	envelop struct {
		Error struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"request_id"`
		} `json:"error"`
	}
}

func (f fixture) get(t *testing.T, path string, header ...string) response {
	t.Helper()
	return f.do(t, http.MethodGet, path, "", header...)
}

// do sends a request with the fixture's session cookie and CSRF token.
func (f fixture) do(t *testing.T, method, path, body string, header ...string) response {
	t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, reader)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if f.cookie != "" {
		req.Header.Set("Cookie", f.cookie)
		req.Header.Set("X-CSRF-Token", f.csrf)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := f.app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read body of %s %s: %v", method, path, err)
	}

	r := response{status: res.StatusCode, header: res.Header, body: string(b)}
	// The public page of a label returns its form's errors in HTML.
	htmlForm := strings.HasPrefix(path, "/t/")
	if res.StatusCode >= 400 && !htmlForm && (strings.HasPrefix(path, "/api/") || method != http.MethodGet && method != http.MethodHead) {
		if err := json.Unmarshal(b, &r.envelop); err != nil || r.envelop.Error.Message == "" {
			t.Errorf("%s %s: status %d without an error envelope: %s", method, path, res.StatusCode, b)
		}
	}
	return r
}

func TestAPIScenarios(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		otherTag, _ := labels.NewAssetTag("BE", 999999)
		locationTag, _ := labels.NewLocationTag("BE", 12)
		wrongCheck := f.tag[:len(f.tag)-1] + flipCheck(f.tag[len(f.tag)-1])

		scenarios := []struct {
			name   string
			path   string
			status int
			want   []string // substrings of the body
		}{
			{"health", "/healthz", 200, []string{`{"status":"ok"}`}},
			{"communes", "/api/v1/communes", 200, []string{`"total":14`, `"name":"Châbons"`}},
			{"communes by kind", "/api/v1/communes?kind=intercommunality", 200, []string{`"total":1`, "Bièvre Est"}},
			{"commune", "/api/v1/communes/" + f.communeID.String(), 200, []string{`"id":"` + f.communeID.String()}},
			{"commune id in capitals", "/api/v1/communes/" + strings.ToUpper(f.communeID.String()), 200, []string{f.communeID.String()}},
			{"site", "/api/v1/sites/" + f.siteID.String(), 200, []string{`"commune_id":"` + f.communeID.String()}},
			{"sites of a commune", "/api/v1/sites?commune=" + f.communeID.String(), 200, []string{f.siteID.String()}},
			{"room", "/api/v1/rooms/" + f.roomID.String(), 200, []string{`"site_id":"` + f.siteID.String()}},
			{"rooms of a site", "/api/v1/rooms?site=" + f.siteID.String(), 200, []string{f.roomID.String()}},
			{"asset", "/api/v1/assets/" + f.assetID.String(), 200, []string{`"tag":"` + f.tag, `"commune_id":"` + f.communeID.String()}},
			{"assets filtered", "/api/v1/assets?kind=pc&status=in_service&commune=" + f.communeID.String() + "&limit=2", 200, []string{`"kind":"pc"`, `"next":"`}},
			{"assets searched", "/api/v1/assets?q=" + strings.ToLower(f.tag), 200, []string{`"total":1`, f.tag}},
			{"by tag", "/api/v1/assets/by-tag/" + f.tag, 200, []string{`"id":"` + f.assetID.String()}},
			{"by tag, lower case with spaces", "/api/v1/assets/by-tag/%20" + strings.ToLower(f.tag) + "%20", 200, []string{f.assetID.String()}},
			{"demo accounts", "/api/v1/demo", 200, []string{`"password":"parc-demo"`, "technicien@demo.invalid", "correspondant-chabons@demo.invalid"}},
			{"home page", "/", 200, []string{"<title>Parc"}},

			{"malformed id", "/api/v1/communes/not-a-uuid", 400, []string{"invalid_id", "identifiant « not-a-uuid »"}},
			{"id in braces", "/api/v1/assets/%7B" + f.assetID.String() + "%7D", 400, []string{"invalid_id"}},
			{"unknown commune", "/api/v1/communes/" + uuid.Must(uuid.NewV7()).String(), 404, []string{"Aucune commune"}},
			{"unknown site", "/api/v1/sites/" + uuid.Must(uuid.NewV7()).String(), 404, []string{"Aucun site"}},
			{"unknown room", "/api/v1/rooms/" + uuid.Must(uuid.NewV7()).String(), 404, []string{"Aucune salle"}},
			{"unknown asset", "/api/v1/assets/" + uuid.Must(uuid.NewV7()).String(), 404, []string{"Aucun matériel"}},
			{"limit zero", "/api/v1/assets?limit=0", 400, []string{"invalid_limit", "entre 1 et 500"}},
			{"limit too large", "/api/v1/communes?limit=501", 422, []string{"limit_too_large", "« 501 »", `"limit":"500 au plus."`}},
			{"limit not a number", "/api/v1/sites?limit=dix", 400, []string{"« dix »"}},
			{"limit negative", "/api/v1/rooms?limit=-5", 400, []string{"invalid_limit"}},
			{"cursor garbage", "/api/v1/assets?cursor=%%%", 400, []string{"invalid_cursor"}},
			{"cursor not base64", "/api/v1/assets?cursor=!!!", 400, []string{"invalid_cursor", "sans curseur"}},
			{"cursor without id", "/api/v1/assets?cursor=e30", 400, []string{"invalid_cursor"}},
			{"commune filter malformed", "/api/v1/sites?commune=12", 400, []string{"invalid_filter", "filtre commune « 12 »"}},
			{"site filter malformed", "/api/v1/assets?site=x", 400, []string{"filtre site"}},
			{"room filter malformed", "/api/v1/assets?room=x", 400, []string{"filtre room"}},
			{"kind unknown", "/api/v1/assets?kind=toaster", 400, []string{"« toaster »", "interactive_whiteboard"}},
			{"status unknown", "/api/v1/assets?status=lost", 400, []string{"in_service"}},
			{"site kind unknown", "/api/v1/sites?kind=castle", 400, []string{"town_hall"}},
			{"query with a control character", "/api/v1/assets?q=a%00b", 400, []string{"invalid_query", "caractères de contrôle"}},
			{"query too long", "/api/v1/assets?q=" + strings.Repeat("a", 101), 400, []string{"invalid_query"}},
			{"tag with a wrong check character", "/api/v1/assets/by-tag/" + wrongCheck, 400, []string{"invalid_tag", "caractère de contrôle"}},
			{"tag of another prefix", "/api/v1/assets/by-tag/XX0000011", 400, []string{"préfixe BE"}},
			{"tag too short", "/api/v1/assets/by-tag/BE123", 400, []string{"longueur", "9 caractères"}},
			{"tag with a symbol", "/api/v1/assets/by-tag/BE00-0123", 400, []string{"caractères non autorisés"}},
			{"tag unknown", "/api/v1/assets/by-tag/" + otherTag.String(), 404, []string{"Aucun matériel ne porte l'étiquette « " + otherTag.String()}},
			{"location tag", "/api/v1/assets/by-tag/" + locationTag.String(), 404, []string{"étiquette de salle"}},
			{"unknown API path", "/api/v1/nothing", 404, []string{"Adresse inconnue"}},
			{"unknown page", "/nothing.html", 404, []string{`data-version="` + f.app.AppVersion() + `"`}},
		}
		// Methods other than GET and HEAD get the error envelope, not the
		// app's page.
		if r := f.do(t, http.MethodPost, "/healthz", ""); r.status != 405 || r.envelop.Error.Code != "method_not_allowed" {
			t.Errorf("POST /healthz: %d %s, want 405 method_not_allowed", r.status, r.body)
		}
		if r := f.do(t, http.MethodPost, "/nothing", ""); r.status != 404 || !strings.Contains(r.body, `"not_found"`) {
			t.Errorf("POST /nothing: %d %s, want 404 not_found", r.status, r.body)
		}

		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				r := f.get(t, sc.path)
				if r.status != sc.status {
					t.Fatalf("GET %s: status %d, want %d; body %s", sc.path, r.status, sc.status, r.body)
				}
				for _, want := range sc.want {
					if !strings.Contains(r.body, want) {
						t.Errorf("GET %s: body lacks %q: %s", sc.path, want, r.body)
					}
				}
			})
		}
	})
}

// flipCheck returns another valid check character than c.
func flipCheck(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

func TestErrorsInEnglishOnRequest(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), false)

	fr := f.get(t, "/api/v1/assets?limit=0")
	en := f.get(t, "/api/v1/assets?limit=0", "Accept-Language", "en-GB,en;q=0.9,fr;q=0.5")
	if !strings.Contains(fr.envelop.Error.Message, "Connexion requise") {
		t.Errorf("default message = %q, want French", fr.envelop.Error.Message)
	}
	if !strings.Contains(en.envelop.Error.Message, "Login required") {
		t.Errorf("message for en-GB = %q, want English", en.envelop.Error.Message)
	}
	if fr.envelop.Error.Code != en.envelop.Error.Code {
		t.Errorf("codes differ by language: %q and %q", fr.envelop.Error.Code, en.envelop.Error.Code)
	}
}

func TestDemoEndpointOnlyOnDemoData(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), false)
	r := f.get(t, "/api/v1/demo")
	if r.status != 404 || strings.Contains(r.body, "parc-demo") {
		t.Errorf("GET /api/v1/demo on an empty database: status %d, body %s; want 404 without the password", r.status, r.body)
	}
}

func TestResponseHeaders(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), false)

	r := f.get(t, "/healthz", "X-Request-ID", "probe-42")
	if got := r.header.Get("X-Request-ID"); got != "probe-42" {
		t.Errorf("X-Request-ID = %q, want the client's probe-42", got)
	}
	csp := r.header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "'unsafe-eval'") {
		t.Errorf("Content-Security-Policy allows inline code or eval: %q", csp)
	}
	if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
	}

	bad := f.get(t, "/api/v1/nothing", "X-Request-ID", "two words")
	rid := bad.header.Get("X-Request-ID")
	if rid == "" || rid == "two words" {
		t.Errorf("X-Request-ID for a malformed client id = %q, want a fresh one", rid)
	}
	if bad.envelop.Error.RequestID != rid {
		t.Errorf("error envelope request_id = %q, header %q", bad.envelop.Error.RequestID, rid)
	}
}

// TestBadInputNeverFails sends hostile values in every parameter of every
// read endpoint. Each response is a 200, 400, 404 or, for a limit over the
// maximum page, 422 with a message, never a 5xx and never a panic.
func TestBadInputNeverFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		values := []string{
			"", " ", "%00", "\x00", "' OR 1=1 --", "../../etc/passwd", "é", "😀", "-1", "0",
			"99999999999999999999999", "1e3", "0x10", "null", "[]", "{}", "%", "_", `\`, "%25",
			strings.Repeat("Z", 2000), "BE000001", "be0000016", "<script>", f.tag + "0",
			"eyJrIjoiQSIsImkiOiIwMDAwIn0", "eyJrIjoxLCJpIjoiMDE5MDQ0YS00NDAxLTc1NmEtOWU3OC0zOGEyNzAyMWU3MGEifQ",
		}
		lists := []string{"/api/v1/communes", "/api/v1/sites", "/api/v1/rooms", "/api/v1/assets"}
		params := []string{"limit", "cursor", "commune", "site", "room", "kind", "status", "q"}
		gets := []string{"/api/v1/communes/", "/api/v1/sites/", "/api/v1/rooms/", "/api/v1/assets/", "/api/v1/assets/by-tag/"}

		check := func(path string) {
			r := f.get(t, path)
			tooLarge := r.status == 422 && r.envelop.Error.Code == "limit_too_large"
			if r.status != 200 && r.status != 400 && r.status != 404 && !tooLarge {
				t.Errorf("GET %s: status %d, want 200, 400, 404 or 422 limit_too_large; body %.200s", path, r.status, r.body)
			}
		}
		for _, v := range values {
			for _, list := range lists {
				for _, p := range params {
					check(list + "?" + p + "=" + url.QueryEscape(v))
				}
			}
			for _, g := range gets {
				if v != "" {
					check(g + url.PathEscape(v))
				}
			}
		}
	})
}

// allCommunes is the scope of a technician: the whole fleet.
var allCommunes = accounts.Scope{All: true}
