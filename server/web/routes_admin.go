package web

import (
	"net/http"

	"parc/server/accounts"
	"parc/server/settings"
)

// adminRoutes registers the deployment's settings and the personal data
// duties: a person's export and erasure.
func (s *server) adminRoutes(api router) {
	deployment := &settings.Handler{Settings: s.settings, Log: s.log}
	people := &accounts.UserHandler{Store: s.store, Log: s.log}

	// Deployment settings: committee members read them, technicians
	// change them.
	api.handle(http.MethodGet, "/settings", ruleStaff, deployment.GetSettings)
	api.handle(http.MethodPatch, "/settings", ruleTechnicians, deployment.UpdateSettings)
	api.handle(http.MethodPost, "/settings/school-holidays/import", ruleTechnicians, deployment.ImportSchoolHolidays)

	// A person's data: export and erasure, technicians only.
	api.handle(http.MethodGet, "/users/:id/personal-data", ruleTechnicians, people.ExportPersonalData)
	api.handle(http.MethodPost, "/users/:id/erase", ruleTechnicians, people.EraseUser)
}
