package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"parc/pwa"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/web"
)

// The browser tests drive the web app in headless Chromium against a demo
// server on a loopback port. Each test function starts one browser and
// runs its steps in one tab, except the update test, which opens two.

const (
	// stepTimeout bounds each wait on the page.
	stepTimeout = 15 * time.Second
	// pollInterval is how often a wait reads the page again.
	pollInterval = 50 * time.Millisecond
	// minTarget is the smallest width and height of a touch target, in
	// CSS pixels.
	minTarget = 48
	// demoEmail is the demo account that the tests log in as.
	demoEmail = "technicien@demo.invalid"
)

// chromiumPath returns the Chromium binary, skipping the test on a
// developer machine without one and failing it under CI=true.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed under CI=true: install the Debian package chromium")
	}
	t.Skip("chromium is not installed: skipping the browser test")
	return ""
}

// gate is a listener whose connections drop every request while the gate
// is closed, so that no request reaches the server while the browser is
// offline, whatever the browser's network emulation covers.
type gate struct {
	net.Listener
	closed  *atomic.Bool
	dropped *droppedRequests
}

// droppedRequests records the first line of each request that a closed
// gate dropped.
type droppedRequests struct {
	mu    sync.Mutex
	lines []string
}

func (d *droppedRequests) add(data []byte) {
	line, _, _ := strings.Cut(string(data), "\r\n")
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lines = append(d.lines, line)
}

func (d *droppedRequests) list() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.lines)
}

func (g gate) Accept() (net.Conn, error) {
	c, err := g.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return gateConn{Conn: c, closed: g.closed, dropped: g.dropped}, nil
}

type gateConn struct {
	net.Conn
	closed  *atomic.Bool
	dropped *droppedRequests
}

func (c gateConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && c.closed.Load() {
		c.dropped.add(p[:n])
		c.Conn.Close()
		return 0, net.ErrClosed
	}
	return n, err
}

// testServer is a web.Server listening on a loopback port.
type testServer struct {
	app     *web.Server
	addr    string
	closed  atomic.Bool
	dropped droppedRequests
}

// serve starts app on addr ("127.0.0.1:0" for any free port) and stops it
// when the test ends.
func serve(t *testing.T, app *web.Server, addr string) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen on %s: %v", addr, err)
	}
	s := &testServer{app: app, addr: ln.Addr().String()}
	go app.Listener(gate{Listener: ln, closed: &s.closed, dropped: &s.dropped})
	t.Cleanup(s.stop)
	return s
}

// stop shuts the server down. Calling it again does nothing.
func (s *testServer) stop() {
	s.app.ShutdownWithTimeout(time.Second)
}

func (s *testServer) url(path string) string {
	return "http://" + s.addr + path
}

// browser is one tab of a headless Chromium.
type browser struct {
	t    *testing.T
	ctx  context.Context
	srv  *testServer
	name string
	shot int

	mu      sync.Mutex
	console []string
}

// newBrowser starts Chromium with a fresh profile, opens a tab with a
// mobile viewport and stops the browser when the test ends.
func newBrowser(t *testing.T, srv *testServer) *browser {
	t.Helper()
	return launchBrowser(t, srv, "tab1")
}

// launchBrowser starts Chromium with the flags every browser test uses,
// plus extra ones (a fake camera, for example), and returns its first tab
// under name.
func launchBrowser(t *testing.T, srv *testServer, name string, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	chromium := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// The users are French, so the browser prefers French pages.
		chromedp.Flag("lang", "fr-FR"),
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.Env("LANGUAGE=fr_FR", "LANG=fr_FR.UTF-8"),
		chromedp.UserDataDir(t.TempDir()),
	)
	opts = append(opts, extra...)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})

	start := time.Now()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium (%s): %v", name, err)
	}
	t.Logf("chromium started in %v", time.Since(start).Round(time.Millisecond))

	b := &browser{t: t, ctx: ctx, srv: srv, name: name}
	b.setUp()
	return b
}

// newTab opens another tab in the same browser.
func (b *browser) newTab(name string) *browser {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("open tab %s: %v", name, err)
	}
	tab := &browser{t: b.t, ctx: ctx, srv: b.srv, name: name}
	tab.setUp()
	return tab
}

// setUp gives the tab a phone's viewport and the time zone of the users,
// and records what the page writes to its console.
func (b *browser) setUp() {
	b.t.Helper()
	b.setViewport(390, 844, true)
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Europe/Paris"}); err != nil {
		b.t.Fatalf("set the time zone: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		b.t.Fatalf("enable the network domain: %v", err)
	}
	messages := chromedp.Console(b.ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, fmt.Sprintf("%s %s: %s", m.Type, m.URL, m.Text))
			b.mu.Unlock()
		}
	}()
}

// setViewport sets the tab's viewport in CSS pixels, as a phone's when
// mobile is true and as a desktop window's otherwise.
func (b *browser) setViewport(width, height int64, mobile bool) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: 1, Mobile: mobile,
	}); err != nil {
		b.t.Fatalf("set the viewport to %dx%d (mobile %v): %v", width, height, mobile, err)
	}
}

// setColorScheme makes the page see prefers-color-scheme as scheme
// ("light" or "dark").
func (b *browser) setColorScheme(scheme string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}); err != nil {
		b.t.Fatalf("emulate the %s colour scheme: %v", scheme, err)
	}
}

// screenshot saves the tab's viewport as a PNG in the test's artifact
// folder and returns its path, or "" when the capture fails.
func (b *browser) screenshot(label string) string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("capture screenshot %q: %v", label, err)
		return ""
	}
	b.shot++
	slug := strings.Join(strings.FieldsFunc(strings.ToLower(label), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), "-")
	name := fmt.Sprintf("%s-%02d-%.48s.png", b.name, b.shot, slug)
	path := filepath.Join(b.t.ArtifactDir(), name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		b.t.Logf("write screenshot: %v", err)
		return ""
	}
	return path
}

