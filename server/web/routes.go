package web

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/audit"
	"parc/server/demo"
	"parc/server/tags"
)

// routes lists every URL of the server with the rule that guards it.
// Fleet reads are open to every role; handlers narrow them to the
// communes of a correspondent.
func (s *server) routes(app *fiber.App) {
	fleet := s.fleet
	login := s.login
	users := &accounts.UserHandler{Store: s.store, Log: s.log}
	auditLog := &audit.Handler{DB: s.store.Reader}
	demoInfo := &demo.Handler{Store: s.store}
	labelsHandler := &tags.Handler{Printer: s.printer, Log: s.log}

	root := router{s: s, r: app}
	root.handle(http.MethodGet, "/healthz", ruleOpen, s.healthz)
	s.metricsRoutes(root)

	api := router{s: s, r: app.Group("/api/v1"), prefix: "/api/v1"}

	// Login and sessions.
	api.handle(http.MethodGet, "/session", ruleOpen, login.GetSession)
	api.handle(http.MethodPost, "/session", ruleLogin, login.Login)
	api.handle(http.MethodDelete, "/session", ruleAnyUser, login.Logout)
	api.handle(http.MethodGet, "/sessions", ruleAnyUser, login.ListSessions)
	api.handle(http.MethodDelete, "/sessions/:id", ruleAnyUser, login.RevokeSession)
	api.handle(http.MethodPatch, "/me", ruleAnyUser, users.UpdateMe)

	// The demo accounts, for the login screen of a demo database only.
	api.handle(http.MethodGet, "/demo", ruleOpen, demoInfo.GetDemo)

	// Fleet, read side.
	api.handle(http.MethodGet, "/communes", ruleAnyUser, fleet.ListCommunes)
	api.handle(http.MethodGet, "/communes/:id", ruleAnyUser, fleet.GetCommune)
	api.handle(http.MethodGet, "/sites", ruleAnyUser, fleet.ListSites)
	api.handle(http.MethodGet, "/sites/:id", ruleAnyUser, fleet.GetSite)
	api.handle(http.MethodGet, "/rooms", ruleAnyUser, fleet.ListRooms)
	api.handle(http.MethodGet, "/rooms/:id", ruleAnyUser, fleet.GetRoom)
	api.handle(http.MethodGet, "/assets", ruleAnyUser, fleet.ListAssets)
	api.handle(http.MethodGet, "/assets/by-tag/:tag", ruleAnyUser, s.getAssetByTag)
	api.handle(http.MethodGet, "/assets/:id", ruleAnyUser, fleet.GetAsset)

	// Fleet, write side (routes_fleet_writes.go), administration
	// (routes_admin.go), scanning (routes_scan.go), sync (routes_sync.go)
	// and requests (routes_requests.go).
	s.fleetWriteRoutes(api)
	s.adminRoutes(api)
	s.scanRoutes(api)
	s.syncRoutes(api)
	s.requestRoutes(api)
	s.loanRoutes(api)
	s.maintenanceRoutes(api)
	s.workOrderRoutes(api)
	s.reportRoutes(api)
	s.fileRoutes(api)
	s.pushRoutes(api)
	s.transferRoutes(root, api)

	// Users and the audit log: changes by technicians only.
	// The committee reads the accounts, and never changes them.
	api.handle(http.MethodGet, "/users", ruleStaff, users.ListUsers)
	api.handle(http.MethodPost, "/users", ruleTechnicians, users.CreateUser)
	api.handle(http.MethodGet, "/users/:id", ruleStaff, users.GetUser)
	api.handle(http.MethodPatch, "/users/:id", ruleTechnicians, users.UpdateUser)
	api.handle(http.MethodPost, "/users/:id/reset-password", ruleTechnicians, users.ResetUserPassword)
	api.handle(http.MethodGet, "/audit", ruleTechnicians, auditLog.ListEntries)

	// Labels and the tag registry: technicians only.
	api.handle(http.MethodGet, "/label-templates", ruleTechnicians, labelsHandler.ListTemplates)
	api.handle(http.MethodPost, "/labels", ruleTechnicians, labelsHandler.PrintLabels)
	api.handle(http.MethodPost, "/tags/:tag/void", ruleTechnicians, labelsHandler.VoidTag)

	// Any other API path is an error in the JSON envelope, not a page.
	app.Use("/api", func(c *fiber.Ctx) error {
		return apierr.New(http.StatusNotFound, "not_found", "route_not_found", apierr.Quote(c.Path()))
	})

	// Open: the web app's pages and files. Any other path read with GET
	// gets the app's page with 404, and the app shows its "page not found"
	// screen; other methods get Fiber's 404 or 405 in the error envelope.
	s.stickerRoutes(root)
	s.shellRoutes(root)
	app.Use(func(c *fiber.Ctx) error {
		if c.Method() != http.MethodGet && c.Method() != http.MethodHead {
			return c.Next()
		}
		c.Status(http.StatusNotFound)
		return s.shell.send(c, s.shell.index, cacheRevalidate)
	})
}

// router registers routes with their rule, so that no route exists
// without one.
type router struct {
	s      *server
	r      fiber.Router
	prefix string
}

func (rt router) handle(method, path string, rule Rule, h fiber.Handler) {
	rt.s.rules[method+" "+rt.prefix+path] = rule
	rt.r.Add(method, path, authorize(rule), checkPageLimit, h)
	if method == http.MethodGet {
		// Fiber's Get registers HEAD too; Add does not.
		rt.r.Add(http.MethodHead, path, authorize(rule), checkPageLimit, h)
	}
}

// healthz returns 200 once the database runs a query, 503 otherwise.
func (s *server) healthz(c *fiber.Ctx) error {
	if err := s.store.Reader.PingContext(c.UserContext()); err != nil {
		s.log.Warn("health check failed", "request_id", requestID(c), "error", err)
		return c.Status(http.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable"})
	}
	return c.JSON(fiber.Map{"status": "ok"})
}
