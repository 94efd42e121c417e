package importer

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
	"parc/server/store"
)

// run is one import in progress inside its transaction.
type run struct {
	tx    bun.Tx
	fleet *assets.Writer
	actor *uuid.UUID
	// tagPrefix is the prefix that tags without their own are read with.
	tagPrefix string
	mapping   Mapping
	known     *knownFleet
	// claimed holds the assets that a line already updates, by the line.
	claimed map[uuid.UUID]int
	// pending are the new assets without a tag that flush creates.
	pending []pendingAsset
	results []LineResult
	counts  Counts
}

// apply imports one line and adds its result. It returns an error only
// for a failure that is no fault of the line, which ends the import.
func (r *run) apply(ctx context.Context, l *line) error {
	res := LineResult{Line: l.number, Action: ActionError, Warnings: l.warnings}
	defer func() { r.results = append(r.results, res) }()
	if l.duplicate > 0 {
		res.Action = ActionDuplicate
		r.counts.Duplicates++
		return nil
	}

	issues, err := r.write(ctx, l, &res)
	if err != nil {
		return err
	}
	res.Errors = append(l.errors, issues...)
	if len(res.Errors) > 0 {
		res.Action, res.AssetID = ActionError, nil
		r.counts.Failed++
		return nil
	}
	switch res.Action {
	case ActionCreate:
		r.counts.Created++
	case ActionUpdate:
		r.counts.Updated++
	case ActionUnchanged:
		r.counts.Unchanged++
	}
	return nil
}

// write finds or creates the line's place, then creates or updates its
// asset. It returns the faults of the line.
func (r *run) write(ctx context.Context, l *line, res *LineResult) ([]Issue, error) {
	commune, ok := r.known.communes[store.Fold(l.commune)]
	if !ok {
		commune, ok = r.known.communes[assets.Slug(l.commune)]
	}
	if l.commune != "" && !ok {
		l.fail(FieldCommune, "import_commune_unknown", l.commune)
	}
	if len(l.errors) > 0 {
		// A faulty line never reaches the asset writer, so the tag's own fault
		// is added here for the line to list all its faults.
		if l.asset.Tag == nil {
			return nil, nil
		}
		if m, bad := assets.TagFault(r.tagPrefix, *l.asset.Tag); bad {
			return []Issue{{Field: FieldTag, Message: m}}, nil
		}
		return nil, nil
	}

	site, issues, err := r.site(ctx, commune, l)
	if err != nil || issues != nil {
		return issues, err
	}
	room, issues, err := r.room(ctx, site, l)
	if err != nil || issues != nil {
		return issues, err
	}
	return r.asset(ctx, l, site, room, res)
}

// site returns the line's site, created when its commune has none of
// that name.
func (r *run) site(ctx context.Context, commune assets.Commune, l *line) (assets.Site, []Issue, error) {
	key := placeKey{commune.ID, store.Fold(l.site)}
	if s, ok := r.known.sites[key]; ok {
		return s, nil, nil
	}
	if l.siteKind == "" {
		return assets.Site{}, []Issue{{Field: FieldSiteKind, Message: msg("import_site_kind_needed", l.site)}}, nil
	}

	s, err := r.fleet.CreateSiteIn(ctx, r.tx, r.actor, assets.SiteRequest{
		CommuneID: set(commune.ID.String()), Name: set(l.site), Kind: set(l.siteKind),
	})
	if issues, ok := placeIssues(err, FieldSite); ok {
		return s, issues, nil
	}
	if err != nil {
		return s, nil, err
	}
	r.known.sites[key] = s
	r.counts.SitesCreated++
	return s, nil, nil
}

// room returns the line's room, nil for a line without one, created when
// the site has none of that name.
func (r *run) room(ctx context.Context, site assets.Site, l *line) (*assets.Room, []Issue, error) {
	if l.room == "" {
		return nil, nil, nil
	}
	key := placeKey{site.ID, store.Fold(l.room)}
	if room, ok := r.known.rooms[key]; ok {
		return &room, nil, nil
	}

	room, err := r.fleet.CreateRoomIn(ctx, r.tx, r.actor, assets.RoomRequest{SiteID: set(site.ID.String()), Name: set(l.room)})
	if issues, ok := placeIssues(err, FieldRoom); ok {
		return nil, issues, nil
	}
	if err != nil {
		return nil, nil, err
	}
	r.known.rooms[key] = room
	r.counts.RoomsCreated++
	return &room, nil, nil
}

// placeIssues returns the faults of a site or room the import could not
// create as faults of the line's column.
func placeIssues(err error, field string) ([]Issue, bool) {
	if err == nil {
		return nil, false
	}
	issues, ok := issuesOf(err)
	for i := range issues {
		issues[i].Field = field
	}
	return issues, ok
}

func set(v string) assets.Field[string] {
	return assets.Field[string]{Set: true, Value: v}
}
