package loans

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
)

// Statuses of a loan, derived from its dates: open until returned,
// overdue when still open after its due date, closed once returned.
const (
	StatusOpen    = "open"
	StatusOverdue = "overdue"
	StatusClosed  = "closed"
)

// Statuses lists the statuses a list may filter on.
var Statuses = []string{StatusOpen, StatusOverdue, StatusClosed}

// Conditions of a spare PC when it comes back.
const (
	ConditionOK      = "ok"
	ConditionDamaged = "damaged"
)

// Conditions lists the allowed return conditions.
var Conditions = []string{ConditionOK, ConditionDamaged}

// Limits of the text of a loan, in characters.
const (
	maxReason = 1000
	maxNote   = 4000
)

// Loan is one loan of a spare PC to a site.
type Loan struct {
	bun.BaseModel `bun:"table:loans,alias:l"`

	ID      uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	AssetID uuid.UUID `bun:"asset_id,type:uuid" json:"asset_id"`
	// AssetTag is the tag of the lent PC, read through a join.
	AssetTag  *string   `bun:"asset_tag,scanonly" json:"asset_tag"`
	CommuneID uuid.UUID `bun:"commune_id,type:uuid" json:"commune_id"`
	SiteID    uuid.UUID `bun:"site_id,type:uuid" json:"site_id"`
	Reason    string    `bun:"reason" json:"reason"`
	// DueDate is the last day of the loan, in the Europe/Paris zone.
	DueDate      assets.Date `bun:"due_date,type:date" json:"due_date"`
	CheckedOutAt time.Time   `bun:"checked_out_at" json:"checked_out_at"`
	CheckedOutBy *uuid.UUID  `bun:"checked_out_by,type:uuid" json:"checked_out_by"`
	// ReturnedAt is nil while the PC is away.
	ReturnedAt      *time.Time `bun:"returned_at" json:"returned_at"`
	ReturnedBy      *uuid.UUID `bun:"returned_by,type:uuid" json:"returned_by"`
	ReturnCondition *string    `bun:"return_condition" json:"return_condition"`
	ReturnNote      string     `bun:"return_note" json:"return_note"`
	// Status is derived on reading from ReturnedAt, DueDate and the day
	// of the read; it is not stored.
	Status    string    `bun:"-" json:"status"`
	CreatedAt time.Time `bun:"created_at" json:"created_at"`
	UpdatedAt time.Time `bun:"updated_at" json:"updated_at"`
	Version   int       `bun:"version" json:"version"`
}

// settle sets the status of l as of the day today.
func (l *Loan) settle(today assets.Date) {
	switch {
	case l.ReturnedAt != nil:
		l.Status = StatusClosed
	case l.DueDate.Before(today.Time):
		l.Status = StatusOverdue
	default:
		l.Status = StatusOpen
	}
}
