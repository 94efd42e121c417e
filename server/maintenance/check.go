package maintenance

import (
	"context"
	"database/sql"
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
	"parc/server/sync"
)

// EntityCheck is the sync entity of the checks, in the wire format:
// devices use it, so it never changes.
const EntityCheck = sync.EntityMaintenanceCheck

// clockSkew is how far in the future a device's clock may put a check.
const clockSkew = 5 * time.Minute

// Check is the checklist of one PC on one visit. Checks are never
// changed: a PC checked again gets a new check.
type Check struct {
	bun.BaseModel `bun:"table:maintenance_checks,alias:mk"`

	ID      uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	VisitID uuid.UUID `bun:"visit_id,type:uuid" json:"visit_id"`
	AssetID uuid.UUID `bun:"asset_id,type:uuid" json:"asset_id"`
	// AssetTag and CommuneID are read from the asset and the visit's site.
	AssetTag  *string   `bun:"asset_tag,scanonly" json:"asset_tag"`
	CommuneID uuid.UUID `bun:"commune_id,scanonly" json:"commune_id"`
	// The checklist: updates installed, antivirus checked, disk checked,
	// PC cleaned.
	Updates   bool `bun:"updates" json:"updates"`
	Antivirus bool `bun:"antivirus" json:"antivirus"`
	Disk      bool `bun:"disk" json:"disk"`
	Cleaning  bool `bun:"cleaning" json:"cleaning"`
	// Done counts the PC as maintained for the campaign. A PC seen but
	// left for another pass, such as one with a failing disk, is not.
	Done      bool       `bun:"done" json:"done"`
	Note      string     `bun:"note" json:"note"`
	CheckedBy *uuid.UUID `bun:"checked_by,type:uuid" json:"checked_by"`
	CheckedAt time.Time  `bun:"checked_at" json:"checked_at"`
	CreatedAt time.Time  `bun:"created_at" json:"created_at"`
}

// CheckBody is the body of POST /api/v1/maintenance/visits/{id}/checks,
// and the fields of a pushed maintenance_check operation, which also
// carry visit_id. Absent items of the checklist are false; done is true
// unless given.
type CheckBody struct {
	ID      assets.Field[string] `json:"id"`
	VisitID string               `json:"visit_id"`
	// Asset names the PC by id or by the tag on its label.
	Asset     assets.Field[string] `json:"asset"`
	Updates   bool                 `json:"updates"`
	Antivirus bool                 `json:"antivirus"`
	Disk      bool                 `json:"disk"`
	Cleaning  bool                 `json:"cleaning"`
	Done      *bool                `json:"done"`
	Note      string               `json:"note"`
	// CheckedAt is when the PC was checked (RFC 3339), the time of the
	// request when absent.
	CheckedAt assets.Field[string] `json:"checked_at"`
}

func checkQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*Check)(nil)).
		ColumnExpr("mk.*").ColumnExpr("a.tag AS asset_tag, s.commune_id").
		Join("JOIN assets AS a ON a.id = mk.asset_id").
		Join("JOIN maintenance_visits AS mv ON mv.id = mk.visit_id").
		Join("JOIN sites AS s ON s.id = mv.site_id")
}

// Checks returns the checks of a visit, oldest first.
func Checks(ctx context.Context, db bun.IDB, visitID uuid.UUID) ([]Check, error) {
	out := []Check{}
	if err := checkQuery(db).Where("mk.visit_id = ?", visitID).OrderExpr("mk.checked_at, mk.id").Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("list checks of visit %s: %w", visitID, err)
	}
	return out, nil
}

// AddCheck records the checklist of a PC on the visit visitID as actor.
func (w *Writer) AddCheck(ctx context.Context, actor sync.Actor, visitID uuid.UUID, body CheckBody) (Check, error) {
	id, err := field.NewID(body.ID)
	if err != nil {
		return Check{}, err
	}
	var c Check
	err = sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		c, err = w.addCheckIn(ctx, tx, actor, id, visitID, body)
		return err
	})
	return c, err
}

// addCheckIn stores a check inside tx. The same check sent again is
// returned as stored; another one under the same id is rejected. A check
// done moves the PC's last maintenance to its time.
func (w *Writer) addCheckIn(ctx context.Context, tx bun.Tx, actor sync.Actor, id, visitID uuid.UUID, body CheckBody) (Check, error) {
	if err := technicianOnly(actor); err != nil {
		return Check{}, err
	}
	visit, err := visibleVisit(ctx, tx, actor, visitID)
	if err != nil {
		return Check{}, err
	}
	next, asset, err := w.readCheck(ctx, tx, id, visit, body)
	if err != nil {
		return Check{}, err
	}
	next.CheckedBy = &actor.UserID

	var stored []Check
	if err := checkQuery(tx).Where("mk.id = ?", id).Scan(ctx, &stored); err != nil {
		return Check{}, fmt.Errorf("select check %s: %w", id, err)
	}
	if len(stored) > 0 {
		if !sameCheck(stored[0], next, body.CheckedAt.Set) {
			return Check{}, apierr.New(http.StatusConflict, "append_only", "maintenance_check_changed", id.String())
		}
		return stored[0], nil
	}
	if err := w.checkCheck(ctx, tx, visit, asset, next); err != nil {
		return Check{}, err
	}

	if _, err := tx.NewInsert().Model(&next).Exec(ctx); err != nil {
		return Check{}, fmt.Errorf("insert check %s: %w", id, err)
	}
	if next.Done {
		if _, err := w.Fleet.MarkMaintainedIn(ctx, tx, &actor.UserID, asset.ID, next.CheckedAt); err != nil {
			return Check{}, err
		}
	}
	created, err := checkByID(ctx, tx, id)
	if err != nil {
		return Check{}, err
	}
	err = sync.RecordWrite(ctx, tx, sync.Write[Check]{
		Entity: EntityCheck, ID: id, Version: 1, Commune: visit.CommuneID,
		Actor: &actor.UserID, After: created,
	})
	if err != nil {
		return Check{}, err
	}
	return created, nil
}

