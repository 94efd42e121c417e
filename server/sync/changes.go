package sync

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// lockKey names the PostgreSQL advisory lock of the writes that Record
// files.
const lockKey int64 = 0x7061726366 // "parcf"

// Lock makes the transaction tx the only one, until it ends, that writes
// records devices sync. Every transaction that calls Record takes it
// first, before it reads what its checks need.
//
// On PostgreSQL, concurrent transactions could otherwise commit out of
// sequence order: one takes number 5, another takes 6 and commits first,
// a pull reads 6 and moves its cursor past 5, which commits later and is
// never pulled. Under this lock, held until commit, a transaction takes
// its numbers only after every transaction that took smaller ones has
// committed or rolled back, so a pull that reads number n has read every
// number below it. The lock also keeps the checks of the fleet, such as
// names unique within a parent, from passing in two transactions at once.
// On SQLite, the single writer connection and BEGIN IMMEDIATE already run
// one write transaction at a time.
func Lock(ctx context.Context, tx bun.IDB) error {
	if tx.Dialect().Name() != dialect.PG {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", lockKey); err != nil {
		return fmt.Errorf("lock synced writes: %w", err)
	}
	return nil
}

// InTx runs write in a transaction of db that takes Lock first.
func InTx(ctx context.Context, db *bun.DB, write func(ctx context.Context, tx bun.Tx) error) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := Lock(ctx, tx); err != nil {
			return err
		}
		return write(ctx, tx)
	})
}

// Actions of changes.
const (
	ActionUpsert = "upsert"
	ActionDelete = "delete"
)

// Everyone stands for the commune of a record that belongs to no commune
// and that every user who pulls may see, such as a maintenance campaign.
var Everyone = uuid.Nil

// Change describes one write of a record to Record.
type Change struct {
	Entity string
	ID     uuid.UUID
	// Version is the record's version after the write.
	Version int
	// Communes are the communes whose users may see the record now,
	// usually the one it belongs to.
	Communes []uuid.UUID
	// Deleted is true when the record left every list, such as an
	// archived asset: devices drop it.
	Deleted bool
	// Fields are the names of the fields the write changed, as the
	// record's JSON names them. A write that changed no field of its own,
	// such as a site moving to another commune with its assets, leaves
	// it empty.
	Fields []string
	// Actor is the user who made the write, nil for the command line.
	Actor *uuid.UUID
}

// changeRow is one row of sync_changes.
type changeRow struct {
	bun.BaseModel `bun:"table:sync_changes,alias:sc"`

	Entity    string    `bun:"entity,pk"`
	EntityID  uuid.UUID `bun:"entity_id,pk,type:uuid"`
	CommuneID uuid.UUID `bun:"commune_id,pk,type:uuid"`
	Seq       int64     `bun:"seq"`
	Action    string    `bun:"action"`
	Version   int       `bun:"version"`
}

// fieldWrite is one row of sync_field_writes.
type fieldWrite struct {
	bun.BaseModel `bun:"table:sync_field_writes,alias:fw"`

	Entity   string    `bun:"entity,pk"`
	EntityID uuid.UUID `bun:"entity_id,pk,type:uuid"`
	Version  int       `bun:"version,pk"`
	Author   string    `bun:"author"`
	Fields   string    `bun:"fields"`
}

// Record files the change c in the change sequence, inside the
// transaction of the write, which must hold Lock. Each commune that may
// see the record gets a row with the next number. A commune that could
// see it and no longer can gets a tombstone, numbered before the new rows
// so that a device that reads both keeps the record.
func Record(ctx context.Context, tx bun.IDB, c Change) error {
	var existing []changeRow
	err := tx.NewSelect().Model(&existing).
		Where("entity = ?", c.Entity).Where("entity_id = ?", c.ID).Scan(ctx)
	if err != nil {
		return fmt.Errorf("select sync rows of %s %s: %w", c.Entity, c.ID, err)
	}

	action := ActionUpsert
	if c.Deleted {
		action = ActionDelete
	}
	var rows []changeRow
	for _, row := range existing {
		if row.Action == ActionUpsert && !slices.Contains(c.Communes, row.CommuneID) {
			rows = append(rows, changeRow{Entity: c.Entity, EntityID: c.ID, CommuneID: row.CommuneID, Action: ActionDelete, Version: c.Version})
		}
	}
	for _, commune := range c.Communes {
		rows = append(rows, changeRow{Entity: c.Entity, EntityID: c.ID, CommuneID: commune, Action: action, Version: c.Version})
	}

	if err := number(ctx, tx, rows); err != nil {
		return err
	}
	// A conflict check reads the writes after a base version, which is at
	// least 1: the fields of a creation are never read.
	if len(c.Fields) == 0 || c.Version <= 1 {
		return nil
	}
	return recordFields(ctx, tx, c)
}

