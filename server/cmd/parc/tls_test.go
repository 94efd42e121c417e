package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestServeTLSFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certFile, keyFile, cert := writeSelfSignedCert(t, dir, "cert.pem", "key.pem")
	httpAddr := freeLoopbackAddr(t)
	p := launchParc(t, nil, "--data", dir, "--tls-cert", certFile, "--tls-key", keyFile, "--http-addr", httpAddr)
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	client := httpsClient(roots, "", "")

	resp := waitHTTPS(t, client, "https://"+p.addr+"/healthz", 30*time.Second)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET https://%s/healthz status = %d, want 200", p.addr, resp.StatusCode)
	}
	if resp.TLS == nil || resp.TLS.Version < tls.VersionTLS12 {
		t.Errorf("GET https://%s/healthz TLS state = %+v, want TLS 1.2 or later", p.addr, resp.TLS)
	}
	// HSTS belongs to server/web, so this test only logs whether it is set.
	if got := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
		t.Errorf("Strict-Transport-Security over TLS = %q, want max-age=…", got)
	}
	if _, err := p.log.waitForRecord("serving HTTPS with a certificate file", 2*time.Second, p.exited); err != nil {
		t.Error("no \"serving HTTPS with a certificate file\" record in the log")
	}

	t.Run("ALPN offers no h2", func(t *testing.T) {
		conn, err := tls.Dial("tcp", p.addr, &tls.Config{RootCAs: roots, NextProtos: []string{"h2", "http/1.1"}})
		if err != nil {
			t.Fatalf("TLS dial %s offering h2 and http/1.1: %v", p.addr, err)
		}
		defer conn.Close()
		if got := conn.ConnectionState().NegotiatedProtocol; got != "http/1.1" {
			t.Errorf("negotiated protocol = %q, want http/1.1 (fasthttp does not speak h2)", got)
		}
	})

	t.Run("TLS 1.1 rejected", func(t *testing.T) {
		conn, err := tls.Dial("tcp", p.addr, &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11})
		if err == nil {
			conn.Close()
			t.Fatal("TLS 1.1 handshake succeeded, want it rejected (TLS 1.2 minimum)")
		}
	})

	t.Run("plain HTTP on HTTPS port fails", func(t *testing.T) {
		plain := &http.Client{Timeout: 5 * time.Second}
		resp, err := plain.Get("http://" + p.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			t.Fatalf("GET http://%s/healthz status = %d, want a failed request", p.addr, resp.StatusCode)
		}
	})

	t.Run("HTTP listener redirects", func(t *testing.T) {
		_, httpsPort, _ := net.SplitHostPort(p.addr)
		noFollow := &http.Client{
			Timeout:       5 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
		cases := []struct {
			name, method, host, path, want string
		}{
			{"GET keeps path and query", http.MethodGet, "", "/api/v1/assets?limit=5&q=a%20b",
				"https://127.0.0.1:" + httpsPort + "/api/v1/assets?limit=5&q=a%20b"},
			{"POST keeps path", http.MethodPost, "", "/api/v1/session",
				"https://127.0.0.1:" + httpsPort + "/api/v1/session"},
			{"host name with port", http.MethodGet, "parc.example.org:80", "/t/BE0000013",
				"https://parc.example.org:" + httpsPort + "/t/BE0000013"},
			{"IPv6 host", http.MethodGet, "[::1]:80", "/",
				"https://[::1]:" + httpsPort + "/"},
		}
		for _, tc := range cases {
			req, err := http.NewRequest(tc.method, "http://"+httpAddr+tc.path, strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			if tc.host != "" {
				req.Host = tc.host
			}
			resp, err := noFollow.Do(req)
			if err != nil {
				t.Errorf("%s: %s http://%s%s: %v", tc.name, tc.method, httpAddr, tc.path, err)
				continue
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusPermanentRedirect {
				t.Errorf("%s: %s %s: status = %d, want 308", tc.name, tc.method, tc.path, resp.StatusCode)
			}
			if got := resp.Header.Get("Location"); got != tc.want {
				t.Errorf("%s: %s %s: Location = %q, want %q", tc.name, tc.method, tc.path, got, tc.want)
			}
		}

		// A browser that follows the redirect lands on the HTTPS server.
		resp, err := client.Get("http://" + httpAddr + "/healthz")
		if err != nil {
			t.Fatalf("GET http://%s/healthz following redirects: %v", httpAddr, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Request.URL.Scheme != "https" {
			t.Errorf("GET http://%s/healthz ended at %s with status %d, want https and 200", httpAddr, resp.Request.URL, resp.StatusCode)
		}
	})

	p.stop(t)
	for _, msg := range []string{"plain HTTP listener started", "plain HTTP listener stopped"} {
		if _, ok := p.log.findRecord(msg); !ok {
			t.Errorf("no %q record in the log", msg)
		}
	}
}

func TestServeTLSBadFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certFile, keyFile, _ := writeSelfSignedCert(t, dir, "cert.pem", "key.pem")
	_, otherKey, _ := writeSelfSignedCert(t, dir, "other-cert.pem", "other-key.pem")
	missingKey := filepath.Join(dir, "missing-key.pem")

	cases := []struct {
		name  string
		flags []string
		want  []string // each must appear in the output
	}{
		{"missing key file", []string{"--tls-cert", certFile, "--tls-key", missingKey}, []string{missingKey, "no such file"}},
		{"key of another certificate", []string{"--tls-cert", certFile, "--tls-key", otherKey}, []string{certFile, otherKey, "does not match"}},
		{"certificate without key", []string{"--tls-cert", certFile}, []string{"--tls-cert", "--tls-key"}},
		{"key without certificate", []string{"--tls-key", keyFile}, []string{"--tls-cert", "--tls-key"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, tc.flags...)
			code, out := runParcBinary(t, nil, args...)
			if code != 1 {
				t.Errorf("parc %s: exit status = %d, want 1\n%s", strings.Join(args, " "), code, out)
			}
			for _, want := range tc.want {
				if !strings.Contains(out, want) {
					t.Errorf("parc %s: output does not contain %q:\n%s", strings.Join(args, " "), want, out)
				}
			}
		})
	}
}

func TestHTTPSRedirectHosts(t *testing.T) {
	cases := []struct {
		port, host, target, want string
	}{
		{"", "parc.example.org", "/a?b=c", "https://parc.example.org/a?b=c"},
		{"", "parc.example.org:80", "/", "https://parc.example.org/"},
		{"", "[2001:db8::1]:80", "/x", "https://[2001:db8::1]/x"},
		{"", "[2001:db8::1]", "/x", "https://[2001:db8::1]/x"},
		{"8443", "parc.example.org:8080", "/p%2Fq?r", "https://parc.example.org:8443/p%2Fq?r"},
		{"8443", "[2001:db8::1]:8080", "/", "https://[2001:db8::1]:8443/"},
	}
	for _, tc := range cases {
		req := httptest.NewRequest(http.MethodGet, "http://placeholder"+tc.target, nil)
		req.Host = tc.host
		rec := httptest.NewRecorder()

		httpsRedirect{port: tc.port}.ServeHTTP(rec, req)

		if rec.Code != http.StatusPermanentRedirect {
			t.Errorf("port %q, Host %q, %s: status = %d, want 308", tc.port, tc.host, tc.target, rec.Code)
		}
		if got := rec.Header().Get("Location"); got != tc.want {
			t.Errorf("port %q, Host %q, %s: Location = %q, want %q", tc.port, tc.host, tc.target, got, tc.want)
		}
	}

	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Host = ""
	rec := httptest.NewRecorder()
	httpsRedirect{}.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest {
		t.Errorf("empty Host: status = %d, want 400", rec.Code)
	}
}

// writeSelfSignedCert writes a self-signed ECDSA certificate for 127.0.0.1
// and localhost, and its key, as PEM files in dir.
func writeSelfSignedCert(t *testing.T, dir, certName, keyName string) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "parc test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	if cert, err = x509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}

	certFile, keyFile = filepath.Join(dir, certName), filepath.Join(dir, keyName)
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "PRIVATE KEY", keyDER)
	return certFile, keyFile, cert
}

