package web_test

import (
	"bufio"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"

	"parc/labels"
	"parc/server/tags"
)

// The scanner tests: a label in front of Chromium's fake camera, hand
// scanners typing on the keyboard, and the manual entry of the scanner
// screen.

// Size of the fake camera's frame, in pixels.
const (
	cameraWidth  = 640
	cameraHeight = 480
)

// labelImage draws the Code 128 of text, black on white, centred in a
// cameraWidth × cameraHeight frame with the quiet zones of ISO/IEC 15417
// (10 modules each side), as a printed label seen up close.
func labelImage(t *testing.T, text string) *image.Gray {
	t.Helper()
	hints := map[gozxing.EncodeHintType]any{gozxing.EncodeHintType_MARGIN: 0}
	matrix, err := oned.NewCode128Writer().Encode(text, gozxing.BarcodeFormat_CODE_128, 0, 0, hints)
	if err != nil {
		t.Fatalf("encode the Code 128 of %q: %v", text, err)
	}
	modules := matrix.GetWidth()
	module := min(4, cameraWidth/(modules+20))
	if module < 2 {
		t.Fatalf("the Code 128 of %q has %d modules: too wide for a %d-pixel frame", text, modules, cameraWidth)
	}

	img := image.NewGray(image.Rect(0, 0, cameraWidth, cameraHeight))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	left := (cameraWidth - modules*module) / 2
	top, bottom := cameraHeight/4, cameraHeight*3/4
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
	return img
}

// writeY4M writes img as a one-frame YUV4MPEG2 video in 4:2:0, the format
// that Chromium's --use-file-for-fake-video-capture reads. The header must
// say C420: Chromium rejects ffmpeg's default C420mpeg2. Grey has neutral
// chroma, so the U and V planes are all 128.
func writeY4M(t *testing.T, path string, img *image.Gray) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	b := img.Bounds()
	fmt.Fprintf(w, "YUV4MPEG2 W%d H%d F30:1 Ip A1:1 C420\nFRAME\n", b.Dx(), b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		w.Write(img.Pix[(y-b.Min.Y)*img.Stride : (y-b.Min.Y)*img.Stride+b.Dx()])
	}
	chroma := make([]byte, (b.Dx()/2)*(b.Dy()/2))
	for i := range chroma {
		chroma[i] = 128
	}
	w.Write(chroma)
	w.Write(chroma)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// writePNG writes img as a PNG file, as a phone's photo of a label.
func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// newCameraBrowser starts Chromium as newBrowser does, with a fake camera
// that shows the video file y4m (an absolute path) and grants the camera
// without asking.
func newCameraBrowser(t *testing.T, srv *testServer, y4m string) *browser {
	t.Helper()
	return launchBrowser(t, srv, "camera",
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-video-capture", y4m),
		chromedp.Flag("use-fake-ui-for-media-stream", true),
	)
}

// sheetTimer records, in every page the tab loads, the time at which the
// asset sheet is first rendered, in the page's performance.now() clock.
const sheetTimer = `new MutationObserver((_, observer) => {
	const main = document.getElementById('main');
	if (main && main.dataset.screen === 'asset' && main.dataset.ready === 'true') {
		window.parcSheetAt = performance.now();
		observer.disconnect();
	}
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready', 'data-screen']});`

// TestScanCamera shows the fixture asset's label to the fake camera and
// expects the scanner to open the asset's sheet. It logs the time from the
// first camera frame to the rendered sheet.
func TestScanCamera(t *testing.T) {
	f, _, srv := browserFixture(t)
	y4m := filepath.Join(t.TempDir(), "label.y4m")
	writeY4M(t, y4m, labelImage(t, f.tag))

	b := newCameraBrowser(t, srv, y4m)
	defer b.logExceptions()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: sheetTimer})
	cancel()
	if err != nil {
		t.Fatalf("add the sheet timer: %v", err)
	}

	b.login(demoEmail)
	b.click(`nav#tabbar a[href="/scan"]`)
	b.waitScreen("asset")
	if got, want := b.path(), "/assets/"+f.assetID.String(); got != want {
		b.fatalf("after showing the label of %s to the camera: at %s, want %s", f.tag, got, want)
	}
	if got := b.text("#asset-tag"); got != f.tag {
		b.errorf("the sheet opened by the camera shows tag %q, want %q", got, f.tag)
	}

	type timing struct {
		FirstFrame, Decoded, Sheet float64
		Decoder                    string
	}
	got := eval[timing](b, `(() => {
		const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? -1;
		return {FirstFrame: mark('parc-scan-first-frame'), Decoded: mark('parc-scan-decoded'),
			Sheet: window.parcSheetAt ?? -1, Decoder: document.documentElement.dataset.scanDecoder || ''};
	})()`)
	if got.FirstFrame < 0 || got.Decoded < 0 || got.Sheet < 0 {
		t.Fatalf("scan timing marks missing: %+v", got)
	}
	if got.Decoder != "zxing" {
		t.Errorf("decoder %q, want zxing: Chromium on Linux has no BarcodeDetector", got.Decoder)
	}
	// NOTE: a logged figure, not an assertion: the target is under 300 ms on
	// a phone, and a loaded CI machine must not fail the test.
	t.Logf("camera scan with %s: first frame to decoded %.0f ms, decoded to sheet %.0f ms, first frame to sheet %.0f ms",
		got.Decoder, got.Decoded-got.FirstFrame, got.Sheet-got.Decoded, got.Sheet-got.FirstFrame)
}

