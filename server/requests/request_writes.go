package requests

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/field"
	"parc/server/store"
	"parc/server/sync"
)

// Writer makes the changes to requests and their comments. Each write
// runs in one transaction under sync.Lock, with an audit entry and its
// number in the change sequence.
type Writer struct {
	DB *bun.DB
}

// Actions of audit entries.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
)

// RequestBody is the body of POST /api/v1/requests and of PATCH
// /api/v1/requests/{id}, and the fields of a pushed request operation. A
// PATCH changes only the members it carries.
type RequestBody struct {
	// ID is the id the client made for a new request. A PATCH ignores it.
	ID assets.Field[string] `json:"id"`
	// Version is the version the client read, required by a PATCH.
	Version       *int                 `json:"version"`
	SiteID        assets.Field[string] `json:"site_id"`
	AssetID       assets.Field[string] `json:"asset_id"`
	Category      assets.Field[string] `json:"category"`
	Urgency       assets.Field[string] `json:"urgency"`
	Description   assets.Field[string] `json:"description"`
	Status        assets.Field[string] `json:"status"`
	PlannedFor    assets.Field[string] `json:"planned_for"`
	RefusedReason assets.Field[string] `json:"refused_reason"`
	// PhotoIDs are the ids of uploaded photos; a PATCH replaces the list.
	PhotoIDs assets.Field[[]string] `json:"photo_ids"`
}

// Create stores a new request by actor and returns it as stored.
func (w *Writer) Create(ctx context.Context, actor sync.Actor, body RequestBody) (Request, error) {
	id, err := field.NewID(body.ID)
	if err != nil {
		return Request{}, err
	}
	var created Request
	err = sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		created, err = createIn(ctx, tx, actor, id, body)
		return err
	})
	return created, err
}

// Change applies body to the request id as actor and returns it as
// stored. A version other than the stored one gives the 409 with the
// request as stored.
func (w *Writer) Change(ctx context.Context, actor sync.Actor, id uuid.UUID, body RequestBody) (Request, error) {
	var after Request
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		var err error
		_, after, err = changeIn(ctx, tx, actor, id, body, false)
		return err
	})
	return after, err
}

// createIn stores a new request with the given id inside tx.
func createIn(ctx context.Context, tx bun.IDB, actor sync.Actor, id uuid.UUID, body RequestBody) (Request, error) {
	if actor.Role == accounts.RoleCommittee {
		return Request{}, apierr.New(http.StatusForbidden, "forbidden", "forbidden")
	}
	if _, err := RequestByID(ctx, tx, id); err == nil {
		return Request{}, apierr.New(http.StatusConflict, "already_exists", "fleet_id_taken", id.String())
	} else if !errors.Is(err, store.ErrNotFound) {
		return Request{}, err
	}

	at := time.Now().UTC().Truncate(time.Microsecond)
	r := Request{ID: id, Status: StatusNew, Urgency: UrgencyNormal, PhotoIDs: []uuid.UUID{}, CreatedBy: &actor.UserID, CreatedAt: at, UpdatedAt: at, Version: 1}
	if err := body.apply(&r); err != nil {
		return Request{}, err
	}
	if err := check(ctx, tx, actor, &r, nil); err != nil {
		return Request{}, err
	}

	if _, err := tx.NewInsert().Model(&r).Exec(ctx); err != nil {
		return Request{}, fmt.Errorf("insert request %s: %w", id, err)
	}
	if err := linkPhotos(ctx, tx, actor, id, nil, r.PhotoIDs); err != nil {
		return Request{}, err
	}
	return recordWrite(ctx, tx, actor, nil, id)
}

