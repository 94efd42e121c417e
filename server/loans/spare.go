package loans

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/sync"
)

// Spare is a PC of the pool that the service lends, with what a loan
// screen shows of it.
type Spare struct {
	bun.BaseModel `bun:"table:loan_spares,alias:sp"`

	AssetID uuid.UUID `bun:"asset_id,pk,type:uuid" json:"asset_id"`
	// ID repeats AssetID: devices keep every pulled record by its id.
	ID uuid.UUID `bun:"-" json:"id"`
	// The members below are read from the asset and its site.
	Tag        *string    `bun:"tag,scanonly" json:"tag"`
	Kind       string     `bun:"kind,scanonly" json:"kind"`
	Brand      string     `bun:"brand,scanonly" json:"brand"`
	Model      string     `bun:"model,scanonly" json:"model"`
	Status     string     `bun:"status,scanonly" json:"status"`
	CommuneID  uuid.UUID  `bun:"commune_id,scanonly" json:"commune_id"`
	SiteID     uuid.UUID  `bun:"site_id,scanonly" json:"site_id"`
	ArchivedAt *time.Time `bun:"archived_at,scanonly" json:"archived_at"`
	// LoanID is the open loan of the PC, nil while it is in the pool.
	LoanID *uuid.UUID `bun:"loan_id,scanonly" json:"loan_id"`
	// Available is true when a check-out of the PC would pass: active,
	// on no loan, neither broken nor retired.
	Available bool      `bun:"-" json:"available"`
	CreatedAt time.Time `bun:"created_at" json:"created_at"`
	// Version counts the writes of the spare, its loans included.
	Version int `bun:"version" json:"version"`
}

func spareQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*Spare)(nil)).
		ColumnExpr("sp.*").
		ColumnExpr("a.tag, a.kind, a.brand, a.model, a.status, s.commune_id, a.site_id, a.archived_at").
		ColumnExpr("(SELECT l.id FROM loans AS l WHERE l.asset_id = sp.asset_id AND l.returned_at IS NULL) AS loan_id").
		Join("JOIN assets AS a ON a.id = sp.asset_id").
		Join("JOIN sites AS s ON s.id = a.site_id")
}

func (sp *Spare) settle() {
	sp.ID = sp.AssetID
	sp.Available = sp.ArchivedAt == nil && sp.LoanID == nil &&
		sp.Status != assets.StatusOnLoan && sp.Status != assets.StatusBroken && sp.Status != assets.StatusRetired
}

// Spares returns the pool of spare PCs located in the communes of scope,
// in the order of their tags.
func Spares(ctx context.Context, db bun.IDB, scope accounts.Scope) ([]Spare, error) {
	out := []Spare{}
	q := spareQuery(db)
	if !scope.All {
		if len(scope.Communes) == 0 {
			return out, nil
		}
		q = q.Where("s.commune_id IN (?)", bun.List(scope.Communes))
	}
	if err := q.OrderExpr("a.tag, sp.asset_id").Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("list spare PCs: %w", err)
	}
	for i := range out {
		out[i].settle()
	}
	return out, nil
}

func spareByID(ctx context.Context, db bun.IDB, assetID uuid.UUID) ([]Spare, error) {
	var found []Spare
	if err := spareQuery(db).Where("sp.asset_id = ?", assetID).Scan(ctx, &found); err != nil {
		return nil, fmt.Errorf("select spare PC %s: %w", assetID, err)
	}
	for i := range found {
		found[i].settle()
	}
	return found, nil
}

func isSpare(ctx context.Context, db bun.IDB, assetID uuid.UUID) (bool, error) {
	found, err := spareByID(ctx, db, assetID)
	return len(found) > 0, err
}

// InsertSpares adds PCs to the pool without checks or audit entries, for
// a data set loaded in bulk such as the demo.
func InsertSpares(ctx context.Context, db bun.IDB, assetIDs []uuid.UUID, at time.Time) error {
	if len(assetIDs) == 0 {
		return nil
	}
	rows := make([]Spare, len(assetIDs))
	for i, id := range assetIDs {
		rows[i] = Spare{AssetID: id, CreatedAt: at, Version: 1}
	}
	if _, err := db.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return fmt.Errorf("insert %d spare PCs: %w", len(rows), err)
	}
	return nil
}

// AddSpare puts the PC that ref names, by id or tag, in the pool of
// spares. created is false when it was there already.
func (w *Writer) AddSpare(ctx context.Context, actor sync.Actor, ref assets.Field[string]) (spare Spare, created bool, err error) {
	err = sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		if err := technicianOnly(actor); err != nil {
			return err
		}
		bad := field.Faults{}
		asset, fault, err := w.readAsset(ctx, tx, ref, bad)
		if err != nil {
			return err
		}
		if err := bad.Unreadable(); err != nil {
			return err
		}
		f := field.Faults{}
		switch {
		case fault != nil:
			f.Add("asset", *fault)
		case asset.ArchivedAt != nil:
			f.Add("asset", i18n.Msg("loan_asset_archived", assetLabel(asset)))
		case asset.Kind != assets.KindPC && asset.Kind != assets.KindLaptop:
			f.Add("asset", i18n.Msg("loan_spare_not_pc", assetLabel(asset), i18n.Msg("asset_kind_"+asset.Kind)))
		}
		if err := f.Invalid(); err != nil {
			return err
		}

		found, err := spareByID(ctx, tx, asset.ID)
		if err != nil {
			return err
		}
		if len(found) > 0 {
			spare = found[0]
			return nil
		}
		if err := InsertSpares(ctx, tx, []uuid.UUID{asset.ID}, now()); err != nil {
			return err
		}
		found, err = spareByID(ctx, tx, asset.ID)
		if err != nil {
			return err
		}
		spare, created = found[0], true
		return recordSpare(ctx, tx, &actor.UserID, asset.ID)
	})
	return spare, created, err
}

// RemoveSpare takes the PC assetID out of the pool of spares. A PC on
// loan stays until it is checked in.
func (w *Writer) RemoveSpare(ctx context.Context, actor sync.Actor, assetID uuid.UUID) error {
	return sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		if err := technicianOnly(actor); err != nil {
			return err
		}
		found, err := spareByID(ctx, tx, assetID)
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return apierr.NotFound("loan_spare_not_found", assetID.String())
		}
		spare := found[0]
		if spare.LoanID != nil {
			return apierr.New(http.StatusUnprocessableEntity, "on_loan", "loan_spare_on_loan", spareLabel(spare))
		}

		if _, err := tx.NewDelete().TableExpr("loan_spares").Where("asset_id = ?", assetID).Exec(ctx); err != nil {
			return fmt.Errorf("delete spare PC %s: %w", assetID, err)
		}
		return recordSpareRemoved(ctx, tx, &actor.UserID, spare)
	})
}

func spareLabel(sp Spare) string {
	if sp.Tag != nil {
		return *sp.Tag
	}
	return sp.AssetID.String()
}
