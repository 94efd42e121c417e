package syncbench

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
	"parc/server/audit"
	"parc/server/store"
	"parc/server/sync"
)

// opRow is a row of sync_ops, the record a push keeps of each op.
type opRow struct {
	bun.BaseModel `bun:"table:sync_ops"`

	ID          uuid.UUID `bun:"id,type:uuid"`
	UserID      uuid.UUID `bun:"user_id,type:uuid"`
	ClientID    string    `bun:"client_id"`
	Entity      string    `bun:"entity"`
	EntityID    uuid.UUID `bun:"entity_id,type:uuid"`
	Status      string    `bun:"status"`
	Result      string    `bun:"result"`
	ProcessedAt time.Time `bun:"processed_at"`
}

// insertWithRecords stores in one transaction every row that a push of
// these creations stores besides the assets: an audit entry, a change
// number and the record of the op with its result, each inserted with
// bun in batches. It is the second baseline of BenchmarkPush: the rows a
// push cannot skip, without the checks and the HTTP round trip.
func (srv *benchServer) insertWithRecords(b *testing.B, rows []assets.Asset) {
	entries := make([]audit.Entry, len(rows))
	changes := make([]sync.Change, len(rows))
	ops := make([]opRow, len(rows))
	user := uuid.Must(uuid.NewV7())
	for i, a := range rows {
		e, err := audit.NewEntry(nil, "asset", a.ID, "create", nil, a)
		if err != nil {
			b.Fatal(err)
		}
		entries[i] = e
		changes[i] = sync.Change{Entity: sync.EntityAsset, ID: a.ID, Version: 1, Communes: []uuid.UUID{srv.communeOf(a.SiteID)}}
		result, _ := json.Marshal(map[string]any{"id": a.ID, "status": "applied", "fields": json.RawMessage(e.After)})
		ops[i] = opRow{ID: uuid.Must(uuid.NewV7()), UserID: user, ClientID: "raw", Entity: "asset", EntityID: a.ID,
			Status: "applied", Result: string(result), ProcessedAt: e.At}
	}

	err := srv.store.DB.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		if err := store.InsertAll(ctx, tx, "assets", rows); err != nil {
			return err
		}
		if err := audit.RecordAll(ctx, tx, entries); err != nil {
			return err
		}
		if err := sync.RecordNew(ctx, tx, changes); err != nil {
			return err
		}
		return store.InsertAll(ctx, tx, "sync ops", ops)
	})
	if err != nil {
		b.Fatal(err)
	}
}

// insertOneByOne stores the assets in one transaction with one bun INSERT
// each, the third baseline of BenchmarkPush: the rows of the first
// baseline, written the way a server applying ops one at a time would.
func (srv *benchServer) insertOneByOne(b *testing.B, rows []assets.Asset) {
	err := srv.store.DB.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		for i := range rows {
			if _, err := tx.NewInsert().Model(&rows[i]).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
