package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"parc/server/store"
)

// The administration tests drive the technicians' forms, the user
// administration and a correspondent's restricted view in headless
// Chromium, with the harness of pwa_browser_test.go.

// oneTimePassword is the form of the passwords that POST /api/v1/users
// returns: four groups of four letters and digits, without 0, O, 1, I and L.
var oneTimePassword = regexp.MustCompile(`^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$`)

// dbValue returns the single column of the single row that query selects
// on the test's database.
func dbValue[T any](t *testing.T, s *store.Store, query string, args ...any) T {
	t.Helper()
	var v T
	if err := s.Reader.QueryRowContext(context.Background(), query, args...).Scan(&v); err != nil {
		t.Fatalf("query %q %v: %v", query, args, err)
	}
	return v
}

// dbStrings returns the single column of every row that query selects.
func dbStrings(t *testing.T, s *store.Store, query string, args ...any) []string {
	t.Helper()
	rows, err := s.Reader.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("query %q %v: %v", query, args, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatalf("scan %q: %v", query, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("query %q %v: %v", query, args, err)
	}
	return out
}

// communeID returns the id of the demo commune with that name.
func communeID(t *testing.T, s *store.Store, name string) string {
	t.Helper()
	return dbValue[string](t, s, "SELECT id FROM communes WHERE name = ?", name)
}

// taggedAssetOf returns the id and tag of an active tagged asset of the
// commune.
func taggedAssetOf(t *testing.T, s *store.Store, commune string) (id, tag string) {
	t.Helper()
	err := s.Reader.QueryRowContext(context.Background(), `SELECT a.id, a.tag FROM assets a JOIN sites s ON s.id = a.site_id
		WHERE s.commune_id = ? AND a.tag IS NOT NULL AND a.archived_at IS NULL ORDER BY a.tag LIMIT 1`, commune).Scan(&id, &tag)
	if err != nil {
		t.Fatalf("find a tagged asset of commune %s: %v", commune, err)
	}
	return id, tag
}

// message returns a text of the app's catalogue in the page's language,
// as the screens show it.
func message(b *browser, key string, params map[string]any) string {
	b.t.Helper()
	encoded, err := json.Marshal(params)
	if err != nil {
		b.t.Fatalf("encode the parameters of %s: %v", key, err)
	}
	return eval[string](b, fmt.Sprintf(`import('/app/' + document.documentElement.dataset.version + '/i18n.js').then(m => m.t(%q, %s))`, key, encoded))
}

// typeText clicks the control sel and types text into it with the
// keyboard, replacing what it held.
func typeText(b *browser, sel, text string) {
	b.t.Helper()
	b.click(sel)
	eval[bool](b, fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.select(); return true; })()`, sel))
	b.do("type "+text+" into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}

// loginByForm types the e-mail address and password into the login form and
// submits it, then waits for the home screen and the first refresh of the
// local store.
func loginByForm(b *browser, email, password string) {
	b.t.Helper()
	if !eval[bool](b, `document.getElementById('main')?.dataset.screen === 'login'`) {
		b.open("/login")
	}
	b.waitScreen("login")
	started := eval[float64](b, `Date.now()`)
	typeText(b, "#login-email", email)
	typeText(b, "#login-password", password)
	b.click(`#login-form [type="submit"]`)

	const home = `document.getElementById('main')?.dataset.screen === 'home'`
	const loginError = `(document.getElementById('login-error')?.textContent || '').trim()`
	if !b.waitFor(home+` || `+loginError+` !== ''`, stepTimeout) || !eval[bool](b, home) {
		b.fatalf("log in as %s through the form: no home screen; the form shows %q", email, eval[string](b, loginError))
	}
	b.waitScreen("home")
	b.waitRefresh(started)
}

// formErrors returns the non-empty error lines of the forms on screen.
func formErrors(b *browser) []string {
	b.t.Helper()
	return eval[[]string](b, `[...document.querySelectorAll('#main form .error')].map(e => (e.id ? e.id + ': ' : '') + e.textContent.trim()).filter(s => !s.endsWith(': ') && s !== '')`)
}

