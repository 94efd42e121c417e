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

// RecordImported stores as unassigned the asset tags of list that the
// registry lacks, so that the fleet's writers may then put them on
// assets. Such tags come from labels stuck on by another tool, or from an
// exported inventory brought into a new database. Each prefix gets one batch, and
// its counter moves past the largest serial so that no later batch prints
// them again. It runs inside the caller's transaction.
func RecordImported(ctx context.Context, tx bun.Tx, actor *uuid.UUID, note string, list []labels.Tag) error {
	byPrefix := map[string][]labels.Tag{}
	for _, t := range list {
		if t.Kind == labels.AssetTag {
			byPrefix[t.Prefix] = append(byPrefix[t.Prefix], t)
		}
	}
	for prefix, group := range byPrefix {
		missing, err := unknownTags(ctx, tx, group)
		if err != nil {
			return err
		}
		if err := insertImported(ctx, tx, actor, prefix, note, missing); err != nil {
			return err
		}
	}
	return nil
}

// unknownTags returns the tags of list that the registry lacks, each once.
func unknownTags(ctx context.Context, tx bun.IDB, list []labels.Tag) ([]labels.Tag, error) {
	texts := make([]string, 0, len(list))
	for _, t := range list {
		texts = append(texts, t.String())
	}
	known := map[string]bool{}
	for start := 0; start < len(texts); start += 500 {
		var found []string
		part := texts[start:min(start+500, len(texts))]
		err := tx.NewSelect().Table("tags").Column("tag").Where("tag IN (?)", bun.List(part)).Scan(ctx, &found)
		if err != nil {
			return nil, fmt.Errorf("select known tags: %w", err)
		}
		for _, t := range found {
			known[t] = true
		}
	}
	var missing []labels.Tag
	for _, t := range list {
		if !known[t.String()] {
			known[t.String()] = true
			missing = append(missing, t)
		}
	}
	return missing, nil
}

func insertImported(ctx context.Context, tx bun.Tx, actor *uuid.UUID, prefix, note string, missing []labels.Tag) error {
	if len(missing) == 0 {
		return nil
	}
	now := time.Now().UTC()
	first, last := missing[0].Serial, missing[0].Serial
	for _, t := range missing {
		first, last = min(first, t.Serial), max(last, t.Serial)
	}
	batch := Batch{
		ID: uuid.Must(uuid.NewV7()), Prefix: prefix, Kind: KindAsset,
		FirstSerial: first, Count: len(missing), Note: note, CreatedBy: actor, CreatedAt: now,
	}
	if _, err := tx.NewInsert().Model(&batch).Exec(ctx); err != nil {
		return fmt.Errorf("insert batch of imported tags: %w", err)
	}
	rows := make([]Tag, len(missing))
	for i, t := range missing {
		rows[i] = Tag{
			Tag: t.String(), Prefix: prefix, Kind: KindAsset, Serial: t.Serial,
			BatchID: batch.ID, State: StateUnassigned, Prints: 1, CreatedAt: now, UpdatedAt: now,
		}
	}
	if err := store.InsertAll(ctx, tx, "imported tags", rows); err != nil {
		return err
	}

	start := counter{Prefix: prefix, Kind: KindAsset, NextSerial: last + 1}
	if _, err := tx.NewInsert().Model(&start).On("CONFLICT (prefix, kind) DO NOTHING").Exec(ctx); err != nil {
		return fmt.Errorf("create tag counter of %s: %w", prefix, err)
	}
	_, err := tx.NewUpdate().Model((*counter)(nil)).Set("next_serial = ?", last+1).
		Where("prefix = ?", prefix).Where("kind = ?", KindAsset).Where("next_serial <= ?", last).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("move tag counter of %s past imported tags: %w", prefix, err)
	}
	return nil
}