// typeKeys sends one keyDown and keyUp per key, gap apart. Each key is
// {key, code}: key is the character the layout produces and code the
// physical key, so an AZERTY-garbled scan sends key "&" with code Digit1.
func typeKeys(b *browser, keys [][2]string, gap time.Duration) {
	b.t.Helper()
	for _, k := range keys {
		ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: k[0], Code: k[1], Text: k[0]}
		if k[0] == "Enter" {
			down.Text, down.WindowsVirtualKeyCode = "\r", 13
		}
		_, err := chromedp.Call(ctx, input.DispatchKeyEvent, down)
		if err == nil {
			_, err = chromedp.Call(ctx, input.DispatchKeyEvent, input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: k[0], Code: k[1]})
		}
		cancel()
		if err != nil {
			b.fatalf("type key %q (%s): %v", k[0], k[1], err)
		}
		time.Sleep(gap)
	}
}

// qwertyKeys returns the keys that type text on a QWERTY keyboard, then Enter.
func qwertyKeys(text string) [][2]string {
	var keys [][2]string
	for _, r := range text {
		keys = append(keys, [2]string{string(r), physicalKey(r)})
	}
	return append(keys, [2]string{"Enter", "Enter"})
}

// azertyGarbledKeys returns what a scanner set up for QWERTY types on a
// French AZERTY layout for text, then Enter: the right physical keys, but
// the digits row gives &é"'(-è_çà and A/Q, Z/W and M are swapped.
func azertyGarbledKeys(text string) [][2]string {
	digits := []string{"à", "&", "é", `"`, "'", "(", "-", "è", "_", "ç"}
	swapped := map[rune]string{'A': "Q", 'Q': "A", 'Z': "W", 'W': "Z", 'M': ","}
	var keys [][2]string
	for _, r := range text {
		key := string(r)
		switch {
		case r >= '0' && r <= '9':
			key = digits[r-'0']
		case swapped[r] != "":
			key = swapped[r]
		}
		keys = append(keys, [2]string{key, physicalKey(r)})
	}
	return append(keys, [2]string{"Enter", "Enter"})
}

// physicalKey returns the KeyboardEvent.code of the key that types r on
// a US QWERTY keyboard.
func physicalKey(r rune) string {
	if r >= '0' && r <= '9' {
		return "Digit" + string(r)
	}
	return "Key" + strings.ToUpper(string(r))
}

// TestScanHandScanner types the fixture's tag as hand scanners do, on the
// home screen: at scanner speed it opens the asset's sheet, both as typed
// by a QWERTY scanner and garbled by an AZERTY layout. Typed slowly into
// the search field, as a person does, it stays a search.
func TestScanHandScanner(t *testing.T) {
	f, _, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.login(demoEmail)
	sheet := "/assets/" + f.assetID.String()

	for _, c := range []struct {
		name string
		keys [][2]string
	}{
		{"QWERTY", qwertyKeys(f.tag)},
		{"AZERTY-garbled", azertyGarbledKeys(f.tag)},
	} {
		b.openScreen(screen{"home", "/", ""})
		if c.name == "AZERTY-garbled" {
			// The burst goes into the focused search field.
			b.click("#home-search")
		}
		typeKeys(b, c.keys, 5*time.Millisecond)
		b.waitScreen("asset")
		if got := b.path(); got != sheet {
			b.errorf("%s hand scan of %s: at %s, want %s", c.name, f.tag, got, sheet)
		}
	}

	// A person types the tag into the search field, a key every 150 ms.
	b.openScreen(screen{"search", "/search", ""})
	b.click("#search-q")
	typeKeys(b, qwertyKeys(f.tag), 150*time.Millisecond)
	b.wait("the search results", jsQuery("#search-results a"))
	time.Sleep(300 * time.Millisecond)
	if screenName := eval[string](b, `document.getElementById('main').dataset.screen`); screenName != "search" {
		b.errorf("slow typing of %s then Enter in the search field opened screen %q, want it to stay on search", f.tag, screenName)
	}
	if got := eval[string](b, `document.getElementById('search-q').value`); got != f.tag {
		b.errorf("search field after slow typing: %q, want %q", got, f.tag)
	}
}

