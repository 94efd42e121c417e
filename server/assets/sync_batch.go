package assets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/audit"
	"parc/server/store"
	"parc/server/sync"
)

// pushedAssets applies pushed asset operations, and creates the plain new
// assets of a run together, as a first inventory or an import sends them
// by the hundred.
type pushedAssets struct {
	pushedRecords[Asset]
}

// ApplyRun creates together the assets of the leading operations of ops
// that are plain creations: upserts of new ids without a tag, since a tag
// changes the registry, and without archived. Each gets the checks of a
// single creation, against its site and room read once for the whole
// run, and the same audit entry and change number. See sync.Batcher.
func (p pushedAssets) ApplyRun(ctx context.Context, tx bun.Tx, actor sync.Actor, ops []sync.Op) ([]sync.Outcome, error) {
	if actor.Role != accounts.RoleTechnician {
		return nil, nil
	}
	reqs, err := p.creations(ctx, tx, ops)
	if err != nil || len(reqs) < 2 {
		return nil, err
	}
	sites, rooms := placeIDs(reqs)
	ctx, err = withPlaces(ctx, tx, sites, rooms)
	if err != nil {
		return nil, err
	}

	outcomes := make([]sync.Outcome, len(reqs))
	var created []Asset
	for i, req := range reqs {
		a, rejection, err := p.checkNew(ctx, tx, actor, ops[i].EntityID, req)
		if err != nil {
			return nil, err
		}
		if rejection != nil {
			outcomes[i].Rejection = rejection
			continue
		}
		created = append(created, a)
		outcomes[i].Applied = sync.Applied{EntityID: a.ID, Version: a.Version, After: a}
	}
	return outcomes, storeCreated(ctx, tx, &actor.UserID, created)
}

// creations decodes the leading operations of ops that are plain asset
// creations, and stops at the first that is not.
func (p pushedAssets) creations(ctx context.Context, tx bun.IDB, ops []sync.Op) ([]AssetRequest, error) {
	var reqs []AssetRequest
	ids := make([]uuid.UUID, 0, len(ops))
	for _, op := range ops {
		var req AssetRequest
		if op.Action != sync.ActionUpsert || json.Unmarshal(op.Fields, &req) != nil || tagOf(req) != nil || req.Archived != nil {
			break
		}
		reqs = append(reqs, req)
		ids = append(ids, op.EntityID)
	}
	if len(ids) == 0 {
		return nil, nil
	}

	known, err := knownIDs(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		if known[id] {
			return reqs[:i], nil
		}
	}
	return reqs, nil
}

// knownIDs returns which of ids are already assets or aliases of one.
func knownIDs(ctx context.Context, tx bun.IDB, ids []uuid.UUID) (map[uuid.UUID]bool, error) {
	known := map[uuid.UUID]bool{}
	for start := 0; start < len(ids); start += loadChunk {
		part := ids[start:min(start+loadChunk, len(ids))]
		var found []uuid.UUID
		err := tx.NewSelect().Table("assets").Column("id").Where("id IN (?)", bun.List(part)).
			UnionAll(tx.NewSelect().Table("sync_aliases").ColumnExpr("alias_id").
				Where("entity = ?", sync.EntityAsset).Where("alias_id IN (?)", bun.List(part))).
			Scan(ctx, &found)
		if err != nil {
			return nil, fmt.Errorf("select known asset ids: %w", err)
		}
		for _, id := range found {
			known[id] = true
		}
	}
	return known, nil
}

// placeIDs returns the sites and rooms that requests name.
func placeIDs(reqs []AssetRequest) (sites, rooms []uuid.UUID) {
	seen := map[string]bool{}
	for _, req := range reqs {
		for _, m := range []struct {
			in  Field[string]
			out *[]uuid.UUID
		}{{req.SiteID, &sites}, {req.RoomID, &rooms}} {
			id, err := uuid.Parse(m.in.Value)
			if m.in.Set && err == nil && !seen[m.in.Value] {
				seen[m.in.Value] = true
				*m.out = append(*m.out, id)
			}
		}
	}
	return sites, rooms
}

// checkNew builds the asset id that req creates and checks it as a single
// creation does. It returns the rejection of an asset that cannot be
// stored.
func (p pushedAssets) checkNew(ctx context.Context, tx bun.IDB, actor sync.Actor, id uuid.UUID, req AssetRequest) (Asset, *apierr.Error, error) {
	a := p.rt.blank
	at := now()
	a.ID, a.CreatedAt, a.UpdatedAt, a.Version = id, at, at, 1
	err := req.apply(&a)
	if err == nil {
		f := faults{}
		if err = p.rt.check(ctx, tx, &a, nil, f); err == nil {
			err = f.invalid()
		}
	}
	var rejection *apierr.Error
	if errors.As(err, &rejection) {
		return a, rejection, nil
	}
	if err != nil {
		return a, nil, err
	}

	site, err := SiteByID(ctx, tx, a.SiteID)
	if err != nil {
		return a, nil, err
	}
	a.CommuneID = site.CommuneID
	if !actor.Scope.Allows(a.CommuneID) {
		return a, apierr.NotFound("fleet_site_unknown", a.SiteID.String()), nil
	}
	return a, nil, nil
}

// storeCreated inserts new assets with their audit entries by actor and
// change numbers, a few statements for all of them.
func storeCreated(ctx context.Context, tx bun.IDB, actor *uuid.UUID, created []Asset) error {
	if len(created) == 0 {
		return nil
	}
	if err := store.InsertAll(ctx, tx, "assets", created); err != nil {
		return err
	}
	entries := make([]audit.Entry, len(created))
	changes := make([]sync.Change, len(created))
	for i, a := range created {
		e, err := audit.NewEntry(actor, "asset", a.ID, ActionCreate, nil, a)
		if err != nil {
			return err
		}
		entries[i] = e
		changes[i] = sync.Change{Entity: sync.EntityAsset, ID: a.ID, Version: a.Version, Communes: []uuid.UUID{a.CommuneID}, Actor: actor}
	}
	if err := audit.RecordAll(ctx, tx, entries); err != nil {
		return err
	}
	return sync.RecordNew(ctx, tx, changes)
}
