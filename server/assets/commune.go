package assets

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Kinds of commune. The CCBE itself is the one intercommunality.
const (
	CommuneKindCommune          = "commune"
	CommuneKindIntercommunality = "intercommunality"
)

// CommuneKinds lists the allowed commune kinds.
var CommuneKinds = []string{CommuneKindCommune, CommuneKindIntercommunality}

// Commune is a member commune, or the CCBE itself.
type Commune struct {
	bun.BaseModel `bun:"table:communes,alias:c"`

	ID   uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	Name string    `bun:"name" json:"name"`
	// Slug is the name in lower-case ASCII with hyphens, as in e-mail
	// addresses and URLs: "saint-didier-de-bizonnes".
	Slug string `bun:"slug" json:"slug"`
	Kind string `bun:"kind" json:"kind"`
	// AllowanceMinutes is the yearly time the committee grants the commune.
	AllowanceMinutes int `bun:"allowance_minutes" json:"allowance_minutes"`
	// HasServer marks a commune whose town hall runs its own server: that
	// town hall is out of the service's scope.
	HasServer bool `bun:"has_server" json:"has_server"`
	// ArchivedAt is when the commune was archived, nil while it is active.
	ArchivedAt *time.Time `bun:"archived_at" json:"archived_at"`
	CreatedAt  time.Time  `bun:"created_at" json:"created_at"`
	UpdatedAt  time.Time  `bun:"updated_at" json:"updated_at"`
	Version    int        `bun:"version" json:"version"`
}