// submitForm clicks the submit button of the form on screen, then waits
// for the screen of the saved record and returns the record's id, read
// from the address under prefix (such as "/communes/").
func submitForm(b *browser, screenName, prefix string) uuid.UUID {
	b.t.Helper()
	b.click("#main form button[type=submit]")
	pattern := "^" + regexp.QuoteMeta(prefix) + "[0-9a-f-]{36}$"
	cond := fmt.Sprintf(`(() => { const m = document.getElementById('main');
		return m.dataset.screen === %q && m.dataset.ready === 'true' && new RegExp(%q).test(location.pathname); })()`, screenName, pattern)
	if !b.waitFor(cond, stepTimeout) {
		b.fatalf("after the submit: no %s screen at %s…; the form shows %q", screenName, prefix, formErrors(b))
	}
	id, err := uuid.Parse(strings.TrimPrefix(b.path(), prefix))
	if err != nil {
		b.fatalf("after the submit: the address %s holds no record id: %v", b.path(), err)
	}
	return id
}

// editLinks returns the links to edit or create fleet records on screen.
// A new request, which correspondents file too, is not one of them.
func editLinks(b *browser) []string {
	b.t.Helper()
	return eval[[]string](b, `[...document.querySelectorAll('#main a[href$="/edit"], #main a[href*="/new"]:not([href^="/requests/new"])')].map(a => a.getAttribute('href'))`)
}

