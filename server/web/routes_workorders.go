package web

import (
	"net/http"

	"parc/server/workorders"
)

// workOrderRoutes registers the work orders ("fiches d'intervention")
// and their time entries; the time per commune is in routes_reports.go.
// Technicians write work orders; every role reads them, a correspondent
// those of their communes only, which each handler checks.
func (s *server) workOrderRoutes(api router) {
	sheets := s.workOrderSheets()
	h := &workorders.Handler{Store: s.store, Writer: &workorders.Writer{DB: s.store.DB, Sheets: sheets}, Sheets: sheets, Log: s.log}

	// The checklist comes before /work-orders/:id, which would take
	// "checklist" for an id.
	api.handle(http.MethodGet, "/work-orders/checklist", ruleAnyUser, h.ListChecklist)
	api.handle(http.MethodGet, "/work-orders", ruleAnyUser, h.ListWorkOrders)
	api.handle(http.MethodPost, "/work-orders", ruleTechnicians, h.CreateWorkOrder)
	api.handle(http.MethodGet, "/work-orders/:id", ruleAnyUser, h.GetWorkOrder)
	api.handle(http.MethodPatch, "/work-orders/:id", ruleTechnicians, h.UpdateWorkOrder)
	api.handle(http.MethodGet, "/work-orders/:id/time-entries", ruleAnyUser, h.ListTimeEntries)
	api.handle(http.MethodGet, "/work-orders/:id/pdf", ruleAnyUser, h.GetPDF)
	api.handle(http.MethodPost, "/work-orders/:id/time-entries", ruleTechnicians, h.AddTimeEntry)
}
