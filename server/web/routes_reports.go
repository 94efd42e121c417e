package web

import (
	"context"
	"net/http"

	"parc/server/reports"
	"parc/server/tariffs"
)

// reportsHandler returns the handler of the reports, with the settings
// in force at each request.
func (s *server) reportsHandler() *reports.Handler {
	return &reports.Handler{
		Store: s.store,
		Growth: func(ctx context.Context) (float64, error) {
			snap, err := s.settings.Current(ctx)
			return snap.Values.FleetGrowth, err
		},
		Organisation: func(ctx context.Context) (string, error) {
			snap, err := s.settings.Current(ctx)
			return snap.Values.OrganisationName, err
		},
	}
}

// reportRoutes registers the committee's reports and the tariffs of the
// participation. Every role reads the reports, a correspondent those of
// their communes only; technicians write tariffs, the committee reads
// them.
func (s *server) reportRoutes(api router) {
	h := s.reportsHandler()
	t := &tariffs.Handler{Store: s.store, Writer: &tariffs.Writer{DB: s.store.DB}, Log: s.log}

	api.handle(http.MethodGet, "/reports/communes", ruleAnyUser, h.CommuneTimes)
	api.handle(http.MethodGet, "/reports/communes.pdf", ruleAnyUser, h.CommunesPDF)
	api.handle(http.MethodGet, "/reports/communes.csv", ruleAnyUser, h.CommunesCSV)

	api.handle(http.MethodGet, "/tariffs", ruleStaff, t.ListTariffs)
	api.handle(http.MethodPost, "/tariffs", ruleTechnicians, t.CreateTariff)
	api.handle(http.MethodGet, "/tariffs/:id", ruleStaff, t.GetTariff)
	api.handle(http.MethodPatch, "/tariffs/:id", ruleTechnicians, t.UpdateTariff)
	api.handle(http.MethodDelete, "/tariffs/:id", ruleTechnicians, t.DeleteTariff)
}
