package web_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"parc/server/files"
	"parc/server/store"
)

// The photos of a request in headless Chromium: chosen through the file
// input (as the camera or the gallery hands them over), shown as
// thumbnails, kept on the device without signal, and rejected uploads on
// the sync screen.

// writeTestFile writes data to name in a temporary folder and returns its path.
func writeTestFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatalf("write %s: %v", path, err)
	}
	return path
}

// choosePhoto hands path to the file input sel, as the phone's camera or
// gallery does once the user took or picked the photo.
func choosePhoto(b *browser, sel, path string) {
	b.t.Helper()
	b.wait(sel, jsQuery(sel))
	b.do("choose "+filepath.Base(path)+" in "+sel, chromedp.SetUploadFiles(sel, []string{path}))
}

// requestPhotos returns the ids of a request's photos in the database, in
// the order they were attached.
func requestPhotos(t *testing.T, s *store.Store, requestID uuid.UUID) []string {
	t.Helper()
	return dbStrings(t, s, "SELECT file_id FROM request_photos WHERE request_id = ? ORDER BY added_at, file_id", requestID.String())
}

// checkPhotoFile checks a stored photo: a JPEG of kind photo uploaded by
// userID, without the GPS position that testPhoto hides in its EXIF data.
func checkPhotoFile(t *testing.T, s *store.Store, id, userID string) {
	t.Helper()
	f, data := storedFile(t, s, id)
	if f.Kind != files.KindPhoto || f.ContentType != "image/jpeg" || f.CreatedBy == nil || f.CreatedBy.String() != userID {
		t.Errorf("photo %s: kind %s, type %s, uploaded by %v; want a JPEG photo of user %s", id, f.Kind, f.ContentType, f.CreatedBy, userID)
	}
	if bytes.Contains(data, []byte(gpsSecret)) {
		t.Errorf("photo %s still holds the GPS data of the phone", id)
	}
}

// thumbnailsLoaded is a JavaScript condition: the request's screen shows
// count thumbnails, all loaded, from the server unless local is true.
func thumbnailsLoaded(count int, local bool) string {
	return fmt.Sprintf(`(() => { const imgs = [...document.querySelectorAll('#request-photos img')];
		return imgs.length === %d && imgs.every((img) => img.complete && img.naturalWidth > 0)
			&& imgs.filter((img) => img.dataset.local === 'true').length === %d; })()`, count, map[bool]int{false: 0, true: 1}[local])
}

// TestWorkRequestPhotos attaches a photo on the new-request form as the
// Apprieu correspondent, a second one on the request's screen as a
// technician, and a third without signal, and checks each on the server.
func TestWorkRequestPhotos(t *testing.T) {
	src := axeSource(t)
	_, s, srv := browserFixture(t)
	pc := readApprieuPC(t, s)
	corrID := dbValue[string](t, s, "SELECT id FROM users WHERE email = ?", apprieuCorrespondent)
	techID := dbValue[string](t, s, "SELECT id FROM users WHERE email = ?", demoEmail)
	photos := []string{
		writeTestFile(t, "classe.jpg", testPhoto(t, 800, 600)),
		writeTestFile(t, "ecran.jpg", testPhoto(t, 600, 800)),
		writeTestFile(t, "cable.jpg", testPhoto(t, 640, 480)),
	}

	corr := launchBrowser(t, srv, "correspondent")
	defer corr.logExceptions()
	corr.login(apprieuCorrespondent)
	corr.open("/requests/new")
	corr.waitScreen("request-new")
	scanLabel(corr, "request-scan", pc.tag, "seen")
	choose(corr, "#field-category", "os_repair")
	typeText(corr, "#field-description", workDescription)
	choosePhoto(corr, "#request-new-photo-add-input", photos[0])
	corr.wait("the photo's thumbnail on the form", `(() => { const img = document.querySelector('#request-new-photos li img');
		return document.querySelectorAll('#request-new-photos li').length === 1 && img?.complete && img.naturalWidth > 0; })()`)
	runAxe(corr, src, "request-new (with a photo)")
	checkTargets(corr, "request-new (with a photo)")
	requestID := submitTo(corr, "#request-form", "request", "/requests/")
	waitOutboxEmpty(corr, stepTimeout)

	got := requestPhotos(t, s, requestID)
	if len(got) != 1 {
		t.Fatalf("request %s has photos %q on the server, want 1", requestID, got)
	}
	checkPhotoFile(t, s, got[0], corrID)
	corr.wait("the photo from the server on the request's screen", thumbnailsLoaded(1, false))
	runAxe(corr, src, "request (correspondent, with a photo)")

	// A technician adds a second photo on the request's screen.
	tech := newBrowser(t, srv)
	defer tech.logExceptions()
	tech.login(demoEmail)
	tech.waitController()
	tech.open("/requests/" + requestID.String())
	tech.waitScreen("request")
	tech.wait("the correspondent's photo", thumbnailsLoaded(1, false))
	choosePhoto(tech, "#request-photo-add-input", photos[1])
	waitOutboxEmpty(tech, stepTimeout)
	tech.wait("two photos from the server", thumbnailsLoaded(2, false))
	if got = requestPhotos(t, s, requestID); len(got) != 2 {
		t.Fatalf("request %s has photos %q on the server, want 2", requestID, got)
	}
	checkPhotoFile(t, s, got[1], techID)
	runAxe(tech, src, "request (technician, with photos)")
	checkTargets(tech, "request (technician, with photos)")

	// Without signal the server's photos give way to their count, and a
	// photo taken now waits on the device, through a reload.
	tech.setOffline(true)
	reloadOffline(tech, "request", 0)
	tech.wait("the count of the photos on the server", fmt.Sprintf(`(document.getElementById('request-photos-offline')?.textContent || '').includes(%q)`,
		message(tech, "photos_offline", map[string]any{"count": 2})))
	choosePhoto(tech, "#request-photo-add-input", photos[2])
	tech.wait("the photo taken offline on screen", `document.querySelector('#request-photos img[data-local="true"]')?.naturalWidth > 0`)
	reloadOffline(tech, "request", 1)
	tech.wait("the photo taken offline after a reload", `document.querySelector('#request-photos img[data-local="true"]')?.naturalWidth > 0`)
	runAxe(tech, src, "request (offline, with photos)")
	if got = requestPhotos(t, s, requestID); len(got) != 2 {
		t.Fatalf("request %s has photos %q on the server while the device is offline, want 2", requestID, got)
	}

	tech.setOffline(false)
	waitOutboxEmpty(tech, 30*time.Second)
	got = requestPhotos(t, s, requestID)
	if len(got) != 3 {
		t.Fatalf("request %s has photos %q on the server, want 3", requestID, got)
	}
	checkPhotoFile(t, s, got[2], techID)
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM files WHERE kind = 'photo'"); n != 3 {
		t.Errorf("the server stored %d photos, want 3: one upload each", n)
	}
	tech.open("/requests/" + requestID.String())
	tech.waitScreen("request")
	tech.wait("three photos from the server", thumbnailsLoaded(3, false))
}

