package requests

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
	"parc/server/sync"
)

// StartIn moves the request requestID from new or planned to in
// progress inside tx, which holds sync.Lock, with the checks, change
// record and audit entry of any change by actor. A request in another
// status is left as it is.
func StartIn(ctx context.Context, tx bun.IDB, actor sync.Actor, requestID uuid.UUID) error {
	r, err := visible(ctx, tx, actor, requestID)
	if err != nil {
		return err
	}
	if r.Status != StatusNew && r.Status != StatusPlanned {
		return nil
	}
	return moveIn(ctx, tx, actor, requestID, StatusInProgress)
}

// CompleteIn moves the request requestID to done inside tx, which holds
// sync.Lock. A new or planned request first moves to in progress, so
// that each step follows the request's transitions and is recorded as a
// version of its own. A request already done, or refused, is left as it
// is.
func CompleteIn(ctx context.Context, tx bun.IDB, actor sync.Actor, requestID uuid.UUID) error {
	if err := StartIn(ctx, tx, actor, requestID); err != nil {
		return err
	}
	r, err := visible(ctx, tx, actor, requestID)
	if err != nil {
		return err
	}
	if r.Status != StatusInProgress {
		return nil
	}
	return moveIn(ctx, tx, actor, requestID, StatusDone)
}

func moveIn(ctx context.Context, tx bun.IDB, actor sync.Actor, requestID uuid.UUID, status string) error {
	body := RequestBody{Status: assets.Field[string]{Set: true, Value: status}}
	_, _, err := changeIn(ctx, tx, actor, requestID, body, true)
	return err
}
