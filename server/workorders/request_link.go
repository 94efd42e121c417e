package workorders

import (
	"context"

	"github.com/uptrace/bun"

	"parc/server/requests"
	"parc/server/sync"
)

// followRequest moves the request of a work order along with it, in the
// same transaction. A work order that starts moves a new or planned
// request to in progress. When the last open work order of a request
// ends, the request moves to done. Reopening a work order leaves its
// request done, because a done request is final. before is nil at
// creation.
func followRequest(ctx context.Context, tx bun.IDB, actor sync.Actor, before *WorkOrder, after WorkOrder) error {
	if after.RequestID == nil || before != nil && before.Status == after.Status {
		return nil
	}
	switch after.Status {
	case StatusInProgress:
		return requests.StartIn(ctx, tx, actor, *after.RequestID)
	case StatusDone:
		open, err := openWorkOrders(ctx, tx, *after.RequestID, after.ID)
		if err != nil || open > 0 {
			return err
		}
		return requests.CompleteIn(ctx, tx, actor, *after.RequestID)
	}
	return nil
}
