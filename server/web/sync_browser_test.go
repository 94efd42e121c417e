package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"parc/labels"
	"parc/server/store"
)

// The offline sync test: a technician works without signal, reloads the
// page, and the changes reach the server exactly once when the signal
// comes back. The helpers of this file name what the device queued.

// patchAsset changes fields of an asset through the REST API, as another
// technician's browser would, and returns its new version.
func patchAsset(t *testing.T, f fixture, id uuid.UUID, fields map[string]any) int {
	t.Helper()
	path := "/api/v1/assets/" + id.String()
	res := f.get(t, path)
	var current struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal([]byte(res.body), &current); err != nil || res.status != http.StatusOK {
		t.Fatalf("GET %s: status %d, %v: %s", path, res.status, err, res.body)
	}
	body := map[string]any{"version": current.Version}
	for k, v := range fields {
		body[k] = v
	}
	encoded, err := json.Marshal(body)
	if err != nil {
		t.Fatalf("encode the PATCH of %s: %v", path, err)
	}
	res = f.do(t, http.MethodPatch, path, string(encoded))
	if res.status != http.StatusOK {
		t.Fatalf("PATCH %s %s: status %d: %s", path, encoded, res.status, res.body)
	}
	return current.Version + 1
}

// queuedOp is an op of the device's outbox, as the test reads it.
type queuedOp struct {
	ID       string `json:"id"`
	Entity   string `json:"entity"`
	EntityID string `json:"entity_id"`
	Action   string `json:"action"`
}

// outboxOps reads the device's outbox and its client id from IndexedDB.
func outboxOps(b *browser) (ops []queuedOp, clientID string) {
	b.t.Helper()
	type state struct {
		Ops      []queuedOp `json:"ops"`
		ClientID string     `json:"clientID"`
	}
	st := eval[state](b, `(async () => {
		const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
		const db = await request(indexedDB.open('parc'));
		const tx = db.transaction(['outbox', 'meta']);
		const ops = await request(tx.objectStore('outbox').getAll());
		const client = await request(tx.objectStore('meta').get('client_id'));
		db.close();
		return {ops, clientID: client ? client.value : ''};
	})()`)
	return st.Ops, st.ClientID
}

// pendingCount returns the count of queued ops that the page shows on
// <html data-pending>, once the page has drawn it.
func pendingCount(b *browser) int {
	b.t.Helper()
	b.wait("the pending count on <html>", `document.documentElement.dataset.pending !== undefined`)
	return eval[int](b, `Number(document.documentElement.dataset.pending)`)
}

// editOffline opens a form at path, lets fill type into it, submits it
// and waits for the screen of the saved record, whose id it returns.
func editOffline(b *browser, path, formScreen, savedScreen, prefix string, fill func()) uuid.UUID {
	b.t.Helper()
	b.open(path)
	b.waitScreen(formScreen)
	b.wait("the form", jsQuery("#main form #field-name, #main form #field-model"))
	fill()
	return submitForm(b, savedScreen, prefix)
}

// syncSiteData is what the test reads from the demo before it starts.
type syncSiteData struct {
	roomTagged []inventoryAsset // tagged assets of the fixture's room
	moved      []inventoryAsset // two tagged assets of the site in other rooms
	edited     []string         // ids of tagged assets of other sites
	otherRooms [2]struct{ id, name string }
}

func readSyncSite(t *testing.T, s *store.Store, f fixture) syncSiteData {
	t.Helper()
	var d syncSiteData
	tagged, _ := siteAssets(t, s, f.siteID.String())
	for _, a := range tagged {
		switch {
		case a.roomID == f.roomID.String():
			d.roomTagged = append(d.roomTagged, a)
		case len(d.moved) < 2:
			d.moved = append(d.moved, a)
		}
	}
	if len(d.roomTagged) < 2 || len(d.moved) < 2 {
		t.Fatalf("site %s: %d tagged assets in room %s and %d elsewhere, want at least 2 of each", f.siteID, len(d.roomTagged), f.roomID, len(d.moved))
	}
	d.edited = dbStrings(t, s, `SELECT id FROM assets WHERE site_id <> ? AND tag IS NOT NULL AND archived_at IS NULL ORDER BY tag LIMIT 4`, f.siteID.String())
	rows := dbStrings(t, s, `SELECT id || '|' || name FROM rooms WHERE site_id = ? AND id <> ? AND archived_at IS NULL ORDER BY name LIMIT 2`, f.siteID.String(), f.roomID.String())
	if len(d.edited) < 4 || len(rows) < 2 {
		t.Fatalf("the demo has %d tagged assets outside site %s and %d other rooms in it, want 4 and 2", len(d.edited), f.siteID, len(rows))
	}
	for i, row := range rows {
		d.otherRooms[i].id, d.otherRooms[i].name, _ = strings.Cut(row, "|")
	}
	return d
}

