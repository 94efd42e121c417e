package web

// fleetWriteRoutes registers the write side of the fleet: creating,
// editing and archiving communes, sites, rooms and assets.
func (s *server) fleetWriteRoutes(api router) {}
