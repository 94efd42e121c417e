package assets

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Kinds of asset.
const (
	KindPC                    = "pc"
	KindLaptop                = "laptop"
	KindPrinter               = "printer"
	KindRouter                = "router"
	KindScreen                = "screen"
	KindInteractiveWhiteboard = "interactive_whiteboard"
	KindTablet                = "tablet"
	KindOther                 = "other"
)

// Kinds lists the allowed asset kinds.
var Kinds = []string{KindPC, KindLaptop, KindPrinter, KindRouter, KindScreen, KindInteractiveWhiteboard, KindTablet, KindOther}

// Statuses of an asset.
const (
	StatusInService = "in_service"
	StatusBroken    = "broken"
	StatusOnLoan    = "on_loan"
	StatusInStock   = "in_stock"
	StatusRetired   = "retired"
)

// Statuses lists the allowed asset statuses.
var Statuses = []string{StatusInService, StatusBroken, StatusOnLoan, StatusInStock, StatusRetired}

// Asset is one piece of equipment of the fleet.
type Asset struct {
	bun.BaseModel `bun:"table:assets,alias:a"`

	ID uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	// Tag is the asset tag printed on its label, nil until a label is
	// stuck on it.
	Tag          *string `bun:"tag" json:"tag"`
	Kind         string  `bun:"kind" json:"kind"`
	Brand        string  `bun:"brand" json:"brand"`
	Model        string  `bun:"model" json:"model"`
	Serial       string  `bun:"serial" json:"serial"`
	OS           string  `bun:"os" json:"os"`
	OSVersion    string  `bun:"os_version" json:"os_version"`
	PurchaseDate *Date   `bun:"purchase_date,type:date" json:"purchase_date"`
	WarrantyEnd  *Date   `bun:"warranty_end,type:date" json:"warranty_end"`
	Status       string  `bun:"status" json:"status"`
	// CommuneID is the commune of the asset's site, read through a join.
	CommuneID uuid.UUID  `bun:"commune_id,scanonly" json:"commune_id"`
	SiteID    uuid.UUID  `bun:"site_id,type:uuid" json:"site_id"`
	RoomID    *uuid.UUID `bun:"room_id,type:uuid" json:"room_id"`
	// RecommendedModel is the replacement the service advises.
	RecommendedModel  string     `bun:"recommended_model" json:"recommended_model"`
	Notes             string     `bun:"notes" json:"notes"`
	LastInventoriedAt *time.Time `bun:"last_inventoried_at" json:"last_inventoried_at"`
	LastMaintainedAt  *time.Time `bun:"last_maintained_at" json:"last_maintained_at"`
	// ArchivedAt is when the asset was archived, nil while it is active.
	// Archiving keeps the asset and its history: no endpoint deletes one.
	ArchivedAt *time.Time `bun:"archived_at" json:"archived_at"`
	CreatedAt  time.Time  `bun:"created_at" json:"created_at"`
	UpdatedAt  time.Time  `bun:"updated_at" json:"updated_at"`
	Version    int        `bun:"version" json:"version"`
}
