package assets

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/param"
	"parc/server/store"
)

// PageRequest is the position and size of one page of a list.
type PageRequest struct {
	Limit  int
	Cursor *param.Cursor
}

// sortKey returns the value a list is ordered by for one item, with its id.
type sortKey[T any] func(T) (string, uuid.UUID)

// listPage runs q, which already holds the filters, for one page ordered by
// keyColumn then id. It counts the matching rows over all pages first, then
// reads one row more than the page holds to know whether another page
// follows. An empty keyColumn orders by id alone.
func listPage[T any](ctx context.Context, q *bun.SelectQuery, idColumn, keyColumn string, key sortKey[T], page PageRequest) (param.Page[T], error) {
	total, err := q.Count(ctx)
	if err != nil {
		return param.Page[T]{}, fmt.Errorf("count: %w", err)
	}

	if c := page.Cursor; c != nil {
		if keyColumn == "" {
			q = q.Where("? > ?", bun.Safe(idColumn), c.ID)
		} else {
			q = q.Where("(? > ? OR (? = ? AND ? > ?))",
				bun.Safe(keyColumn), c.Key, bun.Safe(keyColumn), c.Key, bun.Safe(idColumn), c.ID)
		}
	}
	if keyColumn != "" {
		q = q.OrderExpr("? ASC", bun.Safe(keyColumn))
	}
	q = q.OrderExpr("? ASC", bun.Safe(idColumn)).Limit(int64(page.Limit + 1))

	items := make([]T, 0, page.Limit+1)
	if err := q.Scan(ctx, &items); err != nil {
		return param.Page[T]{}, fmt.Errorf("select page: %w", err)
	}

	result := param.Page[T]{Items: items, Total: int(total)}
	if len(items) > page.Limit {
		result.Items = items[:page.Limit]
		k, id := key(result.Items[page.Limit-1])
		result.Next = param.Cursor{Key: k, ID: id}.Encode()
	}
	return result, nil
}

// likePattern turns user text into a LIKE pattern that matches it anywhere
// in a column folded by store.FoldSQL, with LIKE's wildcards escaped by a
// backslash.
func likePattern(text string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(store.Fold(text)) + "%"
}
