package loans

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/store"
)

// checkCheckOut reads body into loan, checks it and returns the PC. The PC
// must be an active, working spare on no open loan, and the site an
// active site of the commune. The reason is required, and the loan is due
// between today and max_loan_days from today.
func (w *Writer) checkCheckOut(ctx context.Context, tx bun.IDB, loan *Loan, body LoanBody) (assets.Asset, error) {
	bad := field.Faults{}
	loan.CommuneID = bad.OptionalID("commune_id", body.CommuneID)
	loan.SiteID = bad.OptionalID("site_id", body.SiteID)
	due, hasDue := bad.OptionalDate("due_date", body.DueDate)
	asset, assetFault, err := w.readAsset(ctx, tx, body.Asset, bad)
	if err != nil {
		return asset, err
	}
	if err := bad.Unreadable(); err != nil {
		return asset, err
	}

	f := field.Faults{}
	if assetFault != nil {
		f.Add("asset", *assetFault)
	} else if err := checkSpare(ctx, tx, asset, f); err != nil {
		return asset, err
	}
	if err := checkPlace(ctx, tx, loan.CommuneID, loan.SiteID, f); err != nil {
		return asset, err
	}
	loan.AssetID = asset.ID
	loan.Reason = strings.TrimSpace(body.Reason.Value)
	f.Text("reason", loan.Reason, true, maxReason)
	if !hasDue {
		f.Add("due_date", i18n.Msg("loan_due_missing"))
	} else if err := w.checkDueDate(ctx, due, Today(), f); err != nil {
		return asset, err
	}
	loan.DueDate = due
	return asset, f.Invalid()
}

// readAsset resolves the asset member. A value that cannot be read is a
// fault of bad; one that names no asset comes back as the fault to report.
func (w *Writer) readAsset(ctx context.Context, tx bun.IDB, in assets.Field[string], bad field.Faults) (assets.Asset, *i18n.Message, error) {
	if !in.Set || strings.TrimSpace(in.Value) == "" {
		m := i18n.Msg("loan_asset_missing")
		return assets.Asset{}, &m, nil
	}
	asset, err := w.Fleet.FindAsset(ctx, tx, in.Value)
	var ref *assets.AssetRefError
	switch {
	case errors.As(err, &ref) && ref.Unreadable:
		bad.Add("asset", ref.Message)
		return asset, nil, nil
	case errors.As(err, &ref):
		return asset, &ref.Message, nil
	}
	return asset, nil, err
}

// checkSpare adds the fault of lending asset: it must be in the pool of
// spares, active, available and on no other loan.
func checkSpare(ctx context.Context, tx bun.IDB, asset assets.Asset, f field.Faults) error {
	label := assetLabel(asset)
	spare, err := isSpare(ctx, tx, asset.ID)
	if err != nil {
		return err
	}
	open, err := openLoanOf(ctx, tx, asset.ID)
	hasOpen := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}

	switch {
	case asset.ArchivedAt != nil:
		f.Add("asset", i18n.Msg("loan_asset_archived", label))
	case !spare:
		f.Add("asset", i18n.Msg("loan_asset_not_spare", label))
	case hasOpen:
		f.Add("asset", i18n.Msg("loan_asset_on_loan", label, open.DueDate.String()))
	case asset.Status == assets.StatusOnLoan:
		f.Add("asset", i18n.Msg("loan_asset_marked_on_loan", label))
	case asset.Status == assets.StatusBroken:
		f.Add("asset", i18n.Msg("loan_asset_broken", label))
	case asset.Status == assets.StatusRetired:
		f.Add("asset", i18n.Msg("loan_asset_retired", label))
	}
	return nil
}

