package assets

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/param"
	"parc/server/store"
)

// AssetFilter selects assets; zero fields select everything. Query matches
// the tag, serial number or model.
type AssetFilter struct {
	Scope     accounts.Scope
	CommuneID *uuid.UUID
	SiteID    *uuid.UUID
	RoomID    *uuid.UUID
	Kind      string
	Status    string
	Query     string
	// Archived selects the archived assets instead of the active ones.
	Archived bool
}

func assetQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*Asset)(nil)).
		ColumnExpr("a.*").ColumnExpr("s.commune_id").
		Join("JOIN sites AS s ON s.id = a.site_id")
}

// Assets returns one page of assets in the order they were created, which
// UUIDv7 ids follow.
func Assets(ctx context.Context, db bun.IDB, f AssetFilter, page PageRequest) (param.Page[Asset], error) {
	q := withinScope(assetQuery(db), "s.commune_id", f.Scope)
	q = archivedOrNot(q, "a.archived_at", f.Archived)
	if f.CommuneID != nil {
		q = q.Where("s.commune_id = ?", *f.CommuneID)
	}
	if f.SiteID != nil {
		q = q.Where("a.site_id = ?", *f.SiteID)
	}
	if f.RoomID != nil {
		q = q.Where("a.room_id = ?", *f.RoomID)
	}
	if f.Kind != "" {
		q = q.Where("a.kind = ?", f.Kind)
	}
	if f.Status != "" {
		q = q.Where("a.status = ?", f.Status)
	}
	if f.Query != "" {
		pattern := likePattern(f.Query)
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where(`? LIKE ? ESCAPE '\'`, bun.Safe(store.FoldSQL("a.tag")), pattern).
				WhereOr(`? LIKE ? ESCAPE '\'`, bun.Safe(store.FoldSQL("a.serial")), pattern).
				WhereOr(`? LIKE ? ESCAPE '\'`, bun.Safe(store.FoldSQL("a.model")), pattern)
		})
	}
	p, err := listPage(ctx, q, "a.id", "", func(a Asset) (string, uuid.UUID) { return "", a.ID }, page)
	if err != nil {
		return p, fmt.Errorf("list assets: %w", err)
	}
	return p, nil
}

// AssetByID returns one asset, or store.ErrNotFound.
func AssetByID(ctx context.Context, db bun.IDB, id uuid.UUID) (Asset, error) {
	var a Asset
	err := assetQuery(db).Where("a.id = ?", id).Scan(ctx, &a)
	return a, notFound(err, "asset", id)
}
