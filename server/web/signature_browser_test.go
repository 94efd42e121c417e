package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"parc/server/files"
	"parc/server/store"
)

// The signature of the person present in headless Chromium. It is drawn
// on the closing step with the mouse and a finger, uploaded as a PNG
// before the work order's op, stored with the work order and printed in
// its PDF. The tests run online, then without signal with a reload.

// signaturePad is the canvas of the closing step.
const signaturePad = "#work-order-signature-canvas"

// fileRepairRequest files an os_repair request at the Apprieu school
// PC's site through the REST API and returns its id, before the
// technician's device logs in and pulls it.
func fileRepairRequest(t *testing.T, f fixture, pc apprieuPC) uuid.UUID {
	t.Helper()
	body := fmt.Sprintf(`{"site_id":%q,"asset_id":%q,"category":"os_repair","urgency":"normal","description":%q}`, pc.siteID, pc.id, workDescription)
	res := f.do(t, http.MethodPost, "/api/v1/requests", body)
	var created struct {
		ID uuid.UUID `json:"id"`
	}
	if err := json.Unmarshal([]byte(res.body), &created); err != nil || res.status != http.StatusCreated {
		t.Fatalf("POST /api/v1/requests: status %d, %v: %s", res.status, err, res.body)
	}
	return created.ID
}

// drawSignature draws two strokes on the pad through the browser's input
// pipeline: a wave with the mouse, then a line with one finger. It checks
// that the pad counted both.
func drawSignature(b *browser) {
	b.t.Helper()
	type box struct{ X, Y, W, H float64 }
	r := eval[box](b, fmt.Sprintf(`(() => { const c = document.querySelector(%q); c.scrollIntoView({block: 'center'});
		const r = c.getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`, signaturePad))
	if r.W < 200 || r.H < 100 {
		b.fatalf("the signature pad measures %.0f × %.0f CSS pixels, too small to sign on", r.W, r.H)
	}

	mouse := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, r.X+r.W*0.1, r.Y+r.H*0.5, chromedp.ButtonLeft)}
	for i := 1; i <= 24; i++ {
		x := r.X + r.W*(0.1+0.8*float64(i)/24)
		y := r.Y + r.H*(0.5+0.3*float64(i%6-3)/3)
		mouse = append(mouse, chromedp.MouseEvent(chromedp.MouseMoved, x, y, chromedp.ButtonLeft, func(p *input.DispatchMouseEventParams) { p.Buttons = 1 }))
	}
	mouse = append(mouse, chromedp.MouseEvent(chromedp.MouseReleased, r.X+r.W*0.9, r.Y+r.H*0.5, chromedp.ButtonLeft))
	b.do("draw a stroke with the mouse", mouse...)

	finger := func(typ input.DispatchTouchEventType, x, y float64) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
			points := []*input.TouchPoint{}
			if typ != input.DispatchTouchEventTypeTouchEnd {
				points = append(points, &input.TouchPoint{X: x, Y: y, ID: new(1.0)})
			}
			_, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: points})
			return err
		})
	}
	touch := []chromedp.Action[chromedp.Void]{finger(input.DispatchTouchEventTypeTouchStart, r.X+r.W*0.2, r.Y+r.H*0.8)}
	for i := 1; i <= 12; i++ {
		touch = append(touch, finger(input.DispatchTouchEventTypeTouchMove, r.X+r.W*(0.2+0.6*float64(i)/12), r.Y+r.H*0.8))
	}
	touch = append(touch, finger(input.DispatchTouchEventTypeTouchEnd, 0, 0))
	b.do("draw a stroke with a finger", touch...)

	b.wait("two strokes on the pad", fmt.Sprintf(`document.querySelector(%q)?.dataset.strokes === '2'`, signaturePad))
	if eval[string](b, `document.getElementById('work-order-signature-clear').disabled ? 'disabled' : ''`) != "" {
		b.errorf("« Effacer » stays disabled once the pad holds a signature")
	}
}