// fail records a failure with a screenshot, the page's address and its
// last console messages, and stops the test when fatal is true.
func (b *browser) fail(fatal bool, format string, args ...any) {
	b.t.Helper()
	msg := fmt.Sprintf(format, args...)
	path := b.screenshot(msg)
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	cancel()
	b.mu.Lock()
	var console []string
	for _, m := range b.console {
		if strings.HasPrefix(m, string(chromedp.ConsoleError)) || strings.HasPrefix(m, string(chromedp.ConsoleException)) {
			console = append(console, m)
		}
	}
	console = console[max(0, len(console)-15):]
	b.mu.Unlock()
	b.t.Logf("[%s] at %s; screenshot: %s", b.name, loc, path)
	if len(console) > 0 {
		b.t.Logf("[%s] last console errors:\n  %s", b.name, strings.Join(console, "\n  "))
	}
	if fatal {
		b.t.Fatalf("[%s] %s", b.name, msg)
	}
	b.t.Errorf("[%s] %s", b.name, msg)
}

func (b *browser) fatalf(format string, args ...any) {
	b.t.Helper()
	b.fail(true, format, args...)
}

func (b *browser) errorf(format string, args ...any) {
	b.t.Helper()
	b.fail(false, format, args...)
}

// logExceptions logs the uncaught exceptions the page reported.
func (b *browser) logExceptions() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		if strings.HasPrefix(m, string(chromedp.ConsoleException)) {
			b.t.Logf("[%s] page exception: %s", b.name, m)
		}
	}
}

// do runs actions with the step timeout and stops the test on error.
func (b *browser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fatalf("%s: %v", step, err)
	}
}

// eval evaluates a JavaScript expression in the page, waiting for the
// promise it returns, and decodes its result into T.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := tryEval[T](b, expr)
	if err != nil {
		b.fatalf("evaluate %s: %v", short(expr), err)
	}
	return v
}

func tryEval[T any](b *browser, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// waitFor evaluates cond until it is true, across reloads of the page,
// and returns false when the timeout passes first.
func (b *browser) waitFor(cond string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+cond+")"))
		cancel()
		if err == nil && ok {
			return true
		}
		if time.Now().After(deadline) || b.ctx.Err() != nil {
			return false
		}
		time.Sleep(pollInterval)
	}
}

// wait waits for cond and stops the test when it does not come true.
// condition describes cond in the failure message.
func (b *browser) wait(condition, cond string) {
	b.t.Helper()
	if !b.waitFor(cond, stepTimeout) {
		b.fatalf("timed out after %v waiting for %s (%s)", stepTimeout, condition, short(cond))
	}
}

// waitScreen waits until main shows the named screen, rendered.
func (b *browser) waitScreen(name string) {
	b.t.Helper()
	b.wait("screen "+name, fmt.Sprintf(`(() => { const m = document.getElementById('main');
		return m && m.dataset.screen === %q && m.dataset.ready === 'true'; })()`, name))
}

// open loads path in the tab, as typing the address does.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.srv.url(path)))
}

// openScreen loads a screen behind the login and waits until it is
// rendered, shows the element sc.ready, and the refresh that the app runs
// at start has finished, so that no redraw comes during the next steps.
func (b *browser) openScreen(sc screen) {
	b.t.Helper()
	started := eval[float64](b, `Date.now()`)
	b.open(sc.path)
	b.waitScreen(sc.name)
	if sc.ready != "" {
		b.wait(sc.ready+" on screen "+sc.name, jsQuery(sc.ready))
	}
	b.waitRefresh(started)
}

// waitRefresh waits until a refresh that began at or after the page time
// since (milliseconds) has completed.
func (b *browser) waitRefresh(since float64) {
	b.t.Helper()
	b.wait("a refresh of the local store", fmt.Sprintf(
		`Date.parse(document.documentElement.dataset.syncedAt || '') >= %f`, since))
}

