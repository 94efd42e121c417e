package web

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"parc/server/calendar"
	"parc/server/export"
	"parc/server/importer"
)

// transferRoutes registers the ways data gets in and out: the inventory
// import (technicians), the CSV exports (every role, a correspondent
// within their communes) and each user's calendar feed, whose public URL
// holds a secret token.
func (s *server) transferRoutes(root, api router) {
	imports := &importer.Handler{Importer: &importer.Importer{Fleet: s.fleetWriter()}, Log: s.log}
	exports := &export.Handler{Store: s.store, Log: s.log}
	feeds := &calendar.Handler{Store: s.store, Log: s.log, BaseURL: func(c *fiber.Ctx) (string, error) {
		snap, err := s.settings.Current(c.UserContext())
		return snap.Values.BaseURL, err
	}}

	api.handle(http.MethodPost, "/import/assets", ruleTechnicians, imports.ImportAssets)
	api.handle(http.MethodGet, "/export/assets.csv", ruleAnyUser, exports.GetAssets)
	api.handle(http.MethodGet, "/export/work-orders.csv", ruleAnyUser, exports.GetWorkOrders)
	api.handle(http.MethodGet, "/export/time-entries.csv", ruleAnyUser, exports.GetTimeEntries)
	api.handle(http.MethodGet, "/me/ics-token", ruleAnyUser, feeds.GetToken)
	api.handle(http.MethodPost, "/me/ics-token", ruleAnyUser, feeds.RenewToken)
	root.handle(http.MethodGet, "/ics/:file", ruleOpen, feeds.GetFeed)
}
