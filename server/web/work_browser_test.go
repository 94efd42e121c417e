package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"parc/server/store"
)

// The end-to-end tests of the daily work in headless Chromium: a commune's
// correspondent files a request, a technician plans it, opens a work
// order from it, scans the PC, runs the timer and closes it. The helpers
// of this file drive those screens; work_offline_browser_test.go runs the
// same flows without signal.

const (
	apprieuCorrespondent = "correspondant-apprieu@demo.invalid"
	// workDescription is the text of the request the tests file.
	workDescription = "Le PC de la classe ne démarre plus depuis ce matin."
	workSummary     = "Système réparé, PC redémarré et vérifié."
	workSigner      = "Mme Durand, directrice"
)

// apprieuPC is the demo's school PC of Apprieu that the tests work on,
// and a PC of the same school under Windows 98, which the charter leaves out.
type apprieuPC struct {
	communeID, siteID, id, tag string
	oldID, oldTag              string
}

func readApprieuPC(t *testing.T, s *store.Store) apprieuPC {
	t.Helper()
	var pc apprieuPC
	pc.communeID = communeID(t, s, "Apprieu")
	row := dbStrings(t, s, `SELECT a.site_id || '|' || a.id || '|' || a.tag FROM assets a JOIN sites s ON s.id = a.site_id
		WHERE s.commune_id = ? AND s.kind = 'school' AND a.kind = 'pc' AND a.tag IS NOT NULL AND a.archived_at IS NULL
		AND a.os LIKE 'Windows 1%' ORDER BY a.tag LIMIT 1`, pc.communeID)
	old := dbStrings(t, s, `SELECT a.id || '|' || a.tag FROM assets a JOIN sites s ON s.id = a.site_id
		WHERE s.commune_id = ? AND a.os IN ('Windows 98', 'Windows 2000') AND a.tag IS NOT NULL ORDER BY a.tag LIMIT 1`, pc.communeID)
	if len(row) != 1 || len(old) != 1 {
		t.Fatalf("the demo has %d Windows 10 or 11 school PCs and %d PCs before XP in Apprieu, want one of each", len(row), len(old))
	}
	parts := strings.Split(row[0], "|")
	pc.siteID, pc.id, pc.tag = parts[0], parts[1], parts[2]
	pc.oldID, pc.oldTag, _ = strings.Cut(old[0], "|")
	return pc
}

// communeMinutes returns minutes_spent and the warning of a commune in
// GET /api/v1/reports/communes for the current year.
func communeMinutes(t *testing.T, f fixture, communeID string) (int, string) {
	t.Helper()
	res := f.get(t, "/api/v1/reports/communes")
	var report struct {
		Items []struct {
			CommuneID    string  `json:"commune_id"`
			MinutesSpent int     `json:"minutes_spent"`
			Warning      *string `json:"warning"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(res.body), &report); err != nil || res.status != http.StatusOK {
		t.Fatalf("GET /api/v1/reports/communes: status %d, %v: %s", res.status, err, res.body)
	}
	for _, line := range report.Items {
		if line.CommuneID == communeID {
			warning := ""
			if line.Warning != nil {
				warning = *line.Warning
			}
			return line.MinutesSpent, warning
		}
	}
	t.Fatalf("GET /api/v1/reports/communes has no line for commune %s: %s", communeID, res.body)
	return 0, ""
}

// setAllowance sets a commune's yearly allowance through the REST API.
func setAllowance(t *testing.T, f fixture, communeID string, minutes int) {
	t.Helper()
	path := "/api/v1/communes/" + communeID
	var current struct {
		Version int `json:"version"`
	}
	res := f.get(t, path)
	if err := json.Unmarshal([]byte(res.body), &current); err != nil || res.status != http.StatusOK {
		t.Fatalf("GET %s: status %d, %v: %s", path, res.status, err, res.body)
	}
	res = f.do(t, http.MethodPatch, path, fmt.Sprintf(`{"version":%d,"allowance_minutes":%d}`, current.Version, minutes))
	if res.status != http.StatusOK {
		t.Fatalf("PATCH %s allowance_minutes %d: status %d: %s", path, minutes, res.status, res.body)
	}
}

// parisToday returns today's date in Europe/Paris, as the app counts days.
func parisToday(t *testing.T) string {
	t.Helper()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatalf("load Europe/Paris: %v", err)
	}
	return time.Now().In(paris).Format(time.DateOnly)
}

// setValue sets a field's value from script and fires input and change,
// as a date picker does.
func setValue(b *browser, sel, value string) {
	b.t.Helper()
	b.wait(sel, jsQuery(sel))
	if !eval[bool](b, fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.value = %q;
		el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));
		return el.value === %q; })()`, sel, value, value)) {
		b.fatalf("%s does not take the value %q", sel, value)
	}
}

