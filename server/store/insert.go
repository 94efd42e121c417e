package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// insertChunk bounds the rows of one INSERT, because SQLite limits the
// number of values one statement may bind.
const insertChunk = 200

// InsertAll inserts rows in statements of at most insertChunk rows each;
// what names the rows in errors. Run it inside a transaction to insert all
// or nothing.
func InsertAll[T any](ctx context.Context, db bun.IDB, what string, rows []T) error {
	for start := 0; start < len(rows); start += insertChunk {
		part := rows[start:min(start+insertChunk, len(rows))]
		if _, err := db.NewInsert().Model(&part).Exec(ctx); err != nil {
			return fmt.Errorf("insert %s: %w", what, err)
		}
	}
	return nil
}
