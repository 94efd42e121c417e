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

// CreateSite stores a new site with its audit entry by actor.
func (w *Writer) CreateSite(ctx context.Context, actor *uuid.UUID, req SiteRequest) (Site, error) {
	id, err := newID(req.ID)
	if err != nil {
		return Site{}, err
	}
	at := now()
	s := Site{ID: id, CreatedAt: at, UpdatedAt: at, Version: 1}
	if err := req.apply(&s); err != nil {
		return Site{}, err
	}

	var created Site
	err = w.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		existing, err := SiteByID(ctx, tx, id)
		if err == nil {
			return idTaken(id, existing)
		}
		if !isNotFound(err) {
			return err
		}
		f := faults{}
		if err := checkSite(ctx, tx, s, true, f); err != nil {
			return err
		}
		if err := f.invalid(); err != nil {
			return err
		}

		if _, err := tx.NewInsert().Model(&s).Exec(ctx); err != nil {
			return fmt.Errorf("insert site %s: %w", id, err)
		}
		if created, err = SiteByID(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "site", id, ActionCreate, nil, created)
	})
	return created, err
}

// ChangeSite applies req to the site id with an audit entry by actor, and
// returns the site with the action recorded. A site may move to another
// commune, and its rooms and assets follow it because their commune is
// read through the site. Archiving a site that still has active rooms or
// assets is rejected.
func (w *Writer) ChangeSite(ctx context.Context, actor *uuid.UUID, id uuid.UUID, req SiteRequest) (Site, string, error) {
	var after Site
	var action string
	err := w.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		before, err := SiteByID(ctx, tx, id)
		if isNotFound(err) {
			return apierr.NotFound("site_not_found", id.String())
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
		if err := checkSite(ctx, tx, next, next.CommuneID != before.CommuneID, f); err != nil {
			return err
		}
		if action == ActionArchive {
			if err := checkSiteEmpty(ctx, tx, id, f); err != nil {
				return err
			}
		}
		if err := f.invalid(); err != nil {
			return err
		}

		next.UpdatedAt, next.Version = at, before.Version+1
		err = updateRow(ctx, tx, &next, "site", id, next.Version,
			"commune_id", "name", "kind", "address", "archived_at", "updated_at", "version")
		if err != nil {
			return err
		}
		if after, err = SiteByID(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "site", id, action, before, after)
	})
	if isStale(err) {
		current, _ := SiteByID(ctx, w.DB, id)
		return Site{}, "", conflict(current)
	}
	return after, action, err
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
		f.add("commune_id", i18n.Msg("field_required"))
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
		switch {
		case moved:
			f.add("commune_id", i18n.Msg("fleet_commune_archived", commune.Name))
		case s.ArchivedAt == nil:
			f.add("archived", i18n.Msg("fleet_commune_archived", commune.Name))
		}
	}
	if _, bad := f["name"]; bad {
		return nil
	}

	others, err := siblings(ctx, tx, "sites", "commune_id", s.CommuneID, false)
	if err != nil {
		return err
	}
	if other, ok := sameName(others, s.ID, s.Name); ok {
		key := "fleet_site_name_taken"
		if other.ArchivedAt != nil {
			key = "fleet_site_name_taken_archived"
		}
		f.add("name", i18n.Msg(key, other.Name))
	}
	return nil
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