// typeInField focuses the field sel, selects its text and types text with
// the keyboard. Unlike typeText, it resolves no node for the keys, so a
// redraw of the screen between the focus and the keys, which keeps the
// focus on the field of the same id, loses nothing.
func typeInField(b *browser, sel, text string) {
	b.t.Helper()
	b.wait(sel+" has the focus", fmt.Sprintf(`(() => { const el = document.querySelector(%q);
		if (!el) return false; el.scrollIntoView({block: 'center'}); el.focus(); el.select(); return document.activeElement === el; })()`, sel))
	b.do("type "+text+" into "+sel, chromedp.KeyEvent(text))
	b.wait(sel+" holds the text typed", fmt.Sprintf(`document.querySelector(%q)?.value === %q`, sel, text))
}

// scanLabel types a tag into the scan field id at a hand scanner's speed,
// ends it with Enter, and waits until the field's status line has kind.
func scanLabel(b *browser, id, tag, kind string) {
	b.t.Helper()
	field := id + "-tag"
	// The status line drops the kind of the previous scan, so that the
	// wait below reads this one's.
	b.wait("the scan field "+field+" has the focus", fmt.Sprintf(`(() => { const el = document.getElementById(%q);
		if (!el) return false; delete document.getElementById(%q).dataset.kind; el.focus(); return document.activeElement === el; })()`, field, id+"-status"))
	for _, r := range tag {
		b.do("type "+string(r), chromedp.KeyEvent(string(r)))
	}
	b.do("press Enter", chromedp.KeyEvent("\r"))
	b.wait(fmt.Sprintf("status %s after scanning %s into %s", kind, tag, id), fmt.Sprintf(
		`document.getElementById(%q)?.dataset.kind === %q`, id+"-status", kind))
}

// fileRequest fills the new-request form as a correspondent does: the PC
// chosen by scanning its label, the category, blocking, a description.
// On the way it checks that the form shows the charter's scope and warns
// about a PC older than Windows XP. It returns the request's id.
func fileRequest(b *browser, src string, pc apprieuPC) uuid.UUID {
	b.t.Helper()
	b.open("/requests/new")
	b.waitScreen("request-new")

	// A PC under Windows 98 gets the warning, and the scope lists who
	// handles each category the service leaves out.
	scanLabel(b, "request-scan", pc.oldTag, "seen")
	b.wait("the warning about a Windows older than XP", `!document.getElementById('request-os-warning').hidden`)
	if n := eval[int](b, `document.querySelectorAll('#request-out-of-scope li').length`); n != 10 {
		b.errorf("the form lists %d categories out of scope at a school, want 10", n)
	}
	if eval[bool](b, `[...document.querySelectorAll('#field-category option')].some((o) => o.value === 'copier')`) {
		b.errorf("the category copier is selectable at a school")
	}

	scanLabel(b, "request-scan", pc.tag, "seen")
	if got := eval[string](b, `document.getElementById('field-asset_id').value`); got != pc.id {
		b.errorf("after scanning %s the asset is %q, want %s", pc.tag, got, pc.id)
	}
	if got := eval[string](b, `document.getElementById('field-site_id').value`); got != pc.siteID {
		b.errorf("after scanning %s the site is %q, want %s", pc.tag, got, pc.siteID)
	}
	b.wait("the warning gone for a Windows 10 or 11 PC", `document.getElementById('request-os-warning').hidden`)
	choose(b, "#field-category", "os_repair")
	b.click("#urgency-blocking")
	typeText(b, "#field-description", workDescription)
	runAxe(b, src, "request-new")
	checkTargets(b, "request-new")
	return submitTo(b, "#request-form", "request", "/requests/")
}

