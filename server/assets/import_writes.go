package assets

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// The writes below run inside a transaction of the caller that already
// holds sync.Lock, so that many of them, such as the lines of an imported
// spreadsheet, commit or roll back together. Each checks its request,
// files its change for devices and its audit entry as the single writes
// do.

// CreateSiteIn stores a new site inside tx with its audit entry by actor.
func (w *Writer) CreateSiteIn(ctx context.Context, tx bun.Tx, actor *uuid.UUID, req SiteRequest) (Site, error) {
	id, err := newID(req.ID)
	if err != nil {
		return Site{}, err
	}
	return w.sites().createIn(ctx, tx, actor, id, req.edit())
}

// CreateRoomIn stores a new room inside tx with its audit entry by actor.
func (w *Writer) CreateRoomIn(ctx context.Context, tx bun.Tx, actor *uuid.UUID, req RoomRequest) (Room, error) {
	id, err := newID(req.ID)
	if err != nil {
		return Room{}, err
	}
	return w.rooms().createIn(ctx, tx, actor, id, req.edit())
}

// CreateAssetIn stores a new asset inside tx with its audit entry by
// actor, and marks its tag assigned in the registry.
func (w *Writer) CreateAssetIn(ctx context.Context, tx bun.Tx, actor *uuid.UUID, req AssetRequest) (Asset, error) {
	id, err := newID(req.ID)
	if err != nil {
		return Asset{}, err
	}
	return w.assets().createIn(ctx, tx, actor, id, req.edit())
}

// MergeAssetIn applies the members of req to the asset id inside tx,
// whatever version it is at, with an audit entry by actor, and returns
// the asset as stored.
func (w *Writer) MergeAssetIn(ctx context.Context, tx bun.Tx, actor *uuid.UUID, id uuid.UUID, req AssetRequest) (Asset, error) {
	_, after, _, err := w.assets().changeIn(ctx, tx, actor, id, req.edit(), true)
	return after, err
}
