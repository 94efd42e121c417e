// Package web builds Parc's Fiber application: the middleware, the error
// envelope and the table of routes with the rule that guards each.
// Domain packages provide the handlers; this package decides which URL
// reaches which handler and who may call it.
package web

import (
	"context"
	"io/fs"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"parc/pwa"
	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/decode"
	"parc/server/files"
	"parc/server/metrics"
	"parc/server/push"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/tags"
)

// Config holds what the HTTP layer needs.
type Config struct {
	Store *store.Store
	Log   *slog.Logger
	// TagPrefix is the tag prefix of a deployment whose environment and
	// database set none; labels.DefaultPrefix when empty.
	TagPrefix string
	// Environment holds the deployment settings that PARC_* variables or
	// flags set, over those of the database.
	Environment settings.Environment
	// SessionTTL is how long a session lives after its last use.
	SessionTTL time.Duration
	// TrustedProxies are the proxies whose X-Forwarded-* headers count.
	TrustedProxies []string
	// Files holds the PWA's static files; nil means the files embedded in
	// the binary.
	Files fs.FS
	// Push tunes the notification service (routes_push.go).
	Push push.Config
	// MetricsAllow are the IP networks whose clients read /metrics
	// without a session; technicians read it from anywhere.
	MetricsAllow []string
}

// Server is the Fiber application with the rule of each route.
type Server struct {
	*fiber.App
	rules   map[string]Rule
	version string
	push    *push.Service
	// Metrics are the server's Prometheus metrics, served at /metrics.
	Metrics *metrics.Metrics
}

// AppVersion returns the version of the PWA build the server sends: a hash
// of its files, which names the folder of its files under /app/.
func (s *Server) AppVersion() string {
	return s.version
}

// RuleOf returns the rule registered for a route, as method and path
// pattern (the Path of fiber.Route).
func (s *Server) RuleOf(method, path string) (Rule, bool) {
	if method == fiber.MethodHead {
		method = fiber.MethodGet
	}
	r, ok := s.rules[method+" "+path]
	return r, ok
}

type server struct {
	store    *store.Store
	log      *slog.Logger
	fleet    *assets.Handler
	sessions *accounts.SessionLookup
	login    *accounts.SessionHandler
	proxies  proxies
	printer  *tags.Printer
	settings *settings.Service
	shell    *shell
	rules    map[string]Rule
	push     *push.Service

	metrics      *metrics.Metrics
	metricsAllow networks
}

// Timeouts and limits of the HTTP server. A client slower than these
// cannot hold a connection. Fiber v2 has one body limit for the whole app,
// so the server reads bodies up to uploadBodyLimit, the size of a photo
// sent to POST /api/v1/decode or POST /api/v1/files with its multipart
// framing, and limitBody holds every other route to bodyLimit.
const (
	readTimeout     = 15 * time.Second
	writeTimeout    = 30 * time.Second
	idleTimeout     = 90 * time.Second
	bodyLimit       = 1 << 20
	uploadBodyLimit = max(decode.MaxUploadBytes, files.MaxPhotoBytes) + 64<<10
)

// New returns the application with every route registered.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 30 * 24 * time.Hour
	}
	tagLookup, err := assets.NewTagLookup(ctx, cfg.Store)
	if err != nil {
		return nil, err
	}
	login, err := accounts.NewSessionHandler(cfg.Store, cfg.Log, cfg.SessionTTL)
	if err != nil {
		return nil, err
	}
	if cfg.Files == nil {
		cfg.Files = pwa.Files
	}
	sh, err := newShell(cfg.Files)
	if err != nil {
		return nil, err
	}
	defaults := settings.Defaults()
	if cfg.TagPrefix != "" {
		defaults.TagPrefix = cfg.TagPrefix
	}
	deployment := settings.NewService(cfg.Store, defaults, cfg.Environment)
	// The fleet handler gets the prefix in force at start. The by-tag
	// route sets the prefix of each request (getAssetByTag).
	current, err := deployment.Current(ctx)
	if err != nil {
		return nil, err
	}
	s := &server{
		store:    cfg.Store,
		log:      cfg.Log,
		fleet:    &assets.Handler{Store: cfg.Store, Tags: tagLookup, TagPrefix: current.Values.TagPrefix},
		sessions: accounts.NewSessionLookup(cfg.Store, cfg.SessionTTL),
		login:    login,
		proxies:  parseProxies(cfg.TrustedProxies),
		printer:  &tags.Printer{Store: cfg.Store, Settings: deployment},
		settings: deployment,
		shell:    sh,
		rules:    map[string]Rule{},
	}

	if err := s.seedSync(ctx); err != nil {
		return nil, err
	}
	if s.push, err = s.newPush(ctx, cfg.Push); err != nil {
		return nil, err
	}
	if s.metrics, err = newMetrics(cfg.Store); err != nil {
		return nil, err
	}
	s.metricsAllow = parseNetworks(cfg.MetricsAllow)

	app := fiber.New(fiber.Config{
		AppName:               "parc",
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
		ReadTimeout:           readTimeout,
		WriteTimeout:          writeTimeout,
		IdleTimeout:           idleTimeout,
		BodyLimit:             uploadBodyLimit,
		// Paths are case-sensitive so that one resource has one URL.
		CaseSensitive: true,
		StrictRouting: true,
		// Decode %XX in paths before routing, so that a tag typed with a
		// space reaches the tag parser, which trims it.
		UnescapePath: true,
		// Trust X-Forwarded-Proto only from the configured proxies, and from
		// no client when none is configured. The client's address is worked out by
		// withClientIP, because Fiber takes the leftmost X-Forwarded-For
		// entry, which the client controls.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          cfg.TrustedProxies,
	})
	app.Use(s.metrics.ObserveRequests, withRequestID, s.accessLog, s.recoverPanic, securityHeaders, limitBody, s.withClientIP, s.authenticate)
	s.routes(app)
	return &Server{App: app, rules: s.rules, version: sh.version, push: s.push, Metrics: s.metrics}, nil
}
