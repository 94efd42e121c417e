package web

// scanRoutes registers the decoding of barcode photos.
func (s *server) scanRoutes(api router) {}
