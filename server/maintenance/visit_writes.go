package maintenance

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/sync"
)

// Writer makes the changes of the round. Each write runs in one
// transaction under sync.Lock, with an audit entry and, for visits and
// checks, its number in the change sequence.
type Writer struct {
	DB    *bun.DB
	Fleet *assets.Writer
	// Holidays returns the school holidays of the settings in force.
	Holidays func(ctx context.Context) ([]settings.Holiday, error)
}

// Actions of audit entries.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
)

// VisitBody is the body of POST /api/v1/maintenance/visits and of PATCH
// /api/v1/maintenance/visits/{id}, and the fields of a pushed
// maintenance_visit operation. A PATCH changes only the members it
// carries.
type VisitBody struct {
	// ID is the id the client made for a new visit.
	ID assets.Field[string] `json:"id"`
	// Version is the version the client read, required by a PATCH.
	Version    *int                 `json:"version"`
	SiteID     assets.Field[string] `json:"site_id"`
	PlannedFor assets.Field[string] `json:"planned_for"`
	Status     assets.Field[string] `json:"status"`
	Note       assets.Field[string] `json:"note"`
}

// CreateVisit plans a visit as actor and returns it.
func (w *Writer) CreateVisit(ctx context.Context, actor sync.Actor, body VisitBody) (Visit, error) {
	id, err := field.NewID(body.ID)
	if err != nil {
		return Visit{}, err
	}
	var created Visit
	err = sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		if _, err := VisitByID(ctx, tx, id); err == nil {
			return apierr.New(http.StatusConflict, "already_exists", "fleet_id_taken", id.String())
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		created, err = w.createVisitIn(ctx, tx, actor, id, body)
		return err
	})
	return created, err
}

// ChangeVisit applies body to the visit id as actor. A version other than
// the stored one gives the 409 with the visit as stored.
func (w *Writer) ChangeVisit(ctx context.Context, actor sync.Actor, id uuid.UUID, body VisitBody) (Visit, error) {
	var after Visit
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		var err error
		_, after, err = w.changeVisitIn(ctx, tx, actor, id, body, false)
		return err
	})
	return after, err
}

// createVisitIn stores a new visit with the given id inside tx.
func (w *Writer) createVisitIn(ctx context.Context, tx bun.IDB, actor sync.Actor, id uuid.UUID, body VisitBody) (Visit, error) {
	if err := technicianOnly(actor); err != nil {
		return Visit{}, err
	}
	bad := field.Faults{}
	siteID := bad.OptionalID("site_id", body.SiteID)
	day, hasDay := bad.OptionalDate("planned_for", body.PlannedFor)
	if err := bad.Unreadable(); err != nil {
		return Visit{}, err
	}

	at := now()
	v := Visit{ID: id, SiteID: siteID, PlannedFor: day, Status: StatusPlanned, CreatedBy: &actor.UserID, CreatedAt: at, UpdatedAt: at, Version: 1}
	f := field.Faults{}
	site, err := checkSite(ctx, tx, siteID, f)
	if err != nil {
		return Visit{}, err
	}
	if body.Status.Set && strings.TrimSpace(body.Status.Value) != StatusPlanned {
		f.Add("status", i18n.Msg("maintenance_visit_created_planned", apierr.Quote(body.Status.Value)))
	}
	v.Note = strings.TrimSpace(body.Note.Value)
	f.Text("note", v.Note, false, maxNote)
	if !hasDay {
		f.Add("planned_for", i18n.Msg("maintenance_day_missing"))
	} else if site.ID != uuid.Nil {
		if v.CampaignID, err = w.checkDay(ctx, tx, day, site.Kind, f); err != nil {
			return Visit{}, err
		}
	}
	if err := f.Invalid(); err != nil {
		return Visit{}, err
	}

	if _, err := tx.NewInsert().Model(&v).Exec(ctx); err != nil {
		return Visit{}, fmt.Errorf("insert visit %s: %w", id, err)
	}
	return recordVisit(ctx, tx, actor, nil, id)
}

