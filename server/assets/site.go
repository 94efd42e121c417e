package assets

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Kinds of site.
const (
	SiteKindSchool     = "school"
	SiteKindTownHall   = "town_hall"
	SiteKindLibrary    = "library"
	SiteKindCCBEOffice = "ccbe_office"
)

// SiteKinds lists the allowed site kinds.
var SiteKinds = []string{SiteKindSchool, SiteKindTownHall, SiteKindLibrary, SiteKindCCBEOffice}

// Site is a building of a commune: a school, a town hall, a library or the
// CCBE's office.
type Site struct {
	bun.BaseModel `bun:"table:sites,alias:s"`

	ID        uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	CommuneID uuid.UUID `bun:"commune_id,type:uuid" json:"commune_id"`
	Name      string    `bun:"name" json:"name"`
	Kind      string    `bun:"kind" json:"kind"`
	Address   *string   `bun:"address" json:"address"`
	// Tag is the site's location tag, read from the tag registry, or nil
	// when no location tag is assigned to the site itself.
	Tag *string `bun:"tag,scanonly" json:"tag"`
	// ArchivedAt is when the site was archived, nil while it is active.
	ArchivedAt *time.Time `bun:"archived_at" json:"archived_at"`
	CreatedAt  time.Time  `bun:"created_at" json:"created_at"`
	UpdatedAt  time.Time  `bun:"updated_at" json:"updated_at"`
	Version    int        `bun:"version" json:"version"`
}

// Room is a room of a site, such as "Classe CM2" or "Secrétariat".
type Room struct {
	bun.BaseModel `bun:"table:rooms,alias:r"`

	ID     uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	SiteID uuid.UUID `bun:"site_id,type:uuid" json:"site_id"`
	// CommuneID is the commune of the room's site, read through a join.
	CommuneID uuid.UUID `bun:"commune_id,scanonly" json:"commune_id"`
	Name      string    `bun:"name" json:"name"`
	// Tag is the room's location tag, read from the tag registry, or nil
	// when no location tag is assigned to the room.
	Tag *string `bun:"tag,scanonly" json:"tag"`
	// ArchivedAt is when the room was archived, nil while it is active.
	ArchivedAt *time.Time `bun:"archived_at" json:"archived_at"`
	CreatedAt  time.Time  `bun:"created_at" json:"created_at"`
	UpdatedAt  time.Time  `bun:"updated_at" json:"updated_at"`
	Version    int        `bun:"version" json:"version"`
}