// signAndClose fills the closing step with the summary and the signer,
// signs, runs axe and the touch-target check on it, and closes.
func signAndClose(b *browser, src string) {
	b.t.Helper()
	typeInField(b, "#work-order-close #field-summary", workSummary)
	typeInField(b, "#work-order-close #field-signed_by", workSigner)

	// « Effacer » starts again from a blank pad.
	drawSignature(b)
	b.click("#work-order-signature-clear")
	b.wait("an empty pad after « Effacer »", fmt.Sprintf(`document.querySelector(%q)?.dataset.strokes === '0'`, signaturePad))
	drawSignature(b)

	checkPadAccessible(b)
	runAxe(b, src, "work-order closing step")
	checkTargets(b, "work-order closing step")
	b.click("#work-order-close button[type=submit]")
	b.wait("the work order closed", `document.getElementById('work-order-status')?.dataset.status === 'done'`)
}

// checkPadAccessible checks that a keyboard or screen-reader user reaches
// the pad and hears its name and its instructions, which explain how to
// close without a signature.
func checkPadAccessible(b *browser) {
	b.t.Helper()
	type pad struct {
		Focused     bool
		Name, Hint  string
		TouchAction string
	}
	got := eval[pad](b, fmt.Sprintf(`(() => { const c = document.querySelector(%q); c.focus();
		const text = (ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent || '').join(' ');
		return {Focused: document.activeElement === c, Name: text(c.getAttribute('aria-labelledby') || ''),
			Hint: text(c.getAttribute('aria-describedby') || ''), TouchAction: getComputedStyle(c).touchAction}; })()`, signaturePad))
	if !got.Focused {
		b.errorf("the signature pad does not take the keyboard focus")
	}
	if want := message(b, "signature_title", nil); got.Name != want {
		b.errorf("the signature pad is named %q, want %q", got.Name, want)
	}
	if want := message(b, "signature_hint", nil); !strings.Contains(got.Hint, want) {
		b.errorf("the signature pad is described by %q, want the instructions %q", got.Hint, want)
	}
	if got.TouchAction != "none" {
		b.errorf("the signature pad has touch-action %q, want none", got.TouchAction)
	}
	if page := eval[string](b, `getComputedStyle(document.body).touchAction`); page == "none" {
		b.errorf("the page itself has touch-action none: a finger could not scroll it")
	}
}

// storedFile reads a file's row and bytes from the store.
func storedFile(t *testing.T, s *store.Store, id string) (files.File, []byte) {
	t.Helper()
	ctx := context.Background()
	f, err := files.FileByID(ctx, s.Reader, uuid.MustParse(id))
	if err != nil {
		t.Fatalf("file %s: %v", id, err)
	}
	data, err := files.New(s).Bytes(ctx, s.Reader, f)
	if err != nil {
		t.Fatalf("bytes of file %s: %v", id, err)
	}
	return f, data
}

// inkedPixels counts the pixels of a PNG that are neither transparent nor
// near white, as the server counts ink.
func inkedPixels(t *testing.T, data []byte) (count int, bounds image.Rectangle) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode the stored signature: %v", err)
	}
	bounds = img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, a := img.At(x, y).RGBA()
			if a > 0x4000 && (r < 0xc000 || g < 0xc000 || b < 0xc000) {
				count++
			}
		}
	}
	return count, bounds
}