// RecordNew files the creation of records that had no row in the change
// sequence, in a few statements, for a write of many records in one
// transaction, which must hold Lock. Each change names one commune.
func RecordNew(ctx context.Context, tx bun.IDB, changes []Change) error {
	rows := make([]changeRow, 0, len(changes))
	for _, c := range changes {
		for _, commune := range c.Communes {
			rows = append(rows, changeRow{Entity: c.Entity, EntityID: c.ID, CommuneID: commune, Action: ActionUpsert, Version: c.Version})
		}
	}
	for start := 0; start < len(rows); start += 200 {
		if err := number(ctx, tx, rows[start:min(start+200, len(rows))]); err != nil {
			return err
		}
	}
	return nil
}

// number gives rows the next numbers of the sequence and stores them.
func number(ctx context.Context, tx bun.IDB, rows []changeRow) error {
	if len(rows) == 0 {
		return nil
	}
	last, err := allocate(ctx, tx, len(rows))
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Seq = last - int64(len(rows)-1-i)
	}
	_, err = tx.NewInsert().Model(&rows).
		On("CONFLICT (entity, entity_id, commune_id) DO UPDATE").
		Set("seq = EXCLUDED.seq").Set("action = EXCLUDED.action").Set("version = EXCLUDED.version").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("store sync rows of %s %s: %w", rows[0].Entity, rows[0].EntityID, err)
	}
	return nil
}

// allocate takes n numbers of the sequence and returns the last one.
// The numbers come from a counter row, not a database sequence, so that
// both engines number alike. Its row lock, held until commit, would also
// order commits by number if a writer forgot Lock.
func allocate(ctx context.Context, tx bun.IDB, n int) (int64, error) {
	var last int64
	err := tx.NewUpdate().Table("sync_counters").Set("seq = seq + ?", n).
		Where("name = 'changes'").Returning("seq").Scan(ctx, &last)
	if err != nil {
		return 0, fmt.Errorf("take %d change numbers: %w", n, err)
	}
	return last, nil
}

func recordFields(ctx context.Context, tx bun.IDB, c Change) error {
	names, err := json.Marshal(c.Fields)
	if err != nil {
		return err
	}
	w := fieldWrite{Entity: c.Entity, EntityID: c.ID, Version: c.Version, Author: authorOf(ctx, c.Actor), Fields: string(names)}
	_, err = tx.NewInsert().Model(&w).
		On("CONFLICT (entity, entity_id, version) DO UPDATE").
		Set("author = EXCLUDED.author").Set("fields = EXCLUDED.fields").Exec(ctx)
	if err != nil {
		return fmt.Errorf("store changed fields of %s %s version %d: %w", c.Entity, c.ID, c.Version, err)
	}
	return nil
}

type authorKey struct{}

// withClient marks the writes made with ctx as made by a device, so that
// a later push from that device does not take its own earlier writes for
// someone else's.
func withClient(ctx context.Context, clientID string) context.Context {
	return context.WithValue(ctx, authorKey{}, "client:"+clientID)
}

// authorOf names who made a write: the device of a push, otherwise the
// user, or the command line.
func authorOf(ctx context.Context, actor *uuid.UUID) string {
	if a, ok := ctx.Value(authorKey{}).(string); ok {
		return a
	}
	if actor != nil {
		return "user:" + actor.String()
	}
	return "cli"
}

// ChangedFields returns the names of the top-level JSON members that
// differ between before and after, ignoring the bookkeeping members
// listed in skip. A nil before gives every member of after.
func ChangedFields(before, after any, skip ...string) ([]string, error) {
	a, err := members(after)
	if err != nil {
		return nil, err
	}
	b := map[string]json.RawMessage{}
	if before != nil {
		if b, err = members(before); err != nil {
			return nil, err
		}
	}
	var names []string
	for name, value := range a {
		if slices.Contains(skip, name) {
			continue
		}
		if old, ok := b[name]; !ok || string(old) != string(value) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names, nil
}

// members encodes v as JSON and returns its top-level members.
func members(v any) (map[string]json.RawMessage, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode record: %w", err)
	}
	out := map[string]json.RawMessage{}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("decode record members: %w", err)
	}
	return out, nil
}