// TestSyncOffline records an inventory round and edits without signal,
// reloads the page offline, and checks that every queued op reaches the
// server exactly once when the signal comes back. One op makes a conflict
// and one is rejected: the sync screen shows both, and fixes the rejected one.
func TestSyncOffline(t *testing.T) {
	src := axeSource(t)
	f, s, srv := browserFixture(t)
	d := readSyncSite(t, s, f)
	b := newBrowser(t, srv)
	defer b.logExceptions()

	b.login(demoEmail)
	b.waitController()
	versionA := dbValue[int](t, s, "SELECT version FROM assets WHERE id = ?", f.assetID.String())
	b.setOffline(true)

	scans := recordRoundOffline(b, s, f, d)
	newRoom, newAsset := editFleetOffline(b, f, d)
	// Someone else changes asset A's model on the server meanwhile. The
	// device's change of the model, based on the version it holds, wins
	// and its result is a conflict.
	const otherModel = "OptiPlex 3000 (changé au bureau)"
	patchAsset(t, f, f.assetID, map[string]any{"model": otherModel})

	queued, clientID := outboxOps(b)
	pending := pendingCount(b)
	t.Logf("offline: %d ops queued (%d scans), client id %s", len(queued), scans, clientID)
	if pending != len(queued) || pending < 20 {
		b.fatalf("offline: <html data-pending> is %d and the outbox holds %d ops, want equal and at least 20", pending, len(queued))
	}

	// The outbox survives a reload without signal.
	b.do("reload offline", chromedp.Reload())
	b.waitScreen("asset")
	if got := pendingCount(b); got != pending {
		b.errorf("after a reload offline: %d pending, want %d", got, pending)
	}
	if again, _ := outboxOps(b); len(again) != len(queued) {
		b.errorf("after a reload offline: the outbox holds %d ops, want %d", len(again), len(queued))
	}
	b.wait("the app bar's pending link", fmt.Sprintf(`(() => { const a = document.getElementById('sync-status');
		return a && a.checkVisibility() && a.textContent.includes('%d'); })()`, pending))
	b.open("/sync")
	b.waitScreen("sync")
	if rows := eval[int](b, `document.querySelectorAll('#sync-pending li').length`); rows != pending {
		b.errorf("the sync screen offline lists %d pending ops, want %d", rows, pending)
	}
	runAxe(b, src, "sync (offline, pending)")
	checkTargets(b, "sync (offline)")

	// Back online, the outbox empties.
	b.setOffline(false)
	if !b.waitFor(`document.documentElement.dataset.pending === '0' && document.documentElement.dataset.rejected === '1'
		&& document.documentElement.dataset.conflicts === '1'`, 30*time.Second) {
		b.fatalf("online: pending %s, rejected %s, conflicts %s; want 0, 1 and 1", eval[string](b, `document.documentElement.dataset.pending`),
			eval[string](b, `document.documentElement.dataset.rejected`), eval[string](b, `document.documentElement.dataset.conflicts`))
	}
	checkArrivedOnce(t, s, queued, clientID)
	checkServerState(t, s, f, d, scans, newRoom, newAsset, versionA)

	fixOnSyncScreen(b, s, src, d, otherModel)
	logoutWithUnsent(b, d)
}

