package assets

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/sync"
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

// CreateAssetsIn stores new assets without a tag inside tx, with their
// audit entries by actor, in a few statements for all of them. Each
// request gets the checks of a single creation. It returns, by request,
// the asset created or the rejection of its faults.
func (w *Writer) CreateAssetsIn(ctx context.Context, tx bun.Tx, actor *uuid.UUID, reqs []AssetRequest) ([]Asset, []*apierr.Error, error) {
	p := pushedAssets{pushedRecords[Asset]{rt: w.assets()}}
	sites, rooms := placeIDs(reqs)
	ctx, err := withPlaces(ctx, tx, sites, rooms)
	if err != nil {
		return nil, nil, err
	}

	// The caller checks the scope, since the import is for technicians.
	everyone := sync.Actor{Scope: accounts.Scope{All: true}}
	out := make([]Asset, len(reqs))
	rejections := make([]*apierr.Error, len(reqs))
	var created []Asset
	for i, req := range reqs {
		if req.Tag.Set && req.Tag.Value != "" {
			return nil, nil, fmt.Errorf("create assets together: request %d puts tag %s on its asset", i, req.Tag.Value)
		}
		id, err := newID(req.ID)
		if err != nil {
			return nil, nil, err
		}
		a, rejection, err := p.checkNew(ctx, tx, everyone, id, req)
		if err != nil {
			return nil, nil, err
		}
		if rejection != nil {
			rejections[i] = rejection
			continue
		}
		out[i] = a
		created = append(created, a)
	}
	return out, rejections, storeCreated(ctx, tx, actor, created)
}