// listLinks returns the href of every link of the list sel, sorted.
func listLinks(b *browser, sel string) []string {
	b.t.Helper()
	links := eval[[]string](b, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(a => a.getAttribute('href'))`, sel+" a"))
	slices.Sort(links)
	return links
}

// searchNothing types q into the search field, replacing what it held,
// and expects no result. It waits until the app has requested q as a tag
// from the server, which it does once the local store has no match, and
// shows the count of zero results.
func searchNothing(b *browser, q string) {
	b.t.Helper()
	none := message(b, "search_count", map[string]any{"count": 0})
	eval[bool](b, `(() => { performance.clearResourceTimings(); const q = document.getElementById('search-q'); q.value = '';
		q.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
	b.click("#search-q")
	b.do("type "+q, chromedp.SendKeys(chromedp.CSS("#search-q"), q))
	cond := fmt.Sprintf(`(() => {
		const requested = performance.getEntriesByType('resource').some(e => e.name.endsWith('/api/v1/assets/by-tag/' + encodeURIComponent(%q)));
		return requested && document.getElementById('search-q').value === %q && document.getElementById('search-count')?.textContent === %q;
	})()`, q, q, none)
	if !b.waitFor(cond, stepTimeout) {
		b.errorf("search %q: want %q after asking the server; the screen shows %q with results %v", q, none,
			eval[string](b, `document.getElementById('search-count')?.textContent ?? '(no count)'`), listLinks(b, "#search-results"))
		return
	}
	if got := listLinks(b, "#search-results"); len(got) > 0 {
		b.errorf("search %q: results %v, want none", q, got)
	}
}

// TestAdminJourney walks a technician through the administration forms,
// then logs in as the correspondent the technician created and checks
// that the app shows them their two communes and nothing else.
func TestAdminJourney(t *testing.T) {
	f, s, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()
	ctx := context.Background()

	apprieu := communeID(t, s, "Apprieu")
	chabons := communeID(t, s, "Châbons")
	apprieuAsset, apprieuTag := taggedAssetOf(t, s, apprieu)
	chabonsAsset, chabonsTag := taggedAssetOf(t, s, chabons)
	technicianID := dbValue[string](t, s, "SELECT id FROM users WHERE email = ?", demoEmail)

	b.open("/")
	b.waitScreen("login")
	loginByForm(b, demoEmail, "parc-demo")

	// A new commune, its allowance typed in hours with a decimal comma.
	b.click(`nav#tabbar a[href="/communes"]`)
	b.waitScreen("communes")
	b.click(`#main a[href="/communes/new"]`)
	b.waitScreen("commune-edit")
	const communeName = "Le Mottier"
	typeText(b, "#field-name", communeName)
	choose(b, "#field-kind", "commune")
	// The form's hint gives 12,5 as an example, and French users type a
	// decimal comma. NOTE: Debian's Chromium 156 without chromium-l10n has
	// only the en-US interface locale, and its <input type=number> drops a
	// typed comma even with navigator.language fr-FR, so this step fails
	// until the field accepts a decimal comma whatever the browser's locale.
	typeText(b, "#field-allowance_hours", "12,5")
	if got := eval[string](b, `document.getElementById('field-allowance_hours').value`); got != "12.5" && got != "12,5" {
		b.errorf("typed 12,5 into #field-allowance_hours (navigator.language %s): the control's value is %q, want 12.5 or 12,5",
			eval[string](b, `navigator.language`), got)
	}
	newCommune := submitForm(b, "commune", "/communes/")
	if got := b.text("#main h1"); got != communeName {
		b.errorf("the new commune's screen has the heading %q, want %q", got, communeName)
	}
	var name, kind string
	var allowance int
	if err := s.Reader.QueryRowContext(ctx, "SELECT name, kind, allowance_minutes FROM communes WHERE id = ?",
		newCommune.String()).Scan(&name, &kind, &allowance); err != nil {
		t.Fatalf("read the new commune %s: %v", newCommune, err)
	}
	if name != communeName {
		t.Errorf("commune %s in the database: name %q, want %q", newCommune, name, communeName)
	}
	if kind != "commune" {
		t.Errorf("commune %s in the database: kind %q, want commune", newCommune, kind)
	}
	if allowance != 750 {
		t.Errorf("commune %s in the database: allowance_minutes %d, want 750 (12,5 hours)", newCommune, allowance)
	}
	allowanceText := eval[string](b, fmt.Sprintf(`import('/app/' + document.documentElement.dataset.version + '/i18n.js').then(m => m.formatDuration(%d))`, allowance))
	if text := b.text("#main dl.facts"); !strings.Contains(text, allowanceText) {
		b.errorf("the commune's screen shows the facts %q, want the stored allowance %q among them", text, allowanceText)
	}

	// A school and two rooms, from the commune's screen.
	b.click(fmt.Sprintf(`#main a[href="/sites/new?commune=%s"]`, newCommune))
	b.waitScreen("site-edit")
	if got := eval[string](b, `document.getElementById('field-commune_id').value`); got != newCommune.String() {
		b.errorf("the site form from the commune's screen has commune %q selected, want %s", got, newCommune)
	}
	const schoolName = "École du Mottier"
	typeText(b, "#field-name", schoolName)
	choose(b, "#field-kind", "school")
	typeText(b, "#field-address", "1 place de la Mairie, 38260 Le Mottier")
	school := submitForm(b, "site", "/sites/")
	var siteCommune, siteKind string
	if err := s.Reader.QueryRowContext(ctx, "SELECT commune_id, kind FROM sites WHERE id = ? AND name = ?",
		school.String(), schoolName).Scan(&siteCommune, &siteKind); err != nil {
		t.Fatalf("read the new site %s %q: %v", school, schoolName, err)
	}
	if siteCommune != newCommune.String() {
		t.Errorf("site %s in the database: commune %s, want %s", school, siteCommune, newCommune)
	}
	if siteKind != "school" {
		t.Errorf("site %s in the database: kind %q, want school", school, siteKind)
	}

	roomNames := []string{"Classe de CM2", "Salle informatique"}
	var rooms []string
	for _, roomName := range roomNames {
		b.click(fmt.Sprintf(`#main a[href="/rooms/new?site=%s"]`, school))
		b.waitScreen("room-edit")
		typeText(b, "#field-name", roomName)
		room := submitForm(b, "room", "/rooms/")
		rooms = append(rooms, "/rooms/"+room.String())
		b.click(fmt.Sprintf(`#main a.back[href="/sites/%s"]`, school))
		b.waitScreen("site")
	}
	slices.Sort(rooms)
	if got := listLinks(b, "#room-list"); !slices.Equal(got, rooms) {
		b.errorf("the school's screen lists the rooms %v, want %v", got, rooms)
	}
	if got := dbStrings(t, s, "SELECT name FROM rooms WHERE site_id = ? ORDER BY name", school.String()); !slices.Equal(got, roomNames) {
		t.Errorf("rooms of site %s in the database: %q, want %q", school, got, roomNames)
	}

	// The technician finds a Châbons asset by its tag, which the
	// correspondent will not.
	b.click(`nav#tabbar a[href="/search"]`)
	b.waitScreen("search")
	searchFor(b, chabonsTag, uuid.MustParse(chabonsAsset), true)

	// A demo asset's model, changed through its edit form.
	searchFor(b, f.tag, f.assetID, true)
	b.click(fmt.Sprintf(`#search-results a[href="/assets/%s"]`, f.assetID))
	b.waitScreen("asset")
	versionBefore := dbValue[int](t, s, "SELECT version FROM assets WHERE id = ?", f.assetID.String())
	auditsBefore := dbValue[int](t, s, "SELECT count(*) FROM audit_entries WHERE entity = 'asset' AND entity_id = ?", f.assetID.String())
	b.click(fmt.Sprintf(`#main a[href="/assets/%s/edit"]`, f.assetID))
	b.waitScreen("asset-edit")
	const newModel = "OptiPlex 7020 Micro"
	typeText(b, "#field-model", newModel)
	if id := submitForm(b, "asset", "/assets/"); id != f.assetID {
		b.errorf("after saving asset %s the app shows asset %s", f.assetID, id)
	}
	b.wait("the new model on the sheet", fmt.Sprintf(`(document.getElementById('asset-model')?.textContent || '').includes(%q)`, newModel))
	model, _, _ := assetRow(t, s, f.assetID)
	if model != newModel {
		t.Errorf("asset %s in the database: model %q, want %q", f.assetID, model, newModel)
	}
	if v := dbValue[int](t, s, "SELECT version FROM assets WHERE id = ?", f.assetID.String()); v != versionBefore+1 {
		t.Errorf("asset %s in the database: version %d after the edit, want %d", f.assetID, v, versionBefore+1)
	}
	if n := dbValue[int](t, s, "SELECT count(*) FROM audit_entries WHERE entity = 'asset' AND entity_id = ?", f.assetID.String()); n != auditsBefore+1 {
		t.Errorf("asset %s: %d audit entries after the edit, want %d", f.assetID, n, auditsBefore+1)
	}
	var action, actor, after string
	if err := s.Reader.QueryRowContext(ctx, `SELECT action, actor_id, after_json FROM audit_entries
		WHERE entity = 'asset' AND entity_id = ? ORDER BY at DESC LIMIT 1`, f.assetID.String()).Scan(&action, &actor, &after); err != nil {
		t.Fatalf("read the last audit entry of asset %s: %v", f.assetID, err)
	}
	if action != "update" {
		t.Errorf("last audit entry of asset %s: action %q, want update", f.assetID, action)
	}
	if actor != technicianID {
		t.Errorf("last audit entry of asset %s: actor %s, want the technician %s", f.assetID, actor, technicianID)
	}
	if !strings.Contains(after, `"model":"`+newModel+`"`) {
		t.Errorf("last audit entry of asset %s: after %s, want the model %q", f.assetID, after, newModel)
	}

	// A correspondent of the new commune and of Apprieu, created from the
	// administration.
	b.click(`nav#tabbar a[href="/settings"]`)
	b.waitScreen("settings")
	b.click("#admin-link")
	b.waitScreen("admin")
	b.click(`#admin-list a[href="/admin/users"]`)
	b.waitScreen("users")
	b.click("#user-new")
	b.waitScreen("user-edit")
	const email = "marie.martin@mairie-lemottier.invalid"
	typeText(b, "#field-email", email)
	typeText(b, "#field-name", "Marie Martin")
	choose(b, "#field-role", "correspondent")
	choose(b, "#field-language", "fr")
	for _, id := range []string{newCommune.String(), apprieu} {
		box := fmt.Sprintf(`#user-communes input[value=%q]`, id)
		b.click(fmt.Sprintf(`#user-communes label:has(input[value=%q])`, id))
		if !eval[bool](b, fmt.Sprintf(`document.querySelector(%q).checked`, box)) {
			b.errorf("the click on the label of commune %s left its box unchecked", id)
		}
	}
	userID := submitForm(b, "user-edit", "/admin/users/")
	password := b.text("#one-time-password")
	if !oneTimePassword.MatchString(password) {
		b.errorf("the one-time password on screen is %q, want four groups of four letters and digits", password)
	}
	if role := dbValue[string](t, s, "SELECT role FROM users WHERE id = ? AND email = ?", userID.String(), email); role != "correspondent" {
		t.Errorf("user %s in the database has the role %q, want correspondent", userID, role)
	}
	wantCommunes := []string{newCommune.String(), apprieu}
	slices.Sort(wantCommunes)
	if got := dbStrings(t, s, "SELECT commune_id FROM user_communes WHERE user_id = ? ORDER BY commune_id", userID.String()); !slices.Equal(got, wantCommunes) {
		t.Errorf("communes of user %s in the database: %v, want %v", userID, got, wantCommunes)
	}

	b.click(`nav#tabbar a[href="/settings"]`)
	b.waitScreen("settings")
	logout(b, "the technician")

	// The correspondent logs in with the one-time password.
	loginByForm(b, email, password)
	b.click(`nav#tabbar a[href="/settings"]`)
	b.waitScreen("settings")
	if b.exists("#admin-link") {
		b.errorf("the correspondent's settings have a link to the administration")
	}
	b.click(`nav#tabbar a[href="/communes"]`)
	b.waitScreen("communes")
	b.wait("the correspondent's communes", jsQuery("#commune-list a"))
	want := []string{"/communes/" + newCommune.String(), "/communes/" + apprieu}
	slices.Sort(want)
	if got := listLinks(b, "#commune-list"); !slices.Equal(got, want) {
		names := eval[[]string](b, `[...document.querySelectorAll('#commune-list .list-title')].map(e => e.textContent)`)
		b.errorf("the correspondent's Parc tab lists %v (%q), want exactly %v (Le Mottier and Apprieu)", got, names, want)
	}
	checkNoEditLinks := func(where string) {
		t.Helper()
		if links := editLinks(b); len(links) > 0 {
			b.errorf("the correspondent sees edit links on %s: %v", where, links)
		}
	}
	checkNoEditLinks("the communes")

	b.click(fmt.Sprintf(`#commune-list a[href="/communes/%s"]`, newCommune))
	b.waitScreen("commune")
	checkNoEditLinks("the new commune")
	b.click(fmt.Sprintf(`#site-list a[href="/sites/%s"]`, school))
	b.waitScreen("site")
	checkNoEditLinks("the school")
	if got := listLinks(b, "#room-list"); !slices.Equal(got, rooms) {
		b.errorf("the correspondent's school screen lists the rooms %v, want %v", got, rooms)
	}
	b.click(`#room-list a[href="` + rooms[0] + `"]`)
	b.waitScreen("room")
	checkNoEditLinks("a room of the school")

	// The search finds an asset of Apprieu, and nothing for the tag of a
	// Châbons asset, neither on the device nor from the server.
	b.click(`nav#tabbar a[href="/search"]`)
	b.waitScreen("search")
	searchFor(b, apprieuTag, uuid.MustParse(apprieuAsset), true)
	searchNothing(b, chabonsTag)
	b.openScreen(screen{"search", "/search?q=" + chabonsTag, "#search-count"})
	if got := listLinks(b, "#search-results"); len(got) > 0 {
		b.errorf("/search?q=%s for the correspondent: results %v, want none", chabonsTag, got)
	}
	status := eval[int](b, fmt.Sprintf(`fetch('/api/v1/assets/by-tag/%s').then(r => r.status)`, chabonsTag))
	if status != http.StatusNotFound {
		b.errorf("GET /api/v1/assets/by-tag/%s for the correspondent: status %d, want 404", chabonsTag, status)
	}
	b.openScreen(screen{"asset", "/assets/" + apprieuAsset, "#asset-tag"})
	checkNoEditLinks("an asset of Apprieu")

	// The user administration rejects the correspondent.
	b.openScreen(screen{"users", "/admin/users", "#users-error"})
	forbidden := message(b, "users_forbidden", nil)
	if got := b.text("#users-error"); !strings.Contains(got, forbidden) {
		b.errorf("/admin/users for the correspondent shows %q, want %q", got, forbidden)
	}
	for _, sel := range []string{"#user-table", "#user-table-list", "#user-table-q", "#user-new"} {
		if b.exists(sel) {
			b.errorf("/admin/users for the correspondent shows %s", sel)
		}
	}

	// Typed addresses of the technicians' forms show no form either.
	for _, sc := range []screen{
		{"commune-edit", "/communes/new", "#main h1"},
		{"asset-edit", "/assets/" + apprieuAsset + "/edit", "#main h1"},
		{"inventory", "/inventory", "#main h1"},
	} {
		b.openScreen(sc)
		if b.exists("#main form") {
			b.errorf("%s for the correspondent shows a form", sc.path)
		}
	}
}

// fieldMessages sends a commune creation through the API as the fixture's
// technician and returns the messages of the 422's fields.
func fieldMessages(t *testing.T, f fixture, body string) map[string]string {
	t.Helper()
	r := f.do(t, http.MethodPost, "/api/v1/communes", body, "Accept-Language", "fr-FR,fr")
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("POST /api/v1/communes %s: status %d, want 422: %s", body, r.status, r.body)
	}
	var envelope struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.body), &envelope); err != nil {
		t.Fatalf("decode the 422 of POST /api/v1/communes: %v: %s", err, r.body)
	}
	return envelope.Error.Fields
}

