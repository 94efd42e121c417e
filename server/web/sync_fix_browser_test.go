package web_test

import (
	"strings"

	"parc/server/store"
)

// fixOnSyncScreen reads the conflict and the rejection of TestSyncOffline
// on the sync screen, corrects the rejected rename with « Corriger » and
// dismisses the conflict.
func fixOnSyncScreen(b *browser, s *store.Store, src string, d syncSiteData, otherModel string) {
	b.t.Helper()
	b.open("/sync")
	b.waitScreen("sync")
	conflict := `document.querySelector('#sync-conflicts li[data-field="model"]')?.textContent ?? ''`
	b.wait("the conflict on the model", jsQuery(`#sync-conflicts li[data-field="model"]`))
	if text := eval[string](b, conflict); !containsAll(text, otherModel, offlineModel) {
		b.errorf("the conflict says %q, want both %q and %q", text, otherModel, offlineModel)
	}
	reason := b.text("#sync-rejected .sync-reason")
	field := b.text(`#sync-rejected li[data-field="name"]`)
	b.t.Logf("rejected rename: %q; %q", reason, field)
	if reason == "" || !containsAll(field, d.otherRooms[1].name) {
		b.errorf("the rejected rename shows the reason %q and the field line %q, want a reason and the name %q", reason, field, d.otherRooms[1].name)
	}
	runAxe(b, src, "sync (conflict and rejection)")
	checkTargets(b, "sync (conflict and rejection)")

	// « Corriger » opens the room's form with the server's reason.
	b.click(`#sync-rejected a[id^="rejected-fix-"]`)
	b.waitScreen("room-edit")
	b.wait("the reason under the name", `(document.getElementById('field-name-error')?.textContent ?? '') !== ''`)
	fixed := d.otherRooms[0].name + " (corrigée)"
	typeText(b, "#field-name", fixed)
	submitForm(b, "room", "/rooms/")
	b.wait("no rejected change left", `document.documentElement.dataset.rejected === '0' && document.documentElement.dataset.pending === '0'`)
	if got := dbValue[string](b.t, s, "SELECT name FROM rooms WHERE id = ?", d.otherRooms[0].id); got != fixed {
		b.errorf("room %s after « Corriger »: name %q, want %q", d.otherRooms[0].id, got, fixed)
	}

	// « J'ai compris » dismisses the conflict, which stayed until then.
	b.open("/sync")
	b.waitScreen("sync")
	b.click(`#sync-conflicts button`)
	b.wait("no conflict left", `document.documentElement.dataset.conflicts === '0' && !document.getElementById('sync-conflicts')`)
}

// logoutWithUnsent makes a change that the server rejects at once, which
// the form shows, then logs out. The logout shows a confirmation first,
// and goes only once the user confirms.
func logoutWithUnsent(b *browser, d syncSiteData) {
	b.t.Helper()
	path := "/rooms/" + d.otherRooms[1].id + "/edit"
	b.open(path)
	b.waitScreen("room-edit")
	b.wait("the name field", jsQuery("#field-name"))
	taken := d.otherRooms[0].name + " (corrigée)"
	typeText(b, "#field-name", taken)
	b.click("#main form button[type=submit]")
	b.wait("the rejection on the form", `(document.getElementById('field-name-error')?.textContent ?? '') !== ''
		&& document.documentElement.dataset.rejected === '1'`)
	if got := b.path(); got != path {
		b.errorf("after a rejected save the address is %s, want the form at %s", got, path)
	}

	b.click(`nav#tabbar a[href="/settings"]`)
	b.waitScreen("settings")
	b.click("#logout")
	b.wait("the logout dialog", `document.getElementById('logout-dialog')?.open === true`)
	b.click(`#logout-dialog [data-choice="cancel"]`)
	b.wait("the dialog to close", `!document.getElementById('logout-dialog')`)
	if screen := eval[string](b, `document.getElementById('main').dataset.screen`); screen != "settings" {
		b.errorf("after cancelling the logout the screen is %s, want settings", screen)
	}

	b.click("#logout")
	b.wait("the logout dialog again", `document.getElementById('logout-dialog')?.open === true`)
	b.click(`#logout-dialog [data-choice="confirm"]`)
	b.waitScreen("login")
	records := eval[map[string]int](b, localRecords)
	for _, name := range []string{"parc/outbox", "parc/rejected", "parc/assets"} {
		if records[name] != 0 {
			b.errorf("after the confirmed logout %s holds %d records, want 0", name, records[name])
		}
	}
}

// containsAll reports whether text contains every one of parts.
func containsAll(text string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(text, p) {
			return false
		}
	}
	return true
}
