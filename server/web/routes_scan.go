package web

import (
	"net/http"

	"parc/server/decode"
)

// decodePath is the one route whose body may exceed bodyLimit, up to
// uploadBodyLimit: see limitBody.
const decodePath = "/api/v1/decode"

// scanRoutes registers the decoding of barcode photos and the lookup of
// the place that a location tag names.
func (s *server) scanRoutes(api router) {
	photos := decode.NewHandler(s.log)

	api.handle(http.MethodPost, "/decode", ruleAnyUser, photos.DecodeImage)
	api.handle(http.MethodGet, "/places/by-tag/:tag", ruleAnyUser, s.getPlaceByTag)
}