// waitFieldError waits until the error line of the field name shows want
// and its control carries aria-invalid="true".
func waitFieldError(b *browser, name, want string) {
	b.t.Helper()
	line, control := "field-"+name+"-error", "field-"+name
	cond := fmt.Sprintf(`document.getElementById(%q)?.textContent === %q && document.getElementById(%q)?.getAttribute('aria-invalid') === 'true'`,
		line, want, control)
	if !b.waitFor(cond, stepTimeout) {
		type state struct{ Line, Invalid string }
		got := eval[state](b, fmt.Sprintf(`({Line: document.getElementById(%q)?.textContent ?? '(no line)',
			Invalid: document.getElementById(%q)?.getAttribute('aria-invalid') ?? '(absent)'})`, line, control))
		b.errorf("#%s shows %q with aria-invalid %s on #%s; want %q with aria-invalid true", line, got.Line, got.Invalid, control, want)
	}
}

// TestAdminValidation submits forms that the server rejects: a commune
// without a name, a commune whose name is taken, and an asset that
// changed on the server while its form was open.
func TestAdminValidation(t *testing.T) {
	f, s, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.login(demoEmail)

	const communeBody = `{"name":%q,"kind":"commune","allowance_minutes":0,"has_server":false}`
	empty := fieldMessages(t, f, fmt.Sprintf(communeBody, ""))["name"]
	taken := fieldMessages(t, f, fmt.Sprintf(communeBody, "Apprieu"))["name"]
	if empty == "" || taken == "" {
		t.Fatalf("the API returned no message for name: empty name %q, taken name %q", empty, taken)
	}
	communes := dbValue[int](t, s, "SELECT count(*) FROM communes")

	b.openScreen(screen{"commune-edit", "/communes/new", "#field-name"})
	b.click("#main form button[type=submit]")
	waitFieldError(b, "name", empty)
	if focused := eval[string](b, `document.activeElement?.id ?? ''`); focused != "field-name" {
		b.errorf("after the rejected empty name the focus is on %q, want #field-name", focused)
	}
	typeText(b, "#field-name", "Apprieu")
	b.click("#main form button[type=submit]")
	waitFieldError(b, "name", taken)
	if got := b.path(); got != "/communes/new" {
		b.errorf("after two rejected submits the address is %s, want /communes/new", got)
	}
	if n := dbValue[int](t, s, "SELECT count(*) FROM communes"); n != communes {
		t.Errorf("%d communes in the database after two rejected submits, want %d", n, communes)
	}

	// Someone else changes a commune while its form is open. Communes are
	// written to the server directly, which refuses the outdated version;
	// rooms and assets go through the outbox, whose conflicts
	// TestSyncOffline checks.
	b.openScreen(screen{"commune-edit", "/communes/" + f.communeID.String() + "/edit", "#field-allowance_hours"})
	if _, err := s.DB.ExecContext(context.Background(),
		"UPDATE communes SET allowance_minutes = 600, version = version + 1, updated_at = ? WHERE id = ?",
		time.Now().UTC(), f.communeID.String()); err != nil {
		t.Fatalf("change commune %s behind the form: %v", f.communeID, err)
	}
	typeText(b, "#field-allowance_hours", "20")
	b.click("#main form button[type=submit]")
	notice := message(b, "form_conflict", nil)
	reload := message(b, "form_conflict_reload", nil)
	cond := fmt.Sprintf(`(() => { const c = document.querySelector('#main .conflict');
		return c && c.checkVisibility() && c.textContent.includes(%q) && [...c.querySelectorAll('button')].some(b => b.textContent.trim() === %q && b.checkVisibility()); })()`,
		notice, reload)
	if !b.waitFor(cond, stepTimeout) {
		b.fatalf("after a submit on an outdated version: no visible conflict notice with %q and a %q button; the form shows %q",
			notice, reload, formErrors(b))
	}
	if minutes := dbValue[int](t, s, "SELECT allowance_minutes FROM communes WHERE id = ?", f.communeID.String()); minutes != 600 {
		t.Errorf("commune %s in the database after the conflict: allowance_minutes %d, want 600 unchanged", f.communeID, minutes)
	}

	// The notice's button reloads the form with the commune as it is now.
	b.click("#main .conflict button")
	b.wait("the form with the allowance changed behind it",
		`document.getElementById('main').dataset.ready === 'true' && document.getElementById('field-allowance_hours')?.value === '10'`)
	if eval[bool](b, `!!document.querySelector('#main .conflict')?.checkVisibility()`) {
		b.errorf("the conflict notice still shows after the reload")
	}
}

