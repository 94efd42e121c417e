package assets

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

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

func (req RoomRequest) edit() edit[Room] {
	return edit[Room]{id: req.ID, version: req.Version, archived: req.Archived, apply: req.apply}
}

// rooms describes rooms to the create and change flows.
func (w *Writer) rooms() recordType[Room] {
	return recordType[Room]{
		w: w, name: "room", notFound: "room_not_found", byID: RoomByID,
		meta: func(r *Room) recordMeta {
			return recordMeta{&r.ID, &r.ArchivedAt, &r.CreatedAt, &r.UpdatedAt, &r.Version}
		},
		columns:      []string{"site_id", "name", "archived_at", "updated_at", "version"},
		check:        checkRoomWrite,
		communeOf:    func(r *Room) uuid.UUID { return r.CommuneID },
		moved:        roomMoved,
		checkArchive: checkRoomEmpty,
		afterWrite:   w.moveRoomTags,
	}
}

// CreateRoom stores a new room with its audit entry by actor.
func (w *Writer) CreateRoom(ctx context.Context, actor *uuid.UUID, req RoomRequest) (Room, error) {
	return w.rooms().create(ctx, actor, req.edit())
}

// ChangeRoom applies req to the room id with an audit entry by actor, and
// returns the room with the action recorded. An asset's room must belong
// to the asset's site, so a room moves to another site only when no asset,
// archived or not, is in it. Its location tags follow it. Archiving a room
// that still holds active assets is rejected.
func (w *Writer) ChangeRoom(ctx context.Context, actor *uuid.UUID, id uuid.UUID, req RoomRequest) (Room, string, error) {
	return w.rooms().change(ctx, actor, id, req.edit())
}

// checkRoomWrite adds the faults of next, the room about to be written.
// before is the room as stored, nil at creation. A room that changes site
// must contain no asset.
func checkRoomWrite(ctx context.Context, tx bun.IDB, next, before *Room, f faults) error {
	if before == nil {
		return checkRoom(ctx, tx, *next, true, f)
	}

	moved := next.SiteID != before.SiteID
	if err := checkRoom(ctx, tx, *next, moved, f); err != nil {
		return err
	}
	if !moved {
		return nil
	}
	return checkRoomMovable(ctx, tx, next.ID, f)
}

// moveRoomTags records a room's new site on its location tags when a
// change moves the room to another site.
func (w *Writer) moveRoomTags(ctx context.Context, tx bun.IDB, next, before *Room) error {
	if before == nil || next.SiteID == before.SiteID {
		return nil
	}
	return w.Tags.MoveRoomTags(ctx, tx, next.ID, next.SiteID)
}

// checkRoom adds the faults of r's fields. Its site must exist, and be
// active when the room moves to it (moved, true at creation) or is active
// itself. Its name is unique within the site, archived rooms included,
// without regard to case and accents.
func checkRoom(ctx context.Context, tx bun.IDB, r Room, moved bool, f faults) error {
	f.text("name", r.Name, nameRule)
	if _, ok, err := checkSiteOf(ctx, tx, r.SiteID, moved, r.ArchivedAt == nil, f); err != nil || !ok {
		return err
	}
	if _, bad := f["name"]; bad {
		return nil
	}

	others, err := siblings(ctx, tx, "rooms", "site_id", r.SiteID, false)
	if err != nil {
		return err
	}
	f.nameTaken(others, r.ID, r.Name, "fleet_room_name_taken", "fleet_room_name_taken_archived")
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
