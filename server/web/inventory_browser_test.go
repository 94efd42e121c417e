package web_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"parc/labels"
	"parc/server/store"
)

// inventoryAsset is an asset as the inventory round test needs it.
type inventoryAsset struct {
	id, tag, roomID string
}

// siteAssets reads the site's assets that are not archived, tagged or not,
// straight from the database.
func siteAssets(t *testing.T, s *store.Store, siteID string) (tagged, untagged []inventoryAsset) {
	t.Helper()
	rows, err := s.Reader.QueryContext(context.Background(),
		"SELECT id, COALESCE(tag, ''), COALESCE(room_id, '') FROM assets WHERE site_id = ? AND archived_at IS NULL ORDER BY tag", siteID)
	if err != nil {
		t.Fatalf("read the assets of site %s: %v", siteID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a inventoryAsset
		if err := rows.Scan(&a.id, &a.tag, &a.roomID); err != nil {
			t.Fatalf("scan an asset of site %s: %v", siteID, err)
		}
		if a.tag == "" {
			untagged = append(untagged, a)
		} else {
			tagged = append(tagged, a)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read the assets of site %s: %v", siteID, err)
	}
	return tagged, untagged
}

// ids returns the sorted ids of assets, skipping those in skip.
func ids(assets []inventoryAsset, skip map[string]bool) []string {
	var out []string
	for _, a := range assets {
		if !skip[a.id] {
			out = append(out, a.id)
		}
	}
	slices.Sort(out)
	return out
}

func inRoom(assets []inventoryAsset, roomID string) []inventoryAsset {
	var out []inventoryAsset
	for _, a := range assets {
		if a.roomID == roomID {
			out = append(out, a)
		}
	}
	return out
}

// listedAssets returns the sorted data-asset-id values of the items of a
// report list.
func listedAssets(b *browser, sel string) []string {
	b.t.Helper()
	b.wait(sel, jsQuery(sel))
	got := eval[[]string](b, fmt.Sprintf(`[...document.querySelectorAll(%q)].map((li) => li.dataset.assetId)`, sel+" > li"))
	slices.Sort(got)
	return got
}

// scanTag types text into the round's tag field at a hand scanner's speed,
// ends it with Enter, and waits for the verdict kind on the status line,
// which names the tag in capitals.
func scanTag(b *browser, text, kind string) {
	b.t.Helper()
	// Focus the field from script: a click can land on the fixed tab bar
	// when the field sits at the bottom of the window, and then the burst
	// goes to the page, where the hand-scanner listener opens the asset.
	b.wait("the tag field has the focus", `(() => { const el = document.getElementById('inventory-tag'); el.focus(); return document.activeElement === el; })()`)
	for _, r := range text {
		b.do("type "+string(r), chromedp.KeyEvent(string(r)))
	}
	b.do("press Enter", chromedp.KeyEvent("\r"))
	b.wait(fmt.Sprintf("verdict %s for %s", kind, text), fmt.Sprintf(`(() => {
		const s = document.getElementById('inventory-status');
		return s && s.dataset.kind === %q && s.textContent.includes(%q); })()`, kind, strings.ToUpper(text)))
}

// checkProgress compares the seen and expected counts of a progress line.
func checkProgress(b *browser, sel string, seen, expected int) {
	b.t.Helper()
	b.wait(sel, jsQuery(sel))
	want := fmt.Sprintf("%d/%d", seen, expected)
	cond := fmt.Sprintf(`(() => { const p = document.querySelector(%q);
		return p.dataset.seen + '/' + p.dataset.expected; })() === %q`, sel, want)
	if !b.waitFor(cond, stepTimeout) {
		b.errorf("%s: %q, want seen/expected %s", sel, b.text(sel), want)
	}
}

// TestInventoryRound runs an inventory round offline: scans of a room's
// tags, one twice, one of an asset recorded elsewhere and one unknown,
// then the room's and the site's missing and untagged assets, a reload
// and the close of the round.
func TestInventoryRound(t *testing.T) {
	f, s, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()

	siteID, roomID := f.siteID.String(), f.roomID.String()
	tagged, untagged := siteAssets(t, s, siteID)
	roomTagged := inRoom(tagged, roomID)
	if len(roomTagged) < 2 {
		t.Fatalf("room %s has %d tagged assets, want at least 2", roomID, len(roomTagged))
	}
	scanned := roomTagged[:min(3, len(roomTagged))]

	// An asset of the same site recorded in another room, or in none.
	var elsewhere inventoryAsset
	for _, a := range tagged {
		if a.roomID != roomID {
			elsewhere = a
			break
		}
	}
	if elsewhere.id == "" {
		t.Fatalf("site %s has no tagged asset outside room %s", siteID, roomID)
	}
	unknown, err := labels.NewAssetTag("BE", labels.MaxAssetSerial)
	if err != nil {
		t.Fatalf("make an unknown tag: %v", err)
	}
	var taken int
	if err := s.Reader.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM assets WHERE tag = ?", unknown.String()).Scan(&taken); err != nil || taken != 0 {
		t.Fatalf("tag %s: %d assets carry it (err %v), want none", unknown, taken, err)
	}

	b.login(demoEmail)
	b.click("#home-inventory")
	b.waitScreen("inventory")
	b.waitController()
	b.setOffline(true)
	b.do("reload offline", chromedp.Reload())
	b.waitScreen("inventory")

	choose(b, "#inventory-site", siteID)
	b.click(`#inventory-start [type="submit"]`)
	b.wait("the room choice", jsQuery("#inventory-room"))
	choose(b, "#inventory-room", roomID)
	checkProgress(b, "#inventory-room-progress", 0, len(roomTagged))

	for _, a := range scanned {
		scanTag(b, strings.ToLower(a.tag), "seen")
	}
	scanTag(b, scanned[0].tag, "duplicate")
	scanTag(b, elsewhere.tag, "elsewhere")
	b.click(fmt.Sprintf(`#inventory-moves [data-tag=%q] .move-confirm`, elsewhere.tag))
	b.wait("the confirmed move", `document.getElementById('inventory-status').dataset.kind === 'moved'`)
	scanTag(b, unknown.String(), "unknown")

	checkProgress(b, "#inventory-site-progress", len(scanned)+1, len(tagged))
	checkProgress(b, "#inventory-room-progress", len(scanned), len(roomTagged))
	if n := eval[int](b, fmt.Sprintf(`document.querySelectorAll('#inventory-scans li[data-tag=%q]').length`, scanned[0].tag)); n != 2 {
		t.Errorf("#inventory-scans lists %s %d times, want 2 (one flagged)", scanned[0].tag, n)
	}
	if !b.exists(fmt.Sprintf(`#inventory-scans li[data-tag=%q][data-duplicate="true"]`, scanned[0].tag)) {
		t.Errorf("the second scan of %s is not flagged as a duplicate", scanned[0].tag)
	}
	// The screen draws the lists after the status line: wait for them.
	b.waitFor(fmt.Sprintf(`document.querySelector('#inventory-unknown li[data-tag=%q]') !== null`, unknown.String()), 5*time.Second)
	if got := eval[[]string](b, `[...document.querySelectorAll('#inventory-unknown li')].map((li) => li.dataset.tag)`); !slices.Equal(got, []string{unknown.String()}) {
		t.Errorf("#inventory-unknown lists %q, want [%s]", got, unknown)
	}

	seen := map[string]bool{elsewhere.id: true}
	for _, a := range scanned {
		seen[a.id] = true
	}
	b.click("#inventory-finish-room")
	if got, want := listedAssets(b, "#inventory-room-report-missing"), ids(roomTagged, seen); !slices.Equal(got, want) {
		t.Errorf("room report, missing: %q, want %q", got, want)
	}
	if got, want := listedAssets(b, "#inventory-room-report-untagged"), ids(inRoom(untagged, roomID), nil); !slices.Equal(got, want) {
		t.Errorf("room report, untagged: %q, want %q", got, want)
	}

	// The round is in IndexedDB: a reload without signal resumes it.
	b.do("reload offline", chromedp.Reload())
	b.waitScreen("inventory")
	checkProgress(b, "#inventory-site-progress", len(scanned)+1, len(tagged))
	checkProgress(b, "#inventory-room-progress", len(scanned), len(roomTagged))

	b.click("#inventory-finish-site")
	if got, want := listedAssets(b, "#inventory-site-report-missing"), ids(tagged, seen); !slices.Equal(got, want) {
		t.Errorf("site report, missing: %q, want %q", got, want)
	}
	if got, want := listedAssets(b, "#inventory-site-report-untagged"), ids(untagged, nil); !slices.Equal(got, want) {
		t.Errorf("site report, untagged: %q, want %q", got, want)
	}
	b.click("#inventory-close")
	b.wait("the start form after the close", jsQuery("#inventory-start"))
	if got, want := listedAssets(b, "#inventory-last-missing"), ids(tagged, seen); !slices.Equal(got, want) {
		t.Errorf("closed round, missing: %q, want %q", got, want)
	}
}

// TestInventoryAccessibility runs axe-core and the touch-target check on
// the inventory screen, before and during a round.
func TestInventoryAccessibility(t *testing.T) {
	src := axeSource(t)
	f, _, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()

	b.login(demoEmail)
	b.openScreen(screen{"inventory", "/inventory", "#inventory-start"})
	runAxe(b, src, "inventory (start)")
	checkTargets(b, "inventory (start)")

	choose(b, "#inventory-site", f.siteID.String())
	b.click(`#inventory-start [type="submit"]`)
	b.wait("the room choice", jsQuery("#inventory-room"))
	choose(b, "#inventory-room", f.roomID.String())
	scanTag(b, f.tag, "seen")
	b.click("#inventory-finish-site")
	b.wait("the site report", jsQuery("#inventory-site-report"))
	runAxe(b, src, "inventory (round)")
	checkTargets(b, "inventory (round)")
}
