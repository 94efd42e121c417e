package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// pebbleModule is the Go module of Let's Encrypt's test ACME server,
// declared as a tool in tools/go.mod.
const pebbleModule = "github.com/letsencrypt/pebble/v2"

// acmeTestDomain is the name parc requests a certificate for. The .test
// top-level domain is reserved, and no DNS lookup is made: pebble does not
// validate challenges in these tests and the client dials parc directly.
const acmeTestDomain = "parc.test"

var (
	pebbleOnce sync.Once
	pebbleBin  string
	pebbleDir  string // the module's folder, holding its test certificates
	pebbleErr  error
)

func TestServeACME(t *testing.T) {
	t.Parallel()
	peb := startPebble(t)
	dir := t.TempDir()
	httpAddr := freeLoopbackAddr(t)
	// pebble's directory has a certificate of its own test CA, which the
	// server must trust. Go reads SSL_CERT_FILE on Linux.
	env := []string{"SSL_CERT_FILE=" + peb.caFile}
	p := launchParc(t, env, "--data", dir, "--acme-domain", acmeTestDomain, "--acme-email", "it@parc.test",
		"--acme-directory", peb.directoryURL, "--http-addr", httpAddr)

	client := httpsClient(peb.issuingRoots(t), acmeTestDomain, p.addr)
	url := "https://" + acmeTestDomain + "/healthz"
	resp := waitHTTPS(t, client, url, 30*time.Second)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s status = %d, want 200", url, resp.StatusCode)
	}
	leaf := resp.TLS.PeerCertificates[0]
	if !slices.Contains(leaf.DNSNames, acmeTestDomain) {
		t.Errorf("certificate names = %v, want %s among them", leaf.DNSNames, acmeTestDomain)
	}
	if got := resp.TLS.NegotiatedProtocol; got != "" && got != "http/1.1" {
		t.Errorf("negotiated protocol = %q, want http/1.1", got)
	}

	cacheDir := filepath.Join(dir, acmeCacheDir)
	info, err := os.Stat(cacheDir)
	if err != nil {
		t.Fatalf("ACME cache folder: %v", err)
	}
	if mode := info.Mode().Perm(); mode != 0o700 {
		t.Errorf("ACME cache folder mode = %o, want 700", mode)
	}
	if _, err := os.Stat(filepath.Join(cacheDir, acmeTestDomain)); err != nil {
		t.Errorf("cached certificate of %s: %v", acmeTestDomain, err)
	}
	// The server writes Info lines out within a fraction of a second.
	for _, msg := range []string{"serving HTTPS with an ACME certificate", "ACME certificate obtained"} {
		if _, err := p.log.waitForRecord(msg, 2*time.Second, p.exited); err != nil {
			t.Errorf("no %q record in the log: %v", msg, err)
		}
	}

	t.Run("other server name rejected", func(t *testing.T) {
		conn, err := tls.Dial("tcp", p.addr, &tls.Config{ServerName: "other.test", InsecureSkipVerify: true})
		if err == nil {
			conn.Close()
			t.Fatal("TLS handshake for other.test succeeded, want it rejected")
		}
	})

	t.Run("HTTP listener", func(t *testing.T) {
		noFollow := &http.Client{
			Timeout:       5 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
		_, httpsPort, _ := net.SplitHostPort(p.addr)
		cases := []struct {
			path       string
			wantStatus int
			wantTarget string
		}{
			{"/healthz", http.StatusPermanentRedirect, "https://" + acmeTestDomain + ":" + httpsPort + "/healthz"},
			// autocert rejects an unknown token instead of redirecting,
			// because the challenge path belongs to ACME.
			{"/.well-known/acme-challenge/unknown-token", http.StatusNotFound, ""},
		}
		for _, tc := range cases {
			req, err := http.NewRequest(http.MethodGet, "http://"+httpAddr+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = acmeTestDomain
			resp, err := noFollow.Do(req)
			if err != nil {
				t.Errorf("GET %s: %v", tc.path, err)
				continue
			}
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus {
				t.Errorf("GET %s: status = %d, want %d", tc.path, resp.StatusCode, tc.wantStatus)
			}
			if got := resp.Header.Get("Location"); got != tc.wantTarget {
				t.Errorf("GET %s: Location = %q, want %q", tc.path, got, tc.wantTarget)
			}
		}
	})

	p.stop(t)

	// After a restart the certificate comes from the cache: the directory
	// given now is a closed port, so any call to it would fail.
	closed := "https://" + freeLoopbackAddr(t) + "/dir"
	p = launchParc(t, env, "--data", dir, "--acme-domain", acmeTestDomain, "--acme-directory", closed)
	client = httpsClient(peb.issuingRoots(t), acmeTestDomain, p.addr)
	resp = waitHTTPS(t, client, url, 30*time.Second)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("after restart, GET %s status = %d, want 200", url, resp.StatusCode)
	}
	if got := resp.TLS.PeerCertificates[0]; !got.Equal(leaf) {
		t.Errorf("after restart, certificate serial %s, want the cached one, serial %s", got.SerialNumber, leaf.SerialNumber)
	}
	p.stop(t)
}

