package main

import (
	"context"
	"log/slog"
	"net"

	"parc/server/config"
)

// secureListener wraps ln in TLS when cfg asks for HTTPS, and starts the
// plain HTTP listener of --http-addr. The returned stop function shuts that
// listener down.
//
// TODO: serve --tls-cert/--tls-key and --acme-domain; until then the server
// speaks plain HTTP only.
func secureListener(_ context.Context, cfg config.Config, ln net.Listener, log *slog.Logger) (net.Listener, func(context.Context) error, error) {
	return ln, func(context.Context) error { return nil }, nil
}
