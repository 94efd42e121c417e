package tags

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/sync"
)

// syncedRow holds the columns Record needs of a record that a tag write
// changed.
type syncedRow struct {
	Version    int        `bun:"version"`
	CommuneID  uuid.UUID  `bun:"commune_id"`
	ArchivedAt *time.Time `bun:"archived_at"`
}

// untagAsset takes a voided tag off its asset, as a new version of the
// asset that devices pull, so that a scan no longer finds the asset by
// that tag.
func untagAsset(ctx context.Context, tx bun.IDB, actor *uuid.UUID, asset uuid.UUID, tag string, at time.Time) error {
	var row syncedRow
	err := tx.NewUpdate().Table("assets").
		Set("tag = NULL").Set("updated_at = ?", at).Set("version = version + 1").
		Where("id = ?", asset).Where("tag = ?", tag).
		Returning("version, archived_at, (SELECT s.commune_id FROM sites AS s WHERE s.id = assets.site_id) AS commune_id").
		Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("untag asset %s: %w", asset, err)
	}
	return sync.Record(ctx, tx, sync.Change{
		Entity: sync.EntityAsset, ID: asset, Version: row.Version,
		Communes: []uuid.UUID{row.CommuneID}, Deleted: row.ArchivedAt != nil,
		Fields: []string{"tag"}, Actor: actor,
	})
}

// recordPlaces files a change of each place that a batch of location
// tags named, so that devices pull the place with its tag. The place
// keeps its version: no field of its own changed.
func recordPlaces(ctx context.Context, tx bun.IDB, actor *uuid.UUID, places []Place) error {
	for _, p := range places {
		entity, q := sync.EntitySite, tx.NewSelect().Table("sites").
			ColumnExpr("version, archived_at, commune_id").Where("id = ?", p.SiteID)
		id := p.SiteID
		if p.RoomID != nil {
			entity, id = sync.EntityRoom, *p.RoomID
			q = tx.NewSelect().TableExpr("rooms AS r").Join("JOIN sites AS s ON s.id = r.site_id").
				ColumnExpr("r.version, r.archived_at, s.commune_id").Where("r.id = ?", id)
		}
		var row syncedRow
		if err := q.Scan(ctx, &row); err != nil {
			return fmt.Errorf("select %s %s of a location tag: %w", entity, id, err)
		}
		err := sync.Record(ctx, tx, sync.Change{
			Entity: entity, ID: id, Version: row.Version,
			Communes: []uuid.UUID{row.CommuneID}, Deleted: row.ArchivedAt != nil, Actor: actor,
		})
		if err != nil {
			return err
		}
	}
	return nil
}
