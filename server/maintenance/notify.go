package maintenance

import (
	"context"

	"github.com/uptrace/bun"

	"parc/server/push"
	"parc/server/sync"
)

// notify queues the "visit planned" notification for the correspondents
// of the visit's commune, inside the write's transaction, when a visit is
// created, planned again after a cancellation, or moved to another day.
// before is nil at creation.
func notify(ctx context.Context, tx bun.IDB, actor sync.Actor, before *Visit, after Visit) error {
	if after.Status != StatusPlanned {
		return nil
	}
	if before != nil && before.Status == StatusPlanned && before.PlannedFor.Equal(after.PlannedFor.Time) {
		return nil
	}
	return push.Enqueue(ctx, tx, push.Event{
		Kind: push.EventVisitPlanned, EntityID: after.ID, CommuneID: after.CommuneID, SiteID: after.SiteID,
		Actor: &actor.UserID, Day: after.PlannedFor.String(),
	})
}
