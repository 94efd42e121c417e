package tags

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/labels"
	"parc/server/store"
)

// Assignment ties a tag to the asset it is stuck on.
type Assignment struct {
	Tag     labels.Tag
	AssetID uuid.UUID
}

// RecordInventory stores asset tags printed and stuck on before Parc kept
// the registry, such as those of an initial inventory, as one batch of
// assigned tags with consecutive serials from 1, and moves the counter
// past them. It runs inside the caller's transaction on an empty registry.
func RecordInventory(ctx context.Context, tx bun.Tx, prefix, note string, assigned []Assignment) error {
	if len(assigned) == 0 {
		return nil
	}
	now := time.Now().UTC()
	batch := Batch{
		ID: uuid.Must(uuid.NewV7()), Prefix: prefix, Kind: KindAsset,
		FirstSerial: 1, Count: len(assigned), Note: note, CreatedAt: now,
	}
	for i, a := range assigned {
		if a.Tag.Serial != i+1 || a.Tag.Prefix != prefix || a.Tag.Kind != labels.AssetTag {
			return fmt.Errorf("inventory tag %s is not asset serial %d of prefix %s", a.Tag, i+1, prefix)
		}
	}
	if _, err := tx.NewInsert().Model(&batch).Exec(ctx); err != nil {
		return fmt.Errorf("insert inventory batch: %w", err)
	}

	rows := make([]Tag, len(assigned))
	for i, a := range assigned {
		id := a.AssetID
		rows[i] = Tag{
			Tag: a.Tag.String(), Prefix: prefix, Kind: KindAsset, Serial: a.Tag.Serial,
			BatchID: batch.ID, State: StateAssigned, AssetID: &id, Prints: 1,
			CreatedAt: now, UpdatedAt: now,
		}
	}
	if err := store.InsertAll(ctx, tx, "inventory tags", rows); err != nil {
		return err
	}

	c := counter{Prefix: prefix, Kind: KindAsset, NextSerial: len(assigned) + 1}
	if _, err := tx.NewInsert().Model(&c).Exec(ctx); err != nil {
		return fmt.Errorf("set tag counter of %s: %w", prefix, err)
	}
	return nil
}
