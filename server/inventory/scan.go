package inventory

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Scan is one tag scanned during an inventory round.
type Scan struct {
	bun.BaseModel `bun:"table:inventory_scans,alias:isc"`

	ID      uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	RoundID uuid.UUID `bun:"round_id,type:uuid" json:"round_id"`
	// AssetID is nil for a tag that named no asset on the device.
	AssetID *uuid.UUID `bun:"asset_id,type:uuid" json:"asset_id"`
	Tag     string     `bun:"tag" json:"tag"`
	// SiteID and RoomID are where the asset was seen.
	SiteID uuid.UUID  `bun:"site_id,type:uuid" json:"site_id"`
	RoomID *uuid.UUID `bun:"room_id,type:uuid" json:"room_id"`
	// MovedFromSiteID and MovedFromRoomID are where the asset was
	// recorded when the technician confirmed it had moved, nil otherwise.
	MovedFromSiteID *uuid.UUID `bun:"moved_from_site_id,type:uuid" json:"moved_from_site_id"`
	MovedFromRoomID *uuid.UUID `bun:"moved_from_room_id,type:uuid" json:"moved_from_room_id"`
	// Duplicate is true for a second scan of an asset in the same round.
	Duplicate bool      `bun:"duplicate" json:"duplicate"`
	ScannedAt time.Time `bun:"scanned_at" json:"scanned_at"`
	UserID    uuid.UUID `bun:"user_id,type:uuid" json:"user_id"`
	CreatedAt time.Time `bun:"created_at" json:"created_at"`
}

// ScanFields are the members of a pushed inventory_scan operation.
type ScanFields struct {
	RoundID         string  `json:"round_id"`
	AssetID         *string `json:"asset_id"`
	Tag             string  `json:"tag"`
	SiteID          string  `json:"site_id"`
	RoomID          *string `json:"room_id"`
	MovedFromSiteID *string `json:"moved_from_site_id"`
	MovedFromRoomID *string `json:"moved_from_room_id"`
	Duplicate       bool    `json:"duplicate"`
	ScannedAt       string  `json:"scanned_at"`
}