// checkSignedOnServer checks the work order in the database: done, signed
// by workSigner with a PNG that has ink, and a PDF whose text names the
// signer and which holds the signature's image. It returns the id of the
// signature's file.
func checkSignedOnServer(t *testing.T, s *store.Store, workOrderID uuid.UUID) string {
	t.Helper()
	row := dbStrings(t, s, `SELECT status || '|' || signed_by || '|' || COALESCE(signature_file_id, '') || '|' || COALESCE(pdf_file_id, '')
		FROM work_orders WHERE id = ?`, workOrderID.String())
	if len(row) != 1 {
		t.Fatalf("work order %s: %d rows", workOrderID, len(row))
	}
	parts := strings.Split(row[0], "|")
	if parts[0] != "done" || parts[1] != workSigner || parts[2] == "" || parts[3] == "" {
		t.Fatalf("work order %s: status, signed_by, signature_file_id, pdf_file_id = %q; want done, %q and two files", workOrderID, parts, workSigner)
	}

	signature, data := storedFile(t, s, parts[2])
	if signature.Kind != files.KindSignature || signature.ContentType != "image/png" || !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("signature %s: kind %s, type %s, first bytes %q; want a signature PNG", signature.ID, signature.Kind, signature.ContentType, data[:min(8, len(data))])
	}
	ink, bounds := inkedPixels(t, data)
	t.Logf("signature %s: %d × %d pixels, %d inked, %d bytes", signature.ID, bounds.Dx(), bounds.Dy(), ink, len(data))
	if ink < 200 {
		t.Errorf("signature %s has %d inked pixels, want the two strokes drawn (at least 200)", signature.ID, ink)
	}

	pdf, pdfData := storedFile(t, s, parts[3])
	if pdf.Kind != "work_order_pdf" {
		t.Errorf("file %s of the PDF has kind %s", pdf.ID, pdf.Kind)
	}
	if text := pdfText(t, string(pdfData), 1, 1); !strings.Contains(text, workSigner) {
		t.Errorf("the PDF's first page does not name the signer %q: %q", workSigner, text)
	}
	if images := pdfImages(t, string(pdfData)); len(images) == 0 {
		t.Errorf("the PDF holds no image: the signature is missing")
	}
	return parts[2]
}

// checkPDFLinks checks the link to the PDF on the work order's screen and
// on its request's, and that the link serves a PDF to the page.
func checkPDFLinks(b *browser, requestID, workOrderID uuid.UUID) {
	b.t.Helper()
	href := fmt.Sprintf("/api/v1/work-orders/%s/pdf", workOrderID)
	b.open("/work-orders/" + workOrderID.String())
	b.waitScreen("work-order")
	b.wait("the PDF link on the work order", jsQuery(fmt.Sprintf(`#work-order-pdf[href=%q]`, href)))
	if got, want := b.text("#work-order-pdf"), message(b, "work_order_pdf", nil); got != want {
		b.errorf("the PDF link reads %q, want %q", got, want)
	}
	b.wait("the signature's image loaded", `document.querySelector('#work-order-signature-shown img')?.naturalWidth > 0`)
	served := eval[string](b, fmt.Sprintf(`fetch(%q).then(async (r) => r.status + ' ' + r.headers.get('Content-Type') + ' ' + (await r.text()).slice(0, 5))`, href))
	if served != "200 application/pdf %PDF-" {
		b.errorf("GET %s from the page: %q, want 200 and a PDF", href, served)
	}

	b.open("/requests/" + requestID.String())
	b.waitScreen("request")
	b.wait("the PDF link on the request", jsQuery(fmt.Sprintf(`#request-work-orders a[href=%q]`, href)))
}

// TestSignatureClose signs a work order's closing step online, with the
// mouse and a finger, and checks the stored signature and the PDF.
func TestSignatureClose(t *testing.T) {
	src := axeSource(t)
	f, s, srv := browserFixture(t)
	pc := readApprieuPC(t, s)
	requestID := fileRepairRequest(t, f, pc)

	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.login(demoEmail)
	b.open("/requests/" + requestID.String())
	b.waitScreen("request")
	workOrderID := openWorkOrder(b, requestID)

	// A signature without the signer's name is refused on the device.
	drawSignature(b)
	typeInField(b, "#work-order-close #field-summary", workSummary)
	b.click("#work-order-close button[type=submit]")
	b.wait("the missing name under its field", `document.getElementById('field-signed_by-error')?.textContent !== ''`)
	if got := pendingCount(b); got != 0 {
		b.errorf("a signature without a name queued %d ops", got)
	}
	b.click("#work-order-signature-clear")

	signAndClose(b, src)
	waitOutboxEmpty(b, stepTimeout)
	if n := eval[int](b, `(async () => { const r = (q) => new Promise((ok, ko) => { q.onsuccess = () => ok(q.result); q.onerror = () => ko(q.error); });
		const db = await r(indexedDB.open('parc')); const n = await r(db.transaction('uploads').objectStore('uploads').count()); db.close(); return n; })()`); n != 0 {
		b.errorf("%d files still wait on the device after the push", n)
	}
	checkSignedOnServer(t, s, workOrderID)
	runAxe(b, src, "work-order (signed)")
	checkPDFLinks(b, requestID, workOrderID)
	runAxe(b, src, "request (with its PDF)")
}

