package sync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/i18n"
)

// Statuses of a pushed operation.
const (
	StatusApplied   = "applied"
	StatusDuplicate = "duplicate"
	StatusConflict  = "conflict"
	StatusRejected  = "rejected"
)

// MaxOps bounds the operations of one push.
const MaxOps = 1000

// Engine applies pushes and serves pulls.
type Engine struct {
	DB     *bun.DB
	Reader *bun.DB
	// Entities apply the operations devices may push, by entity name.
	Entities map[string]Entity
	// Loaders read the records devices pull, by entity name.
	Loaders map[string]Loader
	Log     *slog.Logger
}

// Result is the response to one pushed operation.
type Result struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	// FirstStatus is the status first returned, on a replay only, so that
	// a device that lost that response still learns of a rejection.
	FirstStatus string     `json:"first_status,omitempty"`
	Entity      string     `json:"entity,omitempty"`
	EntityID    *uuid.UUID `json:"entity_id,omitempty"`
	Version     int        `json:"version,omitempty"`
	// Fields is the record as stored after the operation.
	Fields json.RawMessage `json:"fields,omitempty"`
	// ServerFields are the values the operation overwrote that someone
	// else had written after its base version.
	ServerFields map[string]json.RawMessage `json:"server_fields,omitempty"`
	Error        *ResultError               `json:"error,omitempty"`
}

// ResultError gives the reason an operation was rejected, in the user's
// language.
type ResultError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// opRecord is one row of sync_ops.
type opRecord struct {
	bun.BaseModel `bun:"table:sync_ops,alias:so"`

	ID          uuid.UUID `bun:"id,pk,type:uuid"`
	UserID      uuid.UUID `bun:"user_id,type:uuid"`
	ClientID    string    `bun:"client_id"`
	Entity      string    `bun:"entity"`
	EntityID    uuid.UUID `bun:"entity_id,type:uuid"`
	Status      string    `bun:"status"`
	Result      string    `bun:"result"`
	ProcessedAt time.Time `bun:"processed_at"`
}

// PushOp is an operation as a push body carries it, before it is read.
type PushOp struct {
	ID          string          `json:"id"`
	Entity      string          `json:"entity"`
	EntityID    string          `json:"entity_id"`
	Action      string          `json:"action"`
	Fields      json.RawMessage `json:"fields"`
	BaseVersion *int            `json:"base_version"`
}

// Push applies the operations of one device in order, in one
// transaction, and returns one result per operation. Each operation runs
// under a savepoint: a rejected one leaves nothing behind but its record.
// An error other than a rejection rolls everything back; the device sends
// the same operations again and none of them is applied twice.
func (e *Engine) Push(ctx context.Context, actor Actor, clientID string, ops []PushOp, lang i18n.Lang) ([]Result, error) {
	ctx = withClient(ctx, clientID)
	results := make([]Result, len(ops))
	var records []opRecord
	err := e.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		records = records[:0]
		if err := Lock(ctx, tx); err != nil {
			return err
		}
		seen, err := processed(ctx, tx, ops)
		if err != nil {
			return err
		}

		keep := func(i int, r Result, rec *opRecord) {
			results[i] = r
			if rec != nil {
				records = append(records, *rec)
				seen[rec.ID] = *rec
			}
		}
		for i := 0; i < len(ops); {
			n, err := e.pushRun(ctx, tx, actor, clientID, ops[i:], seen, lang, func(k int, r Result, rec *opRecord) { keep(i+k, r, rec) })
			if err != nil {
				return err
			}
			if n > 0 {
				i += n
				continue
			}
			r, rec, err := e.pushOne(ctx, tx, actor, clientID, ops[i], seen, lang)
			if err != nil {
				return err
			}
			keep(i, r, rec)
			i++
		}
		return storeOps(ctx, tx, records)
	})
	if err != nil {
		return nil, err
	}
	e.logPush(actor, clientID, results)
	return results, nil
}

// pushOne returns the result of one operation and the record to keep of
// it, nil for a replay.
func (e *Engine) pushOne(ctx context.Context, tx bun.Tx, actor Actor, clientID string, in PushOp, seen map[uuid.UUID]opRecord, lang i18n.Lang) (Result, *opRecord, error) {
	op, rejection := read(in)
	if rejection != nil && op.ID == uuid.Nil {
		// Without a readable id the operation cannot be recorded; the
		// same rejection comes back every time it is sent.
		return rejected(in.ID, rejection, lang), nil, nil
	}
	if prior, ok := seen[op.ID]; ok {
		return replay(prior, actor, lang)
	}

	var r Result
	if rejection != nil {
		r = rejected(in.ID, rejection, lang)
	} else {
		var err error
		if r, err = e.applyOne(ctx, tx, actor, op, lang); err != nil {
			return Result{}, nil, err
		}
	}
	rec, err := newRecord(actor, clientID, op, r)
	return r, rec, err
}

