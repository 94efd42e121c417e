package web_test

import (
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"parc/server/store"
	"parc/server/store/storetest"
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

// TestHomePageInBrowser loads the placeholder home page in headless
// Chromium without a session and reads the DOM once its scripts ran: the
// login form and the demo accounts must show, the fleet must not.
func TestHomePageInBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	f := newFixture(t, storetest.Open(t, store.SQLite), true)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	go f.app.Listener(ln)
	t.Cleanup(func() { f.app.ShutdownWithTimeout(time.Second) })

	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=10000", "--dump-dom",
		"http://"+ln.Addr().String()+"/")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	dom := string(out)

	for _, want := range []string{
		`<section id="login" aria-labelledby="login-title">`,
		`<label for="login-email">Adresse e-mail</label>`,
		"technicien@demo.invalid",
		"correspondant-chabons@demo.invalid",
		`<code id="demo-password">parc-demo</code>`,
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("home page DOM lacks %q", want)
		}
	}
	if !strings.Contains(dom, `<section id="fleet" aria-labelledby="communes-title" hidden="">`) {
		t.Errorf("home page shows the fleet section without a login")
	}
	if strings.Contains(dom, "<td>Châbons</td>") {
		t.Errorf("home page lists communes without a login")
	}
}
