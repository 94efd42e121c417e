package web

import (
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"parc/pwa"
	"parc/server/apierr"
	"parc/server/demo"
)

// routes lists every URL of the server with the rule that guards it.
//
// NOTE: the fleet API is open to anyone who reaches the server until
// accounts and sessions land; serve it on loopback only until then.
func (s *server) routes(app *fiber.App) {
	fleet := s.fleet
	demoInfo := &demo.Handler{Store: s.store}

	// Open: health check for probes and load balancers.
	app.Get("/healthz", s.healthz)

	api := app.Group("/api/v1")

	// Open: the demo accounts, answered only on a demo database.
	api.Get("/demo", demoInfo.GetDemo)

	// Fleet, read side.
	api.Get("/communes", fleet.ListCommunes)
	api.Get("/communes/:id", fleet.GetCommune)
	api.Get("/sites", fleet.ListSites)
	api.Get("/sites/:id", fleet.GetSite)
	api.Get("/rooms", fleet.ListRooms)
	api.Get("/rooms/:id", fleet.GetRoom)
	api.Get("/assets", fleet.ListAssets)
	api.Get("/assets/by-tag/:tag", fleet.GetAssetByTag)
	api.Get("/assets/:id", fleet.GetAsset)

	// Any other API path is an error in the JSON envelope, not a page.
	api.Use(func(c *fiber.Ctx) error {
		return apierr.New(http.StatusNotFound, "not_found", "route_not_found", apierr.Quote(c.Path()))
	})

	// Open: the web app's static files.
	app.Use("/", filesystem.New(filesystem.Config{
		Root:   http.FS(pwa.Files),
		Index:  "index.html",
		MaxAge: 0,
	}))
}

// healthz answers 200 once the database answers a query, 503 otherwise.
func (s *server) healthz(c *fiber.Ctx) error {
	if err := s.store.Reader.PingContext(c.UserContext()); err != nil {
		s.log.Warn("health check failed", "request_id", requestID(c), "error", err)
		return c.Status(http.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable"})
	}
	return c.JSON(fiber.Map{"status": "ok"})
}
