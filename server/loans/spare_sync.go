package loans

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/audit"
	"parc/server/sync"
)

// EntitySpare is the sync entity of the pool of spare PCs, in the wire
// format. Devices pull it, so that a check-out made offline is checked
// against the pool; they never push it.
//
// NOTE: a spare is filed under the commune of its PC's site when the pool
// or a loan last changed it. A PC moved to another commune's site stays
// filed under the old one until then; technicians, who see every commune,
// are not affected.
const EntitySpare = "loan_spare"

// recordSpare files the creation of the spare assetID in the change
// sequence and the audit log.
func recordSpare(ctx context.Context, tx bun.IDB, actor *uuid.UUID, assetID uuid.UUID) error {
	found, err := spareByID(ctx, tx, assetID)
	if err != nil || len(found) == 0 {
		return err
	}
	after := found[0]
	return sync.RecordWrite(ctx, tx, sync.Write[Spare]{
		Entity: EntitySpare, ID: assetID, Version: after.Version, Commune: after.CommuneID,
		Actor: actor, After: after,
	})
}

// touchSpare files a new version of the PC assetID when it is in the pool,
// after a loan took it or brought it back, so that devices pull whether
// it is available. The loan's own audit entry records the change.
func touchSpare(ctx context.Context, tx bun.IDB, actor *uuid.UUID, assetID uuid.UUID) error {
	found, err := spareByID(ctx, tx, assetID)
	if err != nil || len(found) == 0 {
		return err
	}
	_, err = tx.NewUpdate().Table("loan_spares").Set("version = version + 1").Where("asset_id = ?", assetID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("count a new version of spare PC %s: %w", assetID, err)
	}
	return sync.Record(ctx, tx, sync.Change{
		Entity: EntitySpare, ID: assetID, Version: found[0].Version + 1,
		Communes: []uuid.UUID{found[0].CommuneID}, Fields: []string{"available", "loan_id", "status"}, Actor: actor,
	})
}

// recordSpareRemoved files the tombstone of the spare that left the pool,
// so that devices drop it, and its audit entry.
func recordSpareRemoved(ctx context.Context, tx bun.IDB, actor *uuid.UUID, spare Spare) error {
	err := sync.Record(ctx, tx, sync.Change{
		Entity: EntitySpare, ID: spare.AssetID, Version: spare.Version + 1,
		Communes: []uuid.UUID{spare.CommuneID}, Deleted: true, Actor: actor,
	})
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, EntitySpare, spare.AssetID, ActionDelete, spare, nil)
}

func loadSpares(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error) {
	out := make(map[uuid.UUID]any, len(ids))
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		var rows []Spare
		if err := spareQuery(db).Where("sp.asset_id IN (?)", bun.List(part)).Scan(ctx, &rows); err != nil {
			return nil, fmt.Errorf("load %d synced spare PCs: %w", len(part), err)
		}
		for _, sp := range rows {
			sp.settle()
			out[sp.AssetID] = sp
		}
	}
	return out, nil
}

// SeedSync numbers, in the change sequence, the spare PCs that have no
// number yet, such as the demo's, which it loads in bulk. It returns how
// many it numbered.
func SeedSync(ctx context.Context, db *bun.DB) (int, error) {
	q := db.NewSelect().TableExpr("loan_spares AS sp").
		Join("JOIN assets AS a ON a.id = sp.asset_id").Join("JOIN sites AS s ON s.id = a.site_id").
		ColumnExpr("sp.asset_id AS id, s.commune_id, sp.version, ? AS deleted", false)
	return sync.Seed(ctx, db, EntitySpare, q)
}
