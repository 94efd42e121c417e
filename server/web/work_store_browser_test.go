package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"parc/server/requests"
)

// Tests of the daily work's records on the device: the upgrade of the
// local store that makes the next pull load them, and the problem
// reports, which only the REST API handles.

// createRequest files a request through the REST API as the fixture's
// user and returns its id.
func createRequest(t *testing.T, f fixture, siteID, description string) string {
	t.Helper()
	body, err := json.Marshal(map[string]string{"site_id": siteID, "category": "network_setup", "urgency": "normal", "description": description})
	if err != nil {
		t.Fatalf("encode a request: %v", err)
	}
	res := f.do(t, http.MethodPost, "/api/v1/requests", string(body))
	var created struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(res.body), &created); err != nil || res.status != http.StatusCreated {
		t.Fatalf("POST /api/v1/requests: status %d, %v: %s", res.status, err, res.body)
	}
	return created.ID
}

// olderStore replaces the page's database with one of version 3, the
// last without the daily work, whose pull cursor is at the end of the
// change sequence, as a device that ran the previous build has it. Its
// outbox holds one change of an asset's notes, given as %q and %q (the
// asset's id and the notes), which the device has not sent yet.
const olderStore = `(async () => {
	const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
	let cursor = '';
	for (let more = true; more;) {
		const page = await (await fetch('/api/v1/sync/pull?limit=5000&cursor=' + encodeURIComponent(cursor))).json();
		cursor = page.cursor;
		more = page.more;
	}
	const session = await (await fetch('/api/v1/session')).json();
	await new Promise((resolve, reject) => {
		const r = indexedDB.deleteDatabase('parc');
		r.onsuccess = resolve; r.onerror = () => reject(r.error); r.onblocked = () => reject(new Error('the database is open elsewhere'));
	});
	const open = indexedDB.open('parc', 3);
	open.onupgradeneeded = () => {
		const db = open.result;
		db.createObjectStore('communes', { keyPath: 'id' });
		db.createObjectStore('sites', { keyPath: 'id' }).createIndex('commune_id', 'commune_id');
		db.createObjectStore('rooms', { keyPath: 'id' }).createIndex('site_id', 'site_id');
		const assets = db.createObjectStore('assets', { keyPath: 'id' });
		for (const index of ['commune_id', 'site_id', 'room_id', 'tag']) assets.createIndex(index, index);
		db.createObjectStore('meta', { keyPath: 'key' });
		db.createObjectStore('inventory_rounds', { keyPath: 'id' });
		db.createObjectStore('inventory_scans', { keyPath: 'id' }).createIndex('round_id', 'round_id');
		db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('entity_id', 'entity_id');
		db.createObjectStore('rejected', { keyPath: 'id' });
		db.createObjectStore('conflicts', { keyPath: 'id' });
	};
	const db = await request(open);
	const tx = db.transaction(['meta', 'outbox'], 'readwrite');
	tx.objectStore('meta').put({ key: 'pull_cursor', value: cursor });
	tx.objectStore('meta').put({ key: 'user', value: session.user });
	tx.objectStore('meta').put({ key: 'owner_id', value: session.user.id });
	tx.objectStore('outbox').add({ id: crypto.randomUUID(), entity: 'asset', entity_id: %q, action: 'upsert', fields: { notes: %q },
		create: false, queued_at: new Date().toISOString(), sent: false });
	await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
	db.close();
	return cursor;
})()`

// TestWorkStoreUpgrade opens the app on a device whose store has version
// 3, a pull cursor past a request and a change in its outbox. The upgrade
// drops the cursor, so the next pull is a full load that brings the
// request and the pool of spares. It keeps the change, which the device
// then sends.
func TestWorkStoreUpgrade(t *testing.T) {
	f, s, srv := browserFixture(t)
	pc := readApprieuPC(t, s)
	requestID := createRequest(t, f, pc.siteID, "Plus d'Internet dans la classe de CM2.")

	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.login(demoEmail)
	// A page of the server without the app, so that no tab holds the
	// database while it is replaced.
	b.open("/healthz")
	const notes = "Changé avant la mise à jour de l'application."
	cursor := eval[string](b, fmt.Sprintf(olderStore, pc.id, notes))
	if cursor == "" {
		b.fatalf("the full pull returned no cursor")
	}

	b.open("/requests")
	b.waitScreen("requests")
	b.wait("the request pulled after the upgrade", jsQuery(fmt.Sprintf(`#request-list li[data-request-id=%q]`, requestID)))
	type state struct {
		Version int    `json:"version"`
		Cursor  string `json:"cursor"`
	}
	got := eval[state](b, `(async () => {
		const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
		const db = await request(indexedDB.open('parc'));
		const row = await request(db.transaction('meta').objectStore('meta').get('pull_cursor'));
		const version = db.version;
		db.close();
		return {version, cursor: row ? row.value : ''};
	})()`)
	if got.Version != 6 || got.Cursor == "" {
		b.errorf("after the upgrade: database version %d, pull cursor %q; want 6 and the cursor of the full load", got.Version, got.Cursor)
	}
	spares := dbValue[int](t, s, "SELECT COUNT(*) FROM loan_spares")
	b.wait("the pool of spares pulled after the upgrade", fmt.Sprintf(`(async () => {
		const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
		const db = await request(indexedDB.open('parc'));
		const n = await request(db.transaction('loan_spares').objectStore('loan_spares').count());
		db.close();
		return n === %d;
	})()`, spares))
	waitOutboxEmpty(b, 30*time.Second)
	if got := dbValue[string](t, s, "SELECT notes FROM assets WHERE id = ?", pc.id); got != notes {
		t.Errorf("notes of asset %s after the upgrade: %q, want the change queued before it", pc.id, got)
	}
}

