package requests

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/param"
	"parc/server/store"
)

func requestQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*Request)(nil)).
		ColumnExpr("rq.*").ColumnExpr("s.commune_id").
		Join("JOIN sites AS s ON s.id = rq.site_id")
}

func commentQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*Comment)(nil)).
		ColumnExpr("rc.*").ColumnExpr("s.commune_id").
		Join("JOIN requests AS rq ON rq.id = rc.request_id").
		Join("JOIN sites AS s ON s.id = rq.site_id")
}

// RequestByID returns one request, or store.ErrNotFound.
func RequestByID(ctx context.Context, db bun.IDB, id uuid.UUID) (Request, error) {
	var r Request
	err := requestQuery(db).Where("rq.id = ?", id).Scan(ctx, &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("request %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("select request %s: %w", id, err)
	}
	list := []Request{r}
	if err := withPhotos(ctx, db, list); err != nil {
		return r, err
	}
	return list[0], nil
}

// Filter selects requests; zero fields select every request in scope.
type Filter struct {
	Scope     accounts.Scope
	CommuneID *uuid.UUID
	SiteID    *uuid.UUID
	AssetID   *uuid.UUID
	Status    string
}

// Requests returns one page of requests, newest first.
func Requests(ctx context.Context, db bun.IDB, f Filter, limit int, cursor *param.Cursor) (param.Page[Request], error) {
	q := requestQuery(db)
	if !f.Scope.All {
		if len(f.Scope.Communes) == 0 {
			return param.Page[Request]{Items: []Request{}}, nil
		}
		q = q.Where("s.commune_id IN (?)", bun.In(f.Scope.Communes))
	}
	if f.CommuneID != nil {
		q = q.Where("s.commune_id = ?", *f.CommuneID)
	}
	if f.SiteID != nil {
		q = q.Where("rq.site_id = ?", *f.SiteID)
	}
	if f.AssetID != nil {
		q = q.Where("rq.asset_id = ?", *f.AssetID)
	}
	if f.Status != "" {
		q = q.Where("rq.status = ?", f.Status)
	}
	total, err := q.Count(ctx)
	if err != nil {
		return param.Page[Request]{}, fmt.Errorf("count requests: %w", err)
	}
	if cursor != nil {
		q = q.Where("rq.id < ?", cursor.ID)
	}

	var items []Request
	if err := q.OrderExpr("rq.id DESC").Limit(int64(limit+1)).Scan(ctx, &items); err != nil {
		return param.Page[Request]{}, fmt.Errorf("list requests: %w", err)
	}
	page := param.Page[Request]{Items: items, Total: int(total)}
	if len(items) > limit {
		page.Items = items[:limit]
		page.Next = param.Cursor{ID: items[limit-1].ID}.Encode()
	}
	if page.Items == nil {
		page.Items = []Request{}
	}
	return page, withPhotos(ctx, db, page.Items)
}

// Comments returns the comments of a request, oldest first.
func Comments(ctx context.Context, db bun.IDB, requestID uuid.UUID) ([]Comment, error) {
	out := []Comment{}
	if err := commentQuery(db).Where("rc.request_id = ?", requestID).OrderExpr("rc.created_at, rc.id").Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("list comments of request %s: %w", requestID, err)
	}
	return out, nil
}
