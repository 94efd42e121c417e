package assets

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/audit"
	"parc/server/i18n"
)

// RoomRequest is the body of POST /api/v1/rooms and of PATCH
// /api/v1/rooms/{id}. A PATCH changes only the members it carries.
type RoomRequest struct {
	// ID is the id the client made for a new room. The server makes one
	// when it is absent. A PATCH ignores it.
	ID Field[string] `json:"id"`
	// Version is the version the client read, required by a PATCH.
	Version *int          `json:"version"`
	SiteID  Field[string] `json:"site_id"`
	Name    Field[string] `json:"name"`
	// Archived archives the room (true) or restores it (false). A creation
	// ignores it.
	Archived *bool `json:"archived"`
}

// apply copies the members of req to r. It returns a 400 when site_id is
// not a UUID.
func (req RoomRequest) apply(r *Room) error {
	bad := faults{}
	if id, ok := bad.id("site_id", req.SiteID); ok {
		r.SiteID = id
	}
	if req.Name.Set {
		r.Name = strings.TrimSpace(req.Name.Value)
	}
	return bad.unreadable()
}

// CreateRoom stores a new room with its audit entry by actor.
func (w *Writer) CreateRoom(ctx context.Context, actor *uuid.UUID, req RoomRequest) (Room, error) {
	id, err := newID(req.ID)
	if err != nil {
		return Room{}, err
	}
	at := now()
	r := Room{ID: id, CreatedAt: at, UpdatedAt: at, Version: 1}
	if err := req.apply(&r); err != nil {
		return Room{}, err
	}

	var created Room
	err = w.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		existing, err := RoomByID(ctx, tx, id)
		if err == nil {
			return idTaken(id, existing)
		}
		if !isNotFound(err) {
			return err
		}
		f := faults{}
		if err := checkRoom(ctx, tx, r, true, f); err != nil {
			return err
		}
		if err := f.invalid(); err != nil {
			return err
		}

		if _, err := tx.NewInsert().Model(&r).Exec(ctx); err != nil {
			return fmt.Errorf("insert room %s: %w", id, err)
		}
		if created, err = RoomByID(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "room", id, ActionCreate, nil, created)
	})
	return created, err
}

// ChangeRoom applies req to the room id with an audit entry by actor, and
// returns the room with the action recorded. An asset's room must belong
// to the asset's site, so a room moves to another site only when no asset,
// archived or not, is in it. Its location tags follow it. Archiving a room
// that still holds active assets is rejected.
func (w *Writer) ChangeRoom(ctx context.Context, actor *uuid.UUID, id uuid.UUID, req RoomRequest) (Room, string, error) {
	var after Room
	var action string
	err := w.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		before, err := RoomByID(ctx, tx, id)
		if isNotFound(err) {
			return apierr.NotFound("room_not_found", id.String())
		}
		if err != nil {
			return err
		}
		f := faults{}
		if err := checkVersion(req.Version, before.Version, before, f); err != nil {
			return err
		}

		next := before
		if err := req.apply(&next); err != nil {
			return err
		}
		at := now()
		action = archiveAction(req.Archived, &next.ArchivedAt, at)
		moved := next.SiteID != before.SiteID
		if err := checkRoom(ctx, tx, next, moved, f); err != nil {
			return err
		}
		if moved {
			if err := checkRoomMovable(ctx, tx, id, f); err != nil {
				return err
			}
		}
		if action == ActionArchive {
			if err := checkRoomEmpty(ctx, tx, id, f); err != nil {
				return err
			}
		}
		if err := f.invalid(); err != nil {
			return err
		}

		next.UpdatedAt, next.Version = at, before.Version+1
		err = updateRow(ctx, tx, &next, "room", id, next.Version, "site_id", "name", "archived_at", "updated_at", "version")
		if err != nil {
			return err
		}
		if moved {
			if err := w.Tags.MoveRoomTags(ctx, tx, id, next.SiteID); err != nil {
				return err
			}
		}
		if after, err = RoomByID(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "room", id, action, before, after)
	})
	if isStale(err) {
		current, _ := RoomByID(ctx, w.DB, id)
		return Room{}, "", conflict(current)
	}
	return after, action, err
}

// checkRoom adds the faults of r's fields. Its site must exist, and be
// active when the room moves to it (moved, true at creation) or is active
// itself. Its name is unique within the site, archived rooms included,
// without regard to case and accents.
func checkRoom(ctx context.Context, tx bun.IDB, r Room, moved bool, f faults) error {
	f.text("name", r.Name, nameRule)
	if r.SiteID == uuid.Nil {
		f.add("site_id", i18n.Msg("field_required"))
		return nil
	}

	site, err := SiteByID(ctx, tx, r.SiteID)
	if isNotFound(err) {
		f.add("site_id", i18n.Msg("fleet_site_unknown", r.SiteID.String()))
		return nil
	}
	if err != nil {
		return err
	}
	if site.ArchivedAt != nil {
		switch {
		case moved:
			f.add("site_id", i18n.Msg("fleet_site_archived", site.Name))
		case r.ArchivedAt == nil:
			f.add("archived", i18n.Msg("fleet_site_archived", site.Name))
		}
	}
	if _, bad := f["name"]; bad {
		return nil
	}

	others, err := siblings(ctx, tx, "rooms", "site_id", r.SiteID, false)
	if err != nil {
		return err
	}
	if other, ok := sameName(others, r.ID, r.Name); ok {
		key := "fleet_room_name_taken"
		if other.ArchivedAt != nil {
			key = "fleet_room_name_taken_archived"
		}
		f.add("name", i18n.Msg(key, other.Name))
	}
	return nil
}

// checkRoomMovable adds a fault on site_id when any asset is in the room,
// archived ones included.
func checkRoomMovable(ctx context.Context, tx bun.IDB, id uuid.UUID, f faults) error {
	n, err := count(ctx, tx.NewSelect().Table("assets").Where("room_id = ?", id), "assets of the room")
	if err != nil {
		return err
	}
	if n > 0 {
		f.add("site_id", i18n.Msg("fleet_room_move_assets", n))
	}
	return nil
}

// checkRoomEmpty adds a fault on archived when the room still holds active
// assets.
func checkRoomEmpty(ctx context.Context, tx bun.IDB, id uuid.UUID, f faults) error {
	n, err := count(ctx, tx.NewSelect().Table("assets").
		Where("room_id = ?", id).Where("archived_at IS NULL"), "active assets of the room")
	if err != nil {
		return err
	}
	if n > 0 {
		f.add("archived", i18n.Msg("fleet_archive_room_children", n))
	}
	return nil
}
