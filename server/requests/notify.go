package requests

import (
	"context"

	"github.com/uptrace/bun"

	"parc/server/push"
	"parc/server/sync"
)

// notify queues the notification of a write inside its transaction: a
// new request for the technicians, and a request planned (or moved to
// another day), started, done or refused for the correspondents of its
// commune. before is nil at creation. Other changes notify no one.
func notify(ctx context.Context, tx bun.IDB, actor sync.Actor, before *Request, after Request) error {
	kind := eventOf(before, after)
	if kind == "" {
		return nil
	}
	ev := push.Event{
		Kind: kind, EntityID: after.ID, CommuneID: after.CommuneID, SiteID: after.SiteID,
		Actor: &actor.UserID, Blocking: after.Urgency == UrgencyBlocking,
	}
	switch kind {
	case push.EventRequestCreated:
		ev.Detail = after.Description
	case push.EventRequestRefused:
		ev.Detail = after.RefusedReason
	case push.EventRequestPlanned:
		if after.PlannedFor != nil {
			ev.Day = after.PlannedFor.String()
		}
	}
	return push.Enqueue(ctx, tx, ev)
}

// eventOf returns the event of a write, or "" for none.
func eventOf(before *Request, after Request) string {
	if before == nil {
		return push.EventRequestCreated
	}
	if after.Status == before.Status {
		if after.Status == StatusPlanned && plannedDay(before) != plannedDay(&after) {
			return push.EventRequestPlanned
		}
		return ""
	}
	switch after.Status {
	case StatusPlanned:
		return push.EventRequestPlanned
	case StatusInProgress:
		return push.EventRequestStarted
	case StatusDone:
		return push.EventRequestDone
	case StatusRefused:
		return push.EventRequestRefused
	}
	return ""
}

func plannedDay(r *Request) string {
	if r.PlannedFor == nil {
		return ""
	}
	return r.PlannedFor.String()
}
