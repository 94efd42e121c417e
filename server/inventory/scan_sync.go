package inventory

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/i18n"
	"parc/server/sync"
)

// maxTagLength bounds the tag text of a scan; a tag has nine characters.
const maxTagLength = 32

// clockSkew is how far in the future a scan's time may be, for a device
// whose clock runs ahead.
const clockSkew = 24 * time.Hour

// SyncScans returns the entity that stores the inventory scans devices
// push. Scans are append-only: a scan sent again unchanged is accepted
// and changes nothing, a changed one is refused.
func SyncScans() sync.Entity {
	return scans{}
}

type scans struct{}

// Apply stores one scan; see sync.Entity.
func (scans) Apply(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op) (sync.Applied, error) {
	if actor.Role != accounts.RoleTechnician {
		return sync.Applied{}, apierr.New(http.StatusForbidden, "forbidden", "sync_forbidden", op.Entity)
	}
	if op.Action == sync.ActionDelete {
		return sync.Applied{}, apierr.New(http.StatusUnprocessableEntity, "append_only", "inventory_scan_append_only")
	}
	scan, err := readScan(op, actor.UserID)
	if err != nil {
		return sync.Applied{}, err
	}

	var stored Scan
	err = tx.NewSelect().Model(&stored).Where("isc.id = ?", scan.ID).Scan(ctx)
	switch {
	case err == nil:
		return sameScan(stored, scan)
	case !errors.Is(err, sql.ErrNoRows):
		return sync.Applied{}, fmt.Errorf("select inventory scan %s: %w", scan.ID, err)
	}

	if err := checkPlaces(ctx, tx, actor, scan); err != nil {
		return sync.Applied{}, err
	}
	if _, err := tx.NewInsert().Model(&scan).Exec(ctx); err != nil {
		return sync.Applied{}, fmt.Errorf("insert inventory scan %s: %w", scan.ID, err)
	}
	if err := dateInventory(ctx, tx, actor, scan); err != nil {
		return sync.Applied{}, err
	}
	return sync.Applied{EntityID: scan.ID, Version: 1, After: scan, AppendOnly: true}, nil
}

// readScan reads the members of op into a scan by user, or returns the
// 400 that names each unreadable member.
func readScan(op sync.Op, user uuid.UUID) (Scan, error) {
	var in ScanFields
	if err := json.Unmarshal(op.Fields, &in); err != nil {
		return Scan{}, apierr.JSON(err, "sync_fields_unreadable")
	}
	bad := map[string]i18n.Message{}
	scan := Scan{
		ID: op.EntityID, Tag: strings.ToUpper(strings.TrimSpace(in.Tag)), Duplicate: in.Duplicate, UserID: user,
		RoundID: requiredID(bad, "round_id", in.RoundID), SiteID: requiredID(bad, "site_id", in.SiteID),
		AssetID: optionalID(bad, "asset_id", in.AssetID), RoomID: optionalID(bad, "room_id", in.RoomID),
		MovedFromSiteID: optionalID(bad, "moved_from_site_id", in.MovedFromSiteID),
		MovedFromRoomID: optionalID(bad, "moved_from_room_id", in.MovedFromRoomID),
		CreatedAt:       time.Now().UTC().Truncate(time.Microsecond),
	}
	if scan.Tag == "" || utf8.RuneCountInString(scan.Tag) > maxTagLength || strings.ContainsFunc(scan.Tag, func(r rune) bool { return r < '!' || r > '~' }) {
		bad["tag"] = i18n.Msg("inventory_tag_unreadable", apierr.Quote(in.Tag))
	}
	at, err := time.Parse(time.RFC3339Nano, in.ScannedAt)
	switch {
	case err != nil:
		bad["scanned_at"] = i18n.Msg("inventory_time_unreadable", apierr.Quote(in.ScannedAt))
	case at.After(time.Now().Add(clockSkew)):
		bad["scanned_at"] = i18n.Msg("inventory_time_future", in.ScannedAt)
	}
	scan.ScannedAt = at.UTC().Truncate(time.Microsecond)
	if len(bad) > 0 {
		return Scan{}, &apierr.Error{Status: http.StatusBadRequest, Code: "invalid_value", Message: i18n.Msg("inventory_scan_unreadable"), Fields: bad}
	}
	return scan, nil
}

func requiredID(bad map[string]i18n.Message, name, text string) uuid.UUID {
	id, err := uuid.Parse(text)
	if err != nil || len(text) != 36 || id == uuid.Nil {
		bad[name] = i18n.Msg("fleet_id_unreadable", apierr.Quote(text))
		return uuid.Nil
	}
	return id
}

func optionalID(bad map[string]i18n.Message, name string, text *string) *uuid.UUID {
	if text == nil || *text == "" {
		return nil
	}
	id := requiredID(bad, name, *text)
	if id == uuid.Nil {
		return nil
	}
	return &id
}

// sameScan accepts a scan sent again unchanged and refuses a changed one.
func sameScan(stored, scan Scan) (sync.Applied, error) {
	same := stored.RoundID == scan.RoundID && stored.Tag == scan.Tag && stored.SiteID == scan.SiteID &&
		sameID(stored.AssetID, scan.AssetID) && sameID(stored.RoomID, scan.RoomID) &&
		sameID(stored.MovedFromSiteID, scan.MovedFromSiteID) && sameID(stored.MovedFromRoomID, scan.MovedFromRoomID) &&
		stored.Duplicate == scan.Duplicate && stored.ScannedAt.Equal(scan.ScannedAt)
	if !same {
		return sync.Applied{}, apierr.New(http.StatusConflict, "append_only", "inventory_scan_changed", scan.ID.String())
	}
	return sync.Applied{EntityID: stored.ID, Version: 1, After: stored, AppendOnly: true}, nil
}

func sameID(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