// readCheck reads body into the check it makes, and resolves its PC. A
// value that cannot be read is a 400, a PC that does not exist a 422.
func (w *Writer) readCheck(ctx context.Context, tx bun.IDB, id uuid.UUID, visit Visit, body CheckBody) (Check, assets.Asset, error) {
	at := now()
	c := Check{
		ID: id, VisitID: visit.ID, Updates: body.Updates, Antivirus: body.Antivirus, Disk: body.Disk,
		Cleaning: body.Cleaning, Done: body.Done == nil || *body.Done, Note: strings.TrimSpace(body.Note),
		CheckedAt: at, CreatedAt: at,
	}
	bad := field.Faults{}
	if body.CheckedAt.Set && body.CheckedAt.Value != "" {
		t, err := time.Parse(time.RFC3339Nano, body.CheckedAt.Value)
		if err != nil {
			bad.Add("checked_at", i18n.Msg("maintenance_time_unreadable", apierr.Quote(body.CheckedAt.Value)))
		}
		c.CheckedAt = t.UTC().Truncate(time.Microsecond)
	}
	if !body.Asset.Set || strings.TrimSpace(body.Asset.Value) == "" {
		return c, assets.Asset{}, field.Faults{"asset": i18n.Msg("maintenance_asset_missing")}.Invalid()
	}
	asset, err := w.Fleet.FindAsset(ctx, tx, body.Asset.Value)
	var ref *assets.AssetRefError
	switch {
	case errors.As(err, &ref) && ref.Unreadable:
		bad.Add("asset", ref.Message)
	case errors.As(err, &ref):
		if e := bad.Unreadable(); e != nil {
			return c, asset, e
		}
		return c, asset, field.Faults{"asset": ref.Message}.Invalid()
	case err != nil:
		return c, asset, err
	}
	c.AssetID = asset.ID
	return c, asset, bad.Unreadable()
}

// checkCheck returns the 422 of a new check: its visit is still planned,
// its PC is at the visit's site and in the round's scope, its time is not
// in the future and falls in the times checkTimes gives, and its note fits.
func (w *Writer) checkCheck(ctx context.Context, tx bun.IDB, visit Visit, asset assets.Asset, c Check) error {
	f := field.Faults{}
	if visit.Status != StatusPlanned {
		f.Add("visit_id", i18n.Msg("maintenance_visit_closed", statusName(visit.Status)))
	}
	label := asset.ID.String()
	if asset.Tag != nil {
		label = *asset.Tag
	}
	if asset.SiteID != visit.SiteID {
		site, err := assets.SiteByID(ctx, tx, visit.SiteID)
		if err != nil {
			return err
		}
		f.Add("asset", i18n.Msg("maintenance_asset_other_site", label, site.Name))
	} else {
		var row scopeRow
		if err := scopeQuery(tx).Where("a.id = ?", asset.ID).Scan(ctx, &row); err != nil {
			return fmt.Errorf("select the scope of asset %s: %w", asset.ID, err)
		}
		if m, out := row.outOfScope(); out {
			f.Add("asset", i18n.Msg("maintenance_asset_out_of_scope", label, m))
		}
	}
	first, last := checkTimes(visit)
	switch {
	case c.CheckedAt.After(time.Now().Add(clockSkew)):
		f.Add("checked_at", i18n.Msg("maintenance_time_future", c.CheckedAt.Format(time.RFC3339)))
	case c.CheckedAt.Before(first) || c.CheckedAt.After(last):
		f.Add("checked_at", i18n.Msg("maintenance_time_outside_campaign", c.CheckedAt.Format(time.RFC3339), visit.Year,
			first.Format(time.RFC3339), last.Format(time.RFC3339)))
	}
	f.Text("note", c.Note, false, maxNote)
	return f.Invalid()
}

// checkTimes returns the first and last times of a check on visit: the
// campaign's calendar year, from the visit's creation when it is earlier,
// widened by a day on each side for a device clock in another time zone.
func checkTimes(visit Visit) (time.Time, time.Time) {
	first := time.Date(visit.Year, time.January, 1, 0, 0, 0, 0, time.UTC)
	if visit.CreatedAt.Before(first) {
		first = visit.CreatedAt
	}
	last := time.Date(visit.Year+1, time.January, 1, 0, 0, 0, 0, time.UTC)
	return first.AddDate(0, 0, -1), last.AddDate(0, 0, 1)
}

// sameCheck reports whether next repeats stored. The time counts only
// when the client gave it.
func sameCheck(stored, next Check, withTime bool) bool {
	same := stored.VisitID == next.VisitID && stored.AssetID == next.AssetID &&
		stored.Updates == next.Updates && stored.Antivirus == next.Antivirus && stored.Disk == next.Disk &&
		stored.Cleaning == next.Cleaning && stored.Done == next.Done && stored.Note == next.Note
	return same && (!withTime || stored.CheckedAt.Equal(next.CheckedAt))
}

func checkByID(ctx context.Context, db bun.IDB, id uuid.UUID) (Check, error) {
	var c Check
	err := checkQuery(db).Where("mk.id = ?", id).Scan(ctx, &c)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("check %s: not found after insert", id)
	}
	if err != nil {
		return c, fmt.Errorf("select check %s: %w", id, err)
	}
	return c, nil
}