// uploadsOnDevice returns the files waiting on the device: kind, type and
// size of each.
func uploadsOnDevice(b *browser) []string {
	b.t.Helper()
	return eval[[]string](b, `(async () => { const r = (q) => new Promise((ok, ko) => { q.onsuccess = () => ok(q.result); q.onerror = () => ko(q.error); });
		const db = await r(indexedDB.open('parc')); const all = await r(db.transaction('uploads').objectStore('uploads').getAll()); db.close();
		return all.map((u) => u.kind + ' ' + u.blob.type + ' ' + (u.blob.size > 0 ? 'filled' : 'empty')); })()`)
}

// TestSignatureOffline signs and closes a work order without signal,
// reloads the app offline, and checks that the signature stays on the
// device until the network comes back, then reaches the server before the
// work order's op, once.
func TestSignatureOffline(t *testing.T) {
	src := axeSource(t)
	f, s, srv := browserFixture(t)
	pc := readApprieuPC(t, s)
	requestID := fileRepairRequest(t, f, pc)
	techID := dbValue[string](t, s, "SELECT id FROM users WHERE email = ?", demoEmail)

	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.login(demoEmail)
	b.waitController()
	b.open("/requests/" + requestID.String())
	b.waitScreen("request")
	b.wait("the request's actions", jsQuery("#request-work-order-new"))
	b.setOffline(true)
	workOrderID := openWorkOrder(b, requestID)
	signAndClose(b, src)

	queued, clientID := outboxOps(b)
	reloadOffline(b, "work-order", len(queued))
	if got := uploadsOnDevice(b); len(got) != 1 || got[0] != "signature image/png filled" {
		b.fatalf("after a reload offline the device holds the files %q, want one signature PNG", got)
	}
	b.wait("the signature shown from the device", `document.querySelector('#work-order-signature-shown img')?.dataset.local === 'true'`)
	b.wait("the PDF announced for after the sync", jsQuery("#work-order-pdf-pending"))
	type waiting struct {
		Waits     []string `json:"waits"`
		Signature string   `json:"signature"`
	}
	ops := eval[[]waiting](b, `(async () => { const r = (q) => new Promise((ok, ko) => { q.onsuccess = () => ok(q.result); q.onerror = () => ko(q.error); });
		const db = await r(indexedDB.open('parc')); const all = await r(db.transaction('outbox').objectStore('outbox').getAll()); db.close();
		return all.filter((op) => op.entity === 'work_order' && op.fields.status === 'done')
			.map((op) => ({waits: op.waits || [], signature: op.fields.signature_file_id || ''})); })()`)
	if len(ops) != 1 || len(ops[0].Waits) != 1 || ops[0].Waits[0] != ops[0].Signature {
		b.fatalf("the closing op offline: %+v, want one op that waits for the file it names", ops)
	}
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM files WHERE created_by = ?", techID); n != 0 {
		t.Fatalf("the server holds %d files of the technician while the device is offline", n)
	}

	b.setOffline(false)
	waitOutboxEmpty(b, 30*time.Second)
	checkOpsOnce(t, s, queued, clientID)
	if got := uploadsOnDevice(b); len(got) != 0 {
		b.errorf("after the sync the device still holds the files %q", got)
	}
	signatureID := checkSignedOnServer(t, s, workOrderID)
	// The op went with the server's id of the file: the upload came first.
	if signatureID == ops[0].Signature {
		t.Errorf("the work order names the device's local id %s as its signature", signatureID)
	}
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM files WHERE created_by = ? AND kind = 'signature'", techID); n != 1 {
		t.Errorf("the server holds %d signatures of the technician, want 1", n)
	}
	var closing queuedOp
	for _, op := range queued {
		if op.Entity == "work_order" && op.EntityID == workOrderID.String() {
			closing = op
		}
	}
	result := dbValue[string](t, s, "SELECT result FROM sync_ops WHERE id = ?", closing.ID)
	if !strings.Contains(result, signatureID) {
		t.Errorf("the result of the last work-order op %s does not name the signature %s: %s", closing.ID, signatureID, result)
	}
	checkPDFLinks(b, requestID, workOrderID)
}