// changeIn applies body to the request id inside tx. With merge, the
// change applies whatever version the body read, as a pushed operation
// does.
func changeIn(ctx context.Context, tx bun.IDB, actor sync.Actor, id uuid.UUID, body RequestBody, merge bool) (before, after Request, err error) {
	before, err = visible(ctx, tx, actor, id)
	if err != nil {
		return before, after, err
	}
	if !merge {
		if err := field.CheckVersion(body.Version, before.Version, before); err != nil {
			return before, after, err
		}
	}

	next := before
	next.PhotoIDs = slices.Clone(before.PhotoIDs)
	if err := body.apply(&next); err != nil {
		return before, after, err
	}
	if err := check(ctx, tx, actor, &next, &before); err != nil {
		return before, after, err
	}
	next.UpdatedAt, next.Version = time.Now().UTC().Truncate(time.Microsecond), before.Version+1

	_, err = tx.NewUpdate().Model(&next).
		Column("asset_id", "category", "urgency", "description", "status", "planned_for", "refused_reason", "done_at", "updated_at", "version").
		WherePK().Exec(ctx)
	if err != nil {
		return before, after, fmt.Errorf("update request %s: %w", id, err)
	}
	if err := linkPhotos(ctx, tx, actor, id, before.PhotoIDs, next.PhotoIDs); err != nil {
		return before, after, err
	}
	after, err = recordWrite(ctx, tx, actor, &before, id)
	return before, after, err
}

// visible returns the request id when actor may see it, and the 404 of
// an unknown request otherwise.
func visible(ctx context.Context, tx bun.IDB, actor sync.Actor, id uuid.UUID) (Request, error) {
	r, err := RequestByID(ctx, tx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !actor.Scope.Allows(r.CommuneID) {
		return Request{}, apierr.NotFound("request_not_found", id.String())
	}
	return r, err
}

// recordWrite reads the request id as stored, files the write in the
// change sequence and the audit log, and queues its notification. before
// is nil at creation.
func recordWrite(ctx context.Context, tx bun.IDB, actor sync.Actor, before *Request, id uuid.UUID) (Request, error) {
	after, err := RequestByID(ctx, tx, id)
	if err != nil {
		return after, err
	}
	err = sync.RecordWrite(ctx, tx, sync.Write[Request]{
		Entity: sync.EntityRequest, ID: id, Version: after.Version, Commune: after.CommuneID,
		Actor: &actor.UserID, Before: before, After: after,
	})
	if err != nil {
		return after, err
	}
	return after, notify(ctx, tx, actor, before, after)
}

// apply copies the members of body to r. It returns the 400 of an id or
// a date that cannot be read.
func (body RequestBody) apply(r *Request) error {
	bad := field.Faults{}
	if id, ok := readID(bad, "site_id", body.SiteID); ok && id != nil {
		r.SiteID = *id
	}
	if id, ok := readID(bad, "asset_id", body.AssetID); ok {
		r.AssetID = id
	}
	for _, m := range []struct {
		in  assets.Field[string]
		dst *string
	}{
		{body.Category, &r.Category}, {body.Urgency, &r.Urgency}, {body.Status, &r.Status},
		{body.Description, &r.Description}, {body.RefusedReason, &r.RefusedReason},
	} {
		if m.in.Set {
			*m.dst = strings.TrimSpace(m.in.Value)
		}
	}
	if body.PhotoIDs.Set {
		r.PhotoIDs = readPhotoIDs(bad, body.PhotoIDs.Value)
	}
	if body.PlannedFor.Set {
		r.PlannedFor = nil
		if body.PlannedFor.Value != "" {
			if d, ok := bad.Date("planned_for", body.PlannedFor.Value); ok {
				r.PlannedFor = &d
			}
		}
	}
	return bad.Unreadable()
}

// readID reads an id member: ok is false when it is absent or cannot be
// read, and the id is nil for null or "".
func readID(bad field.Faults, name string, in assets.Field[string]) (*uuid.UUID, bool) {
	if !in.Set {
		return nil, false
	}
	if in.Value == "" {
		return nil, true
	}
	id := bad.ID(name, in.Value)
	if id == uuid.Nil {
		return nil, false
	}
	return &id, true
}
