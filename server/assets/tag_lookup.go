package assets

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/uptrace/bun/dialect"

	"parc/server/store"
)

// assetByTagSQL reads the columns of Asset in the order scanAsset expects.
const assetByTagSQL = `SELECT a.id, a.tag, a.kind, a.brand, a.model, a.serial, a.os, a.os_version,
	a.purchase_date, a.warranty_end, a.status, s.commune_id, a.site_id, a.room_id,
	a.recommended_model, a.notes, a.last_inventoried_at, a.last_maintained_at,
	a.archived_at, a.created_at, a.updated_at, a.version
FROM assets AS a JOIN sites AS s ON s.id = a.site_id
WHERE a.tag = `

// TagLookup finds an asset by its tag with a statement prepared once.
// Every scan of a label ends here, and on SQLite preparing the statement
// costs more than running it, so this path skips bun's query builder.
type TagLookup struct {
	stmt     *sql.Stmt
	versions dataVersioner
	cache    *store.VersionedCache[string, cachedAsset]
}

// dataVersioner is implemented by *store.Store.
type dataVersioner interface {
	DataVersion(ctx context.Context) (version int64, ok bool, err error)
}

// NewTagLookup prepares the lookup on the store's readers. The statement
// lives as long as the store: closing it releases the statement.
func NewTagLookup(ctx context.Context, s *store.Store) (*TagLookup, error) {
	db := s.Reader
	placeholder := "?"
	if db.Dialect().Name() == dialect.PG {
		placeholder = "$1"
	}
	stmt, err := db.DB.PrepareContext(ctx, assetByTagSQL+placeholder)
	if err != nil {
		return nil, fmt.Errorf("prepare asset lookup by tag: %w", err)
	}
	cache := &store.VersionedCache[string, cachedAsset]{Max: maxCachedTags}
	return &TagLookup{stmt: stmt, versions: s, cache: cache}, nil
}

// Asset returns the asset carrying tag, or store.ErrNotFound. The tag must
// be in its normalized form, as labels.Parse returns it.
func (l *TagLookup) Asset(ctx context.Context, tag string) (Asset, error) {
	var a Asset
	err := l.stmt.QueryRowContext(ctx, tag).Scan(
		&a.ID, &a.Tag, &a.Kind, &a.Brand, &a.Model, &a.Serial, &a.OS, &a.OSVersion,
		&a.PurchaseDate, &a.WarrantyEnd, &a.Status, &a.CommuneID, &a.SiteID, &a.RoomID,
		&a.RecommendedModel, &a.Notes, &a.LastInventoriedAt, &a.LastMaintainedAt,
		&a.ArchivedAt, &a.CreatedAt, &a.UpdatedAt, &a.Version,
	)
	return a, notFound(err, "asset with tag", tag)
}