// TestWorkProblemReports has the Apprieu correspondent turn a problem
// report into a request and dismiss another, both online, and checks that
// the screen offers both without signal too.
func TestWorkProblemReports(t *testing.T) {
	src := axeSource(t)
	_, s, srv := browserFixture(t)
	pc := readApprieuPC(t, s)
	writer := &requests.Writer{DB: s.DB}
	file := func(text string) string {
		r, err := writer.FileReport(context.Background(), uuid.MustParse(pc.id), requests.ReportForm{ReporterName: "Paul, enseignant", Description: text})
		if err != nil {
			t.Fatalf("file a problem report on %s: %v", pc.tag, err)
		}
		return r.ID.String()
	}
	converted := file("L'écran reste noir au démarrage.")
	dismissed := file("La souris ne marche plus.")

	b := launchBrowser(t, srv, "correspondent")
	defer b.logExceptions()
	b.login(apprieuCorrespondent)
	b.waitController()
	b.open("/problem-reports")
	b.waitScreen("problem-reports")
	if got := b.text("main h1"); got != "Signalements" {
		t.Errorf("problem reports heading = %q, want Signalements", got)
	}
	for _, id := range []string{converted, dismissed} {
		b.wait("report "+id+" listed", jsQuery(fmt.Sprintf(`#report-list li[data-report-id=%q]`, id)))
	}
	runAxe(b, src, "problem-reports")

	b.click(fmt.Sprintf(`#report-%s-handle`, converted))
	b.waitScreen("problem-reports")
	b.wait("the convert form", jsQuery("#report-convert"))
	runAxe(b, src, "problem-reports (one report)")
	checkTargets(b, "problem-reports (one report)")
	choose(b, "#report-convert #field-category", "os_repair")
	choose(b, "#report-convert #field-urgency", "blocking")
	requestID := submitTo(b, "#report-convert", "request", "/requests/")
	if got := dbStrings(t, s, "SELECT status || '|' || COALESCE(request_id, '') FROM problem_reports WHERE id = ?", converted); len(got) != 1 || got[0] != "converted|"+requestID.String() {
		t.Errorf("report %s on the server: %q, want converted into request %s", converted, got, requestID)
	}
	if got := dbValue[string](t, s, "SELECT urgency || '|' || category || '|' || site_id FROM requests WHERE id = ?", requestID.String()); got != "blocking|os_repair|"+pc.siteID {
		t.Errorf("request %s made of the report: %q", requestID, got)
	}

	// Offline, the screen still offers to handle the report: the change
	// goes through the outbox (TestOfflineReportsCampaignLoan sends one).
	b.open("/problem-reports?report=" + dismissed)
	b.waitScreen("problem-reports")
	b.setOffline(true)
	b.do("reload offline", chromedp.Reload())
	b.waitScreen("problem-reports")
	b.wait("the dismiss form offline", jsQuery("#report-dismiss"))
	if b.exists("#reports-offline") {
		b.errorf("the screen says that handling a report needs the network")
	}
	b.setOffline(false)
	b.do("reload online", chromedp.Reload())
	b.waitScreen("problem-reports")
	b.wait("the dismiss form", jsQuery("#report-dismiss"))
	typeText(b, "#report-dismiss #field-reason", "Souris remplacée par l'école.")
	b.click("#report-dismiss button[type=submit]")
	b.wait("the list without the dismissed report", `!location.search && document.getElementById('main').dataset.ready === 'true'`)
	if got := dbValue[string](t, s, "SELECT status || '|' || dismissed_reason FROM problem_reports WHERE id = ?", dismissed); got != "dismissed|Souris remplacée par l'école." {
		t.Errorf("report %s on the server: %q, want dismissed with the reason", dismissed, got)
	}
}
