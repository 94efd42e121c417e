package tags

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
)

// Registry keeps the registry in step with the tags that the fleet's
// writes put on assets and take off them. It implements
// assets.TagRegistry and runs inside the caller's transaction.
type Registry struct{}

var _ assets.TagRegistry = Registry{}

// CheckAssetTag returns nil when tag is unassigned or already the
// asset's. Otherwise it returns assets.ErrTagNotPrinted, assets.ErrTagVoid
// or an *assets.TagTakenError.
func (Registry) CheckAssetTag(ctx context.Context, db bun.IDB, tag string, assetID uuid.UUID) error {
	var row Tag
	err := db.NewSelect().Model(&row).Where("tg.tag = ?", tag).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return assets.ErrTagNotPrinted
	}
	if err != nil {
		return fmt.Errorf("select tag %s: %w", tag, err)
	}

	switch {
	case row.Kind != KindAsset:
		// labels.Parse reads a location tag as such, so only a registry row
		// out of step with its tag text reaches this case.
		return assets.ErrTagNotPrinted
	case row.State == StateVoid:
		return assets.ErrTagVoid
	case row.State == StateAssigned && (row.AssetID == nil || *row.AssetID != assetID):
		taken := &assets.TagTakenError{Tag: tag}
		if row.AssetID != nil {
			taken.AssetID = *row.AssetID
		}
		return taken
	}
	return nil
}

// AssignAssetTag marks tag assigned to the asset. The update names the
// states it starts from, so that a tag voided or assigned by a concurrent
// transaction is not taken over, and the error then gives the tag's state.
func (r Registry) AssignAssetTag(ctx context.Context, db bun.IDB, tag string, assetID uuid.UUID) error {
	res, err := db.NewUpdate().Model((*Tag)(nil)).
		Set("state = ?", StateAssigned).Set("asset_id = ?", assetID).Set("updated_at = ?", time.Now().UTC()).
		Where("tag = ?", tag).Where("kind = ?", KindAsset).
		WhereGroup(" AND ", func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Where("state = ?", StateUnassigned).
				WhereOr("state = ? AND asset_id = ?", StateAssigned, assetID)
		}).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("assign tag %s to asset %s: %w", tag, assetID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		return nil
	}
	if err := r.CheckAssetTag(ctx, db, tag, assetID); err != nil {
		return err
	}
	return fmt.Errorf("assign tag %s to asset %s: no row updated", tag, assetID)
}

// ReleaseAssetTag marks tag unassigned again once it is off the asset, so
// that it can go on another one. A label that was destroyed rather than
// moved is voided afterwards with POST /api/v1/tags/{tag}/void.
func (Registry) ReleaseAssetTag(ctx context.Context, db bun.IDB, tag string, assetID uuid.UUID) error {
	_, err := db.NewUpdate().Model((*Tag)(nil)).
		Set("state = ?", StateUnassigned).Set("asset_id = NULL").Set("updated_at = ?", time.Now().UTC()).
		Where("tag = ?", tag).Where("asset_id = ?", assetID).Where("state = ?", StateAssigned).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("release tag %s of asset %s: %w", tag, assetID, err)
	}
	return nil
}

// MoveRoomTags records the room's new site on its location tags, so that
// printing the labels of a site still finds which rooms have one.
func (Registry) MoveRoomTags(ctx context.Context, db bun.IDB, roomID, siteID uuid.UUID) error {
	_, err := db.NewUpdate().Model((*Tag)(nil)).
		Set("site_id = ?", siteID).Set("updated_at = ?", time.Now().UTC()).
		Where("room_id = ?", roomID).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("move the location tags of room %s: %w", roomID, err)
	}
	return nil
}