// recordRoundOffline runs an inventory round in the fixture's room: every
// tagged asset of the room, one twice, two moves from other rooms and an
// unknown tag. It returns the number of scans stored.
func recordRoundOffline(b *browser, s *store.Store, f fixture, d syncSiteData) int {
	b.t.Helper()
	b.open("/inventory")
	b.waitScreen("inventory")
	choose(b, "#inventory-site", f.siteID.String())
	b.click(`#inventory-start [type="submit"]`)
	b.wait("the room choice", jsQuery("#inventory-room"))
	choose(b, "#inventory-room", f.roomID.String())
	for _, a := range d.roomTagged {
		scanTag(b, a.tag, "seen")
	}
	scanTag(b, d.roomTagged[0].tag, "duplicate")
	for _, a := range d.moved {
		scanTag(b, a.tag, "elsewhere")
		b.click(fmt.Sprintf(`#inventory-moves [data-tag=%q] .move-confirm`, a.tag))
		b.wait("the confirmed move of "+a.tag, fmt.Sprintf(`(() => { const s = document.getElementById('inventory-status');
			return s.dataset.kind === 'moved' && s.textContent.includes(%q); })()`, a.tag))
	}
	unknown, err := labels.NewAssetTag("BE", labels.MaxAssetSerial)
	if err != nil {
		b.t.Fatalf("make an unknown tag: %v", err)
	}
	if n := dbValue[int](b.t, s, "SELECT COUNT(*) FROM assets WHERE tag = ?", unknown.String()); n != 0 {
		b.t.Fatalf("tag %s is on %d assets, want none", unknown, n)
	}
	scanTag(b, unknown.String(), "unknown")
	return len(d.roomTagged) + 1 + len(d.moved) + 1
}

// Values that the offline edits type.
const (
	offlineModel   = "OptiPlex 9020 (saisi hors ligne)"
	offlineNotes   = "Écran fendu, vu sans réseau."
	offlineSerial  = "SYNC-HORS-LIGNE-1"
	offlineRoom    = "Salle de la synchronisation"
	offlineRenamed = "Salle de la synchronisation (renommée)"
)

// editFleetOffline makes the edits of the test through the forms, without
// signal: two edits of asset A, five of three other assets, a new room
// renamed once, a new asset in it, edited once, and an archived asset.
// Last, a room takes the name of another room of its site, which the
// server will reject. It returns the ids of the new room and asset.
func editFleetOffline(b *browser, f fixture, d syncSiteData) (room, asset uuid.UUID) {
	b.t.Helper()
	assetForm := func(id string, fill func()) {
		editOffline(b, "/assets/"+id+"/edit", "asset-edit", "asset", "/assets/", fill)
	}
	assetForm(f.assetID.String(), func() { typeText(b, "#field-model", offlineModel) })
	assetForm(f.assetID.String(), func() { choose(b, "#field-status", "broken") })
	assetForm(d.edited[0], func() { typeText(b, "#field-notes", offlineNotes) })
	assetForm(d.edited[1], func() { typeText(b, "#field-os_version", "22H2") })
	assetForm(d.edited[1], func() { typeText(b, "#field-recommended_model", "Lenovo ThinkCentre M75q Gen 5") })
	assetForm(d.edited[3], func() { typeText(b, "#field-serial", "SERIE-HORS-LIGNE-3") })
	assetForm(d.edited[0], func() { typeText(b, "#field-os", "Windows 11 (hors ligne)") })

	room = editOffline(b, "/rooms/new?site="+f.siteID.String(), "room-edit", "room", "/rooms/", func() {
		typeText(b, "#field-name", offlineRoom)
	})
	editOffline(b, "/rooms/"+room.String()+"/edit", "room-edit", "room", "/rooms/", func() {
		typeText(b, "#field-name", offlineRenamed)
	})
	asset = editOffline(b, fmt.Sprintf("/assets/new?site=%s&room=%s", f.siteID, room), "asset-edit", "asset", "/assets/", func() {
		typeText(b, "#field-serial", offlineSerial)
	})
	assetForm(asset.String(), func() { typeText(b, "#field-brand", "Dell") })

	b.open("/assets/" + d.edited[2] + "/edit")
	b.waitScreen("asset-edit")
	b.click("#archive-button")
	b.click(`#archive-dialog [data-choice="confirm"]`)
	b.waitScreen("site")

	editOffline(b, "/rooms/"+d.otherRooms[0].id+"/edit", "room-edit", "room", "/rooms/", func() {
		typeText(b, "#field-name", d.otherRooms[1].name)
	})
	b.open("/assets/" + f.assetID.String())
	b.waitScreen("asset")
	return room, asset
}