// TestSyncRejectedUpload has the server reject a photo: online, the reason
// shows under « Ajouter une photo »; taken offline, it shows on the sync
// screen as a rejected change, and the request keeps its other members.
func TestSyncRejectedUpload(t *testing.T) {
	src := axeSource(t)
	f, s, srv := browserFixture(t)
	pc := readApprieuPC(t, s)
	requestID := fileRepairRequest(t, f, pc)
	notImage := writeTestFile(t, "faux.jpg", []byte("ceci n'est pas une photo"))
	// The header of this PNG gives 100000 × 100000 pixels, which the server
	// rejects before it decodes any pixel.
	huge := writeTestFile(t, "immense.png", hugePNG())

	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.login(demoEmail)
	b.waitController()
	b.open("/requests/" + requestID.String())
	b.waitScreen("request")

	choosePhoto(b, "#request-photo-add-input", notImage)
	b.wait("the server's reason under the button", `(document.getElementById('request-photo-error')?.textContent || '').includes('faux.jpg')`)
	if got := b.text("#request-photo-error"); !strings.Contains(got, "JPEG ou PNG") {
		b.errorf("the reason shown is %q, want the server's message about JPEG and PNG", got)
	}
	if got := eval[string](b, `document.documentElement.dataset.rejected || '0'`); got != "0" {
		b.errorf("a rejection shown on the form also counts %s rejected changes", got)
	}

	b.setOffline(true)
	choosePhoto(b, "#request-photo-add-input", huge)
	b.wait("the photo waiting on the device", `document.documentElement.dataset.pending === '1'`)
	b.setOffline(false)
	b.wait("the rejected change counted", `document.documentElement.dataset.rejected === '1'`)
	b.wait("an empty outbox", `document.documentElement.dataset.pending === '0'`)
	b.open("/sync")
	b.waitScreen("sync")
	b.wait("the rejected change on the sync screen", jsQuery("#sync-rejected li"))
	if got := b.text("#sync-rejected li .sync-reason"); !strings.Contains(got, "100000 × 100000") {
		b.errorf("the sync screen gives the reason %q, want the server's message with the photo's size", got)
	}
	runAxe(b, src, "sync (a rejected photo)")

	if got := requestPhotos(t, s, requestID); len(got) != 0 {
		t.Errorf("request %s has photos %q on the server, want none", requestID, got)
	}
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM files"); n != 0 {
		t.Errorf("the server stored %d files, want none", n)
	}
	b.open("/requests/" + requestID.String())
	b.waitScreen("request")
	b.wait("the request without the rejected photo", jsQuery("#request-photos-none"))
}