// pushRun hands the run of operations at the start of ops to their
// entity's Batcher, when it has one, and passes each result to keep. It
// returns how many operations the Batcher applied or rejected, zero when
// the first one is for Apply.
func (e *Engine) pushRun(ctx context.Context, tx bun.Tx, actor Actor, clientID string, ops []PushOp, seen map[uuid.UUID]opRecord, lang i18n.Lang, keep func(k int, r Result, rec *opRecord)) (int, error) {
	batcher, ok := e.Entities[ops[0].Entity].(Batcher)
	if !ok {
		return 0, nil
	}
	run := readRun(ops, seen)
	if len(run) < 2 {
		return 0, nil
	}
	outcomes, err := batcher.ApplyRun(ctx, tx, actor, run)
	if err != nil {
		return 0, fmt.Errorf("apply a run of %d %s ops: %w", len(run), run[0].Entity, err)
	}

	for k, o := range outcomes {
		var r Result
		if o.Rejection != nil {
			r = rejected(run[k].ID.String(), o.Rejection, lang)
		} else if r, err = e.outcome(ctx, tx, run[k], o.Applied); err != nil {
			return 0, err
		}
		rec, err := newRecord(actor, clientID, run[k], r)
		if err != nil {
			return 0, err
		}
		keep(k, r, rec)
	}
	return len(outcomes), nil
}

// readRun returns the operations at the start of ops that a Batcher may
// take: of one entity, readable, neither processed before nor naming an
// operation or record already in the run.
func readRun(ops []PushOp, seen map[uuid.UUID]opRecord) []Op {
	var run []Op
	ids := map[uuid.UUID]bool{}
	for _, in := range ops {
		op, rejection := read(in)
		if rejection != nil || in.Entity != ops[0].Entity || ids[op.ID] || ids[op.EntityID] {
			break
		}
		if _, done := seen[op.ID]; done {
			break
		}
		ids[op.ID], ids[op.EntityID] = true, true
		run = append(run, op)
	}
	return run
}

// replay returns the first result of an operation processed before,
// unless another user's device sent that id.
func replay(prior opRecord, actor Actor, lang i18n.Lang) (Result, *opRecord, error) {
	if prior.UserID != actor.UserID {
		return rejected(prior.ID.String(), apierr.New(http.StatusConflict, "op_id_taken", "sync_op_id_taken", prior.ID.String()), lang), nil, nil
	}
	var r Result
	if err := json.Unmarshal([]byte(prior.Result), &r); err != nil {
		return Result{}, nil, fmt.Errorf("decode the result of op %s: %w", prior.ID, err)
	}
	r.FirstStatus, r.Status = r.Status, StatusDuplicate
	return r, nil, nil
}

// EntityNames returns the names of the entities devices may push, sorted.
func (e *Engine) EntityNames() []string {
	names := make([]string, 0, len(e.Entities))
	for name := range e.Entities {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// applyOne applies a readable operation under a savepoint.
func (e *Engine) applyOne(ctx context.Context, tx bun.Tx, actor Actor, op Op, lang i18n.Lang) (Result, error) {
	entity, ok := e.Entities[op.Entity]
	if !ok {
		return rejected(op.ID.String(), apierr.New(http.StatusUnprocessableEntity, "unknown_entity", "sync_entity_unknown",
			apierr.Quote(op.Entity), strings.Join(e.EntityNames(), ", ")), lang), nil
	}
	var err error
	if op.EntityID, err = resolveAlias(ctx, tx, op.Entity, op.EntityID); err != nil {
		return Result{}, err
	}

	if _, err := tx.ExecContext(ctx, "SAVEPOINT sync_op"); err != nil {
		return Result{}, fmt.Errorf("open savepoint of op %s: %w", op.ID, err)
	}
	applied, err := entity.Apply(ctx, tx, actor, op)
	var rejection *apierr.Error
	if errors.As(err, &rejection) {
		if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT sync_op"); err != nil {
			return Result{}, fmt.Errorf("roll back op %s: %w", op.ID, err)
		}
		return rejected(op.ID.String(), rejection, lang), nil
	}
	if err != nil {
		return Result{}, fmt.Errorf("apply op %s to %s %s: %w", op.ID, op.Entity, op.EntityID, err)
	}
	if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT sync_op"); err != nil {
		return Result{}, fmt.Errorf("release savepoint of op %s: %w", op.ID, err)
	}

	if applied.EntityID != op.EntityID {
		if err := addAlias(ctx, tx, op.Entity, op.EntityID, applied.EntityID); err != nil {
			return Result{}, err
		}
	}
	return e.outcome(ctx, tx, op, applied)
}

// outcome builds the result of an applied operation: "conflict" when it
// overwrote fields that someone else wrote after its base version.
func (e *Engine) outcome(ctx context.Context, tx bun.Tx, op Op, applied Applied) (Result, error) {
	after, err := json.Marshal(applied.After)
	if err != nil {
		return Result{}, fmt.Errorf("encode %s %s: %w", op.Entity, applied.EntityID, err)
	}
	id := applied.EntityID
	r := Result{ID: op.ID.String(), Status: StatusApplied, Entity: op.Entity, EntityID: &id, Version: applied.Version, Fields: after}
	if applied.AppendOnly || applied.Before == nil || op.BaseVersion == nil {
		return r, nil
	}

	overwritten, err := overwrittenFields(ctx, tx, op, applied)
	if err != nil || len(overwritten) == 0 {
		return r, err
	}
	r.Status, r.ServerFields = StatusConflict, overwritten
	return r, nil
}

