package sync

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// bookkeeping are the members of a record that every write changes and
// that no device edits; they never make a conflict.
var bookkeeping = []string{"version", "updated_at", "created_at"}

// overwrittenFields returns, for each field the operation changed that a
// write by someone else also changed after the operation's base version,
// the value the operation overwrote. The operation's own device is not
// someone else: its earlier operations on the record, applied after the
// version it read, are its own.
func overwrittenFields(ctx context.Context, tx bun.IDB, op Op, applied Applied) (map[string]json.RawMessage, error) {
	changed, err := ChangedFields(applied.Before, applied.After, bookkeeping...)
	if err != nil || len(changed) == 0 {
		return nil, err
	}
	others, err := fieldsWrittenSince(ctx, tx, op.Entity, applied.EntityID, *op.BaseVersion, authorOf(ctx, nil))
	if err != nil {
		return nil, err
	}
	before, err := members(applied.Before)
	if err != nil {
		return nil, err
	}

	out := map[string]json.RawMessage{}
	for _, name := range changed {
		if slices.Contains(others, name) {
			out[name] = before[name]
		}
	}
	return out, nil
}

// fieldsWrittenSince returns the fields that authors other than author
// changed in the versions of a record after version.
func fieldsWrittenSince(ctx context.Context, tx bun.IDB, entity string, id uuid.UUID, version int, author string) ([]string, error) {
	var lists []string
	err := tx.NewSelect().Model((*fieldWrite)(nil)).Column("fields").
		Where("entity = ?", entity).Where("entity_id = ?", id).
		Where("version > ?", version).Where("author <> ?", author).
		Scan(ctx, &lists)
	if err != nil {
		return nil, fmt.Errorf("select fields written to %s %s after version %d: %w", entity, id, version, err)
	}
	var names []string
	for _, list := range lists {
		var fields []string
		if err := json.Unmarshal([]byte(list), &fields); err != nil {
			return nil, fmt.Errorf("decode fields written to %s %s: %w", entity, id, err)
		}
		names = append(names, fields...)
	}
	return names, nil
}

// alias is one row of sync_aliases.
type alias struct {
	bun.BaseModel `bun:"table:sync_aliases,alias:sa"`

	Entity   string    `bun:"entity,pk"`
	AliasID  uuid.UUID `bun:"alias_id,pk,type:uuid"`
	EntityID uuid.UUID `bun:"entity_id,type:uuid"`
}

// resolveAlias returns the id the server files a record under, for an
// id a device made.
func resolveAlias(ctx context.Context, tx bun.IDB, entity string, id uuid.UUID) (uuid.UUID, error) {
	var target []uuid.UUID
	err := tx.NewSelect().Model((*alias)(nil)).Column("entity_id").
		Where("entity = ?", entity).Where("alias_id = ?", id).Scan(ctx, &target)
	if err != nil {
		return id, fmt.Errorf("select alias of %s %s: %w", entity, id, err)
	}
	if len(target) == 0 {
		return id, nil
	}
	return target[0], nil
}

// addAlias records that a device's id names a record filed under
// another, so that its later operations reach that record.
func addAlias(ctx context.Context, tx bun.IDB, entity string, aliasID, id uuid.UUID) error {
	a := alias{Entity: entity, AliasID: aliasID, EntityID: id}
	if _, err := tx.NewInsert().Model(&a).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
		return fmt.Errorf("store alias %s of %s %s: %w", aliasID, entity, id, err)
	}
	return nil
}
