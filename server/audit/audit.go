// Package audit records every write made through the API: who changed which
// record, when, and its fields before and after. Domain packages call
// Record inside the transaction of their write, so an entry exists exactly
// when the write does.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Entry is one recorded write.
type Entry struct {
	bun.BaseModel `bun:"table:audit_entries,alias:ae"`

	ID       uuid.UUID  `bun:"id,pk,type:uuid" json:"id"`
	At       time.Time  `bun:"at" json:"at"`
	ActorID  *uuid.UUID `bun:"actor_id,type:uuid" json:"actor_id"`
	Entity   string     `bun:"entity" json:"entity"`
	EntityID uuid.UUID  `bun:"entity_id,type:uuid" json:"entity_id"`
	Action   string     `bun:"action" json:"action"`
	// Before and After are the record's JSON documents; Before is null for
	// a creation.
	Before json.RawMessage `bun:"before_json,type:text" json:"before"`
	After  json.RawMessage `bun:"after_json,type:text" json:"after"`
}

// Record stores one entry. before and after are encoded as JSON; pass nil
// for before when the record is new. actor is nil for a write made from
// the command line.
func Record(ctx context.Context, db bun.IDB, actor *uuid.UUID, entity string, id uuid.UUID, action string, before, after any) error {
	e, err := NewEntry(actor, entity, id, action, before, after)
	if err != nil {
		return err
	}
	if _, err := db.NewInsert().Model(&e).Exec(ctx); err != nil {
		return fmt.Errorf("insert audit entry for %s %s: %w", entity, id, err)
	}
	return nil
}

// NewEntry returns the entry of one write, as Record stores it, for
// RecordAll.
func NewEntry(actor *uuid.UUID, entity string, id uuid.UUID, action string, before, after any) (Entry, error) {
	e := Entry{
		ID: uuid.Must(uuid.NewV7()), At: time.Now().UTC(), ActorID: actor,
		Entity: entity, EntityID: id, Action: action,
	}
	var err error
	if e.Before, err = encode(before); err != nil {
		return e, fmt.Errorf("encode %s %s before %s: %w", entity, id, action, err)
	}
	if e.After, err = encode(after); err != nil {
		return e, fmt.Errorf("encode %s %s after %s: %w", entity, id, action, err)
	}
	return e, nil
}

// RecordAll stores entries made by NewEntry in a few statements, for a
// write of many records in one transaction.
func RecordAll(ctx context.Context, db bun.IDB, entries []Entry) error {
	for start := 0; start < len(entries); start += 200 {
		part := entries[start:min(start+200, len(entries))]
		if _, err := db.NewInsert().Model(&part).Exec(ctx); err != nil {
			return fmt.Errorf("insert %d audit entries: %w", len(part), err)
		}
	}
	return nil
}

func encode(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	return json.Marshal(v)
}

// Entries returns the entries of one record, oldest first.
func Entries(ctx context.Context, db bun.IDB, entity string, id uuid.UUID) ([]Entry, error) {
	entries := []Entry{}
	err := db.NewSelect().Model(&entries).
		Where("ae.entity = ?", entity).Where("ae.entity_id = ?", id).
		Order("ae.at", "ae.id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("list audit entries of %s %s: %w", entity, id, err)
	}
	return entries, nil
}

// ClearDetailsBefore replaces by NULL the before and after documents of
// the entries made before cutoff, which keep who did what to which record
// and when. It returns how many entries it cleared.
func ClearDetailsBefore(ctx context.Context, db bun.IDB, cutoff time.Time) (int64, error) {
	res, err := db.NewUpdate().Model((*Entry)(nil)).
		Set("before_json = NULL").Set("after_json = NULL").
		Where("at < ?", cutoff.UTC()).
		Where("(before_json IS NOT NULL OR after_json IS NOT NULL)").
		Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("clear audit details before %s: %w", cutoff.Format(time.RFC3339), err)
	}
	return res.RowsAffected()
}
