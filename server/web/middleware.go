package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"parc/server/apierr"
	"parc/server/decode"
	"parc/server/importer"
	"parc/server/param"
	"parc/server/sync"
)

const (
	headerRequestID = "X-Request-ID"
	localRequestID  = "request_id"
)

// withRequestID gives every request an id, taken from a well-formed
// X-Request-ID header sent by a proxy or made here, and echoes it back.
func withRequestID(c *fiber.Ctx) error {
	rid := c.Get(headerRequestID)
	if !validRequestID(rid) {
		rid = uuid.NewString()
	} else {
		// Fiber reuses the request's buffers after the handler returns.
		rid = string([]byte(rid))
	}
	c.Locals(localRequestID, rid)
	c.Set(headerRequestID, rid)
	return c.Next()
}

// validRequestID accepts 1 to 64 characters of letters, digits, '-', '_'
// and '.', so that a client cannot inject text into the logs.
func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if !ok {
			return false
		}
	}
	return true
}

func requestID(c *fiber.Ctx) string {
	rid, _ := c.Locals(localRequestID).(string)
	return rid
}

// accessLog writes one line per request once the response is ready. It renders a
// handler's error through the error handler itself, so the line carries
// the final status, and logs the error's cause beside it.
func (s *server) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := s.handleError(c, err); herr != nil {
			s.log.Error("failed to send error response", "request_id", requestID(c), "error", herr)
		}
	}

	status := c.Response().StatusCode()
	attrs := []slog.Attr{
		slog.String("request_id", requestID(c)),
		slog.String("method", c.Method()),
		slog.String("path", c.Path()),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
	}
	if err != nil {
		attrs = append(attrs, slog.Any("error", err))
	}
	s.log.LogAttrs(c.UserContext(), logLevel(status), "request", attrs...)
	return nil
}

// recoverPanic turns a panic in a handler into an error, so the client
// gets a 500 envelope and the log gets the stack.
func (s *server) recoverPanic(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("recovered from panic", "request_id", requestID(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return c.Next()
}

// limitBody rejects with 413 a body over the limit of its route.
func limitBody(c *fiber.Ctx) error {
	size, limit := len(c.Request().Body()), bodyLimitOf(c)
	if size > limit {
		return apierr.New(http.StatusRequestEntityTooLarge, "body_too_large", "body_too_large",
			float64(size)/decode.MiB, float64(limit)/decode.MiB)
	}
	return c.Next()
}

// syncPullPath is the route of the sync pull, whose pages are larger than
// those of the lists.
const syncPullPath = "/api/v1/sync/pull"

// checkPageLimit rejects with 422 a ?limit= over the maximum page on
// every API route, so that no list returns a larger page, whether it
// pages or not. The lists' own parsers reject any other bad limit.
func checkPageLimit(c *fiber.Ctx) error {
	if !strings.HasPrefix(c.Path(), "/api/") {
		return c.Next()
	}
	max := param.MaxLimit
	if c.Path() == syncPullPath {
		max = sync.MaxPullLimit
	}
	if err := param.CheckLimit(c.Query("limit"), max); err != nil {
		return err
	}
	return c.Next()
}

// bodyLimitOf returns the body limit of a request's route in bytes:
// uploadBodyLimit for the photos of the decode route, the files of the
// upload route and imported spreadsheets, bodyLimit for any other.
func bodyLimitOf(c *fiber.Ctx) int {
	if c.Method() == http.MethodPost && (c.Path() == decodePath || c.Path() == filesPath || c.Path() == importer.Path) {
		return uploadBodyLimit
	}
	return bodyLimit
}

// securityHeaders sets the headers every response carries. The policy
// allows only the server's own scripts and styles: no inline script.
// 'wasm-unsafe-eval' lets the page compile WebAssembly (the barcode
// decoder) and allows no JavaScript eval. The camera is allowed for the
// app itself, which scans labels with it.
func securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "+
		"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "same-origin")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=(), usb=()")
	if c.Protocol() == "https" {
		c.Set("Strict-Transport-Security", "max-age=31536000")
	}
	return c.Next()
}
