package web

import (
	"net/http"

	"parc/server/files"
	"parc/server/requests"
	"parc/server/workorders"
)

// filesPath is the upload route, whose body may exceed bodyLimit, up to
// uploadBodyLimit: see limitBody.
const filesPath = "/api/v1/files"

// fileRoutes registers the upload and the download of stored files.
// Technicians and correspondents upload photos, and technicians also
// upload signatures. A user downloads a file they uploaded, or one that a
// record they may read refers to: a request's photo, a work order's
// signature or PDF.
func (s *server) fileRoutes(api router) {
	referrers := []files.Referrer{requests.PhotoCommunes, workorders.FileCommunes}
	h := files.NewHandler(files.New(s.store), referrers, s.log)

	api.handle(http.MethodPost, "/files", ruleFieldUsers, h.Upload)
	api.handle(http.MethodGet, "/files/:id", ruleAnyUser, h.GetFile)
}

// workOrderSheets returns what renders and stores the PDFs of work
// orders.
func (s *server) workOrderSheets() *workorders.Sheets {
	return &workorders.Sheets{Files: files.New(s.store), Settings: s.settings}
}
