package assets

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/sync"
)

// bookkeeping are the members of a fleet record that every write changes.
var bookkeeping = []string{"version", "updated_at", "created_at"}

// record files a write of a fleet record in the change sequence that
// devices pull: its number, the fields it changed and the commune that
// may see it. before is nil at creation.
func (rt recordType[T]) record(ctx context.Context, tx bun.IDB, actor *uuid.UUID, before, after *T) error {
	var old any
	if before != nil {
		old = *before
	}
	fields, err := sync.ChangedFields(old, *after, bookkeeping...)
	if err != nil {
		return err
	}
	meta := rt.meta(after)
	err = sync.Record(ctx, tx, sync.Change{
		Entity: rt.name, ID: *meta.id, Version: *meta.version,
		Communes: []uuid.UUID{rt.communeOf(after)}, Deleted: *meta.archivedAt != nil,
		Fields: fields, Actor: actor,
	})
	if err != nil || rt.moved == nil || before == nil {
		return err
	}
	return rt.moved(ctx, tx, before, after)
}

// follower is a room or asset that follows its site to another commune.
type follower struct {
	ID         uuid.UUID  `bun:"id"`
	Version    int        `bun:"version"`
	ArchivedAt *time.Time `bun:"archived_at"`
}

// siteMoved files a change for the rooms and assets of a site that moved
// to another commune: the devices of the old commune drop them, those of
// the new one get them.
func siteMoved(ctx context.Context, tx bun.IDB, before, after *Site) error {
	if before.CommuneID == after.CommuneID {
		return nil
	}
	if err := follow(ctx, tx, "room", "rooms", "site_id", after.ID, after.CommuneID); err != nil {
		return err
	}
	return follow(ctx, tx, "asset", "assets", "site_id", after.ID, after.CommuneID)
}

// roomMoved files a change for the assets of a room that moved to a site
// of another commune.
func roomMoved(ctx context.Context, tx bun.IDB, before, after *Room) error {
	if before.CommuneID == after.CommuneID {
		return nil
	}
	return follow(ctx, tx, "asset", "assets", "room_id", after.ID, after.CommuneID)
}

// follow files a change in commune for each row of table whose column
// equals parent.
func follow(ctx context.Context, tx bun.IDB, entity, table, column string, parent, commune uuid.UUID) error {
	var rows []follower
	err := tx.NewSelect().Table(table).Column("id", "version", "archived_at").
		Where("? = ?", bun.Ident(column), parent).Scan(ctx, &rows)
	if err != nil {
		return fmt.Errorf("select %s of %s: %w", table, parent, err)
	}
	for _, r := range rows {
		err := sync.Record(ctx, tx, sync.Change{
			Entity: entity, ID: r.ID, Version: r.Version,
			Communes: []uuid.UUID{commune}, Deleted: r.ArchivedAt != nil,
		})
		if err != nil {
			return err
		}
	}
	return nil
}