// click clicks the centre of the element with the mouse, as a user does,
// after scrolling it to the middle of the viewport. It fails when another
// element covers that point.
func (b *browser) click(sel string) {
	b.t.Helper()
	b.wait(sel, jsQuery(sel))
	type point struct {
		X, Y  float64
		Cover string
	}
	p := eval[point](b, fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		el.scrollIntoView({block: 'center', inline: 'center'});
		const r = el.getBoundingClientRect();
		const x = r.left + r.width / 2, y = r.top + r.height / 2;
		const hit = document.elementFromPoint(x, y);
		const cover = hit && hit !== el && !el.contains(hit) ? hit.outerHTML.slice(0, 120) : '';
		return {X: x, Y: y, Cover: cover};
	})()`, sel))
	if p.Cover != "" {
		b.fatalf("cannot click %s: %s covers its centre", sel, p.Cover)
	}
	b.do("click "+sel, chromedp.MouseClickXY(p.X, p.Y))
}

// text returns the trimmed text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	b.wait(sel, jsQuery(sel))
	return eval[string](b, fmt.Sprintf(`document.querySelector(%q).textContent.trim()`, sel))
}

// exists reports whether an element matches sel now.
func (b *browser) exists(sel string) bool {
	b.t.Helper()
	return eval[bool](b, jsQuery(sel))
}

// path returns the path and query of the page's address.
func (b *browser) path() string {
	b.t.Helper()
	return eval[string](b, `location.pathname + location.search`)
}

// syncedAt returns the time of the last refresh of the local store, or ""
// before the first.
func (b *browser) syncedAt() string {
	b.t.Helper()
	return eval[string](b, `document.documentElement.dataset.syncedAt || ''`)
}

// version returns the app version that the page runs.
func (b *browser) version() string {
	b.t.Helper()
	return eval[string](b, `document.documentElement.dataset.version || ''`)
}

// setOffline blocks every request of the tab and of its service worker and
// sets navigator.onLine, or undoes both. While offline, the server also
// drops any request that reaches it.
func (b *browser) setOffline(offline bool) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	// The gate closes before the emulation starts and opens before it ends,
	// so that it drops only what the emulation lets through.
	b.srv.closed.Store(offline)
	conditions := []*network.Conditions{{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: new(offline),
		MatchedNetworkConditions:    conditions,
	}); err != nil {
		b.fatalf("emulate network conditions (offline %v): %v", offline, err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: offline, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		b.fatalf("override network state (offline %v): %v", offline, err)
	}
}

// waitController waits until a service worker controls the page. When
// the worker is active but does not claim the page, it reloads once, as
// a user's next visit would.
func (b *browser) waitController() {
	b.t.Helper()
	const controlled = `navigator.serviceWorker && navigator.serviceWorker.controller !== null`
	if b.waitFor(controlled, stepTimeout) {
		return
	}
	active := eval[bool](b, `navigator.serviceWorker.getRegistration().then(r => !!(r && r.active))`)
	if !active {
		b.fatalf("no active service worker after %v", stepTimeout)
	}
	b.t.Logf("the active service worker does not control the page that registered it: reloading")
	b.do("reload", chromedp.Reload())
	b.wait("service worker control after a reload", controlled)
}

// login logs in through the login screen with a demo account's button.
func (b *browser) login(email string) {
	b.t.Helper()
	b.open("/login")
	b.waitScreen("login")
	button := fmt.Sprintf(`#demo-accounts [data-email=%q]`, email)
	b.click(button)
	b.wait("the demo account in the form", fmt.Sprintf(
		`document.getElementById('login-email').value === %q && document.getElementById('login-password').value === 'parc-demo'`, email))
	b.click(`#login-form [type="submit"]`)
	b.waitScreen("home")
	b.wait("syncedAt after the login", `!isNaN(Date.parse(document.documentElement.dataset.syncedAt || ''))`)
	// The refresh that sets syncedAt redraws the screen in the same task:
	// wait for that redraw, or a click could land while main is replaced.
	b.waitScreen("home")
}

// screen is a screen of the app, the path that shows it and an element
// that it shows once its data is there.
type screen struct {
	name, path, ready string
}

// appScreens lists the screens behind the login, on the fixture's data.
func appScreens(f fixture) []screen {
	return []screen{
		{"home", "/", ""},
		{"communes", "/communes", "#commune-list a"},
		{"commune", "/communes/" + f.communeID.String(), "#site-list a"},
		{"site", "/sites/" + f.siteID.String(), "#room-list a"},
		{"room", "/rooms/" + f.roomID.String(), "#asset-list a"},
		{"asset", "/assets/" + f.assetID.String(), "#asset-tag"},
		{"search", "/search?q=" + url.QueryEscape(f.tag), "#search-results a"},
		{"settings", "/settings", "#settings-language"},
		{"sync", "/sync", "#sync-now"},
		{"requests", "/requests?status=all", "#requests-count"},
		{"request-new", "/requests/new", "#request-out-of-scope li"},
		{"problem-reports", "/problem-reports", "#reports-filter"},
		{"work-orders", "/work-orders", "#work-order-new-link"},
		{"work-order-new", "/work-orders/new?site=" + f.siteID.String(), "#field-category optgroup"},
		{"loans", "/loans", "#loans-count"},
		{"loan-out", "/loans/new", "#loan-out-scan-tag"},
		{"loan-in", "/loans/return", "#loan-in-scan-tag"},
		{"maintenance", "/maintenance", "#campaign-none, #campaign-coverage"},
	}
}

