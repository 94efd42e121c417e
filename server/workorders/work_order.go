package workorders

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
)

// Statuses of a work order.
const (
	StatusPlanned    = "planned"
	StatusInProgress = "in_progress"
	StatusDone       = "done"
)

// Statuses lists the statuses of a work order in the order it goes
// through them.
var Statuses = []string{StatusPlanned, StatusInProgress, StatusDone}

// Levels of intervention. Level 1 is the service's work for every site;
// levels 2 and 3 are for the CCBE's office and the libraries only.
const (
	LevelBasic = 1
	LevelMax   = 3
)

// ChecklistCodes are the actions a technician ticks on a work order. Their
// labels are the catalogue entries "work_order_check_<code>".
var ChecklistCodes = []string{
	"updates_installed", "antivirus_checked", "disk_checked", "backup_checked",
	"cleaned", "network_checked", "printer_tested", "user_informed",
}

// WorkOrder is one intervention of the service at a site. Every user who
// may read the work order reads every member, the commune's
// correspondents included, so there are no internal notes.
type WorkOrder struct {
	bun.BaseModel `bun:"table:work_orders,alias:wo"`

	ID uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	// RequestID is the request the work is for, nil for work done on the
	// spot.
	RequestID *uuid.UUID `bun:"request_id,type:uuid" json:"request_id"`
	SiteID    uuid.UUID  `bun:"site_id,type:uuid" json:"site_id"`
	// CommuneID is the commune of the site, read through a join.
	CommuneID uuid.UUID `bun:"commune_id,scanonly" json:"commune_id"`
	// AssetIDs are the assets worked on, read from work_order_assets,
	// sorted.
	AssetIDs []uuid.UUID `bun:"-" json:"asset_ids"`
	Category string      `bun:"category" json:"category"`
	Level    int         `bun:"level" json:"level"`
	Status   string      `bun:"status" json:"status"`
	Notes    string      `bun:"notes" json:"notes"`
	// Checklist holds codes of ChecklistCodes; ChecklistOther holds the
	// actions the fixed list lacks, as free text.
	Checklist      []string `bun:"checklist,type:text" json:"checklist"`
	ChecklistOther []string `bun:"checklist_other,type:text" json:"checklist_other"`
	TravelMinutes  int      `bun:"travel_minutes" json:"travel_minutes"`
	// WorkMinutes is the work time: TimerSeconds rounded to the nearest
	// minute plus AdjustmentMinutes. Travel is not in it.
	WorkMinutes int `bun:"work_minutes" json:"work_minutes"`
	// TimerState is idle, running, paused or stopped. TimerSeconds sums
	// the closed running intervals; a running timer also counts from
	// RunningSince, which the device adds itself to show the live time.
	TimerState        string     `bun:"timer_state" json:"timer_state"`
	TimerSeconds      int64      `bun:"timer_seconds" json:"timer_seconds"`
	RunningSince      *time.Time `bun:"running_since" json:"running_since"`
	AdjustmentMinutes int        `bun:"adjustment_minutes" json:"adjustment_minutes"`
	Summary           string     `bun:"summary" json:"summary"`
	// SignedBy is the name of the person present who signed;
	// SignatureFileID is the stored file of the signature they drew.
	SignedBy        string     `bun:"signed_by" json:"signed_by"`
	SignatureFileID *uuid.UUID `bun:"signature_file_id,type:uuid" json:"signature_file_id"`
	// PDFFileID is the stored PDF ("bon d'intervention") made when the
	// work order last became done, or last changed while done.
	PDFFileID *uuid.UUID `bun:"pdf_file_id,type:uuid" json:"pdf_file_id"`
	// OpenedAt is when the technician opened the work order, on the
	// device's clock.
	OpenedAt time.Time `bun:"opened_at" json:"opened_at"`
	// WorkedOn is the day of the work in Europe/Paris, by which the time
	// counts in a year.
	WorkedOn  assets.Date `bun:"worked_on,type:date" json:"worked_on"`
	DoneAt    *time.Time  `bun:"done_at" json:"done_at"`
	CreatedBy *uuid.UUID  `bun:"created_by,type:uuid" json:"created_by"`
	CreatedAt time.Time   `bun:"created_at" json:"created_at"`
	UpdatedAt time.Time   `bun:"updated_at" json:"updated_at"`
	Version   int         `bun:"version" json:"version"`
}

// assetLink is one row of work_order_assets.
type assetLink struct {
	bun.BaseModel `bun:"table:work_order_assets,alias:woa"`

	WorkOrderID uuid.UUID `bun:"work_order_id,pk,type:uuid"`
	AssetID     uuid.UUID `bun:"asset_id,pk,type:uuid"`
}

// Kinds of time entry. Start, pause, resume and stop drive the timer;
// a correction adds signed minutes with a reason; a manual entry adds
// minutes recorded without the timer.
const (
	KindStart      = "start"
	KindPause      = "pause"
	KindResume     = "resume"
	KindStop       = "stop"
	KindCorrection = "correction"
	KindManual     = "manual"
)

// Kinds lists the kinds of time entry.
var Kinds = []string{KindStart, KindPause, KindResume, KindStop, KindCorrection, KindManual}

// TimeEntry is one append-only record of a work order's time.
type TimeEntry struct {
	bun.BaseModel `bun:"table:time_entries,alias:te"`

	ID          uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	WorkOrderID uuid.UUID `bun:"work_order_id,type:uuid" json:"work_order_id"`
	// CommuneID is the commune of the work order's site, read through a
	// join.
	CommuneID uuid.UUID `bun:"commune_id,scanonly" json:"commune_id"`
	// Ordinal numbers the entries of a work order from 1, in the order
	// the server received them.
	Ordinal int    `bun:"ordinal" json:"ordinal"`
	Kind    string `bun:"kind" json:"kind"`
	// At is the device's time of a timer event, or when a correction or
	// manual entry was made.
	At time.Time `bun:"at" json:"at"`
	// Minutes is set for corrections (signed) and manual entries only.
	Minutes   *int       `bun:"minutes" json:"minutes"`
	Reason    string     `bun:"reason" json:"reason"`
	UserID    *uuid.UUID `bun:"user_id,type:uuid" json:"user_id"`
	CreatedAt time.Time  `bun:"created_at" json:"created_at"`
}

// isTimerEvent reports whether an entry of kind drives the timer.
func isTimerEvent(kind string) bool {
	return kind == KindStart || kind == KindPause || kind == KindResume || kind == KindStop
}
