package maintenance

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/i18n"
	"parc/server/store"
	"parc/server/sync"
)

// SyncVisits returns the entity that applies the visit operations devices
// push, with the same checks as the REST API: an upsert of a new id plans
// the visit, one of a known id merges its members. A visit is cancelled,
// never deleted.
func (w *Writer) SyncVisits() sync.Entity {
	return visitEntity{w: w}
}

type visitEntity struct {
	w *Writer
}

// Apply applies one operation; see sync.Entity.
func (e visitEntity) Apply(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op) (sync.Applied, error) {
	if op.Action == sync.ActionDelete {
		return sync.Applied{}, apierr.New(http.StatusUnprocessableEntity, "not_deletable", "maintenance_visit_not_deletable")
	}
	var body VisitBody
	if err := json.Unmarshal(op.Fields, &body); err != nil {
		return sync.Applied{}, apierr.JSON(err, "sync_fields_unreadable")
	}

	_, err := VisitByID(ctx, tx, op.EntityID)
	if errors.Is(err, store.ErrNotFound) {
		created, err := e.w.createVisitIn(ctx, tx, actor, op.EntityID, body)
		return sync.Applied{EntityID: op.EntityID, Version: created.Version, After: created}, err
	}
	if err != nil {
		return sync.Applied{}, err
	}
	before, after, err := e.w.changeVisitIn(ctx, tx, actor, op.EntityID, body, true)
	return sync.Applied{EntityID: op.EntityID, Version: after.Version, Before: before, After: after}, err
}

// SyncChecks returns the entity that stores the checks devices push.
// Checks are append-only.
func (w *Writer) SyncChecks() sync.Entity {
	return checkEntity{w: w}
}

type checkEntity struct {
	w *Writer
}

// Apply stores one check; see sync.Entity.
func (e checkEntity) Apply(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op) (sync.Applied, error) {
	if op.Action == sync.ActionDelete {
		return sync.Applied{}, apierr.New(http.StatusUnprocessableEntity, "append_only", "maintenance_check_append_only")
	}
	var body CheckBody
	if err := json.Unmarshal(op.Fields, &body); err != nil {
		return sync.Applied{}, apierr.JSON(err, "sync_fields_unreadable")
	}
	visitID, err := uuid.Parse(body.VisitID)
	if err != nil || len(body.VisitID) != 36 {
		return sync.Applied{}, &apierr.Error{Status: http.StatusBadRequest, Code: "invalid_value", Message: i18n.Msg("fleet_invalid_values"),
			Fields: map[string]i18n.Message{"visit_id": i18n.Msg("fleet_id_unreadable", apierr.Quote(body.VisitID))}}
	}
	c, err := e.w.addCheckIn(ctx, tx, actor, op.EntityID, visitID, body)
	return sync.Applied{EntityID: op.EntityID, Version: 1, After: c, AppendOnly: true}, err
}

// SyncLoaders returns the loaders of campaigns, visits and checks for
// pulls.
func SyncLoaders() map[string]sync.Loader {
	return map[string]sync.Loader{
		sync.EntityMaintenanceVisit: func(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error) {
			return sync.LoadByID(ctx, visitQuery(db), "mv.id", ids, func(v Visit) uuid.UUID { return v.ID })
		},
		EntityCampaign: loadCampaigns,
		EntityCheck: func(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error) {
			return sync.LoadByID(ctx, checkQuery(db), "mk.id", ids, func(c Check) uuid.UUID { return c.ID })
		},
	}
}
