package requests

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
)

// Statuses of a request.
const (
	StatusNew        = "new"
	StatusPlanned    = "planned"
	StatusInProgress = "in_progress"
	StatusDone       = "done"
	StatusRefused    = "refused"
)

// Statuses lists the statuses of a request in the order it goes through
// them.
var Statuses = []string{StatusNew, StatusPlanned, StatusInProgress, StatusDone, StatusRefused}

// Urgencies of a request: a blocking one stops work at the site.
const (
	UrgencyBlocking = "blocking"
	UrgencyNormal   = "normal"
)

// Urgencies lists the allowed urgencies.
var Urgencies = []string{UrgencyBlocking, UrgencyNormal}

// Request is one request for an intervention at a site.
type Request struct {
	bun.BaseModel `bun:"table:requests,alias:rq"`

	ID     uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	SiteID uuid.UUID `bun:"site_id,type:uuid" json:"site_id"`
	// CommuneID is the commune of the site, read through a join.
	CommuneID   uuid.UUID  `bun:"commune_id,scanonly" json:"commune_id"`
	AssetID     *uuid.UUID `bun:"asset_id,type:uuid" json:"asset_id"`
	Category    string     `bun:"category" json:"category"`
	Urgency     string     `bun:"urgency" json:"urgency"`
	Description string     `bun:"description" json:"description"`
	Status      string     `bun:"status" json:"status"`
	// PlannedFor is the day the technician plans to come, set from
	// planned on.
	PlannedFor *assets.Date `bun:"planned_for,type:date" json:"planned_for"`
	// RefusedReason is the reason the service gave for refusing the request.
	RefusedReason string `bun:"refused_reason" json:"refused_reason"`
	// PhotoIDs are the stored photos of the request, read from
	// request_photos in the order they were attached.
	PhotoIDs  []uuid.UUID `bun:"-" json:"photo_ids"`
	CreatedBy *uuid.UUID  `bun:"created_by,type:uuid" json:"created_by"`
	DoneAt    *time.Time  `bun:"done_at" json:"done_at"`
	CreatedAt time.Time   `bun:"created_at" json:"created_at"`
	UpdatedAt time.Time   `bun:"updated_at" json:"updated_at"`
	Version   int         `bun:"version" json:"version"`
}

// Comment is a message on a request, by a correspondent or a technician.
// Comments are never changed or deleted.
type Comment struct {
	bun.BaseModel `bun:"table:request_comments,alias:rc"`

	ID        uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	RequestID uuid.UUID `bun:"request_id,type:uuid" json:"request_id"`
	// CommuneID is the commune of the request's site, read through a join.
	CommuneID uuid.UUID  `bun:"commune_id,scanonly" json:"commune_id"`
	AuthorID  *uuid.UUID `bun:"author_id,type:uuid" json:"author_id"`
	Body      string     `bun:"body" json:"body"`
	CreatedAt time.Time  `bun:"created_at" json:"created_at"`
}
