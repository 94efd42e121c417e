package assets

import (
	"context"

	"github.com/uptrace/bun"

	"parc/server/store"
)

// InsertCommunes stores new communes as they are.
func InsertCommunes(ctx context.Context, db bun.IDB, communes []Commune) error {
	return store.InsertAll(ctx, db, "communes", communes)
}

// InsertSites stores new sites as they are.
func InsertSites(ctx context.Context, db bun.IDB, sites []Site) error {
	return store.InsertAll(ctx, db, "sites", sites)
}

// InsertRooms stores new rooms as they are.
func InsertRooms(ctx context.Context, db bun.IDB, rooms []Room) error {
	return store.InsertAll(ctx, db, "rooms", rooms)
}

// InsertAssets stores new assets as they are.
func InsertAssets(ctx context.Context, db bun.IDB, assets []Asset) error {
	return store.InsertAll(ctx, db, "assets", assets)
}
