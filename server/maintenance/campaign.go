package maintenance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/audit"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/store"
	"parc/server/sync"
)

// Years a campaign may cover.
const (
	minYear = 2000
	maxYear = 2100
)

// Campaign is the preventive-maintenance round of one year.
type Campaign struct {
	bun.BaseModel `bun:"table:maintenance_campaigns,alias:mc"`

	ID        uuid.UUID  `bun:"id,pk,type:uuid" json:"id"`
	Year      int        `bun:"year" json:"year"`
	CreatedBy *uuid.UUID `bun:"created_by,type:uuid" json:"created_by"`
	CreatedAt time.Time  `bun:"created_at" json:"created_at"`
	UpdatedAt time.Time  `bun:"updated_at" json:"updated_at"`
	Version   int        `bun:"version" json:"version"`
}

// CampaignBody is the body of POST /api/v1/maintenance/campaigns.
type CampaignBody struct {
	Year *int `json:"year"`
}

// CampaignByYear returns the campaign of year, or store.ErrNotFound.
func CampaignByYear(ctx context.Context, db bun.IDB, year int) (Campaign, error) {
	var c Campaign
	err := db.NewSelect().Model(&c).Where("mc.year = ?", year).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("campaign %d: %w", year, store.ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("select campaign %d: %w", year, err)
	}
	return c, nil
}

// Campaigns returns every campaign, the latest year first.
func Campaigns(ctx context.Context, db bun.IDB) ([]Campaign, error) {
	out := []Campaign{}
	if err := db.NewSelect().Model(&out).OrderExpr("mc.year DESC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	return out, nil
}

// CreateCampaign opens the campaign of the year of body as actor. A year
// that has one already gives the 409 with it.
func (w *Writer) CreateCampaign(ctx context.Context, actor sync.Actor, body CampaignBody) (Campaign, error) {
	var created Campaign
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		if err := technicianOnly(actor); err != nil {
			return err
		}
		switch {
		case body.Year == nil:
			return field.Faults{"year": i18n.Msg("field_required")}.Invalid()
		case *body.Year < minYear || *body.Year > maxYear:
			return field.Faults{"year": i18n.Msg("maintenance_year_range", *body.Year, minYear, maxYear)}.Invalid()
		}
		existing, err := CampaignByYear(ctx, tx, *body.Year)
		if err == nil {
			e := apierr.New(http.StatusConflict, "already_exists", "maintenance_campaign_exists", *body.Year)
			e.Current = existing
			return e
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}

		at := now()
		created = Campaign{ID: uuid.Must(uuid.NewV7()), Year: *body.Year, CreatedBy: &actor.UserID, CreatedAt: at, UpdatedAt: at, Version: 1}
		if _, err := tx.NewInsert().Model(&created).Exec(ctx); err != nil {
			return fmt.Errorf("insert campaign %d: %w", created.Year, err)
		}
		return audit.Record(ctx, tx, &actor.UserID, "maintenance_campaign", created.ID, ActionCreate, nil, created)
	})
	return created, err
}
