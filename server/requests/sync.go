package requests

import (
	"context"
	"errors"
	"net/http"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/i18n"
	"parc/server/store"
	"parc/server/sync"
)

// SyncRequests returns the entity that applies the request operations
// devices push: an upsert of a new id creates the request, one of a known
// id merges its members, with the same checks as the REST API. A request
// is never deleted: a technician refuses it.
func SyncRequests() sync.Entity {
	return requestEntity{}
}

type requestEntity struct{}

// Apply applies one operation; see sync.Entity.
func (requestEntity) Apply(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op) (sync.Applied, error) {
	body, err := sync.ReadUpsert[RequestBody](op, "not_deletable", "request_not_deletable")
	if err != nil {
		return sync.Applied{}, err
	}

	_, err = RequestByID(ctx, tx, op.EntityID)
	if errors.Is(err, store.ErrNotFound) {
		created, err := createIn(ctx, tx, actor, op.EntityID, body)
		return sync.Applied{EntityID: op.EntityID, Version: created.Version, After: created}, err
	}
	if err != nil {
		return sync.Applied{}, err
	}
	before, after, err := changeIn(ctx, tx, actor, op.EntityID, body, true)
	return sync.Applied{EntityID: op.EntityID, Version: after.Version, Before: before, After: after}, err
}

// SyncComments returns the entity that stores the request comments
// devices push. Comments are append-only.
func SyncComments() sync.Entity {
	return commentEntity{}
}

type commentEntity struct{}

// Apply stores one comment; see sync.Entity.
func (commentEntity) Apply(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op) (sync.Applied, error) {
	body, err := sync.ReadUpsert[CommentBody](op, "append_only", "request_comment_append_only")
	if err != nil {
		return sync.Applied{}, err
	}
	requestID, err := uuid.Parse(body.RequestID)
	if err != nil || len(body.RequestID) != 36 {
		return sync.Applied{}, &apierr.Error{Status: http.StatusBadRequest, Code: "invalid_value", Message: i18n.Msg("fleet_invalid_values"),
			Fields: map[string]i18n.Message{"request_id": i18n.Msg("fleet_id_unreadable", apierr.Quote(body.RequestID))}}
	}
	c, err := addCommentIn(ctx, tx, actor, op.EntityID, requestID, body.Body)
	return sync.Applied{EntityID: op.EntityID, Version: 1, After: c, AppendOnly: true}, err
}

// SyncLoaders returns the loaders of requests, comments and problem
// reports for pulls.
func SyncLoaders() map[string]sync.Loader {
	return map[string]sync.Loader{
		sync.EntityRequest: loadRequests,
		sync.EntityRequestComment: func(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error) {
			return sync.LoadByID(ctx, commentQuery(db), "rc.id", ids, func(c Comment) uuid.UUID { return c.ID })
		},
		sync.EntityProblemReport: func(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error) {
			return sync.LoadByID(ctx, reportQuery(db), "pr.id", ids, func(r ProblemReport) uuid.UUID { return r.ID })
		},
	}
}