// checkPlace adds the faults of the commune and site of a loan: both
// exist and are active, and the site belongs to the commune.
func checkPlace(ctx context.Context, tx bun.IDB, communeID, siteID uuid.UUID, f field.Faults) error {
	var commune assets.Commune
	var err error
	if communeID == uuid.Nil {
		f.Add("commune_id", i18n.Required("commune_id"))
	} else if commune, err = assets.CommuneByID(ctx, tx, communeID); errors.Is(err, store.ErrNotFound) {
		f.Add("commune_id", i18n.Msg("fleet_commune_unknown", communeID.String()))
	} else if err != nil {
		return err
	} else if commune.ArchivedAt != nil {
		f.Add("commune_id", i18n.Msg("fleet_commune_archived", commune.Name))
	}

	if siteID == uuid.Nil {
		f.Add("site_id", i18n.Required("site_id"))
		return nil
	}
	site, err := assets.SiteByID(ctx, tx, siteID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		f.Add("site_id", i18n.Msg("fleet_site_unknown", siteID.String()))
	case err != nil:
		return err
	case commune.ID != uuid.Nil && site.CommuneID != commune.ID:
		f.Add("site_id", i18n.Msg("loan_site_other_commune", site.Name, commune.Name))
	case site.ArchivedAt != nil:
		f.Add("site_id", i18n.Msg("fleet_site_archived", site.Name))
	}
	return nil
}

// checkDueDate adds the fault of a due date before today or more than
// max_loan_days after the check-out day.
func (w *Writer) checkDueDate(ctx context.Context, due, checkedOut assets.Date, f field.Faults) error {
	today := Today()
	if due.Before(today.Time) {
		f.Add("due_date", i18n.Msg("loan_due_past", due.String(), today.String()))
		return nil
	}
	maxDays, err := w.MaxLoanDays(ctx)
	if err != nil {
		return err
	}
	latest := assets.Date{Time: checkedOut.AddDate(0, 0, maxDays)}
	if due.After(latest.Time) {
		f.Add("due_date", i18n.Msg("loan_due_too_far", due.String(), maxDays, latest.String()))
	}
	return nil
}

// checkChange applies the reason and due date of body to next, a loan
// still open, and checks them. A loan keeps its PC, commune and site:
// body may repeat them, not change them.
func (w *Writer) checkChange(ctx context.Context, tx bun.IDB, next *Loan, body LoanBody) error {
	if next.ReturnedAt != nil {
		return apierr.New(http.StatusUnprocessableEntity, "loan_closed", "loan_returned", next.ReturnedAt.In(paris).Format("2006-01-02 15:04"))
	}
	bad := field.Faults{}
	due, hasDue := bad.OptionalDate("due_date", body.DueDate)
	commune, site := bad.OptionalID("commune_id", body.CommuneID), bad.OptionalID("site_id", body.SiteID)
	asset, assetFault, err := w.readAsset(ctx, tx, body.Asset, bad)
	if err != nil {
		return err
	}
	if err := bad.Unreadable(); err != nil {
		return err
	}

	f := field.Faults{}
	if body.Asset.Set && (assetFault != nil || asset.ID != next.AssetID) {
		f.Add("asset", i18n.Msg("loan_keeps_place"))
	}
	if body.CommuneID.Set && commune != next.CommuneID {
		f.Add("commune_id", i18n.Msg("loan_keeps_place"))
	}
	if body.SiteID.Set && site != next.SiteID {
		f.Add("site_id", i18n.Msg("loan_keeps_place"))
	}
	if body.Reason.Set {
		next.Reason = strings.TrimSpace(body.Reason.Value)
		f.Text("reason", next.Reason, true, maxReason)
	}
	if body.DueDate.Set && !hasDue {
		f.Add("due_date", i18n.Msg("loan_due_missing"))
	}
	if hasDue && !due.Equal(next.DueDate.Time) {
		out := next.CheckedOutAt.In(paris)
		if err := w.checkDueDate(ctx, due, assets.NewDate(out.Year(), out.Month(), out.Day()), f); err != nil {
			return err
		}
		next.DueDate = due
	}
	return f.Invalid()
}