// jsQuery is a JavaScript expression true when sel matches an element.
func jsQuery(sel string) string {
	return fmt.Sprintf(`document.querySelector(%q) !== null`, sel)
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

// browserFixture is a demo server with its store, listening on loopback.
func browserFixture(t *testing.T) (fixture, *store.Store, *testServer) {
	t.Helper()
	chromiumPath(t)
	s := storetest.Open(t, store.SQLite)
	f := newFixture(t, s, true)
	return f, s, serve(t, f.app, "127.0.0.1:0")
}

// assetRow reads columns of an asset straight from the database.
func assetRow(t *testing.T, s *store.Store, id uuid.UUID) (model, serial, osName string) {
	t.Helper()
	err := s.Reader.QueryRowContext(context.Background(),
		"SELECT model, serial, os FROM assets WHERE id = ?", id.String()).Scan(&model, &serial, &osName)
	if err != nil {
		t.Fatalf("read asset %s: %v", id, err)
	}
	return model, serial, osName
}

// assetWithOS returns a tagged asset whose system is osName.
func assetWithOS(t *testing.T, s *store.Store, osName string) uuid.UUID {
	t.Helper()
	var id string
	err := s.Reader.QueryRowContext(context.Background(),
		"SELECT id FROM assets WHERE os = ? AND tag IS NOT NULL ORDER BY tag LIMIT 1", osName).Scan(&id)
	if err != nil {
		t.Fatalf("find an asset under %s: %v", osName, err)
	}
	return uuid.MustParse(id)
}

// preXP is whether the demo marks an OS as older than Windows XP.
func preXP(osName string) bool {
	return osName == "Windows 98" || osName == "Windows 2000"
}

// TestPWAJourney walks a technician through the app: the login with a
// demo account, the fleet from commune to asset by links, the search, and
// the asset sheet offline, then back online after a change on the server.
func TestPWAJourney(t *testing.T) {
	f, s, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()

	// Without a session, the app shows the login screen.
	b.open("/")
	b.waitScreen("login")
	b.login(demoEmail)
	// A full page load would clear this mark, and client-side routing keeps it.
	eval[bool](b, `window.parcTestMark = true`)

	steps := []struct{ link, screen, path string }{
		{`nav#tabbar a[href="/communes"]`, "communes", "/communes"},
		{fmt.Sprintf(`#commune-list a[href="/communes/%s"]`, f.communeID), "commune", "/communes/" + f.communeID.String()},
		{fmt.Sprintf(`#site-list a[href="/sites/%s"]`, f.siteID), "site", "/sites/" + f.siteID.String()},
		{fmt.Sprintf(`#room-list a[href="/rooms/%s"]`, f.roomID), "room", "/rooms/" + f.roomID.String()},
		{fmt.Sprintf(`#asset-list a[href="/assets/%s"]`, f.assetID), "asset", "/assets/" + f.assetID.String()},
	}
	for _, st := range steps {
		b.click(st.link)
		b.waitScreen(st.screen)
		if got := b.path(); got != st.path {
			b.errorf("after a click on %s: address %s, want %s", st.link, got, st.path)
		}
		if !eval[bool](b, `window.parcTestMark === true`) {
			b.errorf("the click on %s loaded a new page instead of routing in the page", st.link)
			eval[bool](b, `window.parcTestMark = true`)
		}
	}

	model, serial, osName := assetRow(t, s, f.assetID)
	checkSheet(b, f.tag, model, serial, osName)

	// Demo PCs under systems older than Windows XP carry the warning.
	for _, sys := range []string{"Windows 98", "Windows 2000", "Windows 10"} {
		id := assetWithOS(t, s, sys)
		b.openScreen(screen{"asset", "/assets/" + id.String(), "#asset-tag"})
		if got, want := b.exists("#asset-os-warning"), preXP(sys); got != want {
			b.errorf("asset %s under %s: #asset-os-warning present %v, want %v", id, sys, got, want)
		}
	}

	// The search finds the fixture's asset by its tag, in any case.
	b.click(`nav#tabbar a[href="/search"]`)
	b.waitScreen("search")
	searchFor(b, f.tag, f.assetID, true)
	searchFor(b, strings.ToLower(f.tag), f.assetID, true)
	searchFor(b, strings.ToLower(serial), f.assetID, false)
	lower := strings.ToLower(f.tag)
	b.openScreen(screen{"search", "/search?q=" + url.QueryEscape(lower), ""})
	if got := eval[string](b, `document.getElementById('search-q').value`); got != lower {
		b.errorf("/search?q=%s: the field holds %q", lower, got)
	}
	waitResults(b, f.assetID, true)

	// A technician opens the app and types a tag at once, while the app
	// refreshes its store in the background: no typed character is lost.
	b.open("/search")
	b.waitScreen("search")
	typedBefore := b.syncedAt()
	b.click("#search-q")
	for _, r := range f.tag {
		// A person types about ten characters a second.
		b.do("type "+string(r), chromedp.KeyEvent(string(r)), chromedp.Sleep(80*time.Millisecond))
	}
	refreshed := b.syncedAt() != typedBefore
	t.Logf("typing at a person's pace: a refresh completed while typing: %v", refreshed)
	if !b.waitFor(fmt.Sprintf(`document.getElementById('search-q')?.value === %q`, f.tag), 2*time.Second) {
		b.errorf("typed %q while the app refreshed its store (refresh completed during typing: %v): the field holds %q",
			f.tag, refreshed, eval[string](b, `document.getElementById('search-q')?.value ?? '(no field)'`))
	} else {
		waitResults(b, f.assetID, true)
	}

	// Offline, the sheet comes from the service worker and the local store.
	b.openScreen(screen{"asset", "/assets/" + f.assetID.String(), "#asset-tag"})
	b.waitController()
	before := b.syncedAt()
	b.setOffline(true)
	b.do("reload offline", chromedp.Reload())
	b.waitScreen("asset")
	if got := b.text("#asset-tag"); got != f.tag {
		b.errorf("offline sheet: #asset-tag %q, want %q", got, f.tag)
	}
	b.wait("#net-status not empty offline", `(document.getElementById('net-status')?.textContent || '').trim() !== ''`)
	t.Logf("offline, #net-status says %q", b.text("#net-status"))

	// The search needs no network.
	b.click(`nav#tabbar a[href="/search"]`)
	b.waitScreen("search")
	searchFor(b, f.tag, f.assetID, true)
	b.click(fmt.Sprintf(`#search-results a[href="/assets/%s"]`, f.assetID))
	b.waitScreen("asset")

	// A change made through the API while offline shows once back online:
	// the pull brings every write that the server records in its change
	// sequence.
	newModel := "OptiPlex 7010 (modifié pendant le test)"
	patchAsset(t, f, f.assetID, map[string]any{"model": newModel})
	if dropped := srv.dropped.list(); len(dropped) > 0 {
		t.Logf("the server dropped %d requests while offline, which the network emulation let through: %q", len(dropped), dropped)
	}
	b.setOffline(false)
	b.wait("syncedAt to move after going online", fmt.Sprintf(
		`(document.documentElement.dataset.syncedAt || '') !== %q`, before))
	modelNow := fmt.Sprintf(`(document.getElementById('asset-model')?.textContent || '').includes(%q)`, newModel)
	if b.waitFor(modelNow, 5*time.Second) {
		t.Logf("back online: the sheet showed the new model without a reload")
	} else {
		t.Logf("back online: the sheet still shows %q; reloading", b.text("#asset-model"))
		b.do("reload online", chromedp.Reload())
		b.waitScreen("asset")
		b.wait("the new model after a reload", modelNow)
		t.Logf("back online: the sheet showed the new model only after a reload")
	}

	// The search reads the refreshed store and ignores case and accents.
	b.click(`nav#tabbar a[href="/search"]`)
	b.waitScreen("search")
	searchFor(b, "MODIFIE PENDANT", f.assetID, true)

	// The dark theme chosen in the settings changes the page's colours,
	// and the technician logs out.
	b.click(`nav#tabbar a[href="/settings"]`)
	b.waitScreen("settings")
	const background = `getComputedStyle(document.body).backgroundColor`
	light := eval[string](b, background)
	choose(b, "#settings-theme", "dark")
	if !b.waitFor(fmt.Sprintf(`%s !== %q`, background, light), 5*time.Second) {
		b.errorf("choosing the dark theme left the background %s", light)
	}
	logout(b, "after an offline start and the return online")
}

// logout clicks #logout in the settings and expects the login screen
// without the tab bar.
func logout(b *browser, when string) {
	b.t.Helper()
	b.click("#logout")
	// A failed logout shows a toast for a few seconds: read it while it
	// shows.
	const toasts = `[...document.querySelectorAll('.toast')].filter(e => e.checkVisibility()).map(e => e.textContent.trim())`
	login := `document.getElementById('main')?.dataset.screen === 'login'`
	if !b.waitFor(login+` || `+toasts+`.length > 0`, stepTimeout) || !eval[bool](b, login) {
		b.fatalf("%s: the click on #logout did not reach the login screen; the page says %q", when, eval[[]string](b, toasts))
	}
	b.waitScreen("login")
	if !b.waitFor(`document.getElementById('tabbar')?.checkVisibility() === false`, 5*time.Second) {
		b.errorf("%s: the tab bar still shows after the logout", when)
	}
	b.t.Logf("%s: records in the local store after the logout: %v", when, eval[map[string]int](b, localRecords))
}

// localRecords counts the records of every object store of every
// IndexedDB database of the page's origin.
const localRecords = `(async () => {
	const out = {};
	const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
	for (const {name} of await indexedDB.databases()) {
		const db = await request(indexedDB.open(name));
		for (const store of db.objectStoreNames) {
			out[name + '/' + store] = await request(db.transaction(store).objectStore(store).count());
		}
		db.close();
	}
	return out;
})()`

// choose picks a value in a select as a user does, which fires input and
// change.
func choose(b *browser, sel, value string) {
	b.t.Helper()
	b.wait(sel, jsQuery(sel))
	eval[bool](b, fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.focus(); s.value = %q;
		s.dispatchEvent(new Event('input', {bubbles: true})); s.dispatchEvent(new Event('change', {bubbles: true}));
		return s.value === %q; })()`, sel, value, value))
}

// checkSheet checks the asset sheet on screen against the database.
func checkSheet(b *browser, tag, model, serial, osName string) {
	b.t.Helper()
	if got := b.text("#asset-tag"); got != tag {
		b.errorf("#asset-tag %q, want %q", got, tag)
	}
	for _, c := range []struct{ sel, want string }{
		{"#asset-model", model}, {"#asset-serial", serial}, {"#asset-os", osName},
	} {
		if got := b.text(c.sel); !strings.Contains(got, c.want) {
			b.errorf("%s %q, want it to contain %q", c.sel, got, c.want)
		}
	}
	for _, sel := range []string{"#asset-status", "#asset-location"} {
		if got := b.text(sel); got == "" {
			b.errorf("%s is empty", sel)
		}
	}
	if got, want := b.exists("#asset-os-warning"), preXP(osName); got != want {
		b.errorf("asset under %s: #asset-os-warning present %v, want %v", osName, got, want)
	}
}

// searchFor types q into the search field, replacing what it held, and
// expects the asset id among the results, or alone when exact is true.
func searchFor(b *browser, q string, id uuid.UUID, exact bool) {
	b.t.Helper()
	b.wait("#search-q", jsQuery("#search-q"))
	if typ := eval[string](b, `document.getElementById('search-q').type`); typ != "search" {
		b.errorf("#search-q has type %q, want search", typ)
	}
	eval[bool](b, `(() => { const q = document.getElementById('search-q'); q.value = '';
		q.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
	b.click("#search-q")
	b.do("type "+q, chromedp.SendKeys(chromedp.CSS("#search-q"), q))
	waitResults(b, id, exact)
}

// waitResults waits until the search lists the asset id, alone when
// exact is true.
func waitResults(b *browser, id uuid.UUID, exact bool) {
	b.t.Helper()
	want := "/assets/" + id.String()
	cond := fmt.Sprintf(`(() => { const a = [...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href'));
		return %v ? a.length === 1 && a[0] === %q : a.includes(%q); })()`, exact, want, want)
	if !b.waitFor(cond, stepTimeout) {
		got := eval[[]string](b, `[...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href'))`)
		what := "among them"
		if exact {
			what = "alone"
		}
		b.fatalf("search %q: results %v, want %s %s", eval[string](b, `document.getElementById('search-q').value`), got, want, what)
	}
}

// manifest is the part of the web app manifest the test checks.
type manifest struct {
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
	Lang      string `json:"lang"`
	Display   string `json:"display"`
	StartURL  string `json:"start_url"`
	Scope     string `json:"scope"`
	Icons     []struct {
		Src     string `json:"src"`
		Sizes   string `json:"sizes"`
		Type    string `json:"type"`
		Purpose string `json:"purpose"`
	} `json:"icons"`
}

// TestPWAInstallable checks with Page.getInstallabilityErrors that Chromium
// can install the app once its service worker runs, and checks the
// manifest's fields.
func TestPWAInstallable(t *testing.T) {
	_, _, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()

	b.open("/")
	b.waitScreen("login")
	b.waitController()
	var errs []*page.InstallabilityError
	cond := func() bool {
		ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
		defer cancel()
		res, err := chromedp.Call(ctx, page.GetInstallabilityErrors, struct{}{})
		if err != nil {
			b.fatalf("Page.getInstallabilityErrors: %v", err)
		}
		errs = res.InstallabilityErrors
		return len(errs) == 0
	}
	deadline := time.Now().Add(stepTimeout)
	for !cond() && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	for _, e := range errs {
		var args []string
		for _, a := range e.ErrorArguments {
			args = append(args, a.Name+"="+a.Value)
		}
		b.errorf("installability error %s %v", e.ErrorID, args)
	}

	res, err := http.Get(srv.url("/manifest.webmanifest"))
	if err != nil {
		t.Fatalf("GET /manifest.webmanifest: %v", err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /manifest.webmanifest: status %d, error %v", res.StatusCode, err)
	}
	t.Logf("manifest Content-Type %q, Cache-Control %q", res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
	var m manifest
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("decode the manifest: %v\n%s", err, body)
	}
	t.Logf("manifest: name %q, short_name %q, lang %q, start_url %q, scope %q", m.Name, m.ShortName, m.Lang, m.StartURL, m.Scope)

	if !strings.Contains(m.Name, "Parc") {
		t.Errorf("manifest name %q does not name Parc", m.Name)
	}
	if m.ShortName == "" {
		t.Errorf("manifest short_name is empty")
	}
	if m.Lang != "" && !strings.HasPrefix(m.Lang, "fr") {
		t.Errorf("manifest lang %q, want French", m.Lang)
	}
	if m.Display != "standalone" {
		t.Errorf("manifest display %q, want standalone", m.Display)
	}
	scope, err := url.Parse(srv.url("/manifest.webmanifest"))
	if err == nil {
		scope, err = scope.Parse(m.Scope)
	}
	if m.Scope == "" || err != nil || scope.Path != "/" {
		t.Errorf("manifest scope %q, want /", m.Scope)
	}
	start, err := url.Parse(srv.url("/manifest.webmanifest"))
	if err == nil {
		start, err = start.Parse(m.StartURL)
	}
	if m.StartURL == "" || err != nil || start.Host != srv.addr || !strings.HasPrefix(start.Path, "/") {
		t.Errorf("manifest start_url %q is not a path of the app", m.StartURL)
	}

	maskable := false
	base, _ := url.Parse(srv.url("/manifest.webmanifest"))
	for _, icon := range m.Icons {
		src, err := base.Parse(icon.Src)
		if err != nil || src.Host != srv.addr {
			t.Errorf("icon src %q is not a file of the app", icon.Src)
			continue
		}
		res, err := http.Get(src.String())
		if err != nil {
			t.Errorf("GET icon %s: %v", icon.Src, err)
			continue
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/") {
			t.Errorf("icon %s: status %d, Content-Type %q", icon.Src, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if slices.Contains(strings.Fields(icon.Purpose), "maskable") && largestSide(icon.Sizes) >= 192 {
			maskable = true
		}
	}
	if !maskable {
		t.Errorf("no maskable icon of at least 192 px among %+v", m.Icons)
	}
}

// largestSide returns the largest side in a sizes list such as
// "192x192 512x512". The size "any" counts as large enough.
func largestSide(sizes string) int {
	largest := 0
	for _, s := range strings.Fields(strings.ToLower(sizes)) {
		if s == "any" {
			return 1 << 16
		}
		w, h, ok := strings.Cut(s, "x")
		if !ok {
			continue
		}
		wi, _ := strconv.Atoi(w)
		hi, _ := strconv.Atoi(h)
		largest = max(largest, min(wi, hi))
	}
	return largest
}

// axeViolation is one rule that axe-core found broken on a screen.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Nodes   int      `json:"nodes"`
	Targets []string `json:"targets"`
}

// axeSource returns axe-core's script, pinned in testdata by npm.
func axeSource(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "axe", "node_modules", "axe-core", "axe.min.js"))
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatal("axe-core is missing under CI=true: run go tool -modfile=tools/go.mod task npm-test-deps")
		}
		t.Skip("axe-core is missing: run go tool -modfile=tools/go.mod task npm-test-deps")
	}
	if err != nil {
		t.Fatalf("read axe-core: %v", err)
	}
	return string(src)
}

