package web_test

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"

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

	// The confirmed move put the asset in the room, where it counts as
	// expected and seen.
	checkProgress(b, "#inventory-site-progress", len(scanned)+1, len(tagged))
	checkProgress(b, "#inventory-room-progress", len(scanned)+1, len(roomTagged)+1)
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
	checkProgress(b, "#inventory-room-progress", len(scanned)+1, len(roomTagged)+1)

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

// labelsImage draws the Code 128 of each text, black on white, stacked
// in a cameraWidth × cameraHeight frame: each label gets an equal band,
// with bars on its middle two thirds and the quiet zones of ISO/IEC 15417
// (10 modules each side), as labels side by side on a shelf seen up close.
func labelsImage(t *testing.T, texts ...string) *image.Gray {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, cameraWidth, cameraHeight))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	band := cameraHeight / len(texts)
	hints := map[gozxing.EncodeHintType]any{gozxing.EncodeHintType_MARGIN: 0}
	for i, text := range texts {
		matrix, err := oned.NewCode128Writer().Encode(text, gozxing.BarcodeFormat_CODE_128, 0, 0, hints)
		if err != nil {
			t.Fatalf("encode the Code 128 of %q: %v", text, err)
		}
		modules := matrix.GetWidth()
		module := min(4, cameraWidth/(modules+20))
		if module < 2 {
			t.Fatalf("the Code 128 of %q has %d modules: too wide for a %d-pixel frame", text, modules, cameraWidth)
		}
		left := (cameraWidth - modules*module) / 2
		top, bottom := i*band+band/6, (i+1)*band-band/6
		for x := range modules {
			if !matrix.Get(x, 0) {
				continue
			}
			for px := left + x*module; px < left+(x+1)*module; px++ {
				for y := top; y < bottom; y++ {
					img.SetGray(px, y, color.Gray{Y: 0})
				}
			}
		}
	}
	return img
}

// TestInventoryCamera shows three labels of the room's assets in one
// frame of the fake camera during a round: each asset is counted as seen
// once, and the room's report lists the room's other tagged assets as
// missing.
func TestInventoryCamera(t *testing.T) {
	f, s, srv := browserFixture(t)
	siteID, roomID := f.siteID.String(), f.roomID.String()
	tagged, _ := siteAssets(t, s, siteID)
	// The room gets one more tagged asset than the frame shows, so that
	// its report has one to list as missing.
	if n := len(inRoom(tagged, roomID)); n < 4 {
		var moved string
		err := s.DB.QueryRowContext(context.Background(),
			"SELECT id FROM assets WHERE site_id = ? AND tag IS NOT NULL AND archived_at IS NULL AND (room_id IS NULL OR room_id <> ?) ORDER BY tag LIMIT 1", siteID, roomID).Scan(&moved)
		if err == nil {
			_, err = s.DB.ExecContext(context.Background(), "UPDATE assets SET room_id = ? WHERE id = ?", roomID, moved)
		}
		if err != nil {
			t.Fatalf("move a tagged asset of site %s into room %s: %v", siteID, roomID, err)
		}
	}
	tagged, untagged := siteAssets(t, s, siteID)
	roomTagged := inRoom(tagged, roomID)
	if len(roomTagged) < 4 {
		t.Fatalf("room %s has %d tagged assets, want at least 4", roomID, len(roomTagged))
	}
	shown := roomTagged[:3]
	y4m := filepath.Join(t.TempDir(), "labels.y4m")
	writeY4M(t, y4m, labelsImage(t, shown[0].tag, shown[1].tag, shown[2].tag))

	b := newCameraBrowser(t, srv, y4m)
	defer b.logExceptions()
	b.login(demoEmail)
	b.openScreen(screen{"inventory", "/inventory", "#inventory-start"})
	choose(b, "#inventory-site", siteID)
	b.click(`#inventory-start [type="submit"]`)
	b.wait("the room choice", jsQuery("#inventory-room"))
	choose(b, "#inventory-room", roomID)
	checkProgress(b, "#inventory-room-progress", 0, len(roomTagged))

	b.click("#inventory-camera-open")
	b.wait("the camera view", jsQuery("#inventory-camera-video"))
	checkProgress(b, "#inventory-room-progress", len(shown), len(roomTagged))
	checkProgress(b, "#inventory-site-progress", len(shown), len(tagged))
	b.click("#inventory-camera-close")
	if b.exists("#inventory-camera-video") {
		b.errorf("the camera view is still on the page after its close button")
	}
	if got := eval[string](b, `document.documentElement.dataset.scanDecoder || ''`); got != "zxing" {
		b.errorf("decoder %q, want zxing: Chromium on Linux has no BarcodeDetector", got)
	}

	// The frame stays in front of the camera, so a read after the
	// 3-second repeat window is stored as a duplicate and never counted.
	seen := map[string]bool{}
	for _, a := range shown {
		seen[a.id] = true
		sel := fmt.Sprintf(`#inventory-scans li[data-tag=%q][data-duplicate="false"]`, a.tag)
		if n := eval[int](b, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)); n != 1 {
			b.errorf("#inventory-scans lists %s %d times as counted, want once", a.tag, n)
		}
	}

	b.click("#inventory-finish-room")
	missing := ids(roomTagged, seen)
	if len(missing) == 0 {
		t.Fatalf("room %s: no tagged asset left to be missing", roomID)
	}
	if got := listedAssets(b, "#inventory-room-report-missing"); !slices.Equal(got, missing) {
		b.errorf("room report, missing: %q, want %q", got, missing)
	}
	if got, want := listedAssets(b, "#inventory-room-report-untagged"), ids(inRoom(untagged, roomID), nil); !slices.Equal(got, want) {
		b.errorf("room report, untagged: %q, want %q", got, want)
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