// submitTo submits the form sel, waits for the screen of the record it
// saved and returns the record's id, read from the address under prefix.
func submitTo(b *browser, sel, screenName, prefix string) uuid.UUID {
	b.t.Helper()
	b.click(sel + " button[type=submit]")
	pattern := "^" + regexp.QuoteMeta(prefix) + "[0-9a-f-]{36}$"
	cond := fmt.Sprintf(`(() => { const m = document.getElementById('main');
		return m.dataset.screen === %q && m.dataset.ready === 'true' && new RegExp(%q).test(location.pathname); })()`, screenName, pattern)
	if !b.waitFor(cond, stepTimeout) {
		b.fatalf("after the submit of %s: no %s screen at %s…; the form shows %q", sel, screenName, prefix, formErrors(b))
	}
	id, err := uuid.Parse(strings.TrimPrefix(b.path(), prefix))
	if err != nil {
		b.fatalf("after the submit of %s: the address %s holds no record id: %v", sel, b.path(), err)
	}
	return id
}

// planRequest plans the request on screen for today, as a technician.
func planRequest(b *browser, day string) {
	b.t.Helper()
	setValue(b, "#request-plan #field-planned_for", day)
	b.click("#request-plan button[type=submit]")
	b.wait("the request planned", `document.getElementById('request-status')?.dataset.status === 'planned'`)
}

// openWorkOrder opens a work order from the request on screen and
// returns its id.
func openWorkOrder(b *browser, requestID uuid.UUID) uuid.UUID {
	b.t.Helper()
	b.click("#request-work-order-new")
	b.waitScreen("work-order-new")
	if got := b.path(); got != "/work-orders/new?request="+requestID.String() {
		b.errorf("the new work order's address is %s, want it to name request %s", got, requestID)
	}
	if got := eval[string](b, `document.getElementById('field-category').value`); got != "os_repair" {
		b.errorf("the new work order's category is %q, want the request's os_repair", got)
	}
	if levels := eval[int](b, `document.querySelectorAll('#field-level option').length`); levels != 1 {
		b.errorf("a school's work order offers %d levels, want level 1 only", levels)
	}
	return submitTo(b, "#work-order-form", "work-order", "/work-orders/")
}

// runTimer links the PC by its label, runs the timer (start, a short
// wait, stop) and corrects the time to exactly minutes. It returns the
// minutes the timer counted before the correction.
func runTimer(b *browser, pc apprieuPC, minutes int, reload func()) int {
	b.t.Helper()
	scanLabel(b, "work-order-scan", pc.tag, "linked")
	b.wait("the PC in the work order's list", jsQuery(fmt.Sprintf(`#work-order-assets li[data-asset-id=%q]`, pc.id)))

	b.click("#timer-start")
	b.wait("the running timer", `document.getElementById('timer-display')?.dataset.state === 'running'`)
	// The wait only lets the timer run: the checks below read minutes,
	// which the correction makes exact.
	time.Sleep(1200 * time.Millisecond)
	if reload != nil {
		reload()
		b.wait("the timer still running", `document.getElementById('timer-display')?.dataset.state === 'running'`)
	}
	b.click("#timer-stop")
	b.wait("the stopped timer", `document.getElementById('timer-display')?.dataset.state === 'stopped'`)

	counted := eval[int](b, `Number(document.getElementById('timer-minutes').dataset.minutes)`)
	if counted == minutes {
		b.fatalf("the timer counted %d minutes, the total the test corrects to", counted)
	}
	b.click("#time-correction-open")
	typeInField(b, "#time-correction #field-minutes", fmt.Sprint(minutes-counted))
	typeInField(b, "#time-correction #field-reason", "Diagnostic avant l'ouverture de la fiche")
	b.click("#time-correction button[type=submit]")
	b.wait(fmt.Sprintf("%d minutes counted", minutes), fmt.Sprintf(
		`document.getElementById('timer-minutes')?.dataset.minutes === '%d'`, minutes))
	return counted
}

