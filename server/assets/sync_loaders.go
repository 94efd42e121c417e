package assets

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/sync"
)

// loadChunk bounds the ids of one query of a loader, under SQLite's
// limit on bound values.
const loadChunk = 500

// SyncLoaders returns the loaders of the fleet records devices pull, by
// entity name.
func SyncLoaders() map[string]sync.Loader {
	return map[string]sync.Loader{
		sync.EntityCommune: loader(func(db bun.IDB) *bun.SelectQuery { return db.NewSelect().Model((*Commune)(nil)) },
			"c.id", func(c Commune) uuid.UUID { return c.ID }),
		sync.EntitySite:  loader(siteQuery, "s.id", func(s Site) uuid.UUID { return s.ID }),
		sync.EntityRoom:  loader(roomQuery, "r.id", func(r Room) uuid.UUID { return r.ID }),
		sync.EntityAsset: loader(assetQuery, "a.id", func(a Asset) uuid.UUID { return a.ID }),
	}
}

// loader returns a sync.Loader that reads records with query, by the
// column idColumn.
func loader[T any](query func(db bun.IDB) *bun.SelectQuery, idColumn string, idOf func(T) uuid.UUID) sync.Loader {
	return func(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error) {
		out := make(map[uuid.UUID]any, len(ids))
		for start := 0; start < len(ids); start += loadChunk {
			var rows []T
			part := ids[start:min(start+loadChunk, len(ids))]
			if err := query(db).Where("? IN (?)", bun.Ident(idColumn), bun.In(part)).Scan(ctx, &rows); err != nil {
				return nil, fmt.Errorf("load %d synced records: %w", len(part), err)
			}
			for _, r := range rows {
				out[idOf(r)] = r
			}
		}
		return out, nil
	}
}

// SeedSync numbers, in the change sequence, the fleet records that have
// no number yet, such as those the demo loads in bulk. It returns how
// many it numbered.
func SeedSync(ctx context.Context, db *bun.DB) (int, error) {
	sources := []struct {
		entity string
		query  *bun.SelectQuery
	}{
		{sync.EntityCommune, db.NewSelect().Table("communes").
			ColumnExpr("id, id AS commune_id, version, archived_at IS NOT NULL AS deleted")},
		{sync.EntitySite, db.NewSelect().Table("sites").
			ColumnExpr("id, commune_id, version, archived_at IS NOT NULL AS deleted")},
		{sync.EntityRoom, db.NewSelect().TableExpr("rooms AS r").Join("JOIN sites AS s ON s.id = r.site_id").
			ColumnExpr("r.id, s.commune_id, r.version, r.archived_at IS NOT NULL AS deleted")},
		{sync.EntityAsset, db.NewSelect().TableExpr("assets AS a").Join("JOIN sites AS s ON s.id = a.site_id").
			ColumnExpr("a.id, s.commune_id, a.version, a.archived_at IS NOT NULL AS deleted")},
	}
	total := 0
	for _, src := range sources {
		n, err := sync.Seed(ctx, db, src.entity, src.query)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
