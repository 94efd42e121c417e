package workorders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/sync"
)

// AddTimeEntry stores a time entry by actor on the work order
// workOrderID and returns it with the work order as stored after it.
func (w *Writer) AddTimeEntry(ctx context.Context, actor sync.Actor, workOrderID uuid.UUID, body TimeEntryBody) (TimeEntry, WorkOrder, error) {
	id, err := field.NewID(body.ID)
	if err != nil {
		return TimeEntry{}, WorkOrder{}, err
	}
	var e TimeEntry
	var wo WorkOrder
	err = sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		e, wo, err = addEntryIn(ctx, tx, actor, id, workOrderID, body)
		return err
	})
	return e, wo, err
}

// addEntryIn stores one time entry inside tx and moves the work order's
// timer, work time and day, as a new version of the work order. A timer
// start moves a planned work order to in progress. Entries are
// append-only: the same entry sent again is returned as stored, a
// different one under the same id is refused.
func addEntryIn(ctx context.Context, tx bun.IDB, actor sync.Actor, id, workOrderID uuid.UUID, body TimeEntryBody) (TimeEntry, WorkOrder, error) {
	if err := checkRole(actor); err != nil {
		return TimeEntry{}, WorkOrder{}, err
	}
	before, err := visible(ctx, tx, actor, workOrderID)
	if err != nil {
		return TimeEntry{}, WorkOrder{}, err
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	e, err := body.entry(id, workOrderID, actor.UserID, now)
	if err != nil {
		return TimeEntry{}, WorkOrder{}, err
	}
	if stored, found, err := entryByID(ctx, tx, id); err != nil || found {
		if err == nil && !sameEntry(stored, e, body.At != "") {
			err = apierr.New(http.StatusConflict, "append_only", "time_entry_changed", id.String())
		}
		return stored, before, err
	}

	if before.Status == StatusDone {
		return TimeEntry{}, WorkOrder{}, apierr.New(http.StatusUnprocessableEntity, "work_order_done", "time_entry_work_order_done")
	}
	entries, err := TimeEntries(ctx, tx, workOrderID)
	if err != nil {
		return TimeEntry{}, WorkOrder{}, err
	}
	t, err := replay(entries)
	if err != nil {
		return TimeEntry{}, WorkOrder{}, fmt.Errorf("replay the time of work order %s: %w", workOrderID, err)
	}
	if err := checkAt(e.At, before.OpenedAt, now); err != nil {
		return TimeEntry{}, WorkOrder{}, err
	}
	if err := t.apply(e); err != nil {
		return TimeEntry{}, WorkOrder{}, err
	}
	e.Ordinal, e.CommuneID = len(entries)+1, before.CommuneID
	if err := insertEntry(ctx, tx, actor, e); err != nil {
		return TimeEntry{}, WorkOrder{}, err
	}

	after, err := moveTimer(ctx, tx, actor, before, t, now)
	return e, after, err
}

// moveTimer stores the timer t of the work order before as its new
// version, and moves its request along when the timer started it.
func moveTimer(ctx context.Context, tx bun.IDB, actor sync.Actor, before WorkOrder, t timer, now time.Time) (WorkOrder, error) {
	next := before
	setTimer(&next, t)
	next.UpdatedAt, next.Version = now, before.Version+1
	_, err := tx.NewUpdate().Model(&next).
		Column("status", "timer_state", "timer_seconds", "running_since", "adjustment_minutes", "work_minutes",
			"worked_on", "updated_at", "version").
		WherePK().Exec(ctx)
	if err != nil {
		return WorkOrder{}, fmt.Errorf("update the time of work order %s: %w", before.ID, err)
	}
	if err := followRequest(ctx, tx, actor, &before, next); err != nil {
		return WorkOrder{}, err
	}
	return recordWrite(ctx, tx, actor, &before, before.ID)
}

// setTimer copies the timer t to wo: its state, its work time, the day
// of its first start, and the status in progress once it started.
func setTimer(wo *WorkOrder, t timer) {
	wo.TimerState, wo.TimerSeconds, wo.RunningSince = t.state, t.seconds(), t.runningSince
	wo.AdjustmentMinutes, wo.WorkMinutes = t.adjustment, t.workMinutes()
	if t.firstStart != nil {
		wo.WorkedOn = parisDay(*t.firstStart)
		if wo.Status == StatusPlanned {
			wo.Status = StatusInProgress
		}
	}
}

// creationEntries reads the time of a creation body, either a manual
// time or timer entries, and sets the work order's timer from them.
func creationEntries(wo *WorkOrder, body WorkOrderBody, actor sync.Actor, now time.Time) ([]TimeEntry, error) {
	if body.Minutes.Set && !body.Minutes.Null && len(body.TimeEntries.Value) > 0 {
		return nil, reject("minutes", "work_order_minutes_or_entries")
	}
	if len(body.TimeEntries.Value) > maxBodyEntries {
		return nil, reject("time_entries", "work_order_entries_many", len(body.TimeEntries.Value), maxBodyEntries)
	}
	var entries []TimeEntry
	if n := body.Minutes.Value; body.Minutes.Set && n != 0 {
		if n < 0 || n > maxEntryMinutes {
			return nil, reject("minutes", "time_entry_manual_range", n, maxEntryMinutes)
		}
		entries = append(entries, TimeEntry{
			ID: uuid.Must(uuid.NewV7()), WorkOrderID: wo.ID, Kind: KindManual, At: now, Minutes: &n,
			UserID: &actor.UserID, CreatedAt: now,
		})
	}

	t := timer{state: TimerIdle}
	seen := map[uuid.UUID]bool{}
	for i, item := range body.TimeEntries.Value {
		e, err := creationEntry(item, wo, actor, now, seen)
		if err != nil {
			return nil, inEntry(err, i)
		}
		entries = append(entries, e)
	}
	for i := range entries {
		entries[i].Ordinal = i + 1
		if err := t.apply(entries[i]); err != nil {
			return nil, inEntry(err, i)
		}
	}

	day := wo.WorkedOn
	setTimer(wo, t)
	if t.firstStart != nil && body.WorkedOn.Set && !day.Equal(wo.WorkedOn.Time) {
		return nil, reject("worked_on", "work_order_worked_on_timer", wo.WorkedOn.String())
	}
	return entries, nil
}

// creationEntry reads one item of a creation's time_entries and checks
// its id and its time.
func creationEntry(item TimeEntryBody, wo *WorkOrder, actor sync.Actor, now time.Time, seen map[uuid.UUID]bool) (TimeEntry, error) {
	id, err := field.NewID(item.ID)
	if err != nil {
		return TimeEntry{}, err
	}
	if seen[id] {
		return TimeEntry{}, reject("id", "time_entry_id_twice", id.String())
	}
	seen[id] = true
	e, err := item.entry(id, wo.ID, actor.UserID, now)
	if err != nil {
		return TimeEntry{}, err
	}
	return e, checkAt(e.At, wo.OpenedAt, now)
}

// inEntry names the item i of time_entries in the fields of err. A
// creation carries either manual minutes or time_entries, so i is also
// the item's index in the body.
func inEntry(err error, i int) error {
	var e *apierr.Error
	if !errors.As(err, &e) {
		return err
	}
	out := *e
	out.Fields = make(map[string]i18n.Message, len(e.Fields))
	for name, m := range e.Fields {
		out.Fields["time_entries["+strconv.Itoa(i)+"]."+name] = m
	}
	return &out
}

// insertEntry stores a time entry and files it in the change sequence and
// the audit log.
func insertEntry(ctx context.Context, tx bun.IDB, actor sync.Actor, e TimeEntry) error {
	if _, err := tx.NewInsert().Model(&e).Exec(ctx); err != nil {
		return fmt.Errorf("insert time entry %s: %w", e.ID, err)
	}
	return sync.RecordWrite(ctx, tx, sync.Write[TimeEntry]{
		Entity: sync.EntityTimeEntry, ID: e.ID, Version: 1, Commune: e.CommuneID,
		Actor: &actor.UserID, After: e,
	})
}

// entryByID returns the stored time entry id, and false when there is
// none.
func entryByID(ctx context.Context, db bun.IDB, id uuid.UUID) (TimeEntry, bool, error) {
	var e TimeEntry
	err := timeEntryQuery(db).Where("te.id = ?", id).Scan(ctx, &e)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	if err != nil {
		return e, false, fmt.Errorf("select time entry %s: %w", id, err)
	}
	return e, true, nil
}

// sameEntry reports whether e, as sent again, is the stored entry. The
// time counts only when the client gave it.
func sameEntry(stored, e TimeEntry, timed bool) bool {
	sameMinutes := stored.Minutes == nil && e.Minutes == nil ||
		stored.Minutes != nil && e.Minutes != nil && *stored.Minutes == *e.Minutes
	return stored.WorkOrderID == e.WorkOrderID && stored.Kind == e.Kind && sameMinutes &&
		stored.Reason == e.Reason && (!timed || stored.At.Equal(e.At))
}
