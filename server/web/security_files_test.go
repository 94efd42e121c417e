package web_test

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"parc/pwa"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/web"
)

// canary is the content of a file beside the app's files that no URL may
// serve.
const canary = "canary-5f1c9e-not-for-clients"

// rawGet sends path byte for byte, as a client that does not clean or
// escape it would, and returns the status and body of the response.
func rawGet(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: parc.test\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatalf("send GET %s: %v", path, err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read the response to GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// TestPathTraversalServesNothing requests a file beside the app's files
// and the system's files through the app's file route, the label page
// and the file download route. The paths use plain dot segments,
// percent-encoded ones, encoded slashes and backslashes. None may return
// the file.
func TestPathTraversalServesNothing(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	files := fstest.MapFS{"secret.txt": {Data: []byte(canary)}, "app/secret.txt": {Data: []byte(canary)}}
	err := fs.WalkDir(pwa.Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(pwa.Files, name)
		files[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatalf("copy the app's files: %v", err)
	}
	delete(files, "app/secret.txt")
	files["other/secret.txt"] = &fstest.MapFile{Data: []byte(canary)}

	app, err := web.New(context.Background(), web.Config{Store: s, Log: storetest.Logger(), TagPrefix: "BE", Files: files})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := serve(t, app, "127.0.0.1:0")
	v := "/app/" + app.AppVersion()

	paths := []string{
		v + "/../secret.txt", v + "/../../secret.txt", v + "/%2e%2e/secret.txt", v + "/%2E%2E/%2e%2e/secret.txt",
		v + "/..%2fsecret.txt", v + "/..%2f..%2fother%2fsecret.txt", v + "/..%5csecret.txt", v + `/..\secret.txt`,
		v + `/..\..\other\secret.txt`, v + "/.%2e/.%2e/secret.txt", v + "/%252e%252e/secret.txt", v + "//../secret.txt",
		"/../secret.txt", "/%2e%2e/secret.txt", "/secret.txt", "/other/secret.txt", "/app/secret.txt",
		"/sw.js/../secret.txt", "/t/..%2fsecret.txt", "/t/../secret.txt", `/t/..\secret.txt`, "/t/%2e%2e%2fsecret.txt",
		"/api/v1/files/..%2f..%2fsecret.txt", "/api/v1/files/../../secret.txt", `/api/v1/files/..\..\secret.txt`,
		"/api/v1/files/%2e%2e%2f%2e%2e%2fparc.db", v + "/../../../../../../etc/passwd", "/t/..%2f..%2f..%2fetc%2fpasswd",
	}
	for _, p := range paths {
		status, body := rawGet(t, srv.addr, p)
		if strings.Contains(body, canary) || strings.Contains(body, "root:x:0:0") {
			t.Errorf("GET %s: %d returns the file beside the app", p, status)
		}
		if status == http.StatusOK && strings.HasPrefix(p, v) {
			t.Errorf("GET %s: 200, want no app file", p)
		}
	}

	// The same route does serve the app's own files, so the paths above
	// reach it.
	if status, body := rawGet(t, srv.addr, v+"/main.js"); status != http.StatusOK || body == "" {
		t.Errorf("GET %s/main.js: %d, want the app's module", v, status)
	}
}

// TestUploadsAreSniffed sends files whose name or declared type claims
// an image but whose content is HTML, SVG or script. The upload and the
// decode routes reject each one, and a stored photo is served with its
// own type, nosniff and no way to run as a page.
func TestUploadsAreSniffed(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), true)
	fakes := []struct{ name, declared, content string }{
		{"photo.jpg", "image/jpeg", "<!doctype html><html><script>alert(document.cookie)</script></html>"},
		{"photo.jpg", "image/jpeg", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`},
		{"image.svg", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`},
		{"photo.png", "image/png", "alert(document.cookie)//"},
		{"photo.jpg", "image/jpeg", "\xff\xd8\xff<script>alert(1)</script>"},
		{"photo.gif", "image/gif", "GIF89a<script>alert(1)</script>"},
	}
	for _, fake := range fakes {
		if r := uploadFile(t, f, "photo", fake.name, fake.declared, []byte(fake.content)); r.status != http.StatusBadRequest {
			t.Errorf("upload %s as %s with %.20q: %d, want 400", fake.name, fake.declared, fake.content, r.status)
		}
		ct, body := multipartBody(t, "image", fake.name, []byte(fake.content))
		if r := f.do(t, http.MethodPost, "/api/v1/decode", string(body), "Content-Type", ct); r.status != http.StatusBadRequest {
			t.Errorf("decode %s with %.20q: %d, want 400", fake.name, fake.content, r.status)
		}
	}

	// A real photo sent as HTML is stored as the JPEG it is.
	photo := uploadFile(t, f, "photo", "page.html", "text/html", testPhoto(t, 40, 30))
	expect(t, "photo named page.html", photo, http.StatusCreated)
	r := f.get(t, "/api/v1/files/"+decodeRecord(t, photo).id())
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("GET the photo: %d, Content-Type %q, want 200 image/jpeg", r.status, r.header.Get("Content-Type"))
	}
	if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("GET the photo: X-Content-Type-Options %q, want nosniff", got)
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("GET the photo: Content-Security-Policy %q, want the strict policy", csp)
	}
	if !strings.HasPrefix(r.body, "\xff\xd8\xff") {
		t.Errorf("GET the photo: body starts %q, want a JPEG", r.body[:min(len(r.body), 8)])
	}
}

// TestHugeImagesAreRefused sends the header of a PNG that claims
// 100000×100000 pixels to the upload and decode routes. Both refuse it
// with 422 from its header, before decoding any pixel.
func TestHugeImagesAreRefused(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), true)
	r := uploadFile(t, f, "photo", "huge.png", "image/png", hugePNG())
	if r.status != http.StatusUnprocessableEntity || decodeError(t, r).Error.Code != "image_too_many_pixels" {
		t.Errorf("upload a 100000×100000 PNG: %d %s, want 422 image_too_many_pixels", r.status, r.body)
	}
	ct, body := multipartBody(t, "image", "huge.png", hugePNG())
	r = f.do(t, http.MethodPost, "/api/v1/decode", string(body), "Content-Type", ct)
	if r.status != http.StatusUnprocessableEntity || decodeError(t, r).Error.Code != "image_too_many_pixels" {
		t.Errorf("decode a 100000×100000 PNG: %d %s, want 422 image_too_many_pixels", r.status, r.body)
	}
}
