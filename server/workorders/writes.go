package workorders

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/requests"
	"parc/server/store"
	"parc/server/sync"
)

// Writer makes the changes to work orders and their time entries. Each
// write runs in one transaction under sync.Lock, with an audit entry and
// its number in the change sequence.
type Writer struct {
	DB *bun.DB
	// Sheets stores the PDF of each work order that a write closes; nil
	// stores none.
	Sheets *Sheets
}

// Actions of audit entries.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
)

// Create stores a new work order by actor, with its time entries, and
// returns it as stored.
func (w *Writer) Create(ctx context.Context, actor sync.Actor, body WorkOrderBody) (WorkOrder, error) {
	id, err := field.NewID(body.ID)
	if err != nil {
		return WorkOrder{}, err
	}
	var created WorkOrder
	err = sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		created, err = createIn(ctx, tx, w.Sheets, actor, id, body)
		return err
	})
	return created, err
}

// Change applies body to the work order id as actor and returns it as
// stored. A version other than the stored one gives the 409 with the
// work order as stored.
func (w *Writer) Change(ctx context.Context, actor sync.Actor, id uuid.UUID, body WorkOrderBody) (WorkOrder, error) {
	var after WorkOrder
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		var err error
		_, after, err = changeIn(ctx, tx, w.Sheets, actor, id, body, false)
		return err
	})
	return after, err
}