// checkArrivedOnce checks that the server processed every op of the
// device exactly once, and nothing more from it.
func checkArrivedOnce(t *testing.T, s *store.Store, queued []queuedOp, clientID string) {
	t.Helper()
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM sync_ops WHERE client_id = ?", clientID); n != len(queued) {
		t.Errorf("sync_ops holds %d ops of client %s, want the %d it queued", n, clientID, len(queued))
	}
	statuses := map[string]int{}
	for _, op := range queued {
		rows := dbStrings(t, s, "SELECT status FROM sync_ops WHERE id = ?", op.ID)
		if len(rows) != 1 {
			t.Errorf("op %s (%s %s %s): %d rows in sync_ops, want 1", op.ID, op.Action, op.Entity, op.EntityID, len(rows))
			continue
		}
		statuses[rows[0]]++
	}
	t.Logf("results of the %d ops: %v", len(queued), statuses)
	if statuses["conflict"] != 1 || statuses["rejected"] != 1 || statuses["applied"] != len(queued)-2 {
		t.Errorf("results %v, want 1 conflict, 1 rejected and %d applied", statuses, len(queued)-2)
	}
}

// checkServerState reads what the ops did in the database.
func checkServerState(t *testing.T, s *store.Store, f fixture, d syncSiteData, scans int, room, asset uuid.UUID, versionA int) {
	t.Helper()
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM inventory_scans"); n != scans {
		t.Errorf("inventory_scans holds %d rows, want the %d scans of the round", n, scans)
	}
	var model, status string
	var version int
	if err := s.Reader.QueryRowContext(context.Background(), "SELECT model, status, version FROM assets WHERE id = ?",
		f.assetID.String()).Scan(&model, &status, &version); err != nil {
		t.Fatalf("read asset %s: %v", f.assetID, err)
	}

	if model != offlineModel || status != "broken" {
		t.Errorf("asset %s: model %q, status %q; want %q and broken", f.assetID, model, status, offlineModel)
	}
	if version <= versionA+2 {
		t.Errorf("asset %s: version %d, want above %d (%d, then the REST change and two offline edits)", f.assetID, version, versionA+2, versionA)
	}

	for _, a := range d.moved {
		if got := dbValue[string](t, s, "SELECT COALESCE(room_id, '') FROM assets WHERE id = ?", a.id); got != f.roomID.String() {
			t.Errorf("moved asset %s: room %s, want %s", a.id, got, f.roomID)
		}
	}
	if got := dbStrings(t, s, "SELECT notes || '|' || os FROM assets WHERE id = ?", d.edited[0]); len(got) != 1 || got[0] != offlineNotes+"|Windows 11 (hors ligne)" {
		t.Errorf("asset %s: notes and os %q, want %q and Windows 11 (hors ligne)", d.edited[0], got, offlineNotes)
	}
	if got := dbStrings(t, s, "SELECT os_version || '|' || recommended_model FROM assets WHERE id = ?", d.edited[1]); len(got) != 1 || got[0] != "22H2|Lenovo ThinkCentre M75q Gen 5" {
		t.Errorf("asset %s: os_version and recommended_model %q, want 22H2 and Lenovo ThinkCentre M75q Gen 5", d.edited[1], got)
	}
	if got := dbValue[string](t, s, "SELECT serial FROM assets WHERE id = ?", d.edited[3]); got != "SERIE-HORS-LIGNE-3" {
		t.Errorf("asset %s: serial %q, want SERIE-HORS-LIGNE-3", d.edited[3], got)
	}
	if got := dbValue[int](t, s, "SELECT COUNT(*) FROM assets WHERE id = ? AND archived_at IS NOT NULL", d.edited[2]); got != 1 {
		t.Errorf("asset %s is not archived", d.edited[2])
	}

	if got := dbStrings(t, s, "SELECT name FROM rooms WHERE id = ?", room.String()); len(got) != 1 || got[0] != offlineRenamed {
		t.Errorf("new room %s: names %q, want [%q]", room, got, offlineRenamed)
	}
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM rooms WHERE name IN (?, ?)", offlineRoom, offlineRenamed); n != 1 {
		t.Errorf("%d rooms named %q or %q, want 1", n, offlineRoom, offlineRenamed)
	}
	rows := dbStrings(t, s, "SELECT id || '|' || COALESCE(room_id, '') || '|' || brand FROM assets WHERE serial = ?", offlineSerial)
	if want := asset.String() + "|" + room.String() + "|Dell"; len(rows) != 1 || rows[0] != want {
		t.Errorf("assets with serial %s: %q, want [%q]", offlineSerial, rows, want)
	}
	if got := dbValue[string](t, s, "SELECT name FROM rooms WHERE id = ?", d.otherRooms[0].id); got != d.otherRooms[0].name {
		t.Errorf("room %s: name %q after the rejected rename, want %q", d.otherRooms[0].id, got, d.otherRooms[0].name)
	}
}
