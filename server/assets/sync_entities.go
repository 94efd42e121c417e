package assets

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/sync"
)

// SyncAssets returns the entity that applies the asset operations that
// devices push.
func (w *Writer) SyncAssets() sync.Entity {
	return pushedAssets{pushedRecords[Asset]{
		rt: w.assets(),
		decode: func(raw json.RawMessage) (edit[Asset], *string, error) {
			var req AssetRequest
			err := decodeFields(raw, &req)
			return req.edit(), tagOf(req), err
		},
		sameAs: sameTaggedAsset,
	}}
}

// SyncRooms returns the entity that applies the room operations that
// devices push.
func (w *Writer) SyncRooms() sync.Entity {
	return pushedRecords[Room]{
		rt: w.rooms(),
		decode: func(raw json.RawMessage) (edit[Room], *string, error) {
			var req RoomRequest
			err := decodeFields(raw, &req)
			return req.edit(), nil, err
		},
	}
}

// pushedRecords applies pushed operations to one type of fleet record
// through the same flows, checks and audit entries as the REST API. An
// upsert of an unknown id creates the record. An upsert of a known id
// merges its members into the record, whatever version the device read.
// A delete archives the record.
type pushedRecords[T any] struct {
	rt recordType[T]
	// decode reads the members of an operation, and the tag it puts on
	// the record, if any.
	decode func(raw json.RawMessage) (edit[T], *string, error)
	// sameAs, when not nil, returns the id of a stored record that a new
	// one with this tag is the same as, or uuid.Nil.
	sameAs func(ctx context.Context, tx bun.IDB, tag string) (uuid.UUID, error)
}

// Apply applies one operation; see sync.Entity.
func (p pushedRecords[T]) Apply(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op) (sync.Applied, error) {
	if actor.Role != accounts.RoleTechnician {
		return sync.Applied{}, apierr.New(http.StatusForbidden, "forbidden", "sync_forbidden", op.Entity)
	}
	req, tag, err := p.decode(op.Fields)
	if err != nil {
		return sync.Applied{}, err
	}
	if op.Action == sync.ActionDelete {
		archived := true
		req.archived = &archived
	}

	id, err := p.target(ctx, tx, op, tag)
	if err != nil {
		return sync.Applied{}, err
	}
	if id == uuid.Nil {
		return p.create(ctx, tx, actor, op, req)
	}
	return p.change(ctx, tx, actor, id, req)
}

// target returns the id of the stored record the operation applies to,
// or uuid.Nil when it creates one.
func (p pushedRecords[T]) target(ctx context.Context, tx bun.IDB, op sync.Op, tag *string) (uuid.UUID, error) {
	_, err := p.rt.byID(ctx, tx, op.EntityID)
	switch {
	case err == nil:
		return op.EntityID, nil
	case !isNotFound(err):
		return uuid.Nil, err
	case op.Action == sync.ActionDelete:
		return uuid.Nil, apierr.NotFound(p.rt.notFound, op.EntityID.String())
	case p.sameAs == nil || tag == nil:
		return uuid.Nil, nil
	}
	return p.sameAs(ctx, tx, *tag)
}

func (p pushedRecords[T]) create(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op, req edit[T]) (sync.Applied, error) {
	created, err := p.rt.createIn(ctx, tx, &actor.UserID, op.EntityID, req)
	if err != nil {
		return sync.Applied{}, err
	}
	if err := p.checkScope(actor, &created); err != nil {
		return sync.Applied{}, err
	}
	return sync.Applied{EntityID: op.EntityID, Version: *p.rt.meta(&created).version, After: created}, nil
}

func (p pushedRecords[T]) change(ctx context.Context, tx bun.Tx, actor sync.Actor, id uuid.UUID, req edit[T]) (sync.Applied, error) {
	current, err := p.rt.byID(ctx, tx, id)
	if err != nil {
		return sync.Applied{}, err
	}
	if err := p.checkScope(actor, &current); err != nil {
		return sync.Applied{}, err
	}
	before, after, _, err := p.rt.changeIn(ctx, tx, &actor.UserID, id, req, true)
	if err != nil {
		return sync.Applied{}, err
	}
	if err := p.checkScope(actor, &after); err != nil {
		return sync.Applied{}, err
	}
	return sync.Applied{EntityID: id, Version: *p.rt.meta(&after).version, Before: before, After: after}, nil
}

// checkScope refuses a record outside the communes of the actor as if it
// did not exist, as the REST reads do.
func (p pushedRecords[T]) checkScope(actor sync.Actor, r *T) error {
	if actor.Scope.Allows(p.rt.communeOf(r)) {
		return nil
	}
	return apierr.NotFound(p.rt.notFound, p.rt.meta(r).id.String())
}

// decodeFields reads the members of an operation into a request body.
func decodeFields(raw json.RawMessage, req any) error {
	if err := json.Unmarshal(raw, req); err != nil {
		return apierr.JSON(err, "sync_fields_unreadable")
	}
	return nil
}

// tagOf returns the tag a request puts on an asset, or nil.
func tagOf(req AssetRequest) *string {
	if !req.Tag.Set || strings.TrimSpace(req.Tag.Value) == "" {
		return nil
	}
	tag := strings.ToUpper(strings.TrimSpace(req.Tag.Value))
	return &tag
}

// sameTaggedAsset returns the id of the asset that carries tag, or
// uuid.Nil. Two technicians who scan the same new label offline each
// create an asset with it: the second creation becomes a change of the
// first asset, because a tag names one asset.
func sameTaggedAsset(ctx context.Context, tx bun.IDB, tag string) (uuid.UUID, error) {
	var ids []uuid.UUID
	err := tx.NewSelect().Table("assets").Column("id").Where("tag = ?", tag).Limit(1).Scan(ctx, &ids)
	if err != nil {
		return uuid.Nil, fmt.Errorf("select the asset carrying tag %s: %w", tag, err)
	}
	if len(ids) == 0 {
		return uuid.Nil, nil
	}
	return ids[0], nil
}