// closeWorkOrder records the travel time, ticks two actions and closes
// the work order with its summary and the person present.
func closeWorkOrder(b *browser, travel int) {
	b.t.Helper()
	typeInField(b, "#work-order-details #field-travel_minutes", fmt.Sprint(travel))
	b.click(`#work-order-details input[value="updates_installed"]`)
	b.click(`#work-order-details input[value="antivirus_checked"]`)
	b.click("#work-order-details button[type=submit]")
	b.wait("the travel time saved", fmt.Sprintf(`document.querySelector('#work-order-details #field-travel_minutes')?.defaultValue === '%d'`, travel))

	typeInField(b, "#work-order-close #field-summary", workSummary)
	typeInField(b, "#work-order-close #field-signed_by", workSigner)
	if !b.exists("#work-order-signature") {
		b.errorf("the closing step has no place for the signature")
	}
	b.click("#work-order-close button[type=submit]")
	b.wait("the work order closed", `document.getElementById('work-order-status')?.dataset.status === 'done'`)
}

// waitOutboxEmpty waits until the page has sent its outbox and the server
// rejected nothing.
func waitOutboxEmpty(b *browser, within time.Duration) {
	b.t.Helper()
	const sent = `document.documentElement.dataset.pending === '0'`
	if !b.waitFor(sent, within) {
		b.fatalf("the outbox still holds %s ops after %v", eval[string](b, `document.documentElement.dataset.pending`), within)
	}
	if got := eval[string](b, `document.documentElement.dataset.rejected || '0'`); got != "0" {
		b.errorf("the server rejected %s ops", got)
	}
}

// checkClosedOnServer checks the request and its work order in the
// database once the technician's device has sent everything.
func checkClosedOnServer(t *testing.T, s *store.Store, requestID, workOrderID uuid.UUID, pc apprieuPC, minutes, travel int) {
	t.Helper()
	want := fmt.Sprintf("done|%s|%d|%d|%s|%s", requestID, minutes, travel, workSummary, workSigner)
	got := dbStrings(t, s, `SELECT status || '|' || request_id || '|' || work_minutes || '|' || travel_minutes || '|' || summary || '|' || signed_by
		FROM work_orders WHERE id = ?`, workOrderID.String())
	if len(got) != 1 || got[0] != want {
		t.Errorf("work order %s: %q, want [%q]", workOrderID, got, want)
	}
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM work_orders WHERE request_id = ?", requestID.String()); n != 1 {
		t.Errorf("request %s has %d work orders, want 1", requestID, n)
	}
	if got := dbStrings(t, s, "SELECT asset_id FROM work_order_assets WHERE work_order_id = ?", workOrderID.String()); len(got) != 1 || got[0] != pc.id {
		t.Errorf("work order %s links assets %q, want [%s]", workOrderID, got, pc.id)
	}
	kinds := dbStrings(t, s, "SELECT kind FROM time_entries WHERE work_order_id = ? ORDER BY ordinal", workOrderID.String())
	if strings.Join(kinds, ",") != "start,stop,correction" {
		t.Errorf("work order %s has time entries %q, want start, stop and correction", workOrderID, kinds)
	}
	if got := dbValue[string](t, s, "SELECT status FROM requests WHERE id = ?", requestID.String()); got != "done" {
		t.Errorf("request %s is %s, want done", requestID, got)
	}
}