// read checks what every operation needs before its entity gets it. It
// returns the rejection of an operation that can never be applied, and
// the returned Op has a nil id when even the id is unreadable.
func read(in PushOp) (Op, *apierr.Error) {
	var op Op
	id, err := uuid.Parse(in.ID)
	if err != nil || len(in.ID) != 36 || id == uuid.Nil {
		return op, apierr.New(http.StatusBadRequest, "invalid_op", "sync_op_id_unreadable", apierr.Quote(in.ID))
	}
	op = Op{ID: id, Entity: in.Entity, Action: in.Action, Fields: in.Fields, BaseVersion: in.BaseVersion}

	entityID, err := uuid.Parse(in.EntityID)
	switch {
	case err != nil || len(in.EntityID) != 36 || entityID == uuid.Nil:
		return op, apierr.New(http.StatusBadRequest, "invalid_op", "sync_entity_id_unreadable", apierr.Quote(in.EntityID))
	case in.Action != ActionUpsert && in.Action != ActionDelete:
		return op, apierr.New(http.StatusBadRequest, "invalid_op", "sync_action_unknown", apierr.Quote(in.Action))
	case in.BaseVersion != nil && *in.BaseVersion < 1:
		return op, apierr.New(http.StatusBadRequest, "invalid_op", "sync_base_version", *in.BaseVersion)
	}
	op.EntityID = entityID
	if len(op.Fields) == 0 || string(op.Fields) == "null" {
		op.Fields = json.RawMessage("{}")
	}
	if op.Fields[0] != '{' {
		return op, apierr.New(http.StatusBadRequest, "invalid_op", "sync_fields_not_object")
	}
	return op, nil
}

// rejected is the result of a rejected operation.
func rejected(id string, rejection *apierr.Error, lang i18n.Lang) Result {
	e := &ResultError{Code: rejection.Code, Message: rejection.Message.Text(lang)}
	if len(rejection.Fields) > 0 {
		e.Fields = make(map[string]string, len(rejection.Fields))
		for name, m := range rejection.Fields {
			e.Fields[name] = m.Text(lang)
		}
	}
	return Result{ID: id, Status: StatusRejected, Error: e}
}

func newRecord(actor Actor, clientID string, op Op, r Result) (*opRecord, error) {
	raw, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode the result of op %s: %w", op.ID, err)
	}
	entityID := op.EntityID
	if r.EntityID != nil {
		entityID = *r.EntityID
	}
	return &opRecord{
		ID: op.ID, UserID: actor.UserID, ClientID: clientID, Entity: op.Entity, EntityID: entityID,
		Status: r.Status, Result: string(raw), ProcessedAt: time.Now().UTC().Truncate(time.Microsecond),
	}, nil
}

// processed returns the records of the operations of ops processed before.
func processed(ctx context.Context, tx bun.IDB, ops []PushOp) (map[uuid.UUID]opRecord, error) {
	ids := make([]uuid.UUID, 0, len(ops))
	for _, op := range ops {
		if id, err := uuid.Parse(op.ID); err == nil {
			ids = append(ids, id)
		}
	}
	seen := make(map[uuid.UUID]opRecord, len(ids))
	for start := 0; start < len(ids); start += 500 {
		var rows []opRecord
		part := ids[start:min(start+500, len(ids))]
		if err := tx.NewSelect().Model(&rows).Where("id IN (?)", bun.In(part)).Scan(ctx); err != nil {
			return nil, fmt.Errorf("select processed ops: %w", err)
		}
		for _, row := range rows {
			seen[row.ID] = row
		}
	}
	return seen, nil
}

func storeOps(ctx context.Context, tx bun.IDB, records []opRecord) error {
	for start := 0; start < len(records); start += 200 {
		part := records[start:min(start+200, len(records))]
		if _, err := tx.NewInsert().Model(&part).Exec(ctx); err != nil {
			return fmt.Errorf("store processed ops: %w", err)
		}
	}
	return nil
}

// logPush logs one line per push with its counts, and a warning per
// rejected operation with its ids.
func (e *Engine) logPush(actor Actor, clientID string, results []Result) {
	counts := map[string]int{}
	for _, r := range results {
		counts[r.Status]++
		if r.Status == StatusRejected && r.Error != nil {
			e.Log.Warn("sync op rejected", "op_id", r.ID, "user_id", actor.UserID, "client_id", clientID, "code", r.Error.Code)
		}
	}
	e.Log.Info("sync push applied", "user_id", actor.UserID, "client_id", clientID, "ops", len(results),
		"applied", counts[StatusApplied], "conflict", counts[StatusConflict],
		"duplicate", counts[StatusDuplicate], "rejected", counts[StatusRejected])
}