// TestScanPhotoAndTyping checks the scanner screen without a camera. A
// photo of a label, decoded in the browser, opens the asset's sheet, and a
// photo without a code gets a message. A typed tag with a wrong check
// character gets a French message naming the expected character and opens
// nothing, and an unassigned tag opens the new-asset form with the tag and
// the current room. It also checks the screen with axe-core and the size of
// its touch targets.
func TestScanPhotoAndTyping(t *testing.T) {
	src := axeSource(t)
	f, s, srv := browserFixture(t)
	_, printed, err := tags.Reserve(context.Background(), s.DB, nil, tags.Request{Prefix: "BE", Count: 1})
	if err != nil {
		t.Fatalf("reserve an unassigned tag: %v", err)
	}
	free := printed[0]
	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.login(demoEmail)

	b.openScreen(screen{"scan", "/scan", "#scan-manual-input"})
	// Headless Chromium without a fake camera has none, and the status
	// line shows it.
	b.wait("the camera status", `document.getElementById('scan-status').textContent.trim() !== ''`)
	runAxe(b, src, "scan")
	checkTargets(b, "scan")

	dir := t.TempDir()
	labelPhoto, blankPhoto := filepath.Join(dir, "label.png"), filepath.Join(dir, "blank.png")
	writePNG(t, labelPhoto, labelImage(t, f.tag))
	writePNG(t, blankPhoto, image.NewGray(image.Rect(0, 0, cameraWidth, cameraHeight)))

	b.do("choose a photo of the label", chromedp.SetUploadFiles("#scan-photo", []string{labelPhoto}))
	b.waitScreen("asset")
	if got, want := b.path(), "/assets/"+f.assetID.String(); got != want {
		b.errorf("after a photo of the label of %s: at %s, want %s", f.tag, got, want)
	}

	// The browser finds no code in a blank photo and sends it to the
	// server, whose answer (no code, or an error) becomes the message.
	b.openScreen(screen{"scan", "/scan", "#scan-manual-input"})
	b.do("choose a blank photo", chromedp.SetUploadFiles("#scan-photo", []string{blankPhoto}))
	b.wait("a message about the blank photo", `document.getElementById('scan-message').textContent.trim() !== ''`)
	if got := b.path(); got != "/scan" {
		b.errorf("after a blank photo: at %s, want to stay on /scan", got)
	}
	t.Logf("message for a blank photo: %q", b.text("#scan-message"))
	b.openScreen(screen{"scan", "/scan", "#scan-manual-input"})

	expected := f.tag[len(f.tag)-1:]
	wrong := "0"
	if expected == "0" {
		wrong = "1"
	}
	mistyped := f.tag[:len(f.tag)-1] + wrong
	b.do("type a tag with a wrong check character", chromedp.SendKeys("#scan-manual-input", mistyped))
	b.click("#scan-manual-submit")
	b.wait("the message about the check character", `document.getElementById('scan-message').textContent.includes('contrôle')`)
	message := b.text("#scan-message")
	if !strings.Contains(message, "« "+expected+" »") || !strings.Contains(message, mistyped) {
		b.errorf("message for %s: %q, want it to name the expected check character %q", mistyped, message, expected)
	}
	if got := b.path(); got != "/scan" {
		b.errorf("after a wrong check character: at %s, want to stay on /scan", got)
	}
	if got := eval[string](b, `document.getElementById('scan-manual-input').getAttribute('aria-invalid') || ''`); got != "true" {
		b.errorf("field after a wrong check character: aria-invalid=%q, want true", got)
	}

	// Opening a room makes it the current location of new assets.
	b.openScreen(screen{"room", "/rooms/" + f.roomID.String(), "#asset-list a"})
	b.openScreen(screen{"scan", "/scan", "#scan-manual-input"})
	b.do("type an unassigned tag", chromedp.SendKeys("#scan-manual-input", strings.ToLower(free.String())))
	b.click("#scan-manual-submit")
	b.waitScreen("asset-edit")
	path := b.path()
	for _, want := range []string{"/assets/new?", "tag=" + free.String(), "site=" + f.siteID.String(), "room=" + f.roomID.String()} {
		if !strings.Contains(path, want) {
			b.errorf("unassigned tag %s opened %s, want it to contain %q", free, path, want)
		}
	}
	if got := eval[string](b, `document.getElementById('field-tag').value`); got != free.String() {
		b.errorf("new-asset form: tag field %q, want %q", got, free)
	}
	if got := eval[string](b, `document.getElementById('field-room_id').value`); got != f.roomID.String() {
		b.errorf("new-asset form: room %q, want the current room %s", got, f.roomID)
	}
}

