package assets

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// InsertCommunes stores new communes as they are.
func InsertCommunes(ctx context.Context, db bun.IDB, communes []Commune) error {
	return insertAll(ctx, db, "communes", &communes, len(communes))
}

// InsertSites stores new sites as they are.
func InsertSites(ctx context.Context, db bun.IDB, sites []Site) error {
	return insertAll(ctx, db, "sites", &sites, len(sites))
}

// InsertRooms stores new rooms as they are.
func InsertRooms(ctx context.Context, db bun.IDB, rooms []Room) error {
	return insertAll(ctx, db, "rooms", &rooms, len(rooms))
}

// InsertAssets stores new assets as they are.
func InsertAssets(ctx context.Context, db bun.IDB, assets []Asset) error {
	return insertAll(ctx, db, "assets", &assets, len(assets))
}

// insertAll inserts a slice in chunks, because SQLite limits the number of
// values in one statement.
func insertAll[T any](ctx context.Context, db bun.IDB, table string, rows *[]T, n int) error {
	const chunk = 200
	for start := 0; start < n; start += chunk {
		part := (*rows)[start:min(start+chunk, n)]
		if _, err := db.NewInsert().Model(&part).Exec(ctx); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
	}
	return nil
}
