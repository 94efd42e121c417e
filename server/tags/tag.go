package tags

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// States of a tag.
const (
	StateUnassigned = "unassigned"
	StateAssigned   = "assigned"
	StateVoid       = "void"
)

// Kinds of tag, as stored.
const (
	KindAsset    = "asset"
	KindLocation = "location"
)

// MaxBatch is the largest number of tags one batch reserves: 30 sheets of
// the 65-up Avery L7651, more than a year of new PCs for the service.
const MaxBatch = 2000

// Batch is one reservation of consecutive serials.
type Batch struct {
	bun.BaseModel `bun:"table:tag_batches,alias:tb"`

	ID          uuid.UUID  `bun:"id,pk,type:uuid" json:"id"`
	Prefix      string     `bun:"prefix" json:"prefix"`
	Kind        string     `bun:"kind" json:"kind"`
	FirstSerial int        `bun:"first_serial" json:"first_serial"`
	Count       int        `bun:"count" json:"count"`
	Note        string     `bun:"note" json:"note"`
	CreatedBy   *uuid.UUID `bun:"created_by,type:uuid" json:"created_by"`
	CreatedAt   time.Time  `bun:"created_at" json:"created_at"`
}

// Tag is one printed tag of the registry.
type Tag struct {
	bun.BaseModel `bun:"table:tags,alias:tg"`

	Tag     string     `bun:"tag,pk" json:"tag"`
	Prefix  string     `bun:"prefix" json:"prefix"`
	Kind    string     `bun:"kind" json:"kind"`
	Serial  int        `bun:"serial" json:"serial"`
	BatchID uuid.UUID  `bun:"batch_id,type:uuid" json:"batch_id"`
	State   string     `bun:"state" json:"state"`
	AssetID *uuid.UUID `bun:"asset_id,type:uuid" json:"asset_id"`
	SiteID  *uuid.UUID `bun:"site_id,type:uuid" json:"site_id"`
	RoomID  *uuid.UUID `bun:"room_id,type:uuid" json:"room_id"`
	// Prints counts how many times the label was printed: reprints of a
	// damaged label keep the tag and add one.
	Prints    int       `bun:"prints" json:"prints"`
	CreatedAt time.Time `bun:"created_at" json:"created_at"`
	UpdatedAt time.Time `bun:"updated_at" json:"updated_at"`
}

type counter struct {
	bun.BaseModel `bun:"table:tag_counters,alias:tc"`

	Prefix     string `bun:"prefix,pk"`
	Kind       string `bun:"kind,pk"`
	NextSerial int    `bun:"next_serial"`
}
