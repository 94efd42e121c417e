package workorders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/param"
	"parc/server/store"
)

func workOrderQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*WorkOrder)(nil)).
		ColumnExpr("wo.*").ColumnExpr("s.commune_id").
		Join("JOIN sites AS s ON s.id = wo.site_id")
}

func timeEntryQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*TimeEntry)(nil)).
		ColumnExpr("te.*").ColumnExpr("s.commune_id").
		Join("JOIN work_orders AS wo ON wo.id = te.work_order_id").
		Join("JOIN sites AS s ON s.id = wo.site_id")
}

// WorkOrderByID returns one work order with its assets, or
// store.ErrNotFound.
func WorkOrderByID(ctx context.Context, db bun.IDB, id uuid.UUID) (WorkOrder, error) {
	var wo WorkOrder
	err := workOrderQuery(db).Where("wo.id = ?", id).Scan(ctx, &wo)
	if errors.Is(err, sql.ErrNoRows) {
		return wo, fmt.Errorf("work order %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return wo, fmt.Errorf("select work order %s: %w", id, err)
	}
	list := []WorkOrder{wo}
	if err := withAssets(ctx, db, list); err != nil {
		return wo, err
	}
	return list[0], nil
}

// withAssets fills the asset ids of the work orders of list.
func withAssets(ctx context.Context, db bun.IDB, list []WorkOrder) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(list))
	for i, wo := range list {
		ids[i] = wo.ID
	}
	var rows []assetLink
	if err := db.NewSelect().Model(&rows).Where("work_order_id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return fmt.Errorf("select assets of %d work orders: %w", len(ids), err)
	}
	byOrder := map[uuid.UUID][]uuid.UUID{}
	for _, row := range rows {
		byOrder[row.WorkOrderID] = append(byOrder[row.WorkOrderID], row.AssetID)
	}
	for i := range list {
		list[i].AssetIDs = sortedIDs(byOrder[list[i].ID])
	}
	return nil
}

// sortedIDs returns ids sorted by their text, never nil, so that a work
// order's JSON is the same however its links were read.
func sortedIDs(ids []uuid.UUID) []uuid.UUID {
	out := slices.Clone(ids)
	if out == nil {
		out = []uuid.UUID{}
	}
	slices.SortFunc(out, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	return out
}

// Filter selects work orders; zero fields select every one in scope.
type Filter struct {
	Scope     accounts.Scope
	RequestID *uuid.UUID
	SiteID    *uuid.UUID
	CommuneID *uuid.UUID
	AssetID   *uuid.UUID
	Status    string
}

// WorkOrders returns one page of work orders, newest first.
func WorkOrders(ctx context.Context, db bun.IDB, f Filter, limit int, cursor *param.Cursor) (param.Page[WorkOrder], error) {
	empty := param.Page[WorkOrder]{Items: []WorkOrder{}}
	q := workOrderQuery(db)
	if !f.Scope.All {
		if len(f.Scope.Communes) == 0 {
			return empty, nil
		}
		q = q.Where("s.commune_id IN (?)", bun.In(f.Scope.Communes))
	}
	if f.RequestID != nil {
		q = q.Where("wo.request_id = ?", *f.RequestID)
	}
	if f.SiteID != nil {
		q = q.Where("wo.site_id = ?", *f.SiteID)
	}
	if f.CommuneID != nil {
		q = q.Where("s.commune_id = ?", *f.CommuneID)
	}
	if f.AssetID != nil {
		q = q.Where("EXISTS (SELECT 1 FROM work_order_assets AS woa WHERE woa.work_order_id = wo.id AND woa.asset_id = ?)", *f.AssetID)
	}
	if f.Status != "" {
		q = q.Where("wo.status = ?", f.Status)
	}
	total, err := q.Count(ctx)
	if err != nil {
		return empty, fmt.Errorf("count work orders: %w", err)
	}
	if cursor != nil {
		q = q.Where("wo.id < ?", cursor.ID)
	}

	var items []WorkOrder
	if err := q.OrderExpr("wo.id DESC").Limit(int64(limit+1)).Scan(ctx, &items); err != nil {
		return empty, fmt.Errorf("list work orders: %w", err)
	}
	page := param.Page[WorkOrder]{Items: items, Total: int(total)}
	if len(items) > limit {
		page.Items = items[:limit]
		page.Next = param.Cursor{ID: items[limit-1].ID}.Encode()
	}
	if page.Items == nil {
		page.Items = []WorkOrder{}
	}
	return page, withAssets(ctx, db, page.Items)
}

// TimeEntries returns the time entries of a work order in the order the
// server received them.
func TimeEntries(ctx context.Context, db bun.IDB, workOrderID uuid.UUID) ([]TimeEntry, error) {
	out := []TimeEntry{}
	if err := timeEntryQuery(db).Where("te.work_order_id = ?", workOrderID).OrderExpr("te.ordinal").Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("list time entries of work order %s: %w", workOrderID, err)
	}
	return out, nil
}

// openWorkOrders counts the work orders of a request that are not done,
// other than except.
func openWorkOrders(ctx context.Context, db bun.IDB, requestID, except uuid.UUID) (int, error) {
	n, err := db.NewSelect().Model((*WorkOrder)(nil)).
		Where("wo.request_id = ?", requestID).Where("wo.id <> ?", except).Where("wo.status <> ?", StatusDone).
		Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count open work orders of request %s: %w", requestID, err)
	}
	return int(n), nil
}
