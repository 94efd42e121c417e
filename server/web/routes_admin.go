package web

// fleetWriteRoutes registers the write side of the fleet: creating,
// editing and archiving communes, sites, rooms and assets.
func (s *server) fleetWriteRoutes(api router) {}

// adminRoutes registers the deployment's settings and the personal data
// duties: a person's export and erasure.
func (s *server) adminRoutes(api router) {}
