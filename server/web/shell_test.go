package web_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/valyala/fasthttp"

	"parc/pwa"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/web"
)

// precacheList reads the list of files the service worker stores.
func precacheList(t *testing.T, f fixture) []string {
	t.Helper()
	sw := f.get(t, "/sw.js")
	m := regexp.MustCompile(`const PRECACHE = (\[.*\]);`).FindStringSubmatch(sw.body)
	if m == nil {
		t.Fatalf("/sw.js has no PRECACHE list: %.300s", sw.body)
	}
	var list []string
	if err := json.Unmarshal([]byte(m[1]), &list); err != nil {
		t.Fatalf("decode PRECACHE: %v", err)
	}
	return list
}

func TestShellEntryPoints(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), true)
	version := f.app.AppVersion()
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(version) {
		t.Fatalf("AppVersion() = %q, want 12 hex digits", version)
	}

	pages := []string{
		"/", "/login", "/communes", "/communes/" + f.communeID.String(), "/sites/" + f.siteID.String(),
		"/rooms/" + f.roomID.String(), "/assets/" + f.assetID.String(), "/search?q=BE", "/settings",
	}
	for _, p := range pages {
		r := f.anonymous().get(t, p)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: %d %s, want the app's page", p, r.status, r.header.Get("Content-Type"))
		}
		if got := r.header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", p, got)
		}
		if !strings.Contains(r.body, `data-version="`+version+`"`) || !strings.Contains(r.body, `/app/`+version+`/main.js`) {
			t.Errorf("GET %s: the page does not name build %s", p, version)
		}
	}

	sw := f.anonymous().get(t, "/sw.js")
	if sw.status != 200 || sw.header.Get("Cache-Control") != "no-cache" || !strings.HasPrefix(sw.header.Get("Content-Type"), "text/javascript") {
		t.Errorf("GET /sw.js: %d, %q, %q", sw.status, sw.header.Get("Cache-Control"), sw.header.Get("Content-Type"))
	}
	if !strings.Contains(sw.body, "const VERSION = '"+version+"';") {
		t.Errorf("/sw.js does not carry the version %s", version)
	}

	manifest := f.anonymous().get(t, "/manifest.webmanifest")
	if manifest.status != 200 || manifest.header.Get("Content-Type") != "application/manifest+json" {
		t.Fatalf("GET /manifest.webmanifest: %d %q", manifest.status, manifest.header.Get("Content-Type"))
	}
	var m struct {
		Name, ShortName, Display, StartURL, Scope, Lang string
		Icons                                           []struct{ Src, Sizes, Type, Purpose string }
	}
	if err := json.Unmarshal([]byte(manifest.body), &m); err != nil {
		t.Fatalf("decode the manifest: %v", err)
	}
	var maskable int
	for _, icon := range m.Icons {
		r := f.anonymous().get(t, icon.Src)
		if r.status != 200 || r.header.Get("Content-Type") != icon.Type {
			t.Errorf("manifest icon %s: %d %q, want 200 %q", icon.Src, r.status, r.header.Get("Content-Type"), icon.Type)
		}
		if icon.Purpose == "maskable" {
			maskable++
		}
	}
	if maskable < 2 {
		t.Errorf("manifest has %d maskable icons, want 192 and 512 px ones", maskable)
	}
}

func TestShellVersionedFiles(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), false).anonymous()
	version := f.app.AppVersion()
	list := precacheList(t, f)
	if len(list) < 20 || list[0] != "/" {
		t.Fatalf("PRECACHE = %v, want the page and the app's files", list)
	}
	for _, unwanted := range []string{"README.md", "LICENSE"} {
		if slices.ContainsFunc(list, func(u string) bool { return strings.HasSuffix(u, unwanted) }) {
			t.Errorf("PRECACHE holds a %s", unwanted)
		}
	}

	for _, url := range list[1:] {
		raw := f.get(t, url, "Accept-Encoding", "identity")
		if raw.status != 200 || raw.header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: %d, Cache-Control %q", url, raw.status, raw.header.Get("Cache-Control"))
			continue
		}
		checkEncoded(t, f, url, raw.body)
	}

	js := "/app/" + version + "/main.js"
	etag := f.get(t, js).header.Get("ETag")
	if r := f.get(t, js, "If-None-Match", etag); r.status != 304 {
		t.Errorf("GET %s with its ETag: %d, want 304", js, r.status)
	}
	old := f.get(t, "/app/000000000000/main.js")
	if old.status != 404 || old.header.Get("Cache-Control") != "no-store" {
		t.Errorf("file of another build: %d, Cache-Control %q, want 404 no-store", old.status, old.header.Get("Cache-Control"))
	}
	if r := f.get(t, "/app/"+version+"/nothing.js"); r.status != 404 {
		t.Errorf("unknown file: %d, want 404", r.status)
	}
}

