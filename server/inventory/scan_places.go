package inventory

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
	"parc/server/i18n"
	"parc/server/sync"
)

// checkPlaces refuses a scan whose site, rooms or asset do not exist or
// are outside the actor's communes, and whose room is not in its site.
func checkPlaces(ctx context.Context, tx bun.IDB, actor sync.Actor, scan Scan) error {
	bad := map[string]i18n.Message{}
	commune, ok, err := siteCommune(ctx, tx, scan.SiteID)
	if err != nil {
		return err
	}
	if !ok || !actor.Scope.Allows(commune) {
		bad["site_id"] = i18n.Msg("fleet_site_unknown", scan.SiteID.String())
	}
	if err := checkRoom(ctx, tx, bad, "room_id", scan.RoomID, scan.SiteID); err != nil {
		return err
	}
	if scan.MovedFromSiteID != nil {
		if _, ok, err := siteCommune(ctx, tx, *scan.MovedFromSiteID); err != nil {
			return err
		} else if !ok {
			bad["moved_from_site_id"] = i18n.Msg("fleet_site_unknown", scan.MovedFromSiteID.String())
		} else if err := checkRoom(ctx, tx, bad, "moved_from_room_id", scan.MovedFromRoomID, *scan.MovedFromSiteID); err != nil {
			return err
		}
	}
	if scan.AssetID != nil {
		n, err := tx.NewSelect().Table("assets").Where("id = ?", *scan.AssetID).Count(ctx)
		if err != nil {
			return fmt.Errorf("find asset %s of scan %s: %w", *scan.AssetID, scan.ID, err)
		}
		if n == 0 {
			bad["asset_id"] = i18n.Msg("inventory_asset_unknown", scan.AssetID.String(), scan.Tag)
		}
	}
	if len(bad) > 0 {
		return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_fields", Message: i18n.Msg("invalid_fields"), Fields: bad}
	}
	return nil
}

// siteCommune returns the commune of a site, and false when the site
// does not exist.
func siteCommune(ctx context.Context, tx bun.IDB, site uuid.UUID) (uuid.UUID, bool, error) {
	var commune uuid.UUID
	err := tx.NewSelect().Table("sites").Column("commune_id").Where("id = ?", site).Scan(ctx, &commune)
	if errors.Is(err, sql.ErrNoRows) {
		return uuid.Nil, false, nil
	}
	if err != nil {
		return uuid.Nil, false, fmt.Errorf("select site %s: %w", site, err)
	}
	return commune, true, nil
}

// checkRoom adds a fault on field when room is set and is not a room of
// site.
func checkRoom(ctx context.Context, tx bun.IDB, bad map[string]i18n.Message, field string, room *uuid.UUID, site uuid.UUID) error {
	if room == nil {
		return nil
	}
	n, err := tx.NewSelect().Table("rooms").Where("id = ?", *room).Where("site_id = ?", site).Count(ctx)
	if err != nil {
		return fmt.Errorf("select room %s: %w", *room, err)
	}
	if n == 0 {
		bad[field] = i18n.Msg("inventory_room_unknown", room.String(), site.String())
	}
	return nil
}

// dateInventory moves the asset's last inventory to the time of the scan
// when it is later, as a new version that devices pull. A duplicate scan
// or one of an unknown tag changes no asset.
func dateInventory(ctx context.Context, tx bun.IDB, actor sync.Actor, scan Scan) error {
	if scan.AssetID == nil || scan.Duplicate {
		return nil
	}
	var row struct {
		Version    int        `bun:"version"`
		CommuneID  uuid.UUID  `bun:"commune_id"`
		ArchivedAt *time.Time `bun:"archived_at"`
	}
	err := tx.NewUpdate().Table("assets").
		Set("last_inventoried_at = ?", scan.ScannedAt).Set("version = version + 1").
		Set("updated_at = ?", time.Now().UTC().Truncate(time.Microsecond)).
		Where("id = ?", *scan.AssetID).
		Where("(last_inventoried_at IS NULL OR last_inventoried_at < ?)", scan.ScannedAt).
		Returning("version, archived_at, (SELECT s.commune_id FROM sites AS s WHERE s.id = assets.site_id) AS commune_id").
		Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("date the inventory of asset %s: %w", *scan.AssetID, err)
	}
	return sync.Record(ctx, tx, sync.Change{
		Entity: sync.EntityAsset, ID: *scan.AssetID, Version: row.Version,
		Communes: []uuid.UUID{row.CommuneID}, Deleted: row.ArchivedAt != nil,
		Fields: []string{"last_inventoried_at"}, Actor: &actor.UserID,
	})
}
