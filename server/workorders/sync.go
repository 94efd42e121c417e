package workorders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/field"
	"parc/server/store"
	"parc/server/sync"
)

// SyncWorkOrders returns the entity that applies the work_order
// operations devices push. An upsert of a new id creates the work order,
// and one of a known id merges its members, with the same checks as the
// REST API. Closing a work order stores its PDF through sheets. A work
// order is never deleted.
func SyncWorkOrders(sheets *Sheets) sync.Entity {
	return workOrderEntity{sheets: sheets}
}

type workOrderEntity struct {
	sheets *Sheets
}

// Apply applies one operation; see sync.Entity.
func (e workOrderEntity) Apply(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op) (sync.Applied, error) {
	if op.Action == sync.ActionDelete {
		return sync.Applied{}, apierr.New(http.StatusUnprocessableEntity, "not_deletable", "work_order_not_deletable")
	}
	var body WorkOrderBody
	if err := json.Unmarshal(op.Fields, &body); err != nil {
		return sync.Applied{}, apierr.JSON(err, "sync_fields_unreadable")
	}

	_, err := WorkOrderByID(ctx, tx, op.EntityID)
	if errors.Is(err, store.ErrNotFound) {
		created, err := createIn(ctx, tx, e.sheets, actor, op.EntityID, body)
		return sync.Applied{EntityID: op.EntityID, Version: created.Version, After: created}, err
	}
	if err != nil {
		return sync.Applied{}, err
	}
	before, after, err := changeIn(ctx, tx, e.sheets, actor, op.EntityID, body, true)
	return sync.Applied{EntityID: op.EntityID, Version: after.Version, Before: before, After: after}, err
}

// SyncTimeEntries returns the entity that stores the time entries devices
// push. Entries are append-only: the same entry again is applied and
// changes nothing, a changed one or a delete is rejected.
func SyncTimeEntries() sync.Entity {
	return timeEntryEntity{}
}

type timeEntryEntity struct{}

// Apply stores one time entry; see sync.Entity.
func (timeEntryEntity) Apply(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op) (sync.Applied, error) {
	if op.Action == sync.ActionDelete {
		return sync.Applied{}, apierr.New(http.StatusUnprocessableEntity, "append_only", "time_entry_append_only")
	}
	var body TimeEntryBody
	if err := json.Unmarshal(op.Fields, &body); err != nil {
		return sync.Applied{}, apierr.JSON(err, "sync_fields_unreadable")
	}
	bad := field.Faults{}
	workOrderID := bad.ID("work_order_id", body.WorkOrderID)
	if err := bad.Unreadable(); err != nil {
		return sync.Applied{}, err
	}
	e, _, err := addEntryIn(ctx, tx, actor, op.EntityID, workOrderID, body)
	return sync.Applied{EntityID: op.EntityID, Version: 1, After: e, AppendOnly: true}, err
}

// SyncLoaders returns the loaders of work orders and time entries for
// pulls.
func SyncLoaders() map[string]sync.Loader {
	return map[string]sync.Loader{
		sync.EntityWorkOrder: loadWorkOrders,
		sync.EntityTimeEntry: loadTimeEntries,
	}
}

// loadBatch bounds the ids of one IN list.
const loadBatch = 500

func loadWorkOrders(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error) {
	out := make(map[uuid.UUID]any, len(ids))
	for start := 0; start < len(ids); start += loadBatch {
		part := ids[start:min(start+loadBatch, len(ids))]
		var rows []WorkOrder
		if err := workOrderQuery(db).Where("wo.id IN (?)", bun.In(part)).Scan(ctx, &rows); err != nil {
			return nil, fmt.Errorf("load %d synced work orders: %w", len(part), err)
		}
		if err := withAssets(ctx, db, rows); err != nil {
			return nil, err
		}
		for _, wo := range rows {
			out[wo.ID] = wo
		}
	}
	return out, nil
}

func loadTimeEntries(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error) {
	out := make(map[uuid.UUID]any, len(ids))
	for start := 0; start < len(ids); start += loadBatch {
		part := ids[start:min(start+loadBatch, len(ids))]
		var rows []TimeEntry
		if err := timeEntryQuery(db).Where("te.id IN (?)", bun.In(part)).Scan(ctx, &rows); err != nil {
			return nil, fmt.Errorf("load %d synced time entries: %w", len(part), err)
		}
		for _, e := range rows {
			out[e.ID] = e
		}
	}
	return out, nil
}
