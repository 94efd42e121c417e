package web_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/maintenance"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/sync"
)

func TestUnknownEntityListsRegistered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		res := tech.push(t, "tech-phone", newOp("widget", uuid.Must(uuid.NewV7()), map[string]any{}))
		if res[0].Error == nil || res[0].Error.Code != "unknown_entity" {
			t.Fatalf("push of a widget: %+v, want unknown_entity", res[0])
		}
		for _, name := range []string{
			sync.EntityAsset, sync.EntityRoom, sync.EntityInventoryScan, sync.EntityRequest, sync.EntityRequestComment,
			sync.EntityProblemReport, sync.EntityLoan, sync.EntityMaintenanceVisit, maintenance.EntityCheck,
			maintenance.EntityCampaign, sync.EntityWorkOrder, sync.EntityTimeEntry,
		} {
			if !strings.Contains(res[0].Error.Message, name) {
				t.Errorf("unknown_entity message %q lacks %s", res[0].Error.Message, name)
			}
		}
	})
}
