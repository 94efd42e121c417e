package requests

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/field"
	"parc/server/sync"
)

// CommentBody is the body of POST /api/v1/requests/{id}/comments, and
// the fields of a pushed request_comment operation, which also carry
// request_id.
type CommentBody struct {
	ID        assets.Field[string] `json:"id"`
	RequestID string               `json:"request_id"`
	Body      string               `json:"body"`
}

// AddComment stores a comment by actor on the request requestID.
func (w *Writer) AddComment(ctx context.Context, actor sync.Actor, requestID uuid.UUID, body CommentBody) (Comment, error) {
	id, err := field.NewID(body.ID)
	if err != nil {
		return Comment{}, err
	}
	var c Comment
	err = sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		c, err = addCommentIn(ctx, tx, actor, id, requestID, body.Body)
		return err
	})
	return c, err
}

// addCommentIn stores a comment inside tx. Comments are append-only: the
// same comment sent again is returned as stored, a different one under
// the same id is rejected.
func addCommentIn(ctx context.Context, tx bun.IDB, actor sync.Actor, id, requestID uuid.UUID, text string) (Comment, error) {
	if actor.Role == accounts.RoleCommittee {
		return Comment{}, apierr.New(http.StatusForbidden, "forbidden", "forbidden")
	}
	request, err := visible(ctx, tx, actor, requestID)
	if err != nil {
		return Comment{}, err
	}
	text = strings.TrimSpace(text)
	f := field.Faults{}
	f.Text("body", text, true, maxComment)
	if err := f.Invalid(); err != nil {
		return Comment{}, err
	}

	var stored Comment
	err = commentQuery(tx).Where("rc.id = ?", id).Scan(ctx, &stored)
	if err == nil {
		if stored.RequestID != requestID || stored.Body != text {
			return Comment{}, apierr.New(http.StatusConflict, "append_only", "request_comment_changed", id.String())
		}
		return stored, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Comment{}, fmt.Errorf("select comment %s: %w", id, err)
	}

	c := Comment{ID: id, RequestID: requestID, AuthorID: &actor.UserID, Body: text, CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	if _, err := tx.NewInsert().Model(&c).Exec(ctx); err != nil {
		return Comment{}, fmt.Errorf("insert comment %s: %w", id, err)
	}
	c.CommuneID = request.CommuneID
	err = sync.RecordWrite(ctx, tx, sync.Write[Comment]{
		Entity: sync.EntityRequestComment, ID: id, Version: 1, Commune: request.CommuneID,
		Actor: &actor.UserID, After: c,
	})
	if err != nil {
		return Comment{}, err
	}
	return c, nil
}
