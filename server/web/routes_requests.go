package web

import (
	"net/http"

	"parc/server/requests"
)

// requestRoutes registers the requests ("demandes d'intervention") and
// their comments. Correspondents and technicians write them; each handler
// keeps a correspondent to their communes, and the committee reads.
func (s *server) requestRoutes(api router) {
	h := &requests.Handler{Store: s.store, Writer: &requests.Writer{DB: s.store.DB}, Log: s.log}

	api.handle(http.MethodGet, "/requests", ruleAnyUser, h.ListRequests)
	api.handle(http.MethodPost, "/requests", ruleAnyUser, h.CreateRequest)
	api.handle(http.MethodGet, "/requests/:id", ruleAnyUser, h.GetRequest)
	api.handle(http.MethodPatch, "/requests/:id", ruleAnyUser, h.UpdateRequest)
	api.handle(http.MethodGet, "/requests/:id/comments", ruleAnyUser, h.ListComments)
	api.handle(http.MethodPost, "/requests/:id/comments", ruleAnyUser, h.AddComment)
}