// changeVisitIn applies body to the visit id inside tx. With merge, the
// change applies whatever version the body read, as a pushed operation
// does.
func (w *Writer) changeVisitIn(ctx context.Context, tx bun.IDB, actor sync.Actor, id uuid.UUID, body VisitBody, merge bool) (before, after Visit, err error) {
	if err := technicianOnly(actor); err != nil {
		return before, after, err
	}
	if before, err = visibleVisit(ctx, tx, actor, id); err != nil {
		return before, after, err
	}
	if !merge {
		if err := field.CheckVersion(body.Version, before.Version, before); err != nil {
			return before, after, err
		}
	}

	next := before
	if err := w.checkChange(ctx, tx, &next, before, body); err != nil {
		return before, after, err
	}
	next.UpdatedAt, next.Version = now(), before.Version+1
	_, err = tx.NewUpdate().Model(&next).
		Column("campaign_id", "planned_for", "status", "note", "done_at", "updated_at", "version").
		WherePK().Exec(ctx)
	if err != nil {
		return before, after, fmt.Errorf("update visit %s: %w", id, err)
	}
	after, err = recordVisit(ctx, tx, actor, &before, id)
	return before, after, err
}

// checkChange applies body to next and checks the result: a visit keeps
// its site, moves along the transitions of its status, and a new day or
// a return to planned passes the rules of a new visit. A visit done gets
// its time.
func (w *Writer) checkChange(ctx context.Context, tx bun.IDB, next *Visit, before Visit, body VisitBody) error {
	bad := field.Faults{}
	siteID := bad.OptionalID("site_id", body.SiteID)
	day, hasDay := bad.OptionalDate("planned_for", body.PlannedFor)
	if err := bad.Unreadable(); err != nil {
		return err
	}

	f := field.Faults{}
	if body.SiteID.Set && siteID != before.SiteID {
		f.Add("site_id", i18n.Msg("maintenance_visit_keeps_site"))
	}
	if body.Status.Set {
		next.Status = strings.TrimSpace(body.Status.Value)
		checkStatus(before.Status, next.Status, f)
	}
	if body.Note.Set {
		next.Note = strings.TrimSpace(body.Note.Value)
		f.Text("note", next.Note, false, maxNote)
	}
	if body.PlannedFor.Set && !hasDay {
		f.Add("planned_for", i18n.Msg("maintenance_day_missing"))
	}
	moved := hasDay && !day.Equal(before.PlannedFor.Time)
	if moved && before.Status == StatusDone {
		f.Add("planned_for", i18n.Msg("maintenance_visit_done_day", before.PlannedFor.String()))
	} else if moved || next.Status == StatusPlanned && before.Status != StatusPlanned {
		if hasDay {
			next.PlannedFor = day
		}
		campaignID, err := w.checkDay(ctx, tx, next.PlannedFor, before.SiteKind, f)
		if err != nil {
			return err
		}
		next.CampaignID = campaignID
	}
	if next.Status == StatusDone && before.Status != StatusDone {
		at := now()
		next.DoneAt = &at
	}
	return f.Invalid()
}

// visibleVisit returns the visit id when actor may see it, and the 404 of
// an unknown visit otherwise.
func visibleVisit(ctx context.Context, db bun.IDB, actor sync.Actor, id uuid.UUID) (Visit, error) {
	v, err := VisitByID(ctx, db, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !actor.Scope.Allows(v.CommuneID) {
		return Visit{}, apierr.NotFound("maintenance_visit_not_found", id.String())
	}
	return v, err
}

// recordVisit reads the visit id as stored, files the write in the
// change sequence and the audit log, and queues its notification. before
// is nil at creation.
func recordVisit(ctx context.Context, tx bun.IDB, actor sync.Actor, before *Visit, id uuid.UUID) (Visit, error) {
	after, err := VisitByID(ctx, tx, id)
	if err != nil {
		return after, err
	}
	err = sync.RecordWrite(ctx, tx, sync.Write[Visit]{
		Entity: sync.EntityMaintenanceVisit, ID: id, Version: after.Version, Commune: after.CommuneID,
		Actor: &actor.UserID, Before: before, After: after,
	})
	if err != nil {
		return after, err
	}
	return after, notify(ctx, tx, actor, before, after)
}

// now returns the time of a write, to the microsecond that PostgreSQL
// keeps.
func now() time.Time {
	return time.Now().UTC().Truncate(time.Microsecond)
}