func writePEM(t *testing.T, path, blockType string, der []byte) {
	t.Helper()
	data := pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// freeLoopbackAddr returns 127.0.0.1 and a port that was free a moment ago.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// httpsClient returns a client that trusts roots only. When serverName is
// set it is checked against the certificate, and when dialAddr is set every
// connection goes there whatever the URL's host.
func httpsClient(roots *x509.CertPool, serverName, dialAddr string) *http.Client {
	transport := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots, ServerName: serverName},
		// Each check opens its own connections, so none outlives the test.
		DisableKeepAlives: true,
	}
	if dialAddr != "" {
		var dialer net.Dialer
		transport.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, dialAddr)
		}
	}
	return &http.Client{Transport: transport, Timeout: 30 * time.Second}
}

// waitHTTPS repeats GET url until it gets a response or timeout passes.
func waitHTTPS(t *testing.T, client *http.Client, url string, timeout time.Duration) *http.Response {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			return resp
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: no response after %s: %v", url, timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// runParcBinary runs the parc binary to its end, at most one minute, and
// returns its exit status and its output.
func runParcBinary(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, parcBinary(t), args...)
	cmd.Env = append(environWithoutParc(), env...)
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("run parc %s: %v", strings.Join(args, " "), err)
	}
	if ctx.Err() != nil {
		t.Fatalf("parc %s still running after a minute", strings.Join(args, " "))
	}
	return cmd.ProcessState.ExitCode(), out.String()
}
