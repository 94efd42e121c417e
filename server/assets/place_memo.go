package assets

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/store"
)

// placeMemo holds sites and rooms read once for many checks, such as the
// checks of the assets a push creates together. SiteByID and RoomByID
// read it instead of the database while it is in the context.
type placeMemo struct {
	sites map[uuid.UUID]Site
	rooms map[uuid.UUID]Room
}

type memoKey struct{}

func memoOf(ctx context.Context) (*placeMemo, bool) {
	m, ok := ctx.Value(memoKey{}).(*placeMemo)
	return m, ok
}

func (m *placeMemo) site(id uuid.UUID) (Site, error) {
	if s, ok := m.sites[id]; ok {
		return s, nil
	}
	return Site{}, fmt.Errorf("site %s: %w", id, store.ErrNotFound)
}

func (m *placeMemo) room(id uuid.UUID) (Room, error) {
	if r, ok := m.rooms[id]; ok {
		return r, nil
	}
	return Room{}, fmt.Errorf("room %s: %w", id, store.ErrNotFound)
}

// withPlaces returns ctx with the sites and rooms of ids read in two
// queries. Ids of neither kind are known as missing.
func withPlaces(ctx context.Context, tx bun.IDB, siteIDs, roomIDs []uuid.UUID) (context.Context, error) {
	m := &placeMemo{sites: map[uuid.UUID]Site{}, rooms: map[uuid.UUID]Room{}}
	for start := 0; start < len(siteIDs); start += loadChunk {
		var sites []Site
		part := siteIDs[start:min(start+loadChunk, len(siteIDs))]
		if err := siteQuery(tx).Where("s.id IN (?)", bun.List(part)).Scan(ctx, &sites); err != nil {
			return ctx, fmt.Errorf("select %d sites: %w", len(part), err)
		}
		for _, s := range sites {
			m.sites[s.ID] = s
		}
	}
	for start := 0; start < len(roomIDs); start += loadChunk {
		var rooms []Room
		part := roomIDs[start:min(start+loadChunk, len(roomIDs))]
		if err := roomQuery(tx).Where("r.id IN (?)", bun.List(part)).Scan(ctx, &rooms); err != nil {
			return ctx, fmt.Errorf("select %d rooms: %w", len(part), err)
		}
		for _, r := range rooms {
			m.rooms[r.ID] = r
		}
	}
	return context.WithValue(ctx, memoKey{}, m), nil
}
