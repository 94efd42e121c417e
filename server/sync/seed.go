package sync

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// seedRow is a record found without a row in the change sequence.
type seedRow struct {
	ID        uuid.UUID `bun:"id"`
	CommuneID uuid.UUID `bun:"commune_id"`
	Version   int       `bun:"version"`
	Deleted   bool      `bun:"deleted"`
}

// Seed gives a row in the change sequence to each record of entity that
// has none, such as records loaded in bulk by the demo or written before
// the sync engine existed. records selects, for every record of the
// entity, the columns id, commune_id, version and deleted; Seed keeps
// those without a row. It returns how many it numbered.
func Seed(ctx context.Context, db *bun.DB, entity string, records *bun.SelectQuery) (int, error) {
	var n int
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := Lock(ctx, tx); err != nil {
			return err
		}
		var found []seedRow
		err := tx.NewSelect().TableExpr("(?) AS r", records).ColumnExpr("r.*").
			Where("NOT EXISTS (SELECT 1 FROM sync_changes AS sc WHERE sc.entity = ? AND sc.entity_id = r.id)", entity).
			OrderExpr("r.id").Scan(ctx, &found)
		if err != nil {
			return fmt.Errorf("select %s records to seed: %w", entity, err)
		}
		n = len(found)

		rows := make([]changeRow, len(found))
		for i, r := range found {
			action := ActionUpsert
			if r.Deleted {
				action = ActionDelete
			}
			rows[i] = changeRow{Entity: entity, EntityID: r.ID, CommuneID: r.CommuneID, Action: action, Version: r.Version}
		}
		for start := 0; start < len(rows); start += 200 {
			if err := number(ctx, tx, rows[start:min(start+200, len(rows))]); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}