// checkEncoded fetches url with brotli and with gzip, and checks that each
// compressed body decodes to raw.
func checkEncoded(t *testing.T, f fixture, url, raw string) {
	t.Helper()
	compressible := strings.HasSuffix(url, ".js") || strings.HasSuffix(url, ".css") || strings.HasSuffix(url, ".svg")
	decoders := map[string]func([]byte) ([]byte, error){
		"br":   func(b []byte) ([]byte, error) { return fasthttp.AppendUnbrotliBytes(nil, b) },
		"gzip": func(b []byte) ([]byte, error) { return fasthttp.AppendGunzipBytes(nil, b) },
	}
	for coding, decode := range decoders {
		r := f.get(t, url, "Accept-Encoding", coding)
		got := r.header.Get("Content-Encoding")
		if got == "" {
			if compressible {
				t.Errorf("GET %s with %s: sent uncompressed", url, coding)
			}
			continue
		}
		plain, err := decode([]byte(r.body))
		if got != coding || err != nil || string(plain) != raw {
			t.Errorf("GET %s with %s: Content-Encoding %q, decode error %v, equal %t", url, coding, got, err, string(plain) == raw)
		}
	}
}

// TestShellModulesPrecached follows the static imports from main.js: every
// module the app needs at start must be in the precache, or the app would
// not open offline.
func TestShellModulesPrecached(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), false).anonymous()
	prefix := "/app/" + f.app.AppVersion() + "/"
	list := precacheList(t, f)

	importRE := regexp.MustCompile(`(?m)^(?:import|export)\s[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'`)
	seen := map[string]bool{}
	queue := []string{"main.js"}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		if !slices.Contains(list, prefix+name) {
			t.Errorf("%s is imported but not precached", name)
		}
		src, err := fs.ReadFile(pwa.Files, "app/"+name)
		if err != nil {
			t.Errorf("read %s: %v", name, err)
			continue
		}
		dir := name[:strings.LastIndex(name, "/")+1]
		for _, m := range importRE.FindAllStringSubmatch(string(src), -1) {
			queue = append(queue, cleanPath(dir+m[1]+m[2]))
		}
	}
	if len(seen) < 15 {
		t.Errorf("followed only %d modules from main.js", len(seen))
	}
}

// cleanPath resolves ./ and ../ in a relative module path.
func cleanPath(p string) string {
	var parts []string
	for _, part := range strings.Split(p, "/") {
		switch part {
		case ".", "":
		case "..":
			parts = parts[:len(parts)-1]
		default:
			parts = append(parts, part)
		}
	}
	return strings.Join(parts, "/")
}

// TestShellVersionFollowsFiles checks that the build's version changes
// with any file's content, so browsers never keep a stale file.
func TestShellVersionFollowsFiles(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	copyFiles := func(change string) fstest.MapFS {
		m := fstest.MapFS{}
		err := fs.WalkDir(pwa.Files, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(pwa.Files, name)
			if name == change {
				b = append(b, "\n/* changed */\n"...)
			}
			m[name] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	versionOf := func(files fs.FS) string {
		app, err := web.New(context.Background(), web.Config{Store: s, Log: storetest.Logger(), TagPrefix: "BE", Files: files})
		if err != nil {
			t.Fatalf("web.New: %v", err)
		}
		return app.AppVersion()
	}

	base := versionOf(nil)
	if got := versionOf(copyFiles("")); got != base {
		t.Errorf("same files: version %s, want %s", got, base)
	}
	for _, name := range []string{"app/views/asset.js", "app/style.css", "sw.js"} {
		if got := versionOf(copyFiles(name)); got == base {
			t.Errorf("changing %s kept version %s", name, base)
		}
	}

	broken := copyFiles("")
	delete(broken, "sw.js")
	if _, err := web.New(context.Background(), web.Config{Store: s, Log: storetest.Logger(), TagPrefix: "BE", Files: broken}); err == nil || !strings.Contains(err.Error(), "sw.js") {
		t.Errorf("files without sw.js: error %v, want one naming sw.js", err)
	}
}
