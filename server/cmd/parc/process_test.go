package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binDir holds the parc binary built for the tests that run it as a
// process; TestMain removes it. rootDir is the module's root folder, found
// before any test changes the working directory.
var binDir, rootDir string

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "parc-test-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "create folder for the parc binary:", err)
		os.Exit(1)
	}
	binDir = dir
	if rootDir, err = moduleRoot(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// parcBinary builds the parc binary on first use, with the race detector
// when the tests run with it, so that a data race in the server under load
// fails the test through the process's exit status.
func parcBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binPath = filepath.Join(binDir, "parc")
		args := []string{"build", "-o", binPath}
		if raceEnabled() {
			args = append(args, "-race")
		}
		cmd := exec.Command("go", append(args, "./server/cmd/parc")...)
		cmd.Dir = rootDir
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	})
	if buildErr != nil {
		t.Fatalf("build parc: %v", buildErr)
	}
	return binPath
}

// moduleRoot returns the nearest folder above the working directory that
// contains go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

func raceEnabled() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" && s.Value == "true" {
			return true
		}
	}
	return false
}

// lockedBuffer collects a program's log output written from several
// goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// logRecords decodes the JSON log lines of b. Lines that are not JSON, such
// as a panic trace or a race report, come back in other.
func (b *lockedBuffer) logRecords() (records []map[string]any, other []string) {
	for line := range strings.Lines(b.String()) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			other = append(other, line)
			continue
		}
		records = append(records, rec)
	}
	return records, other
}

// findRecord returns the first log record whose message starts with msg.
func (b *lockedBuffer) findRecord(msg string) (map[string]any, bool) {
	records, _ := b.logRecords()
	for _, rec := range records {
		if m, _ := rec["msg"].(string); strings.HasPrefix(m, msg) {
			return rec, true
		}
	}
	return nil, false
}

// waitForRecord polls the log until a record whose message starts with msg
// appears, or until timeout or until stopped is closed.
func (b *lockedBuffer) waitForRecord(msg string, timeout time.Duration, stopped <-chan struct{}) (map[string]any, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if rec, ok := b.findRecord(msg); ok {
			return rec, nil
		}
		select {
		case <-stopped:
			if rec, ok := b.findRecord(msg); ok {
				return rec, nil
			}
			return nil, fmt.Errorf("program ended before logging %q", msg)
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil, fmt.Errorf("no %q in the log after %s", msg, timeout)
}

// parcProcess is a parc serve process started by a test.
type parcProcess struct {
	cmd     *exec.Cmd
	log     *lockedBuffer
	exited  chan struct{}
	waitErr error // set before exited is closed
	addr    string
	baseURL string
}

// startParc runs "parc serve" on a free loopback port with JSON logs and the
// given flags, and returns once /healthz returns 200 over plain HTTP.
func startParc(t *testing.T, flags ...string) *parcProcess {
	t.Helper()
	p := launchParc(t, nil, flags...)
	p.baseURL = "http://" + p.addr
	p.waitHealthy(t)
	return p
}

// launchParc runs "parc serve" on a free loopback port with JSON logs, the
// given flags and the extra environment variables, and returns once it
// logged its start. The process is killed when the test ends, and its log
// is printed if the test failed.
func launchParc(t *testing.T, env []string, flags ...string) *parcProcess {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, flags...)
	p := &parcProcess{
		cmd:    exec.Command(parcBinary(t), args...),
		log:    &lockedBuffer{},
		exited: make(chan struct{}),
	}
	p.cmd.Env = append(environWithoutParc(), env...)
	p.cmd.Stdout = p.log
	p.cmd.Stderr = p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start parc %s: %v", strings.Join(args, " "), err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			p.cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("log of parc %s:\n%s", strings.Join(args, " "), p.log)
		}
	})

	// The race detector and the demo load make the start slower than a
	// plain start, so the wait is generous.
	rec, err := p.log.waitForRecord("server started", 60*time.Second, p.exited)
	if err != nil {
		t.Fatalf("start parc: %v", err)
	}
	p.addr, _ = rec["addr"].(string)
	if url, _ := rec["url"].(string); strings.HasPrefix(url, "https://") {
		p.baseURL = "https://" + p.addr
	} else {
		p.baseURL = "http://" + p.addr
	}
	return p
}

// environWithoutParc returns the test's environment without PARC_*
// variables, so that a developer's settings do not reach the server.
func environWithoutParc() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PARC_") {
			env = append(env, kv)
		}
	}
	return env
}

func (p *parcProcess) waitHealthy(t *testing.T) {
	t.Helper()
	client := &http.Client{Timeout: 2 * time.Second}
	var lastErr error
	for range 100 {
		resp, err := client.Get(p.baseURL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("GET /healthz never returned 200: %v", lastErr)
}

// waitExit waits up to timeout for the process to end and returns its exit
// status; ok is false on timeout.
func (p *parcProcess) waitExit(timeout time.Duration) (code int, ok bool) {
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode(), true
	default:
	}
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode(), true
	case <-time.After(timeout):
		return 0, false
	}
}

// stop sends SIGTERM and fails the test unless the process exits with
// status 0 within 5 seconds.
func (p *parcProcess) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("send SIGTERM: %v", err)
	}
	code, ok := p.waitExit(5 * time.Second)
	if !ok {
		t.Fatal("parc still running 5s after SIGTERM")
	}
	if code != 0 {
		t.Fatalf("parc exit status after SIGTERM = %d, want 0 (%v)", code, p.waitErr)
	}
}

// getJSON fetches url and decodes its JSON body into v, failing the test
// unless the status is 200.
func getJSON(t *testing.T, url, cookie string, v any) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	req.Header.Set("Cookie", cookie)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: decode body: %v", url, err)
	}
}

// loginCookie logs in to p as the demo technician and returns the Cookie
// header value of the session.
func loginCookie(t *testing.T, p *parcProcess) string {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	body := strings.NewReader(`{"email":"technicien@demo.invalid","password":"parc-demo"}`)
	resp, err := client.Post(p.baseURL+"/api/v1/session", "application/json", body)
	if err != nil {
		t.Fatalf("log in: %v", err)
	}
	defer resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "parc_session" && resp.StatusCode == http.StatusOK {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatalf("log in: status %d without a session cookie", resp.StatusCode)
	return ""
}
