package web

import (
	"context"
	"net/http"

	"parc/server/assets"
	"parc/server/tags"
)

// fleetWriteRoutes registers the write side of the fleet: creating,
// editing and archiving communes, sites, rooms and assets.
func (s *server) fleetWriteRoutes(api router) {
	writes := &assets.WriteHandler{Writer: s.fleetWriter(), Log: s.log}

	api.handle(http.MethodPost, "/communes", ruleTechnicians, writes.CreateCommune)
	api.handle(http.MethodPatch, "/communes/:id", ruleTechnicians, writes.UpdateCommune)
	api.handle(http.MethodPost, "/sites", ruleTechnicians, writes.CreateSite)
	api.handle(http.MethodPatch, "/sites/:id", ruleTechnicians, writes.UpdateSite)
	api.handle(http.MethodPost, "/rooms", ruleTechnicians, writes.CreateRoom)
	api.handle(http.MethodPatch, "/rooms/:id", ruleTechnicians, writes.UpdateRoom)
	api.handle(http.MethodPost, "/assets", ruleTechnicians, writes.CreateAsset)
	api.handle(http.MethodPatch, "/assets/:id", ruleTechnicians, writes.UpdateAsset)
}

// fleetWriter returns the writer of the fleet, which the REST writes and
// the sync pushes share.
func (s *server) fleetWriter() *assets.Writer {
	// The prefix in force, which the settings may change while the server
	// runs.
	prefix := func(ctx context.Context) (string, error) {
		snap, err := s.settings.Current(ctx)
		return snap.Values.TagPrefix, err
	}
	return &assets.Writer{DB: s.store.DB, TagPrefix: prefix, Tags: tags.Registry{}}
}
