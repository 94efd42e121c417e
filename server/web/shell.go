package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/bits"
	"mime"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	brotlienc "github.com/andybalholm/brotli"
	"github.com/valyala/fasthttp"
)

// Placeholders that newShell fills in the entry points.
const (
	placeholderVersion  = "__PARC_VERSION__"
	placeholderPrecache = "__PARC_PRECACHE__"
	placeholderPages    = "__PARC_PAGES__"
	placeholderLazy     = "__PARC_LAZY__"
	placeholderPreload  = "<!--__PARC_PRELOAD__-->"
)

// appDir is the folder of the PWA's files served under /app/<version>/.
// Files under its lazy/ subfolder (the barcode decoder, for example) are
// left out of the precache, so that they never delay the app's first
// start: the service worker fetches them in the background once it is
// active, so that they work offline too.
const appDir = "app"

// precached lists the kinds of file the app shell is made of. Other files
// under app/ (a vendored library's README and LICENSE) are served but not
// stored on the device.
var precached = map[string]bool{".js": true, ".css": true, ".png": true, ".svg": true, ".json": true, ".woff2": true, ".wasm": true, ".mp3": true, ".ogg": true}

// shell is the PWA as the server sends it: every file of app/ under a path
// that carries the build's version, so browsers may keep them for a year,
// and the three entry points (the page, the service worker and the
// manifest), which name that version and must be revalidated on each load.
type shell struct {
	version  string
	index    asset
	worker   asset
	manifest asset
	files    map[string]asset // by path inside app/
}

// asset is one file with its type and its compressed forms.
type asset struct {
	contentType string
	raw         []byte
	gzip        []byte
	brotli      []byte
}

// newShell reads the PWA from fsys. The version is a hash of every file,
// so any change to any file moves every URL under /app/.
func newShell(fsys fs.FS) (*shell, error) {
	contents, err := readAll(fsys)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"index.html", "sw.js", "manifest.webmanifest"} {
		if _, ok := contents[name]; !ok {
			return nil, fmt.Errorf("pwa files: %s is missing", name)
		}
	}

	sh := &shell{version: hashFiles(contents), files: map[string]asset{}}
	var precache, preload, lazy []string
	for name, body := range contents {
		rel, ok := strings.CutPrefix(name, appDir+"/")
		if !ok {
			continue
		}
		sh.files[rel] = newAsset(name, body)
		url := sh.appURL(rel)
		if strings.HasPrefix(rel, "lazy/") && precached[path.Ext(rel)] {
			lazy = append(lazy, url)
		}
		if strings.HasPrefix(rel, "lazy/") || !precached[path.Ext(rel)] {
			continue
		}
		precache = append(precache, url)
		if path.Ext(rel) == ".js" && !strings.HasPrefix(rel, "theme") {
			preload = append(preload, fmt.Sprintf(`<link rel="modulepreload" href="%s">`, url))
		}
	}
	slices.Sort(precache)
	slices.Sort(preload)
	slices.Sort(lazy)
	precache = append([]string{"/"}, precache...)

	list, err := json.Marshal(precache)
	if err != nil {
		return nil, fmt.Errorf("encode precache list: %w", err)
	}
	pages, err := json.Marshal(pagePatterns())
	if err != nil {
		return nil, fmt.Errorf("encode page list: %w", err)
	}
	lazyList, err := json.Marshal(append([]string{}, lazy...))
	if err != nil {
		return nil, fmt.Errorf("encode lazy list: %w", err)
	}
	fill := func(name string, pairs ...string) []byte {
		r := strings.NewReplacer(append([]string{placeholderVersion, sh.version}, pairs...)...)
		return []byte(r.Replace(string(contents[name])))
	}
	sh.index = newAsset("index.html", fill("index.html", placeholderPreload, strings.Join(preload, "\n")))
	sh.worker = newAsset("sw.js", fill("sw.js", placeholderPrecache, string(list), placeholderPages, string(pages), placeholderLazy, string(lazyList)))
	sh.manifest = newAsset("manifest.webmanifest", fill("manifest.webmanifest"))
	return sh, nil
}

// pagePatterns returns appPages as regular expressions for the service
// worker: each :param matches one path segment.
func pagePatterns() []string {
	param := regexp.MustCompile(`:[a-z]+`)
	patterns := make([]string, len(appPages))
	for i, p := range appPages {
		patterns[i] = "^" + param.ReplaceAllString(regexp.QuoteMeta(p), "[^/]+") + "$"
	}
	return patterns
}