// runAxe runs axe-core on the page and fails the test with every serious
// or critical violation.
func runAxe(b *browser, src, label string) {
	b.t.Helper()
	if !eval[bool](b, `typeof window.axe === 'object'`) {
		if _, err := tryEval[chromedp.Void](b, src); err != nil {
			b.fatalf("inject axe-core: %v", err)
		}
	}
	type result struct {
		Passes     int            `json:"passes"`
		Violations []axeViolation `json:"violations"`
	}
	res := eval[result](b, `axe.run(document).then(r => ({passes: r.passes.length,
		violations: r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help, nodes: v.nodes.length,
			targets: v.nodes.slice(0, 3).map(n => n.target.map(String).join(' '))}))}))`)
	b.t.Logf("axe on %s: %d rules passed, %d violated", label, res.Passes, len(res.Violations))
	var bad []string
	for _, v := range res.Violations {
		line := fmt.Sprintf("%s (%s, %d nodes): %s; first: %s", v.ID, v.Impact, v.Nodes, v.Help, strings.Join(v.Targets, " | "))
		if v.Impact == "serious" || v.Impact == "critical" {
			bad = append(bad, line)
		} else {
			b.t.Logf("axe on %s, not failing: %s", label, line)
		}
	}
	if len(bad) > 0 {
		b.errorf("axe on %s: %d serious or critical violations:\n  %s", label, len(bad), strings.Join(bad, "\n  "))
	}
}