// TestScanLocationAndVoidTags types registry tags at hand-scanner speed on
// the home screen. A room's location label opens the room and makes it the
// current location, so an unassigned tag scanned next opens the new-asset
// form in that room. A voided tag opens the scanner screen with its
// explanation and no new-asset form.
func TestScanLocationAndVoidTags(t *testing.T) {
	f, s, srv := browserFixture(t)
	ctx := context.Background()
	_, places, err := tags.Reserve(ctx, s.DB, nil, tags.Request{
		Prefix: "BE", Kind: labels.LocationTag, Places: []tags.Place{{SiteID: f.siteID, RoomID: &f.roomID}},
	})
	if err != nil {
		t.Fatalf("reserve a location tag: %v", err)
	}
	roomTag := places[0]
	_, printed, err := tags.Reserve(ctx, s.DB, nil, tags.Request{Prefix: "BE", Count: 2})
	if err != nil {
		t.Fatalf("reserve asset tags: %v", err)
	}
	free, void := printed[0], printed[1]
	if _, err := tags.Void(ctx, s.DB, nil, void); err != nil {
		t.Fatalf("void %s: %v", void, err)
	}

	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.login(demoEmail)

	b.openScreen(screen{"home", "/", ""})
	typeKeys(b, qwertyKeys(roomTag.String()), 5*time.Millisecond)
	b.waitScreen("room")
	if got, want := b.path(), "/rooms/"+f.roomID.String(); got != want {
		b.errorf("hand scan of location tag %s: at %s, want %s", roomTag, got, want)
	}
	place := eval[string](b, `sessionStorage.getItem('parc.scan.place') || ''`)
	if !strings.Contains(place, f.roomID.String()) {
		b.errorf("current location after the scan of %s: %q, want room %s", roomTag, place, f.roomID)
	}

	b.openScreen(screen{"home", "/", ""})
	typeKeys(b, qwertyKeys(free.String()), 5*time.Millisecond)
	b.waitScreen("asset-edit")
	path := b.path()
	for _, want := range []string{"/assets/new?", "tag=" + free.String(), "room=" + f.roomID.String()} {
		if !strings.Contains(path, want) {
			b.errorf("unassigned tag %s after the room's label opened %s, want it to contain %q", free, path, want)
		}
	}

	b.openScreen(screen{"home", "/", ""})
	typeKeys(b, qwertyKeys(void.String()), 5*time.Millisecond)
	b.waitScreen("scan")
	b.wait("the message about the voided tag", `document.getElementById('scan-message').textContent.includes('annulée')`)
	if got := b.text("#scan-message"); !strings.Contains(got, void.String()) {
		b.errorf("message for voided tag %s: %q, want it to name the tag", void, got)
	}
	if hidden := eval[bool](b, `document.getElementById('scan-create').hidden`); !hidden {
		b.errorf("voided tag %s: the scanner screen offers the new-asset form", void)
	}
	if got := b.path(); !strings.HasPrefix(got, "/scan") {
		b.errorf("voided tag %s: at %s, want the scanner screen", void, got)
	}
}

// TestScanCameraOffline checks that the decoder works without signal once
// the service worker has fetched it in the background: the app never
// loaded the scanner online, yet the camera opens the sheet offline.
func TestScanCameraOffline(t *testing.T) {
	f, _, srv := browserFixture(t)
	y4m := filepath.Join(t.TempDir(), "label.y4m")
	writeY4M(t, y4m, labelImage(t, f.tag))

	b := newCameraBrowser(t, srv, y4m)
	defer b.logExceptions()
	b.login(demoEmail)
	b.waitController()

	// The worker caches the files under lazy/ after it activates. The check
	// reads the cache, which is asynchronous: eval awaits it, waitFor would
	// not.
	const cached = `(async () => {
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys()) {
				if (request.url.endsWith('/lazy/zxing/reader/zxing_reader.wasm')) return true;
			}
		}
		return false;
	})()`
	deadline := time.Now().Add(stepTimeout)
	for !eval[bool](b, cached) {
		if time.Now().After(deadline) {
			b.fatalf("the service worker did not cache the decoder within %v", stepTimeout)
		}
		time.Sleep(pollInterval)
	}
	if n := eval[int](b, `performance.getEntriesByType('resource').filter((e) => e.name.includes('/lazy/')).length`); n != 0 {
		b.errorf("the page loaded %d decoder files before the scanner opened", n)
	}

	b.setOffline(true)
	b.click(`nav#tabbar a[href="/scan"]`)
	b.waitScreen("asset")
	if got, want := b.path(), "/assets/"+f.assetID.String(); got != want {
		b.fatalf("offline, after showing the label of %s to the camera: at %s, want %s", f.tag, got, want)
	}
	if got := eval[string](b, `document.documentElement.dataset.scanDecoder || ''`); got != "zxing" {
		b.errorf("offline decoder %q, want zxing", got)
	}
}
