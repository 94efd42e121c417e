package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/acme"
	"golang.org/x/crypto/acme/autocert"

	"parc/server/config"
)

// acmeCacheDir is the folder under --data that keeps the ACME account key
// and the certificates, so that a restart does not ask for new ones.
const acmeCacheDir = "acme"

// Limits of the plain HTTP listener of --http-addr. It only sends redirects
// and ACME challenge responses, so its requests are small and quick.
const (
	redirectHeaderTimeout = 10 * time.Second
	redirectIdleTimeout   = 60 * time.Second
	redirectMaxHeader     = 64 << 10
)

// certErrorInterval is the minimum time between two log lines about
// failures to get the ACME certificate. Each TLS handshake retries, so a
// lasting failure would otherwise log once per connection.
const certErrorInterval = time.Minute

// secureListener wraps ln in TLS when cfg sets a certificate or an ACME
// domain, and starts the plain HTTP listener of --http-addr. The returned
// stop function shuts that listener down. On error it returns ln itself,
// which the caller closes.
func secureListener(ctx context.Context, cfg config.Config, ln net.Listener, log *slog.Logger) (net.Listener, func(context.Context) error, error) {
	noStop := func(context.Context) error { return nil }
	if !cfg.TLS() {
		log.Info("serving plain HTTP", "hint", "for HTTPS use --tls-cert and --tls-key, --acme-domain, or a reverse proxy with --trust-proxy")
		return ln, noStop, nil
	}

	var tlsConfig *tls.Config
	var plain http.Handler = httpsRedirect{port: httpsPort(ln)}
	if cfg.ACMEDomain != "" {
		m, err := acmeManager(cfg, log)
		if err != nil {
			return ln, noStop, err
		}
		tlsConfig = acmeTLSConfig(m, cfg.ACMEDomain, log)
		plain = m.HTTPHandler(plain)
		log.Info("serving HTTPS with an ACME certificate", "domain", cfg.ACMEDomain,
			"directory", cfg.ACMEDirectory, "cache", filepath.Join(cfg.DataDir, acmeCacheDir))
	} else {
		var err error
		tlsConfig, err = fileTLSConfig(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return ln, noStop, err
		}
		leaf := tlsConfig.Certificates[0].Leaf
		log.Info("serving HTTPS with a certificate file", "cert", cfg.TLSCert, "key", cfg.TLSKey,
			"names", leaf.DNSNames, "not_after", leaf.NotAfter.UTC().Format(time.RFC3339))
		if time.Now().After(leaf.NotAfter) {
			log.Warn("TLS certificate expired", "cert", cfg.TLSCert, "not_after", leaf.NotAfter.UTC().Format(time.RFC3339),
				"hint", "browsers reject it: renew the file and restart parc")
		}
	}

	stop := noStop
	if cfg.HTTPAddr != "" {
		var err error
		stop, err = startPlainHTTP(ctx, cfg, plain, log)
		if err != nil {
			return ln, noStop, err
		}
	}
	return tls.NewListener(ln, tlsConfig), stop, nil
}

// fileTLSConfig loads the certificate and key of --tls-cert and --tls-key.
func fileTLSConfig(certFile, keyFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("load the PEM certificate of --tls-cert %s and its key --tls-key %s: %w", certFile, keyFile, err)
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
		// fasthttp speaks HTTP/1.1 only, so h2 must not be offered.
		NextProtos: []string{"http/1.1"},
	}, nil
}

// acmeManager returns the autocert manager of --acme-domain. Using it
// accepts the terms of service of the certificate authority.
func acmeManager(cfg config.Config, log *slog.Logger) (*autocert.Manager, error) {
	dir := filepath.Join(cfg.DataDir, acmeCacheDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the ACME certificate folder: %w", err)
	}
	return &autocert.Manager{
		Prompt:     autocert.AcceptTOS,
		HostPolicy: autocert.HostWhitelist(cfg.ACMEDomain),
		Cache:      loggingCache{Cache: autocert.DirCache(dir), domain: cfg.ACMEDomain, log: log},
		Email:      cfg.ACMEEmail,
		Client:     &acme.Client{DirectoryURL: cfg.ACMEDirectory, UserAgent: "parc"},
	}, nil
}

// loggingCache logs what autocert stores, so that the log shows when a
// certificate was obtained or renewed, and when it could not be kept.
type loggingCache struct {
	autocert.Cache
	domain string
	log    *slog.Logger
}