// TestPWAAccessibility runs axe-core on every screen, in the light theme
// and, for two screens, in the dark one.
func TestPWAAccessibility(t *testing.T) {
	src := axeSource(t)
	f, _, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()

	b.open("/login")
	b.waitScreen("login")
	b.wait("the demo accounts", jsQuery("#demo-accounts [data-email]"))
	runAxe(b, src, "login")

	b.login(demoEmail)
	screens := appScreens(f)
	for _, sc := range screens {
		b.openScreen(sc)
		runAxe(b, src, sc.name)
	}

	b.setColorScheme("dark")
	for _, sc := range screens {
		if sc.name == "home" || sc.name == "asset" {
			b.openScreen(sc)
			runAxe(b, src, sc.name+" (dark)")
		}
	}
}

// smallTargets lists the visible controls in main and the tab bar that
// are smaller than minTarget in either direction.
const smallTargets = `(() => {
	const out = [];
	let checked = 0;
	const roots = [document.getElementById('main'), document.querySelector('nav#tabbar')].filter(Boolean);
	for (const root of roots) {
		for (const el of root.querySelectorAll('a, button, input, select, textarea, summary')) {
			if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
			const r = el.getBoundingClientRect();
			// Visually hidden elements, such as a skip link before it has
			// the focus, are clipped to one pixel.
			if (r.width <= 1 || r.height <= 1) continue;
			checked++;
			if (r.width >= MIN && r.height >= MIN) continue;
			let name = el.tagName.toLowerCase();
			if (el.id) name += '#' + el.id;
			if (el.getAttribute('href')) name += '[href="' + el.getAttribute('href') + '"]';
			if (el.type && el.tagName === 'INPUT') name += '[type=' + el.type + ']';
			const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
			out.push(name + ' "' + text + '" ' + Math.round(r.width) + 'x' + Math.round(r.height));
		}
	}
	return {checked, small: out};
})()`

