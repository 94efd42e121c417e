package web

import (
	"net/http"

	"parc/server/requests"
)

// requestRoutes registers the requests ("demandes d'intervention"),
// their comments and the problem reports made from labels. Correspondents and technicians write them; each handler
// keeps a correspondent to their communes, and the committee reads.
func (s *server) requestRoutes(api router) {
	h := &requests.Handler{Store: s.store, Writer: &requests.Writer{DB: s.store.DB}, Log: s.log}

	api.handle(http.MethodGet, "/requests", ruleAnyUser, h.ListRequests)
	api.handle(http.MethodPost, "/requests", ruleFieldUsers, h.CreateRequest)
	api.handle(http.MethodGet, "/requests/:id", ruleAnyUser, h.GetRequest)
	api.handle(http.MethodPatch, "/requests/:id", ruleFieldUsers, h.UpdateRequest)
	api.handle(http.MethodGet, "/requests/:id/comments", ruleAnyUser, h.ListComments)
	api.handle(http.MethodPost, "/requests/:id/comments", ruleFieldUsers, h.AddComment)
	api.handle(http.MethodGet, "/problem-reports", ruleAnyUser, h.ListReports)
	api.handle(http.MethodGet, "/problem-reports/:id", ruleAnyUser, h.GetReport)
	api.handle(http.MethodPost, "/problem-reports/:id/convert", ruleFieldUsers, h.ConvertReport)
	api.handle(http.MethodPost, "/problem-reports/:id/dismiss", ruleFieldUsers, h.DismissReport)
}

// stickerRoutes registers the public page that the QR code of an asset's
// label opens, and its problem-report form.
func (s *server) stickerRoutes(root router) {
	st := newSticker(s)
	root.handle(http.MethodGet, "/t/:tag", ruleOpen, st.get)
	root.handle(http.MethodPost, "/t/:tag", rulePublicForm, st.post)
}