// TestAdminAccessibility runs axe-core and the touch-target check on the
// administration screens, on a phone and, for the table of users, on a
// desktop window, and in the dark theme for two screens.
func TestAdminAccessibility(t *testing.T) {
	src := axeSource(t)
	f, s, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.login(demoEmail)

	userID := dbValue[string](t, s, "SELECT id FROM users WHERE email = ?", "correspondant-chabons@demo.invalid")
	users := screen{"users", "/admin/users", "#user-table-list a"}
	settings := screen{"service-settings", "/admin/settings", "#settings-form button[type=submit]"}
	screens := []screen{
		{"admin", "/admin", "#admin-list a"},
		{"commune-edit", "/communes/new", "#field-name"},
		{"commune-edit", "/communes/" + f.communeID.String() + "/edit", "#field-name"},
		{"site-edit", "/sites/new?commune=" + f.communeID.String(), "#field-name"},
		{"room-edit", "/rooms/new?site=" + f.siteID.String(), "#field-name"},
		{"asset-edit", "/assets/" + f.assetID.String() + "/edit", "#field-model"},
		users,
		{"user-edit", "/admin/users/new", "#field-email"},
		{"user-edit", "/admin/users/" + userID, "#user-email"},
		settings,
		{"privacy", "/privacy", "#main h2"},
		{"accessibility", "/accessibility", "#main h2"},
		{"archives", "/archives", "#main h2"},
	}
	check := func(sc screen, label string) {
		t.Helper()
		b.openScreen(sc)
		runAxe(b, src, label)
		checkTargets(b, label)
	}
	for _, sc := range screens {
		check(sc, sc.path)
	}
	const background = `getComputedStyle(document.body).backgroundColor`
	light := eval[string](b, background)

	// From 900 px wide the users are a table with sort buttons.
	b.setViewport(1280, 800, false)
	check(screen{"users", "/admin/users", "#user-table tbody a"}, "/admin/users at 1280 px")
	if !b.exists("#user-table thead button.sort-button") {
		b.errorf("/admin/users at 1280 px: no sort button in the table's headers")
	}
	// So are the communes and the assets of a room.
	check(screen{"communes", "/communes", "#commune tbody a"}, "/communes at 1280 px")
	check(screen{"room", "/rooms/" + f.roomID.String(), "#asset tbody a"}, "a room at 1280 px")
	b.setViewport(390, 844, true)

	b.setColorScheme("dark")
	for _, sc := range []screen{settings, users} {
		check(sc, sc.path+" (dark)")
		if got := eval[string](b, background); got == light {
			b.errorf("%s in the dark theme: the background is %s, as in the light theme", sc.path, got)
		}
	}
}