// TestPWATouchTargets checks that every control on every screen is at
// least 48 by 48 CSS pixels, so that a finger hits it.
func TestPWATouchTargets(t *testing.T) {
	f, _, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()

	b.open("/login")
	b.waitScreen("login")
	b.wait("the demo accounts", jsQuery("#demo-accounts [data-email]"))
	checkTargets(b, "login")

	b.login(demoEmail)
	for _, sc := range appScreens(f) {
		b.openScreen(sc)
		checkTargets(b, sc.name)
	}
}

// checkTargets marks the test failed, without stopping it, when a visible
// control of the page is smaller than minTarget in either direction, and
// lists every such control. name labels the screen in the messages.
func checkTargets(b *browser, name string) {
	b.t.Helper()
	type result struct {
		Checked int
		Small   []string
	}
	res := eval[result](b, strings.ReplaceAll(smallTargets, "MIN", strconv.Itoa(minTarget)))
	b.t.Logf("screen %s: %d visible controls, %d too small", name, res.Checked, len(res.Small))
	if len(res.Small) > 0 {
		b.errorf("screen %s: %d controls smaller than %dx%d:\n  %s", name, len(res.Small), minTarget, minTarget, strings.Join(res.Small, "\n  "))
	}
}

// tabLabels returns the label of each tab-bar link, by its href.
func tabLabels(b *browser) map[string]string {
	b.t.Helper()
	return eval[map[string]string](b, `Object.fromEntries([...document.querySelectorAll('nav#tabbar a')].map(a =>
		[a.getAttribute('href'), (a.getAttribute('aria-label') || a.innerText || '').trim().replace(/\s+/g, ' ')]))`)
}

// frenchWord matches French words and letters that no English tab label
// has.
var frenchWord = regexp.MustCompile(`(?i)[éèêàçùûôî]|accueil|recherche|réglage|paramètre|préférence|matériel`)

// TestPWALanguage switches the app to English in the settings, and checks
// the formats of i18n.js in both languages.
func TestPWALanguage(t *testing.T) {
	_, _, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()

	b.login(demoEmail)
	b.click(`nav#tabbar a[href="/settings"]`)
	b.waitScreen("settings")
	if lang := eval[string](b, `document.documentElement.lang`); lang != "fr" {
		b.errorf("<html lang=%q> by default, want fr", lang)
	}
	fr := tabLabels(b)
	for _, href := range []string{"/", "/communes", "/search", "/settings"} {
		if fr[href] == "" {
			b.errorf("tab bar: no labelled link to %s in %v", href, fr)
		}
	}

	options := eval[[]string](b, `[...document.querySelectorAll('#settings-language option')].map(o => o.value)`)
	if !slices.Equal(options, []string{"auto", "fr", "en"}) {
		b.errorf("#settings-language offers %v, want [auto fr en]", options)
	}
	themes := eval[[]string](b, `[...document.querySelectorAll('#settings-theme option')].map(o => o.value)`)
	if !slices.Equal(themes, []string{"system", "light", "dark"}) {
		b.errorf("#settings-theme offers %v, want [system light dark]", themes)
	}
	if !b.exists("#logout") {
		b.errorf("settings: no #logout button")
	}

	choose(b, "#settings-language", "en")
	b.wait(`<html lang="en">`, `document.documentElement.lang === 'en'`)
	checkEnglishTabs := func(when string) {
		t.Helper()
		// The labels may change a moment after the lang attribute.
		en := tabLabels(b)
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); en = tabLabels(b) {
			if en["/"] != fr["/"] && en["/search"] != fr["/search"] && en["/settings"] != fr["/settings"] {
				break
			}
			time.Sleep(pollInterval)
		}
		for href, label := range en {
			if label == "" || frenchWord.MatchString(label) || href != "/communes" && label == fr[href] {
				b.errorf("%s: tab %s is labelled %q (French: %q)", when, href, label, fr[href])
			}
		}
		t.Logf("%s: tab labels %v (French: %v)", when, en, fr)
	}
	checkEnglishTabs("after choosing English")

	b.do("reload", chromedp.Reload())
	b.waitScreen("settings")
	if lang := eval[string](b, `document.documentElement.lang`); lang != "en" {
		b.errorf("after a reload: <html lang=%q>, want en to stay chosen", lang)
	}
	checkEnglishTabs("after a reload")

	type formats struct {
		Date, Duration, Amount string
	}
	got := eval[map[string]formats](b, `(async () => {
		const m = await import('/app/' + document.documentElement.dataset.version + '/i18n.js');
		const out = {};
		for (const l of ['fr', 'en']) {
			out[l] = {Date: m.formatDate('2026-12-04', l), Duration: m.formatDuration(90, l), Amount: m.formatAmount(12.5, l)};
		}
		return out;
	})()`)
	spaces := strings.NewReplacer("\u202f", " ", "\u00a0", " ")
	for _, c := range []struct{ what, got, want string }{
		{"formatDate('2026-12-04', 'fr')", got["fr"].Date, "04/12/2026"},
		{"formatDuration(90, 'fr')", got["fr"].Duration, "1 h 30"},
		{"formatAmount(12.5, 'fr')", got["fr"].Amount, "12,50 €"},
	} {
		if spaces.Replace(c.got) != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	// en-GB writes the date as French does, and en-US puts the month first.
	enDate := got["en"].Date
	if !slices.Contains([]string{"04/12/2026", "12/04/2026", "12/4/2026"}, enDate) && enDate == got["fr"].Date {
		t.Errorf("formatDate('2026-12-04', 'en') = %q, neither an English form nor different from French", enDate)
	}
	t.Logf("i18n.js: fr %+v, en %+v", got["fr"], got["en"])

	// The session started online ends from the settings.
	logout(b, "after an online start")
}