// createIn stores a new work order with the given id inside tx: its
// members, its assets, the time entries of the body and, for a work
// order created done, its PDF through sheets.
func createIn(ctx context.Context, tx bun.IDB, sheets *Sheets, actor sync.Actor, id uuid.UUID, body WorkOrderBody) (WorkOrder, error) {
	if err := checkRole(actor); err != nil {
		return WorkOrder{}, err
	}
	if stored, err := WorkOrderByID(ctx, tx, id); err == nil {
		e := apierr.New(http.StatusConflict, "already_exists", "fleet_id_taken", id.String())
		e.Current = stored
		return WorkOrder{}, e
	} else if !errors.Is(err, store.ErrNotFound) {
		return WorkOrder{}, err
	}

	now := time.Now().UTC().Truncate(time.Microsecond)
	wo := WorkOrder{
		ID: id, Level: LevelBasic, Status: StatusPlanned, TimerState: TimerIdle, Checklist: []string{}, ChecklistOther: []string{},
		OpenedAt: now, CreatedBy: &actor.UserID, CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	l, err := body.apply(&wo)
	if err != nil {
		return WorkOrder{}, err
	}
	if err := fromRequest(ctx, tx, &wo, l); err != nil {
		return WorkOrder{}, err
	}
	if !body.WorkedOn.Set {
		wo.WorkedOn = parisDay(wo.OpenedAt)
	}
	entries, err := creationEntries(&wo, body, actor, now)
	if err != nil {
		return WorkOrder{}, err
	}
	wo.AssetIDs = sortedIDs(l.assetIDs)
	if err := check(ctx, tx, actor, &wo, nil, wo.AssetIDs, now); err != nil {
		return WorkOrder{}, err
	}
	if wo.Status == StatusDone {
		wo.DoneAt = &now
	}
	if err := sheets.storePDF(ctx, tx, actor, &wo, nil, now); err != nil {
		return WorkOrder{}, err
	}

	if _, err := tx.NewInsert().Model(&wo).Exec(ctx); err != nil {
		return WorkOrder{}, fmt.Errorf("insert work order %s: %w", id, err)
	}
	if err := linkAssets(ctx, tx, id, nil, wo.AssetIDs); err != nil {
		return WorkOrder{}, err
	}
	for _, e := range entries {
		if _, found, err := entryByID(ctx, tx, e.ID); err != nil {
			return WorkOrder{}, err
		} else if found {
			return WorkOrder{}, apierr.New(http.StatusConflict, "append_only", "time_entry_changed", e.ID.String())
		}
		e.CommuneID = wo.CommuneID
		if err := insertEntry(ctx, tx, actor, e); err != nil {
			return WorkOrder{}, err
		}
	}
	if err := followRequest(ctx, tx, actor, nil, wo); err != nil {
		return WorkOrder{}, err
	}
	return recordWrite(ctx, tx, actor, nil, id)
}

// fromRequest sets the site of a work order made for a request, and its
// category, when the body leaves them out, and the request's id.
func fromRequest(ctx context.Context, tx bun.IDB, wo *WorkOrder, l links) error {
	if l.siteID != nil {
		wo.SiteID = *l.siteID
	}
	if l.requestID == nil || *l.requestID == uuid.Nil {
		return nil
	}
	wo.RequestID = l.requestID
	r, err := requests.RequestByID(ctx, tx, *l.requestID)
	if errors.Is(err, store.ErrNotFound) {
		// check names the unknown request.
		return nil
	}
	if err != nil {
		return err
	}
	if l.siteID == nil {
		wo.SiteID = r.SiteID
	}
	if wo.Category == "" {
		wo.Category = r.Category
	}
	return nil
}

// changeIn applies body to the work order id inside tx, and stores its
// PDF through sheets when the change closes it. With merge, the change
// applies whatever version the body read, as a pushed operation does.
func changeIn(ctx context.Context, tx bun.IDB, sheets *Sheets, actor sync.Actor, id uuid.UUID, body WorkOrderBody, merge bool) (before, after WorkOrder, err error) {
	if before, err = visible(ctx, tx, actor, id); err != nil {
		return before, after, err
	}
	if err := checkRole(actor); err != nil {
		return before, after, err
	}
	if !merge {
		if err := field.CheckVersion(body.Version, before.Version, before); err != nil {
			return before, after, err
		}
	}
	if body.Minutes.Set {
		return before, after, creationOnly("minutes")
	}
	if body.TimeEntries.Set {
		return before, after, creationOnly("time_entries")
	}

	next := before
	next.Checklist, next.ChecklistOther = slices.Clone(before.Checklist), slices.Clone(before.ChecklistOther)
	l, err := body.apply(&next)
	if err != nil {
		return before, after, err
	}
	if err := checkFixed(l, before); err != nil {
		return before, after, err
	}
	if body.AssetIDs.Set {
		next.AssetIDs = sortedIDs(l.assetIDs)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	if err := check(ctx, tx, actor, &next, &before, addedAssets(next.AssetIDs, before.AssetIDs), now); err != nil {
		return before, after, err
	}
	setDoneAt(&next, before, now)
	if err := sheets.storePDF(ctx, tx, actor, &next, &before, now); err != nil {
		return before, after, err
	}
	next.UpdatedAt, next.Version = now, before.Version+1

	_, err = tx.NewUpdate().Model(&next).
		Column("category", "level", "status", "notes", "checklist", "checklist_other", "travel_minutes",
			"summary", "signed_by", "signature_file_id", "pdf_file_id", "worked_on", "done_at", "updated_at", "version").
		WherePK().Exec(ctx)
	if err != nil {
		return before, after, fmt.Errorf("update work order %s: %w", id, err)
	}
	if err := linkAssets(ctx, tx, id, before.AssetIDs, next.AssetIDs); err != nil {
		return before, after, err
	}
	if err := followRequest(ctx, tx, actor, &before, next); err != nil {
		return before, after, err
	}
	after, err = recordWrite(ctx, tx, actor, &before, id)
	return before, after, err
}

// checkFixed refuses a change of the request or the site, which the work
// order keeps from its creation.
func checkFixed(l links, before WorkOrder) error {
	f := field.Faults{}
	if l.requestID != nil && !sameID(l.requestID, before.RequestID) {
		f.Add("request_id", i18n.Msg("work_order_creation_only"))
	}
	if l.siteID != nil && *l.siteID != before.SiteID {
		f.Add("site_id", i18n.Msg("work_order_creation_only"))
	}
	return f.Invalid()
}

// sameID compares an id read from a body, where uuid.Nil clears it, with
// a stored one.
func sameID(read, stored *uuid.UUID) bool {
	if stored == nil {
		return *read == uuid.Nil
	}
	return *read == *stored
}

// setDoneAt sets done_at when a work order becomes done, and clears it
// when a technician reopens the work order.
func setDoneAt(next *WorkOrder, before WorkOrder, now time.Time) {
	switch {
	case next.Status == StatusDone && before.Status != StatusDone:
		next.DoneAt = &now
	case next.Status != StatusDone:
		next.DoneAt = nil
	}
}

// linkAssets replaces the asset links before of a work order by next.
func linkAssets(ctx context.Context, tx bun.IDB, id uuid.UUID, before, next []uuid.UUID) error {
	removed := addedAssets(before, next)
	if len(removed) > 0 {
		_, err := tx.NewDelete().Model((*assetLink)(nil)).
			Where("work_order_id = ?", id).Where("asset_id IN (?)", bun.In(removed)).Exec(ctx)
		if err != nil {
			return fmt.Errorf("unlink %d assets of work order %s: %w", len(removed), id, err)
		}
	}
	added := addedAssets(next, before)
	if len(added) == 0 {
		return nil
	}
	rows := make([]assetLink, len(added))
	for i, asset := range added {
		rows[i] = assetLink{WorkOrderID: id, AssetID: asset}
	}
	if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return fmt.Errorf("link %d assets to work order %s: %w", len(rows), id, err)
	}
	return nil
}

// visible returns the work order id when actor may see it, and the 404
// of an unknown work order otherwise.
func visible(ctx context.Context, db bun.IDB, actor sync.Actor, id uuid.UUID) (WorkOrder, error) {
	wo, err := WorkOrderByID(ctx, db, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !actor.Scope.Allows(wo.CommuneID) {
		return WorkOrder{}, apierr.NotFound("work_order_not_found", id.String())
	}
	return wo, err
}

// recordWrite reads the work order id as stored and files the write in
// the change sequence and the audit log. before is nil at creation.
func recordWrite(ctx context.Context, tx bun.IDB, actor sync.Actor, before *WorkOrder, id uuid.UUID) (WorkOrder, error) {
	after, err := WorkOrderByID(ctx, tx, id)
	if err != nil {
		return after, err
	}
	return after, sync.RecordWrite(ctx, tx, sync.Write[WorkOrder]{
		Entity: sync.EntityWorkOrder, ID: id, Version: after.Version, Commune: after.CommuneID,
		Actor: &actor.UserID, Before: before, After: after,
	})
}
