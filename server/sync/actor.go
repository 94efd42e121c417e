package sync

import (
	"context"
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
)

// ActorOf returns the signed-in user of an HTTP request as the writers
// of synced records take it: the same user whether a change comes from a
// REST call or a push.
func ActorOf(c *fiber.Ctx) Actor {
	p := accounts.PrincipalOf(c)
	return Actor{UserID: p.User.ID, Role: p.User.Role, Scope: accounts.ScopeOf(c)}
}

// loadChunk bounds the ids of one query of LoadByID, under SQLite's
// limit on bound values.
const loadChunk = 500

// LoadByID reads the records of type T whose column is one of ids with
// q, a few hundred ids a query, by id as idOf gives it. Domains build
// their Loaders with it.
func LoadByID[T any](ctx context.Context, q *bun.SelectQuery, column string, ids []uuid.UUID, idOf func(T) uuid.UUID) (map[uuid.UUID]any, error) {
	out := make(map[uuid.UUID]any, len(ids))
	for start := 0; start < len(ids); start += loadChunk {
		var rows []T
		part := ids[start:min(start+loadChunk, len(ids))]
		if err := q.Clone().Where("? IN (?)", bun.Ident(column), bun.List(part)).Scan(ctx, &rows); err != nil {
			return nil, fmt.Errorf("load %d synced records: %w", len(part), err)
		}
		for _, r := range rows {
			out[idOf(r)] = r
		}
	}
	return out, nil
}
