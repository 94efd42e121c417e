package sync

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
)

// Entity names of the wire format. Devices and other tools use them, so
// they never change.
const (
	EntityCommune          = "commune"
	EntitySite             = "site"
	EntityRoom             = "room"
	EntityAsset            = "asset"
	EntityInventoryScan    = "inventory_scan"
	EntityRequest          = "request"
	EntityRequestComment   = "request_comment"
	EntityWorkOrder        = "work_order"
	EntityTimeEntry        = "time_entry"
	EntityLoan             = "loan"
	EntityMaintenanceVisit = "maintenance_visit"
	EntityProblemReport    = "problem_report"
	EntityMaintenanceCheck = "maintenance_check"
)

// Op is one operation of a push, as a device queued it.
type Op struct {
	ID       uuid.UUID
	Entity   string
	EntityID uuid.UUID
	// Action is ActionUpsert or ActionDelete.
	Action string
	// Fields are the members the device changed, as the entity's REST
	// body names them.
	Fields json.RawMessage
	// BaseVersion is the version of the record the device had, nil when
	// the operation leaves it out.
	BaseVersion *int
}

// Actor is the user whose device pushes.
type Actor struct {
	UserID uuid.UUID
	Role   string
	Scope  accounts.Scope
}

// Applied is the outcome of an operation that an Entity applied.
type Applied struct {
	// EntityID is the id the record is filed under. It differs from the
	// operation's when the server already had the record under another
	// id, such as an asset created on two devices with one tag.
	EntityID uuid.UUID
	Version  int
	// Before is the record before the operation, nil when it created it.
	Before any
	// After is the record as stored after the operation.
	After any
	// AppendOnly is true for records that are written once and never
	// change, which never conflict.
	AppendOnly bool
}

// Entity applies the pushed operations of one kind of record.
type Entity interface {
	// Apply applies op inside tx, which holds Lock, with the same checks
	// and permissions as the REST API, and records the write with Record.
	// An *apierr.Error rejects the operation: the engine rolls back what
	// Apply wrote and returns "rejected" with its message. Any other error
	// fails the whole push, which the device sends again.
	Apply(ctx context.Context, tx bun.Tx, actor Actor, op Op) (Applied, error)
}

// Loader reads the records of one kind that a pull sends, by id, as
// their REST JSON. A record missing from the map is skipped.
type Loader func(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error)

// Batcher is an Entity that applies a run of its operations faster than
// one at a time, such as the many creations of a first inventory.
type Batcher interface {
	Entity
	// ApplyRun applies the longest prefix of ops that it can apply
	// together, inside tx, which holds Lock, and returns one outcome per
	// operation of that prefix, in order. The ops are consecutive
	// operations of its entity, readable and not processed before; the
	// engine applies the first one it leaves with Apply. An outcome with
	// a rejection wrote nothing. Any error fails the whole push.
	ApplyRun(ctx context.Context, tx bun.Tx, actor Actor, ops []Op) ([]Outcome, error)
}

// Outcome is the result of one operation of a Batcher run: applied, or
// rejected with the reason.
type Outcome struct {
	Applied   Applied
	Rejection *apierr.Error
}