// TestWorkRequestJourney runs the request of a correspondent of Apprieu
// to its close by a technician, with two browsers, and checks that
// Apprieu's time rose by exactly the work order's minutes.
func TestWorkRequestJourney(t *testing.T) {
	src := axeSource(t)
	f, s, srv := browserFixture(t)
	pc := readApprieuPC(t, s)
	const minutes, travel = 37, 20
	before, _ := communeMinutes(t, f, pc.communeID)
	// The allowance runs out with this work order, so the screens show
	// the 100 % warning afterwards.
	setAllowance(t, f, pc.communeID, before+minutes)

	corr := launchBrowser(t, srv, "correspondent")
	defer corr.logExceptions()
	corr.login(apprieuCorrespondent)
	requestID := fileRequest(corr, src, pc)
	waitOutboxEmpty(corr, stepTimeout)
	if got := dbStrings(t, s, "SELECT status || '|' || urgency || '|' || category || '|' || asset_id || '|' || description FROM requests WHERE id = ?", requestID.String()); len(got) != 1 ||
		got[0] != "new|blocking|os_repair|"+pc.id+"|"+workDescription {
		t.Fatalf("request %s on the server: %q", requestID, got)
	}
	runAxe(corr, src, "request (correspondent)")

	tech := newBrowser(t, srv)
	defer tech.logExceptions()
	tech.login(demoEmail)
	tech.open("/requests")
	tech.waitScreen("requests")
	first := eval[string](tech, `document.querySelector('#request-list li')?.dataset.requestId || ''`)
	if first != requestID.String() || !tech.exists(fmt.Sprintf(`#request-list li[data-request-id=%q] .badge-blocking`, requestID)) {
		tech.errorf("the technician's list starts with request %q, want the new blocking request %s", first, requestID)
	}
	runAxe(tech, src, "requests")
	tech.click(fmt.Sprintf(`#request-list li[data-request-id=%q] a`, requestID))
	tech.waitScreen("request")
	planRequest(tech, parisToday(t))
	runAxe(tech, src, "request (technician)")
	checkTargets(tech, "request (technician)")

	workOrderID := openWorkOrder(tech, requestID)
	counted := runTimer(tech, pc, minutes, nil)
	t.Logf("the timer counted %d minutes before the correction", counted)
	runAxe(tech, src, "work-order")
	checkTargets(tech, "work-order")
	closeWorkOrder(tech, travel)
	waitOutboxEmpty(tech, stepTimeout)
	runAxe(tech, src, "work-order (closed)")

	checkClosedOnServer(t, s, requestID, workOrderID, pc, minutes, travel)
	after, warning := communeMinutes(t, f, pc.communeID)
	if after != before+minutes {
		t.Errorf("Apprieu's time rose from %d to %d minutes, want +%d", before, after, minutes)
	}
	if warning != "100" {
		t.Errorf("Apprieu's warning is %q at %d of %d minutes, want 100", warning, after, before+minutes)
	}

	// The correspondent's device shows the request done, and the warning
	// on the home screen.
	corr.open("/requests/" + requestID.String())
	corr.waitScreen("request")
	corr.wait("the request done on the correspondent's device", `document.getElementById('request-status')?.dataset.status === 'done'`)
	corr.open("/")
	corr.waitScreen("home")
	corr.wait("the 100 % warning on the home screen", jsQuery(fmt.Sprintf(`#home-time li[data-commune-id=%q][data-warning="100"]`, pc.communeID)))
	if got := eval[string](corr, fmt.Sprintf(`document.querySelector('#home-time li[data-commune-id=%q]').dataset.minutes`, pc.communeID)); got != fmt.Sprint(after) {
		corr.errorf("the home screen shows %s minutes for Apprieu, want %d", got, after)
	}
	runAxe(corr, src, "home (correspondent)")
}