func (c loggingCache) Put(ctx context.Context, key string, data []byte) error {
	if err := c.Cache.Put(ctx, key, data); err != nil {
		c.log.Error("failed to save an ACME cache entry", "cache_key", key, "error", err)
		return err
	}
	// autocert keys certificates by domain, with a "+rsa" suffix for the
	// RSA one it gets for old clients.
	if strings.TrimSuffix(key, "+rsa") == c.domain {
		c.log.Info("ACME certificate obtained", "domain", c.domain, "cache_key", key)
	} else {
		c.log.Debug("ACME cache entry saved", "cache_key", key)
	}
	return nil
}

// acmeTLSConfig returns the TLS settings of m, which get and renew the
// certificate on demand and respond to TLS-ALPN-01 challenges. Failures to get
// the certificate of domain are logged, since the client only sees a failed
// handshake.
func acmeTLSConfig(m *autocert.Manager, domain string, log *slog.Logger) *tls.Config {
	tlsConfig := m.TLSConfig()
	tlsConfig.MinVersion = tls.VersionTLS12
	// fasthttp speaks HTTP/1.1 only: drop the h2 that autocert offers.
	tlsConfig.NextProtos = []string{"http/1.1", acme.ALPNProto}

	failures := &throttledLog{log: log, every: certErrorInterval}
	tlsConfig.GetCertificate = func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
		cert, err := m.GetCertificate(hello)
		if err == nil {
			return cert, nil
		}
		remote := ""
		if hello.Conn != nil {
			remote = hello.Conn.RemoteAddr().String()
		}
		if !strings.EqualFold(strings.TrimSuffix(hello.ServerName, "."), domain) {
			// Scanners and clients that connect by IP address land here.
			log.Debug("rejected TLS handshake for an unknown server name", "server_name", hello.ServerName,
				"remote_addr", remote, "error", err)
			return nil, err
		}
		failures.error("failed to get the ACME certificate", "domain", domain, "remote_addr", remote, "error", err)
		return nil, err
	}
	return tlsConfig
}

// throttledLog logs an error at most once per interval, with the number of
// repeats it skipped since the last line.
type throttledLog struct {
	log   *slog.Logger
	every time.Duration

	mu      sync.Mutex
	next    time.Time
	skipped int
}

func (l *throttledLog) error(msg string, args ...any) {
	l.mu.Lock()
	now := time.Now()
	if now.Before(l.next) {
		l.skipped++
		l.mu.Unlock()
		return
	}
	skipped := l.skipped
	l.next, l.skipped = now.Add(l.every), 0
	l.mu.Unlock()

	l.log.Error(msg, append(args, "repeats_not_logged", skipped)...)
}

// startPlainHTTP listens on --http-addr and serves h there until the
// returned function is called.
func startPlainHTTP(ctx context.Context, cfg config.Config, h http.Handler, log *slog.Logger) (func(context.Context) error, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.HTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("listen on --http-addr %s: %w", cfg.HTTPAddr, err)
	}
	log = log.With("listener", "http", "addr", ln.Addr().String())
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: redirectHeaderTimeout,
		ReadTimeout:       redirectHeaderTimeout,
		WriteTimeout:      redirectHeaderTimeout,
		IdleTimeout:       redirectIdleTimeout,
		MaxHeaderBytes:    redirectMaxHeader,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Error("failed to serve plain HTTP", "error", err)
		}
	}()
	log.Info("plain HTTP listener started", "acme_challenges", cfg.ACMEDomain != "")

	stop := func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, cfg.ShutdownTimeout)
		defer cancel()
		err := srv.Shutdown(ctx)
		if err != nil {
			err = errors.Join(fmt.Errorf("stop the plain HTTP listener on %s: %w", cfg.HTTPAddr, err), srv.Close())
		}
		log.Info("plain HTTP listener stopped")
		return err
	}
	return stop, nil
}

// httpsPort returns the port of the HTTPS listener ln, or "" when it is
// 443, the default that URLs leave out.
func httpsPort(ln net.Listener) string {
	_, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil || port == "443" {
		return ""
	}
	return port
}

// httpsRedirect sends every request to the same host, path and query over
// HTTPS with 308, which keeps the method and body of a POST.
type httpsRedirect struct {
	port string // HTTPS port, "" for 443
}

func (h httpsRedirect) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if name, _, err := net.SplitHostPort(host); err == nil {
		host = name
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if host == "" {
		http.Error(w, "Host header missing: use https:// and this server's name", http.StatusBadRequest)
		return
	}

	switch {
	case h.port != "":
		host = net.JoinHostPort(host, h.port)
	case strings.Contains(host, ":"):
		host = "[" + host + "]" // IPv6 literal without a port
	}
	target := url.URL{Scheme: "https", Host: host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	http.Redirect(w, r, target.String(), http.StatusPermanentRedirect)
}