// appURL returns the versioned URL of a file of app/.
func (sh *shell) appURL(rel string) string {
	return "/" + appDir + "/" + sh.version + "/" + rel
}

// readAll returns the content of every regular file of fsys by path.
func readAll(fsys fs.FS) (map[string][]byte, error) {
	contents := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		contents[name] = body
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read pwa files: %w", err)
	}
	return contents, nil
}

// hashFiles returns the first 12 hex digits of a SHA-256 over every path
// and content, in path order.
func hashFiles(contents map[string][]byte) string {
	names := make([]string, 0, len(contents))
	for name := range contents {
		names = append(names, name)
	}
	slices.Sort(names)

	h := sha256.New()
	for _, name := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(contents[name]))
		h.Write(contents[name])
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// newAsset prepares a file for sending, compressed once rather than on
// every request. Formats that are already compressed stay raw.
func newAsset(name string, body []byte) asset {
	a := asset{contentType: contentType(name), raw: body}
	if !compressible(a.contentType) {
		return a
	}
	a.gzip, a.brotli = compressed(body)
	return a
}

// Brotli's best level costs about 3 s for the 1 MB decoder on this kind of
// two-core machine, for 11 % less than level 9, so large files get level 9.
const brotliBestMaxSize = 256 << 10

// compressedForms caches the gzip and brotli forms of file contents by
// their SHA-256, so that every server of a process (tests build dozens)
// compresses each file once.
var compressedForms sync.Map

type compressedForm struct{ gzip, brotli []byte }

// compressed returns the gzip and brotli forms of body, nil for a form
// that would not be smaller.
func compressed(body []byte) (gzip, brotli []byte) {
	key := sha256.Sum256(body)
	if f, ok := compressedForms.Load(key); ok {
		form := f.(compressedForm)
		return form.gzip, form.brotli
	}

	level := fasthttp.CompressBrotliBestCompression
	if len(body) > brotliBestMaxSize {
		level = 9
	}
	gzip = fasthttp.AppendGzipBytesLevel(nil, body, fasthttp.CompressBestCompression)
	brotli = brotliBytes(body, level)
	if len(gzip) >= len(body) {
		gzip = nil
	}
	if len(brotli) >= len(body) {
		brotli = nil
	}
	compressedForms.Store(key, compressedForm{gzip: gzip, brotli: brotli})
	return gzip, brotli
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".webmanifest":
		return "application/manifest+json"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.Contains(contentType, "json") ||
		strings.Contains(contentType, "svg") || strings.Contains(contentType, "javascript") ||
		contentType == "application/wasm"
}

// body picks the smallest form the client accepts, by its Accept-Encoding
// header, and returns it with its Content-Encoding ("" for raw).
func (a asset) body(acceptEncoding []byte) ([]byte, string) {
	if a.brotli != nil && acceptsEncoding(acceptEncoding, "br") {
		return a.brotli, "br"
	}
	if a.gzip != nil && acceptsEncoding(acceptEncoding, "gzip") {
		return a.gzip, "gzip"
	}
	return a.raw, ""
}

// acceptsEncoding reports whether an Accept-Encoding header lists coding
// without a zero quality value.
func acceptsEncoding(header []byte, coding string) bool {
	for part := range bytes.SplitSeq(header, []byte(",")) {
		name, params, _ := bytes.Cut(part, []byte(";"))
		if !strings.EqualFold(string(bytes.TrimSpace(name)), coding) {
			continue
		}
		q := strings.ReplaceAll(string(params), " ", "")
		return !strings.HasPrefix(q, "q=0") || strings.HasPrefix(q, "q=0.") && strings.Trim(q[4:], "0") != ""
	}
	return false
}

// brotliBytes compresses body at quality with a window just large enough
// for it. The encoder's hash tables grow with the window: with the 4 MiB
// window of fasthttp's brotli writers, which its pool also kept alive,
// the heap of web.New reached 146 MiB on this app's files, and 17 MiB
// with windows sized to each file (andybalholm/brotli v1.1.0). A window
// that covers the whole input finds the same matches, so the output is
// as small.
func brotliBytes(body []byte, quality int) []byte {
	window := min(max(bits.Len(uint(len(body))), brotliMinWindow), brotliMaxWindow)
	var buf bytes.Buffer
	w := brotlienc.NewWriterOptions(&buf, brotlienc.WriterOptions{Quality: quality, LGWin: window})
	// Writes to a bytes.Buffer do not fail.
	w.Write(body)
	w.Close()
	return buf.Bytes()
}

// The window sizes, as powers of two, that brotli accepts.
const (
	brotliMinWindow = 10
	brotliMaxWindow = 24
)
