package files

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/sync"
)

// Unlink describes how UnlinkAll takes the file references off records of
// type T, such as the photos of a request.
type Unlink[T any] struct {
	// Entity names the records in the change sequence and the audit log,
	// such as sync.EntityRequest.
	Entity string
	// Table is the table of the records. UnlinkAll increments their version
	// and sets their updated_at.
	Table string
	// Action is the action of each audit entry.
	Action string
	// Load reads one record as devices pull it.
	Load func(ctx context.Context, db bun.IDB, id uuid.UUID) (T, error)
	// Remove takes the file references off one record, without touching
	// its version.
	Remove func(ctx context.Context, tx bun.IDB, id uuid.UUID) error
	// Stamp returns the version and the commune of a record.
	Stamp func(record T) (version int, commune uuid.UUID)
}

// UnlinkAll takes the file references off each record of ids, in that
// order. Each record gets a new version, which devices pull, and an audit
// entry. PurgeUnreferenced later deletes the files that no record refers
// to any more. UnlinkAll runs inside tx, which holds sync.Lock, and
// returns the records as they were before the change, up to the one that
// failed.
func UnlinkAll[T any](ctx context.Context, tx bun.IDB, u Unlink[T], ids []uuid.UUID) ([]T, error) {
	var previous []T
	for _, id := range ids {
		before, err := u.Load(ctx, tx, id)
		if err != nil {
			return previous, err
		}

		if err := u.Remove(ctx, tx, id); err != nil {
			return previous, err
		}
		_, err = tx.NewUpdate().Table(u.Table).Set("version = version + 1").
			Set("updated_at = ?", time.Now().UTC().Truncate(time.Microsecond)).Where("id = ?", id).Exec(ctx)
		if err != nil {
			return previous, fmt.Errorf("count a new version of %s %s: %w", u.Entity, id, err)
		}

		after, err := u.Load(ctx, tx, id)
		if err != nil {
			return previous, err
		}
		version, commune := u.Stamp(after)
		err = sync.RecordWrite(ctx, tx, sync.Write[T]{
			Entity: u.Entity, ID: id, Version: version, Commune: commune,
			Action: u.Action, Before: &before, After: after,
		})
		if err != nil {
			return previous, err
		}
		previous = append(previous, before)
	}
	return previous, nil
}
