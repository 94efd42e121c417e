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

// EntityCampaign is the sync entity of the campaigns, in the wire
// format. A campaign belongs to no commune: every user pulls it.
const EntityCampaign = "maintenance_campaign"

// CreateCampaign opens the campaign of the year of body as actor. A year
// that has one already gives the 409 with it.
func (w *Writer) CreateCampaign(ctx context.Context, actor sync.Actor, body CampaignBody) (Campaign, error) {
	var created Campaign
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		var found bool
		var err error
		created, found, err = openCampaignIn(ctx, tx, actor, uuid.Must(uuid.NewV7()), body)
		if err == nil && found {
			e := apierr.New(http.StatusConflict, "already_exists", "maintenance_campaign_exists", created.Year)
			e.Current = created
			return e
		}
		return err
	})
	return created, err
}

// openCampaignIn opens the campaign of the year of body under id, inside
// tx, which holds sync.Lock. When the year has a campaign already, it
// returns that one with found true and writes nothing.
func openCampaignIn(ctx context.Context, tx bun.IDB, actor sync.Actor, id uuid.UUID, body CampaignBody) (c Campaign, found bool, err error) {
	if err := technicianOnly(actor); err != nil {
		return c, false, err
	}
	switch {
	case body.Year == nil:
		return c, false, field.Faults{"year": i18n.Required("year")}.Invalid()
	case *body.Year < minYear || *body.Year > maxYear:
		return c, false, field.Faults{"year": i18n.Msg("maintenance_year_range", *body.Year, minYear, maxYear)}.Invalid()
	}
	existing, err := CampaignByYear(ctx, tx, *body.Year)
	if err == nil {
		return existing, true, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return c, false, err
	}

	at := now()
	c = Campaign{ID: id, Year: *body.Year, CreatedBy: &actor.UserID, CreatedAt: at, UpdatedAt: at, Version: 1}
	if _, err := tx.NewInsert().Model(&c).Exec(ctx); err != nil {
		return c, false, fmt.Errorf("insert campaign %d: %w", c.Year, err)
	}
	return c, false, sync.RecordWrite(ctx, tx, sync.Write[Campaign]{
		Entity: EntityCampaign, ID: c.ID, Version: c.Version, Commune: sync.Everyone, Actor: &actor.UserID, After: c,
	})
}
