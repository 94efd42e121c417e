package assets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/param"
	"parc/server/store"
)

// CommuneFilter selects communes; zero fields select everything.
type CommuneFilter struct {
	// Scope limits the list to the communes the user may read.
	Scope accounts.Scope
	Kind  string
	Query string
	// Archived selects the archived communes instead of the active ones.
	Archived bool
}

// Communes returns one page of communes ordered by name.
func Communes(ctx context.Context, db bun.IDB, f CommuneFilter, page PageRequest) (param.Page[Commune], error) {
	q := db.NewSelect().Model((*Commune)(nil))
	q = withinScope(q, "c.id", f.Scope)
	q = archivedOrNot(q, "c.archived_at", f.Archived)
	if f.Kind != "" {
		q = q.Where("c.kind = ?", f.Kind)
	}
	if f.Query != "" {
		q = q.Where(`? LIKE ? ESCAPE '\'`, bun.Safe(store.FoldSQL("c.name")), likePattern(f.Query))
	}
	p, err := listPage(ctx, q, "c.id", store.FoldSQL("c.name"), func(c Commune) (string, uuid.UUID) { return store.Fold(c.Name), c.ID }, page)
	if err != nil {
		return p, fmt.Errorf("list communes: %w", err)
	}
	return p, nil
}

// CommuneByID returns one commune, or store.ErrNotFound.
func CommuneByID(ctx context.Context, db bun.IDB, id uuid.UUID) (Commune, error) {
	var c Commune
	err := db.NewSelect().Model(&c).Where("c.id = ?", id).Scan(ctx)
	return c, notFound(err, "commune", id)
}

// SiteFilter selects sites; zero fields select everything.
type SiteFilter struct {
	Scope     accounts.Scope
	CommuneID *uuid.UUID
	Kind      string
	Query     string
	// Archived selects the archived sites instead of the active ones.
	Archived bool
}

// siteTagSQL and roomTagSQL read the location tag of a site or room from
// the registry. A place keeps one tag in practice, and if a second batch
// named it, the newest tag is the one on the wall.
const (
	siteTagSQL = `(SELECT tg.tag FROM tags AS tg
	WHERE tg.site_id = s.id AND tg.room_id IS NULL AND tg.kind = 'location' AND tg.state = 'assigned'
	ORDER BY tg.created_at DESC, tg.tag DESC LIMIT 1) AS tag`
	roomTagSQL = `(SELECT tg.tag FROM tags AS tg
	WHERE tg.room_id = r.id AND tg.kind = 'location' AND tg.state = 'assigned'
	ORDER BY tg.created_at DESC, tg.tag DESC LIMIT 1) AS tag`
)

func siteQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*Site)(nil)).ColumnExpr("s.*").ColumnExpr(siteTagSQL)
}

// Sites returns one page of sites ordered by name.
func Sites(ctx context.Context, db bun.IDB, f SiteFilter, page PageRequest) (param.Page[Site], error) {
	q := siteQuery(db)
	q = withinScope(q, "s.commune_id", f.Scope)
	q = archivedOrNot(q, "s.archived_at", f.Archived)
	if f.CommuneID != nil {
		q = q.Where("s.commune_id = ?", *f.CommuneID)
	}
	if f.Kind != "" {
		q = q.Where("s.kind = ?", f.Kind)
	}
	if f.Query != "" {
		q = q.Where(`? LIKE ? ESCAPE '\'`, bun.Safe(store.FoldSQL("s.name")), likePattern(f.Query))
	}
	p, err := listPage(ctx, q, "s.id", store.FoldSQL("s.name"), func(s Site) (string, uuid.UUID) { return store.Fold(s.Name), s.ID }, page)
	if err != nil {
		return p, fmt.Errorf("list sites: %w", err)
	}
	return p, nil
}

// SiteByID returns one site, or store.ErrNotFound.
func SiteByID(ctx context.Context, db bun.IDB, id uuid.UUID) (Site, error) {
	if m, ok := memoOf(ctx); ok {
		return m.site(id)
	}
	var s Site
	err := siteQuery(db).Where("s.id = ?", id).Scan(ctx, &s)
	return s, notFound(err, "site", id)
}

// RoomFilter selects rooms; zero fields select everything.
type RoomFilter struct {
	Scope     accounts.Scope
	CommuneID *uuid.UUID
	SiteID    *uuid.UUID
	Query     string
	// Archived selects the archived rooms instead of the active ones.
	Archived bool
}

func roomQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*Room)(nil)).
		ColumnExpr("r.*").ColumnExpr("s.commune_id").ColumnExpr(roomTagSQL).
		Join("JOIN sites AS s ON s.id = r.site_id")
}

// Rooms returns one page of rooms ordered by name.
func Rooms(ctx context.Context, db bun.IDB, f RoomFilter, page PageRequest) (param.Page[Room], error) {
	q := withinScope(roomQuery(db), "s.commune_id", f.Scope)
	q = archivedOrNot(q, "r.archived_at", f.Archived)
	if f.CommuneID != nil {
		q = q.Where("s.commune_id = ?", *f.CommuneID)
	}
	if f.SiteID != nil {
		q = q.Where("r.site_id = ?", *f.SiteID)
	}
	if f.Query != "" {
		q = q.Where(`? LIKE ? ESCAPE '\'`, bun.Safe(store.FoldSQL("r.name")), likePattern(f.Query))
	}
	p, err := listPage(ctx, q, "r.id", store.FoldSQL("r.name"), func(r Room) (string, uuid.UUID) { return store.Fold(r.Name), r.ID }, page)
	if err != nil {
		return p, fmt.Errorf("list rooms: %w", err)
	}
	return p, nil
}

// RoomByID returns one room, or store.ErrNotFound.
func RoomByID(ctx context.Context, db bun.IDB, id uuid.UUID) (Room, error) {
	if m, ok := memoOf(ctx); ok {
		return m.room(id)
	}
	var r Room
	err := roomQuery(db).Where("r.id = ?", id).Scan(ctx, &r)
	return r, notFound(err, "room", id)
}

// withinScope limits q to the rows whose commune, in column, the scope
// covers. An empty scope selects nothing.
func withinScope(q *bun.SelectQuery, column string, scope accounts.Scope) *bun.SelectQuery {
	if scope.All {
		return q
	}
	if len(scope.Communes) == 0 {
		return q.Where("1 = 0")
	}
	return q.Where("? IN (?)", bun.Safe(column), bun.In(scope.Communes))
}

// archivedOrNot limits q to the archived rows when archived is true, and
// to the active ones otherwise. column is the table's archived_at.
func archivedOrNot(q *bun.SelectQuery, column string, archived bool) *bun.SelectQuery {
	if archived {
		return q.Where("? IS NOT NULL", bun.Safe(column))
	}
	return q.Where("? IS NULL", bun.Safe(column))
}

// notFound turns sql.ErrNoRows into store.ErrNotFound and adds context to
// any other error.
func notFound(err error, noun string, key any) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%s %v: %w", noun, key, store.ErrNotFound)
	default:
		return fmt.Errorf("select %s %v: %w", noun, key, err)
	}
}
