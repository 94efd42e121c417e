package web

import (
	"net/http"

	"github.com/gofiber/fiber/v2"
)

// appPages lists the paths the PWA routes in the browser. The server
// returns the app's page for each, so that a link, a reload or a push
// notification opens the right screen.
var appPages = []string{
	"/", "/login", "/search", "/scan", "/inventory", "/sync", "/settings", "/privacy", "/accessibility",
	"/communes", "/communes/new", "/communes/:id", "/communes/:id/edit",
	"/sites/new", "/sites/:id", "/sites/:id/edit",
	"/rooms/new", "/rooms/:id", "/rooms/:id/edit",
	"/assets/new", "/assets/:id", "/assets/:id/edit",
	"/admin", "/archives", "/admin/users", "/admin/users/new", "/admin/users/:id", "/admin/settings",
	"/requests", "/requests/new", "/requests/:id", "/problem-reports",
	"/work-orders", "/work-orders/new", "/work-orders/:id",
	"/loans", "/loans/new", "/loans/return", "/maintenance", "/maintenance/visits/:id",
	"/import",
	"/reports", "/reports/tariffs", "/reports/tariffs/new", "/reports/tariffs/:id",
}

const (
	cacheRevalidate = "no-cache"
	cacheImmutable  = "public, max-age=31536000, immutable"
)

// shellRoutes registers the PWA's entry points and versioned files, all
// open without a session: the app shows its own login screen.
func (s *server) shellRoutes(root router) {
	sh := s.shell
	for _, p := range appPages {
		root.handle(http.MethodGet, p, ruleOpen, sh.serve(sh.index, cacheRevalidate))
	}
	root.handle(http.MethodGet, "/sw.js", ruleOpen, sh.serve(sh.worker, cacheRevalidate))
	root.handle(http.MethodGet, "/manifest.webmanifest", ruleOpen, sh.serve(sh.manifest, cacheRevalidate))
	root.handle(http.MethodGet, "/app/:version/*", ruleOpen, sh.serveFile)
}

// serve returns a handler that sends one entry point.
func (sh *shell) serve(a asset, cacheControl string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		return sh.send(c, a, cacheControl)
	}
}

// serveFile sends a file of app/. A page still running an older build
// gets 404 for that build's files; its service worker holds them, and the
// update banner moves the page to the current build.
func (sh *shell) serveFile(c *fiber.Ctx) error {
	a, ok := sh.files[c.Params("*")]
	if c.Params("version") != sh.version || !ok {
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.Status(http.StatusNotFound).SendString("404 page not found")
	}
	return sh.send(c, a, cacheImmutable)
}

// send writes a with the ETag of the build, or 304 for a client that
// already holds it.
func (sh *shell) send(c *fiber.Ctx, a asset, cacheControl string) error {
	body, encoding := a.body(c.Request().Header.Peek(fiber.HeaderAcceptEncoding))
	etag := `"` + sh.version + encoding + `"`

	c.Set(fiber.HeaderCacheControl, cacheControl)
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	c.Set(fiber.HeaderContentType, a.contentType)
	if encoding != "" {
		c.Set(fiber.HeaderContentEncoding, encoding)
	}
	if c.Response().StatusCode() == http.StatusOK && c.Get(fiber.HeaderIfNoneMatch) == etag {
		return c.SendStatus(http.StatusNotModified)
	}
	return c.Send(body)
}
