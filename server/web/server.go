// Package web builds Parc's Fiber application: the middleware, the error
// envelope and the table of routes. Domain packages provide the handlers;
// this package decides which URL reaches which handler.
package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"parc/server/assets"
	"parc/server/store"
)

// Config holds what the HTTP layer needs.
type Config struct {
	Store     *store.Store
	Log       *slog.Logger
	TagPrefix string
}

type server struct {
	store *store.Store
	log   *slog.Logger
	fleet *assets.Handler
}

// Timeouts and limits of the HTTP server. A client slower than these
// cannot hold a connection.
const (
	readTimeout  = 15 * time.Second
	writeTimeout = 30 * time.Second
	idleTimeout  = 90 * time.Second
	bodyLimit    = 1 << 20
)

// New returns the Fiber application with every route registered.
func New(ctx context.Context, cfg Config) (*fiber.App, error) {
	tags, err := assets.NewTagLookup(ctx, cfg.Store)
	if err != nil {
		return nil, err
	}
	s := &server{
		store: cfg.Store,
		log:   cfg.Log,
		fleet: &assets.Handler{Store: cfg.Store, Tags: tags, TagPrefix: cfg.TagPrefix},
	}

	app := fiber.New(fiber.Config{
		AppName:               "parc",
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
		ReadTimeout:           readTimeout,
		WriteTimeout:          writeTimeout,
		IdleTimeout:           idleTimeout,
		BodyLimit:             bodyLimit,
		// Paths are case-sensitive so that one resource has one URL.
		CaseSensitive: true,
		StrictRouting: true,
		// Decode %XX in paths before routing, so that a tag typed with a
		// space reaches the tag parser, which trims it.
		UnescapePath: true,
	})
	app.Use(withRequestID, s.accessLog, s.recoverPanic, securityHeaders)
	s.routes(app)
	return app, nil
}
