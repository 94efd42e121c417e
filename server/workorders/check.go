package workorders

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/requests"
	"parc/server/store"
	"parc/server/sync"
)

// earliestDay is the first day a work order may be dated.
var earliestDay = assets.NewDate(2000, time.January, 1)

// checkRole refuses every write but a technician's: correspondents and
// the committee read work orders only.
func checkRole(actor sync.Actor) error {
	if actor.Role != accounts.RoleTechnician {
		return apierr.New(http.StatusForbidden, "forbidden", "forbidden")
	}
	return nil
}

// check returns the error of storing next; before is the work order as
// stored, nil at creation. added are the assets next links that before
// did not.
func check(ctx context.Context, tx bun.IDB, actor sync.Actor, next, before *WorkOrder, added []uuid.UUID, now time.Time) error {
	f := field.Faults{}
	checkFields(f, next, before, now)
	if err := f.Invalid(); err != nil {
		return err
	}

	site, err := checkPlace(ctx, tx, actor, next, before, added, f)
	if err != nil {
		return err
	}
	if err := checkSignature(ctx, tx, actor, next, before, f); err != nil {
		return err
	}
	if err := f.Invalid(); err != nil {
		return err
	}
	return checkCharter(ctx, tx, site, next, before, added)
}

// checkFields adds the faults that the work order's own members show.
func checkFields(f field.Faults, next, before *WorkOrder, now time.Time) {
	f.Enum("category", next.Category, requests.Categories)
	f.Enum("status", next.Status, Statuses)
	if next.Level < LevelBasic || next.Level > LevelMax {
		f.Add("level", i18n.Msg("work_order_level_unknown", next.Level))
	}
	f.Text("notes", next.Notes, false, maxNotes)
	f.Text("summary", next.Summary, false, maxSummary)
	f.Line("signed_by", next.SignedBy, false, maxSignedBy)
	checkChecklist(f, next.Checklist, next.ChecklistOther)
	if next.TravelMinutes < 0 || next.TravelMinutes > maxTravelMinutes {
		f.Add("travel_minutes", i18n.Msg("work_order_travel_range", next.TravelMinutes, maxTravelMinutes))
	}
	checkDates(f, next, before, now)

	if before != nil && next.Status != before.Status && !CanMove(before.Status, next.Status) {
		f.Add("status", i18n.Msg("work_order_transition", statusName(before.Status), statusName(next.Status)))
	}
	if next.Status == StatusDone && next.TimerState == TimerRunning {
		f.Add("status", i18n.Msg("work_order_timer_running"))
	}
}

// checkDates checks the opening time and the day of the work: neither in
// the future, the opening within the last year, and the day fixed by the
// timer once it started.
func checkDates(f field.Faults, next, before *WorkOrder, now time.Time) {
	if before == nil {
		if next.OpenedAt.After(now.Add(clockSkew)) || next.OpenedAt.Before(now.AddDate(-1, 0, 0)) {
			f.Add("opened_at", i18n.Msg("work_order_opened_at_range", stamp(next.OpenedAt)))
		}
	} else if !next.OpenedAt.Equal(before.OpenedAt) {
		f.Add("opened_at", i18n.Msg("work_order_creation_only"))
	}

	if before != nil && next.WorkedOn.Equal(before.WorkedOn.Time) {
		return
	}
	latest := parisDay(now.AddDate(0, 0, 1))
	if next.WorkedOn.Before(earliestDay.Time) || next.WorkedOn.After(latest.Time) {
		f.Add("worked_on", i18n.Msg("work_order_worked_on_range", next.WorkedOn.String(), earliestDay.String(), latest.String()))
	}
	if before != nil && before.TimerState != TimerIdle {
		f.Add("worked_on", i18n.Msg("work_order_worked_on_timer", before.WorkedOn.String()))
	}
}