// changedFiles returns a copy of the app's files where a comment of
// app/main.js has one more byte, so that the server computes a new version.
func changedFiles(t *testing.T) fs.FS {
	t.Helper()
	files := fstest.MapFS{}
	err := fs.WalkDir(pwa.Files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(pwa.Files, path)
		if err != nil {
			return err
		}
		files[path] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	if err != nil {
		t.Fatalf("copy the app's files: %v", err)
	}
	main, ok := files["app/main.js"]
	if !ok {
		t.Fatalf("the app has no app/main.js")
	}
	main.Data = append(slices.Clone(main.Data), []byte("\n// update test.\n")...)
	return files
}

var htmlVersion = regexp.MustCompile(`<html[^>]*\sdata-version="([^"]+)"`)

// TestPWAUpdateFlow serves a new version of the app on the same address
// and checks that two open pages learn of it, and that the button of the
// banner moves both onto it.
func TestPWAUpdateFlow(t *testing.T) {
	f, s, srv := browserFixture(t)
	files := changedFiles(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()

	b.login(demoEmail)
	b.waitController()
	v1 := b.version()
	if v1 == "" {
		b.fatalf("<html> has no data-version")
	}
	other := b.newTab("tab2")
	defer other.logExceptions()
	other.open("/communes")
	other.waitScreen("communes")
	if v := other.version(); v != v1 {
		other.errorf("second tab runs version %q, want %q", v, v1)
	}
	if b.exists("#update-banner") && eval[bool](b, `document.getElementById('update-banner').checkVisibility()`) {
		b.errorf("#update-banner shows before any update")
	}

	// Version 2 replaces version 1 on the same address and database.
	srv.stop()
	app2, err := web.New(context.Background(), web.Config{Store: s, Log: storetest.Logger(), TagPrefix: "BE", Files: files})
	if err != nil {
		t.Fatalf("web.New with the changed files: %v", err)
	}
	srv2 := serve(t, app2, srv.addr)
	b.srv, other.srv = srv2, srv2
	var v2 string
	if res, err := http.Get(srv2.url("/")); err == nil {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if m := htmlVersion.FindSubmatch(body); m != nil {
			v2 = string(m[1])
		}
	}
	if v2 == v1 {
		t.Fatalf("the changed app/main.js did not change the version %q", v1)
	}

	eval[chromedp.Void](b, `navigator.serviceWorker.getRegistration().then(r => r.update())`)
	b.wait("#update-banner to show", `document.getElementById('update-banner')?.checkVisibility()`)
	if v := b.version(); v != v1 {
		b.errorf("with the banner shown the page runs %q, want still %q", v, v1)
	}
	b.click("#update-reload")

	// tab1 is the page of the first visit, which the worker took over
	// through clients.claim(). tab2 was loaded under the worker.
	// Both pages hear of the new worker at the same moment, so once one has
	// moved the other gets a few seconds only.
	updated := 0
	for _, tab := range []*browser{other, b} {
		moved := fmt.Sprintf(`(document.documentElement.dataset.version || %q) !== %q`, v1, v1)
		timeout := stepTimeout
		if updated > 0 {
			timeout = 5 * time.Second
		}
		if !tab.waitFor(moved, timeout) {
			type state struct {
				Banner, Disabled bool
				Version          string
			}
			st := eval[state](tab, `({Banner: !!document.getElementById('update-banner')?.checkVisibility(),
				Disabled: !!document.getElementById('update-reload')?.disabled,
				Version: document.documentElement.dataset.version})`)
			tab.errorf("%v after the click on #update-reload in tab1 the page still runs %s (banner shown %v, button disabled %v)",
				timeout, st.Version, st.Banner, st.Disabled)
			continue
		}
		tab.wait("a rendered screen on the new version", `document.getElementById('main')?.dataset.ready === 'true'`)
		v := tab.version()
		if v2 != "" && v != v2 {
			tab.errorf("after the update the page runs %q, want %q", v, v2)
		}
		t.Logf("[%s] updated from %s to %s", tab.name, v1, v)
		updated++
	}
	if updated == 0 {
		t.FailNow()
	}

	// The app still works on the new version.
	b.open("/assets/" + f.assetID.String())
	b.waitScreen("asset")
	if got := b.text("#asset-tag"); got != f.tag {
		b.errorf("on the new version: #asset-tag %q, want %q", got, f.tag)
	}
}