// pebbleServer is a running pebble ACME server.
type pebbleServer struct {
	directoryURL  string
	managementURL string
	// caFile is the CA of pebble's own HTTPS certificate, not the one that
	// signs the certificates it issues.
	caFile string
}

// startPebble builds and runs pebble on loopback ports with challenge
// validation off, and returns once its directory responds. It skips the test
// when pebble cannot be built outside CI.
func startPebble(t *testing.T) *pebbleServer {
	t.Helper()
	bin, modDir := pebbleBinary(t)
	work := t.TempDir()
	listen, management := freeLoopbackAddr(t), freeLoopbackAddr(t)
	cfg := map[string]any{"pebble": map[string]any{
		"listenAddress":           listen,
		"managementListenAddress": management,
		"certificate":             filepath.Join(modDir, "test/certs/localhost/cert.pem"),
		"privateKey":              filepath.Join(modDir, "test/certs/localhost/key.pem"),
		// Unused: the validation authority does not connect to parc.
		"httpPort":   5002,
		"tlsPort":    5001,
		"retryAfter": map[string]int{"authz": 1, "order": 1},
	}}
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(work, "pebble.json")
	if err := os.WriteFile(cfgFile, data, 0o600); err != nil {
		t.Fatal(err)
	}

	// -dnsserver points at a closed loopback port, so that no lookup can
	// leave the machine.
	cmd := exec.Command(bin, "-config", cfgFile, "-dnsserver", freeLoopbackAddr(t))
	cmd.Dir = work
	cmd.Env = append(os.Environ(),
		"PEBBLE_VA_ALWAYS_VALID=1", // accept every challenge without connecting to parc
		"PEBBLE_VA_NOSLEEP=1",      // validate at once
		"PEBBLE_WFE_NONCEREJECT=0", // no random badNonce errors
	)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start pebble: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("log of pebble:\n%s", out)
		}
	})

	peb := &pebbleServer{
		directoryURL:  "https://" + listen + "/dir",
		managementURL: "https://" + management,
		caFile:        filepath.Join(modDir, "test/certs/pebble.minica.pem"),
	}
	client := httpsClient(peb.pebbleCA(t), "", "")
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get(peb.directoryURL)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return peb
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		select {
		case <-exited:
			t.Fatalf("pebble exited before serving its directory: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: not ready after 30s: %v", peb.directoryURL, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pebbleCA returns the CA of pebble's own HTTPS certificate.
func (peb *pebbleServer) pebbleCA(t *testing.T) *x509.CertPool {
	t.Helper()
	data, err := os.ReadFile(peb.caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		t.Fatalf("no certificate in %s", peb.caFile)
	}
	return pool
}

// issuingRoots returns the root that signs the certificates pebble issues,
// which it makes anew at each start.
func (peb *pebbleServer) issuingRoots(t *testing.T) *x509.CertPool {
	t.Helper()
	client := httpsClient(peb.pebbleCA(t), "", "")
	resp, err := client.Get(peb.managementURL + "/roots/0")
	if err != nil {
		t.Fatalf("GET pebble root: %v", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET pebble root: status %d, %v", resp.StatusCode, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		t.Fatalf("GET pebble root: no PEM certificate in %q", data)
	}
	return pool
}

// pebbleBinary builds pebble from tools/go.mod on first use and returns the
// binary and the module's folder. Without network a developer's machine may
// lack the module, so the test skips there. Under CI=true it fails instead,
// so that CI cannot pass by skipping.
func pebbleBinary(t *testing.T) (bin, modDir string) {
	t.Helper()
	pebbleOnce.Do(func() {
		pebbleBin = filepath.Join(binDir, "pebble")
		build := exec.Command("go", "build", "-modfile=tools/go.mod", "-o", pebbleBin, pebbleModule+"/cmd/pebble")
		build.Dir = rootDir
		if out, err := build.CombinedOutput(); err != nil {
			pebbleErr = fmt.Errorf("go build -modfile=tools/go.mod %s/cmd/pebble: %v\n%s", pebbleModule, err, out)
			return
		}

		// The build downloaded the module, so its folder is known now.
		list := exec.Command("go", "list", "-modfile=tools/go.mod", "-m", "-f", "{{.Dir}}", pebbleModule)
		list.Dir = rootDir
		out, err := list.Output()
		if err != nil {
			pebbleErr = fmt.Errorf("go list -modfile=tools/go.mod -m %s: %v", pebbleModule, commandError(err))
			return
		}
		if pebbleDir = strings.TrimSpace(string(out)); pebbleDir == "" {
			pebbleErr = fmt.Errorf("go list -modfile=tools/go.mod -m %s: no module folder", pebbleModule)
		}
	})
	if pebbleErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("build pebble, the test ACME server: %v", pebbleErr)
		}
		t.Skipf("build pebble, the test ACME server (set CI=true to fail instead): %v", pebbleErr)
	}
	return pebbleBin, pebbleDir
}

// commandError adds the standard error output of a failed command to err.
func commandError(err error) error {
	if exitErr, ok := err.(*exec.ExitError); ok && len(exitErr.Stderr) > 0 {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(exitErr.Stderr)))
	}
	return err
}