// checkPlace adds the faults of the site, the request and the assets, and
// of a level the site does not allow. It returns the site.
func checkPlace(ctx context.Context, tx bun.IDB, actor sync.Actor, next, before *WorkOrder, added []uuid.UUID, f field.Faults) (assets.Site, error) {
	site, err := assets.SiteByID(ctx, tx, next.SiteID)
	if errors.Is(err, store.ErrNotFound) || err == nil && !actor.Scope.Allows(site.CommuneID) {
		f.Add("site_id", i18n.Msg("fleet_site_unknown", next.SiteID.String()))
		return site, nil
	}
	if err != nil {
		return site, err
	}
	next.CommuneID = site.CommuneID
	if before == nil && site.ArchivedAt != nil {
		f.Add("site_id", i18n.Msg("fleet_site_archived", site.Name))
	}
	if next.Level > LevelBasic && !widerSite(site.Kind) {
		f.Add("level", i18n.Msg("work_order_level_wider", next.Level, site.Name))
	}
	if before == nil && next.RequestID != nil {
		if err := checkRequest(ctx, tx, actor, *next.RequestID, site, f); err != nil {
			return site, err
		}
	}
	if len(next.AssetIDs) > maxAssets {
		f.Add("asset_ids", i18n.Msg("work_order_assets_many", len(next.AssetIDs), maxAssets))
		return site, nil
	}
	for _, id := range added {
		if err := checkAsset(ctx, tx, id, site, f); err != nil {
			return site, err
		}
	}
	return site, nil
}

// widerSite reports whether the service works at levels 2 and 3 at a
// site of kind: the CCBE's office and the libraries.
func widerSite(kind string) bool {
	return kind == assets.SiteKindLibrary || kind == assets.SiteKindCCBEOffice
}

// checkRequest adds the fault of a request that the work order cannot be
// linked to: unknown, refused, or at another site.
func checkRequest(ctx context.Context, tx bun.IDB, actor sync.Actor, id uuid.UUID, site assets.Site, f field.Faults) error {
	r, err := requests.RequestByID(ctx, tx, id)
	switch {
	case errors.Is(err, store.ErrNotFound) || err == nil && !actor.Scope.Allows(r.CommuneID):
		f.Add("request_id", i18n.Msg("work_order_request_unknown", id.String()))
	case err != nil:
		return err
	case r.Status == requests.StatusRefused:
		f.Add("request_id", i18n.Msg("work_order_request_refused"))
	case r.SiteID != site.ID:
		f.Add("site_id", i18n.Msg("work_order_request_other_site"))
	}
	return nil
}

// checkAsset adds the fault of an asset that cannot be linked: unknown,
// at another site, or archived.
func checkAsset(ctx context.Context, tx bun.IDB, id uuid.UUID, site assets.Site, f field.Faults) error {
	a, err := assets.AssetByID(ctx, tx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		f.Add("asset_ids", i18n.Msg("work_order_asset_unknown", id.String()))
	case err != nil:
		return err
	case a.SiteID != site.ID:
		f.Add("asset_ids", i18n.Msg("work_order_asset_other_site", assetName(a), site.Name))
	case a.ArchivedAt != nil:
		f.Add("asset_ids", i18n.Msg("work_order_asset_archived", assetName(a)))
	}
	return nil
}

// assetName names an asset in a message by its tag, or its id before it
// has a label.
func assetName(a assets.Asset) string {
	if a.Tag != nil {
		return *a.Tag
	}
	return a.ID.String()
}

// checkCharter applies the charter's scope to a work order without a
// request, at creation and when its category changes, as a request gets
// it. An out-of-scope category, a town hall with its own server, or a
// linked PC older than Windows XP is rejected with who handles it. A work
// order for a request needs no check, because the request had it.
func checkCharter(ctx context.Context, tx bun.IDB, site assets.Site, next, before *WorkOrder, added []uuid.UUID) error {
	if next.RequestID != nil {
		return nil
	}
	if before == nil || before.Category != next.Category {
		if err := requests.CheckCharter(ctx, tx, site, next.Category); err != nil {
			return err
		}
	}
	for _, id := range added {
		a, err := assets.AssetByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if assets.BeforeXP(a.OS) {
			return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "out_of_scope",
				Message: i18n.Msg("request_out_of_scope_legacy_os"),
				Fields:  map[string]i18n.Message{"asset_ids": i18n.Msg("request_asset_before_xp", a.OS)}}
		}
	}
	return nil
}

// addedAssets returns the ids of next that are not in before.
func addedAssets(next, before []uuid.UUID) []uuid.UUID {
	var out []uuid.UUID
	for _, id := range next {
		if !slices.Contains(before, id) {
			out = append(out, id)
		}
	}
	return out
}
