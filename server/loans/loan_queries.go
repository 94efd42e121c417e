package loans

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

func loanQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*Loan)(nil)).
		ColumnExpr("l.*").ColumnExpr("a.tag AS asset_tag").
		Join("JOIN assets AS a ON a.id = l.asset_id")
}

// LoanByID returns one loan, or store.ErrNotFound.
func LoanByID(ctx context.Context, db bun.IDB, id uuid.UUID) (Loan, error) {
	var l Loan
	err := loanQuery(db).Where("l.id = ?", id).Scan(ctx, &l)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("loan %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return l, fmt.Errorf("select loan %s: %w", id, err)
	}
	l.settle(Today())
	return l, nil
}

// openLoanOf returns the open loan of an asset, or store.ErrNotFound.
func openLoanOf(ctx context.Context, db bun.IDB, assetID uuid.UUID) (Loan, error) {
	var l Loan
	err := loanQuery(db).Where("l.asset_id = ?", assetID).Where("l.returned_at IS NULL").Scan(ctx, &l)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("open loan of asset %s: %w", assetID, store.ErrNotFound)
	}
	if err != nil {
		return l, fmt.Errorf("select the open loan of asset %s: %w", assetID, err)
	}
	l.settle(Today())
	return l, nil
}

// Filter selects loans; zero fields select every loan in scope.
type Filter struct {
	Scope     accounts.Scope
	CommuneID *uuid.UUID
	AssetID   *uuid.UUID
	// Status is one of Statuses, or "" for all. Open includes overdue
	// loans, which are open too.
	Status string
}

// Loans returns one page of loans, newest first.
func Loans(ctx context.Context, db bun.IDB, f Filter, limit int, cursor *param.Cursor) (param.Page[Loan], error) {
	empty := param.Page[Loan]{Items: []Loan{}}
	q := loanQuery(db)
	if !f.Scope.All {
		if len(f.Scope.Communes) == 0 {
			return empty, nil
		}
		q = q.Where("l.commune_id IN (?)", bun.List(f.Scope.Communes))
	}
	if f.CommuneID != nil {
		q = q.Where("l.commune_id = ?", *f.CommuneID)
	}
	if f.AssetID != nil {
		q = q.Where("l.asset_id = ?", *f.AssetID)
	}
	today := Today()
	switch f.Status {
	case StatusOpen:
		q = q.Where("l.returned_at IS NULL")
	case StatusOverdue:
		q = q.Where("l.returned_at IS NULL").Where("l.due_date < ?", today)
	case StatusClosed:
		q = q.Where("l.returned_at IS NOT NULL")
	}
	total, err := q.Count(ctx)
	if err != nil {
		return empty, fmt.Errorf("count loans: %w", err)
	}
	if cursor != nil {
		q = q.Where("l.id < ?", cursor.ID)
	}

	var items []Loan
	if err := q.OrderExpr("l.id DESC").Limit(int64(limit+1)).Scan(ctx, &items); err != nil {
		return empty, fmt.Errorf("list loans: %w", err)
	}
	page := param.Page[Loan]{Items: items, Total: int(total)}
	if len(items) > limit {
		page.Items = items[:limit]
		page.Next = param.Cursor{ID: items[limit-1].ID}.Encode()
	}
	if page.Items == nil {
		page.Items = []Loan{}
	}
	for i := range page.Items {
		page.Items[i].settle(today)
	}
	return page, nil
}
