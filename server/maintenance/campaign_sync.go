package maintenance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/field"
	"parc/server/i18n"
	"parc/server/sync"
)

// SyncCampaigns returns the entity that opens the campaigns devices
// push, with the checks of the REST API. The year is the natural key: a
// campaign opened offline for a year that has one already, such as on
// two devices, becomes that campaign, and the device's id names it from
// then on. A campaign is never changed or deleted.
func (w *Writer) SyncCampaigns() sync.Entity {
	return campaignEntity{}
}

type campaignEntity struct{}

// Apply applies one operation; see sync.Entity.
func (campaignEntity) Apply(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op) (sync.Applied, error) {
	body, err := sync.ReadUpsert[CampaignBody](op, "not_deletable", "maintenance_campaign_not_deletable")
	if err != nil {
		return sync.Applied{}, err
	}

	known, err := campaignByID(ctx, tx, op.EntityID)
	if err != nil {
		return sync.Applied{}, err
	}
	if known != nil {
		if err := technicianOnly(actor); err != nil {
			return sync.Applied{}, err
		}
		if body.Year != nil && *body.Year != known.Year {
			return sync.Applied{}, field.Faults{"year": i18n.Msg("maintenance_campaign_keeps_year", known.Year)}.Invalid()
		}
		return sync.Applied{EntityID: known.ID, Version: known.Version, Before: *known, After: *known}, nil
	}

	c, found, err := openCampaignIn(ctx, tx, actor, op.EntityID, body)
	if err != nil {
		return sync.Applied{}, err
	}
	if found {
		return sync.Applied{EntityID: c.ID, Version: c.Version, Before: c, After: c}, nil
	}
	return sync.Applied{EntityID: c.ID, Version: c.Version, After: c}, nil
}

// campaignByID returns the campaign id, or nil when there is none.
func campaignByID(ctx context.Context, db bun.IDB, id uuid.UUID) (*Campaign, error) {
	var c Campaign
	err := db.NewSelect().Model(&c).Where("mc.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("select campaign %s: %w", id, err)
	}
	return &c, nil
}

func loadCampaigns(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error) {
	return sync.LoadByID(ctx, db.NewSelect().Model((*Campaign)(nil)), "mc.id", ids, func(c Campaign) uuid.UUID { return c.ID })
}

// SeedSync numbers, in the change sequence, the campaigns opened before
// devices pulled them. It returns how many it numbered.
func SeedSync(ctx context.Context, db *bun.DB) (int, error) {
	q := db.NewSelect().Table("maintenance_campaigns").
		ColumnExpr("id, ? AS commune_id, version, ? AS deleted", sync.Everyone, false)
	return sync.Seed(ctx, db, EntityCampaign, q)
}
