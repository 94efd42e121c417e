package web

// adminRoutes registers the deployment's settings and the personal data
// duties: a person's export and erasure.
func (s *server) adminRoutes(api router) {}
