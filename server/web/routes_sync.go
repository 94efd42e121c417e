package web

import (
	"context"
	"fmt"
	"maps"
	"net/http"

	"github.com/uptrace/bun"

	"parc/server/assets"
	"parc/server/inventory"
	"parc/server/loans"
	"parc/server/maintenance"
	"parc/server/requests"
	"parc/server/sync"
	"parc/server/workorders"
)

// syncRoutes registers the sync endpoints, open to every signed-in user:
// each entity checks what the user may push, and a pull sends only what
// the user may see.
func (s *server) syncRoutes(api router) {
	writer := s.fleetWriter()
	engine := &sync.Engine{
		DB:     s.store.DB,
		Reader: s.store.Reader,
		Entities: map[string]sync.Entity{
			sync.EntityAsset:            writer.SyncAssets(),
			sync.EntityRoom:             writer.SyncRooms(),
			sync.EntityInventoryScan:    inventory.SyncScans(),
			sync.EntityRequest:          requests.SyncRequests(),
			sync.EntityRequestComment:   requests.SyncComments(),
			sync.EntityProblemReport:    requests.SyncReports(),
			sync.EntityLoan:             s.loansWriter().SyncLoans(),
			sync.EntityMaintenanceVisit: s.maintenanceWriter().SyncVisits(),
			maintenance.EntityCheck:     s.maintenanceWriter().SyncChecks(),
			maintenance.EntityCampaign:  s.maintenanceWriter().SyncCampaigns(),
			sync.EntityWorkOrder:        workorders.SyncWorkOrders(s.workOrderSheets()),
			sync.EntityTimeEntry:        workorders.SyncTimeEntries(),
		},
		Loaders: loaders(assets.SyncLoaders(), requests.SyncLoaders(), loans.SyncLoaders(), maintenance.SyncLoaders(), workorders.SyncLoaders()),
		Log:     s.log,
	}
	handler := &sync.Handler{Engine: engine, Observer: s.metrics}

	api.handle(http.MethodPost, "/sync/push", ruleAnyUser, handler.Push)
	api.handle(http.MethodGet, "/sync/pull", ruleAnyUser, withPullSlot(handler.Pull))
}

// seedSync numbers the records that have no number in the change
// sequence yet, such as a demo loaded in bulk, so that devices pull them.
func (s *server) seedSync(ctx context.Context) error {
	n := 0
	for _, seed := range []func(context.Context, *bun.DB) (int, error){assets.SeedSync, loans.SeedSync, maintenance.SeedSync} {
		seeded, err := seed(ctx, s.store.DB)
		if err != nil {
			return fmt.Errorf("number records for sync: %w", err)
		}
		n += seeded
	}
	if n > 0 {
		s.log.Info("records numbered for sync", "records", n)
	}
	return nil
}

// loaders merges the loaders of the domains.
func loaders(sets ...map[string]sync.Loader) map[string]sync.Loader {
	out := map[string]sync.Loader{}
	for _, set := range sets {
		maps.Copy(out, set)
	}
	return out
}
