package requests

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/store"
	"parc/server/sync"
)

// check returns the error of writing next, the request as it would be
// stored; before is the request as stored, nil at creation. It also sets
// the time a request is done.
func check(ctx context.Context, tx bun.IDB, actor sync.Actor, next, before *Request) error {
	if err := checkRole(actor, next, before); err != nil {
		return err
	}
	f := field.Faults{}
	f.Enum("category", next.Category, Categories)
	f.Enum("urgency", next.Urgency, Urgencies)
	f.Enum("status", next.Status, Statuses)
	f.Text("description", next.Description, true, maxDescription)
	f.Text("refused_reason", next.RefusedReason, false, maxReason)
	checkStatus(f, next, before)
	if err := f.Invalid(); err != nil {
		return err
	}

	site, err := checkPlace(ctx, tx, actor, next, before, f)
	if err != nil {
		return err
	}
	if err := checkPhotos(ctx, tx, actor, next, before, f); err != nil {
		return err
	}
	if err := f.Invalid(); err != nil {
		return err
	}
	return checkScope(ctx, tx, site, next, before)
}

// checkRole refuses what the actor's role may not do: the committee
// writes nothing, and a correspondent changes only the description,
// category, urgency and asset of a request still new.
func checkRole(actor sync.Actor, next, before *Request) error {
	switch actor.Role {
	case accounts.RoleTechnician:
		return nil
	case accounts.RoleCorrespondent:
		if before == nil {
			if next.Status != StatusNew {
				return apierr.New(http.StatusForbidden, "forbidden", "request_status_technicians")
			}
			return nil
		}
		if before.Status != StatusNew && !photosOnly(next, before) {
			return apierr.New(http.StatusForbidden, "forbidden", "request_not_new", statusName(before.Status))
		}
		if next.Status != before.Status || !sameDate(next.PlannedFor, before.PlannedFor) || next.RefusedReason != before.RefusedReason {
			return apierr.New(http.StatusForbidden, "forbidden", "request_status_technicians")
		}
		return nil
	}
	return apierr.New(http.StatusForbidden, "forbidden", "forbidden")
}

// checkStatus adds the faults of a change of status: a request is created
// new, moves only along transitions, needs a date to be planned and a
// reason to be refused.
func checkStatus(f field.Faults, next, before *Request) {
	if before == nil {
		if next.Status != StatusNew {
			f.Add("status", i18n.Msg("request_created_new", statusName(next.Status)))
		}
		return
	}
	if next.Status != before.Status && !CanMove(before.Status, next.Status) {
		f.Add("status", i18n.Msg("request_transition", statusName(before.Status), statusName(next.Status)))
		return
	}
	checkPlannedFor(f, next, before)
	switch next.Status {
	case StatusPlanned:
		if next.PlannedFor == nil {
			f.Add("planned_for", i18n.Msg("request_planned_needs_date"))
		}
	case StatusRefused:
		if next.RefusedReason == "" {
			f.Add("refused_reason", i18n.Msg("request_refused_needs_reason"))
		}
	case StatusDone:
		if before.Status != StatusDone {
			at := time.Now().UTC().Truncate(time.Microsecond)
			next.DoneAt = &at
		}
	}
}

// checkPlannedFor adds the fault of a planned day that changed to a day
// outside plannedRange. A day already stored stays as it is.
func checkPlannedFor(f field.Faults, next, before *Request) {
	if next.PlannedFor == nil || before != nil && sameDate(next.PlannedFor, before.PlannedFor) {
		return
	}
	first, last := plannedRange(next.CreatedAt, time.Now())
	day := next.PlannedFor.Time
	if day.Before(first) || day.After(last) {
		f.Add("planned_for", i18n.Msg("request_planned_for_range", next.PlannedFor.String(),
			first.Format(time.DateOnly), last.Format(time.DateOnly)))
	}
}

// plannedRange returns the first and last days a request created at
// created may be planned for at now: from the day before its creation,
// but not before 1 January of last year, to five years after now.
func plannedRange(created, now time.Time) (time.Time, time.Time) {
	first := time.Date(created.Year(), created.Month(), created.Day()-1, 0, 0, 0, 0, time.UTC)
	if lastYear := time.Date(now.Year()-1, time.January, 1, 0, 0, 0, 0, time.UTC); first.Before(lastYear) {
		first = lastYear
	}
	last := time.Date(now.Year()+5, now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return first, last
}

// checkPlace checks the site and the asset of a request: the site exists
// within the actor's communes and is active, and the asset, when there
// is one, is at that site. It returns the site.
func checkPlace(ctx context.Context, tx bun.IDB, actor sync.Actor, next, before *Request, f field.Faults) (assets.Site, error) {
	site, err := assets.SiteByID(ctx, tx, next.SiteID)
	if errors.Is(err, store.ErrNotFound) || err == nil && !actor.Scope.Allows(site.CommuneID) {
		f.Add("site_id", i18n.Msg("fleet_site_unknown", next.SiteID.String()))
		return site, nil
	}
	if err != nil {
		return site, err
	}
	if before == nil && site.ArchivedAt != nil {
		f.Add("site_id", i18n.Msg("fleet_site_archived", site.Name))
	}
	if next.AssetID == nil || before != nil && before.AssetID != nil && *before.AssetID == *next.AssetID {
		return site, nil
	}

	asset, err := assets.AssetByID(ctx, tx, *next.AssetID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		f.Add("asset_id", i18n.Msg("request_asset_unknown", next.AssetID.String()))
	case err != nil:
		return site, err
	case asset.SiteID != site.ID:
		f.Add("asset_id", i18n.Msg("request_asset_other_site", site.Name))
	case assets.BeforeXP(asset.OS):
		return site, &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "out_of_scope",
			Message: i18n.Msg("request_out_of_scope_legacy_os"),
			Fields:  map[string]i18n.Message{"asset_id": i18n.Msg("request_asset_before_xp", asset.OS)}}
	}
	return site, nil
}

// checkScope refuses a new request, or a change of category, that the
// service's charter leaves to others, with who handles it.
func checkScope(ctx context.Context, tx bun.IDB, site assets.Site, next, before *Request) error {
	if before != nil && before.Category == next.Category {
		return nil
	}
	if m, out := categoryRefusal(next.Category, site.Kind); out {
		return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "out_of_scope", Message: m,
			Fields: map[string]i18n.Message{"category": m}}
	}
	if site.Kind != assets.SiteKindTownHall {
		return nil
	}
	commune, err := assets.CommuneByID(ctx, tx, site.CommuneID)
	if err != nil {
		return err
	}
	if commune.HasServer {
		m := i18n.Msg("request_town_hall_server", commune.Name)
		return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "out_of_scope", Message: m,
			Fields: map[string]i18n.Message{"site_id": m}}
	}
	return nil
}

func sameDate(a, b *assets.Date) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(b.Time)
}
