package assets

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/i18n"
)

// SiteRequest is the body of POST /api/v1/sites and of PATCH
// /api/v1/sites/{id}. A PATCH changes only the members it carries.
type SiteRequest struct {
	// ID is the id the client made for a new site. The server makes one
	// when it is absent. A PATCH ignores it.
	ID Field[string] `json:"id"`
	// Version is the version the client read, required by a PATCH.
	Version   *int          `json:"version"`
	CommuneID Field[string] `json:"commune_id"`
	Name      Field[string] `json:"name"`
	Kind      Field[string] `json:"kind"`
	// Address is trimmed; empty or null removes it.
	Address Field[string] `json:"address"`
	// Archived archives the site (true) or restores it (false). A creation
	// ignores it.
	Archived *bool `json:"archived"`
}

// apply copies the members of req to s. It returns a 400 when commune_id
// is not a UUID.
func (req SiteRequest) apply(s *Site) error {
	bad := faults{}
	if id, ok := bad.id("commune_id", req.CommuneID); ok {
		s.CommuneID = id
	}
	if req.Name.Set {
		s.Name = strings.TrimSpace(req.Name.Value)
	}
	if req.Kind.Set {
		s.Kind = req.Kind.Value
	}
	if req.Address.Set {
		s.Address = nil
		if address := strings.TrimSpace(req.Address.Value); address != "" {
			s.Address = &address
		}
	}
	return bad.unreadable()
}

func (req SiteRequest) edit() edit[Site] {
	return edit[Site]{id: req.ID, version: req.Version, archived: req.Archived, apply: req.apply}
}

// sites describes sites to the create and change flows.
func (w *Writer) sites() recordType[Site] {
	return recordType[Site]{
		w: w, name: "site", notFound: "site_not_found", byID: SiteByID,
		meta: func(s *Site) recordMeta {
			return recordMeta{&s.ID, &s.ArchivedAt, &s.CreatedAt, &s.UpdatedAt, &s.Version}
		},
		columns:   []string{"commune_id", "name", "kind", "address", "archived_at", "updated_at", "version"},
		communeOf: func(s *Site) uuid.UUID { return s.CommuneID },
		moved:     siteMoved,
		check: func(ctx context.Context, tx bun.IDB, next, before *Site, f faults) error {
			moved := before == nil || next.CommuneID != before.CommuneID
			return checkSite(ctx, tx, *next, moved, f)
		},
		checkArchive: checkSiteEmpty,
	}
}

// CreateSite stores a new site with its audit entry by actor.
func (w *Writer) CreateSite(ctx context.Context, actor *uuid.UUID, req SiteRequest) (Site, error) {
	return w.sites().create(ctx, actor, req.edit())
}

// ChangeSite applies req to the site id with an audit entry by actor, and
// returns the site with the action recorded. A site may move to another
// commune, and its rooms and assets follow it because their commune is
// read through the site. Archiving a site that still has active rooms or
// assets is rejected.
func (w *Writer) ChangeSite(ctx context.Context, actor *uuid.UUID, id uuid.UUID, req SiteRequest) (Site, string, error) {
	return w.sites().change(ctx, actor, id, req.edit())
}

// checkSite adds the faults of s's fields. Its commune must exist, and
// be active when the site moves to it (moved, true at creation) or is
// active itself. Its name is unique within the commune, archived sites
// included, without regard to case and accents.
func checkSite(ctx context.Context, tx bun.IDB, s Site, moved bool, f faults) error {
	f.text("name", s.Name, nameRule)
	f.enum("kind", s.Kind, SiteKinds)
	if s.Address != nil {
		f.text("address", *s.Address, addressRule)
	}
	if s.CommuneID == uuid.Nil {
		f.add("commune_id", i18n.Required("commune_id"))
		return nil
	}

	commune, err := CommuneByID(ctx, tx, s.CommuneID)
	if isNotFound(err) {
		f.add("commune_id", i18n.Msg("fleet_commune_unknown", s.CommuneID.String()))
		return nil
	}
	if err != nil {
		return err
	}
	if commune.ArchivedAt != nil {
		f.archivedParent("commune_id", moved, s.ArchivedAt == nil, i18n.Msg("fleet_commune_archived", commune.Name))
	}
	if _, bad := f["name"]; bad {
		return nil
	}

	others, err := siblings(ctx, tx, "sites", "commune_id", s.CommuneID, false)
	if err != nil {
		return err
	}
	f.nameTaken(others, s.ID, s.Name, "fleet_site_name_taken", "fleet_site_name_taken_archived")
	return nil
}

// checkSiteOf adds the faults of the site id that a room or an asset
// names, and returns the site. ok is false when the id is missing or no
// site has it. The site must be active when the record moves to it
// (moved, true at creation) or stays active itself (active).
func checkSiteOf(ctx context.Context, tx bun.IDB, id uuid.UUID, moved, active bool, f faults) (site Site, ok bool, err error) {
	if id == uuid.Nil {
		f.add("site_id", i18n.Required("site_id"))
		return Site{}, false, nil
	}

	site, err = SiteByID(ctx, tx, id)
	if isNotFound(err) {
		f.add("site_id", i18n.Msg("fleet_site_unknown", id.String()))
		return Site{}, false, nil
	}
	if err != nil {
		return Site{}, false, err
	}
	if site.ArchivedAt != nil {
		f.archivedParent("site_id", moved, active, i18n.Msg("fleet_site_archived", site.Name))
	}
	return site, true, nil
}

// checkSiteEmpty adds a fault on archived when the site still has active
// rooms or assets.
func checkSiteEmpty(ctx context.Context, tx bun.IDB, id uuid.UUID, f faults) error {
	rooms, err := count(ctx, tx.NewSelect().Table("rooms").
		Where("site_id = ?", id).Where("archived_at IS NULL"), "active rooms")
	if err != nil {
		return err
	}
	assets, err := count(ctx, tx.NewSelect().Table("assets").
		Where("site_id = ?", id).Where("archived_at IS NULL"), "active assets")
	if err != nil {
		return err
	}
	if rooms+assets > 0 {
		f.add("archived", i18n.Msg("fleet_archive_site_children", rooms, assets))
	}
	return nil
}
