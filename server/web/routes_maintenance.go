package web

import (
	"context"
	"net/http"

	"parc/server/maintenance"
	"parc/server/settings"
)

// maintenanceWriter returns the writer of the preventive-maintenance
// round, with the school holidays in force at each write.
func (s *server) maintenanceWriter() *maintenance.Writer {
	holidays := func(ctx context.Context) ([]settings.Holiday, error) {
		snap, err := s.settings.Current(ctx)
		return snap.Values.SchoolHolidays, err
	}
	return &maintenance.Writer{DB: s.store.DB, Fleet: s.fleetWriter(), Holidays: holidays}
}

// maintenanceRoutes registers the yearly preventive-maintenance round:
// campaigns with their coverage, visits and the checks of each PC. Every
// role reads them, a correspondent those of their communes only;
// technicians write.
func (s *server) maintenanceRoutes(api router) {
	h := &maintenance.Handler{Store: s.store, Writer: s.maintenanceWriter(), Log: s.log}

	api.handle(http.MethodGet, "/maintenance/campaigns", ruleAnyUser, h.ListCampaigns)
	api.handle(http.MethodPost, "/maintenance/campaigns", ruleTechnicians, h.CreateCampaign)
	api.handle(http.MethodGet, "/maintenance/campaigns/:year", ruleAnyUser, h.GetCampaign)
	api.handle(http.MethodGet, "/maintenance/visits", ruleAnyUser, h.ListVisits)
	api.handle(http.MethodPost, "/maintenance/visits", ruleTechnicians, h.CreateVisit)
	api.handle(http.MethodGet, "/maintenance/visits/:id", ruleAnyUser, h.GetVisit)
	api.handle(http.MethodPatch, "/maintenance/visits/:id", ruleTechnicians, h.UpdateVisit)
	api.handle(http.MethodPost, "/maintenance/visits/:id/checks", ruleTechnicians, h.AddCheck)
}
