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

// MaxAllowanceMinutes bounds a commune's yearly allowance: about 16,700
// hours, more than the 8,760 hours of a whole year.
const MaxAllowanceMinutes = 1_000_000

// CommuneRequest is the body of POST /api/v1/communes and of PATCH
// /api/v1/communes/{id}. A PATCH changes only the members it carries.
type CommuneRequest struct {
	// ID is the id the client made for a new commune. The server makes one
	// when it is absent. A PATCH ignores it.
	ID Field[string] `json:"id"`
	// Version is the version the client read, required by a PATCH.
	Version          *int          `json:"version"`
	Name             Field[string] `json:"name"`
	Kind             Field[string] `json:"kind"`
	AllowanceMinutes Field[int]    `json:"allowance_minutes"`
	HasServer        Field[bool]   `json:"has_server"`
	// Archived archives the commune (true) or restores it (false). A
	// creation ignores it.
	Archived *bool `json:"archived"`
}

func (req CommuneRequest) apply(c *Commune) {
	// The slug follows a new name. An unchanged name keeps the slug, which
	// may be a short form such as the CCBE's "ccbe".
	if name := strings.TrimSpace(req.Name.Value); req.Name.Set && name != c.Name {
		c.Name, c.Slug = name, Slug(name)
	}
	if req.Kind.Set {
		c.Kind = req.Kind.Value
	}
	if req.AllowanceMinutes.Set {
		c.AllowanceMinutes = req.AllowanceMinutes.Value
	}
	if req.HasServer.Set {
		c.HasServer = req.HasServer.Value
	}
}

// CreateCommune stores a new commune with its audit entry by actor. The
// kind defaults to commune.
func (w *Writer) CreateCommune(ctx context.Context, actor *uuid.UUID, req CommuneRequest) (Commune, error) {
	id, err := newID(req.ID)
	if err != nil {
		return Commune{}, err
	}
	at := now()
	c := Commune{ID: id, Kind: CommuneKindCommune, CreatedAt: at, UpdatedAt: at, Version: 1}
	req.apply(&c)

	var created Commune
	err = w.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		existing, err := CommuneByID(ctx, tx, id)
		if err == nil {
			return idTaken(id, existing)
		}
		if !isNotFound(err) {
			return err
		}
		f := faults{}
		if err := checkCommune(ctx, tx, c, f); err != nil {
			return err
		}
		if err := f.invalid(); err != nil {
			return err
		}

		if _, err := tx.NewInsert().Model(&c).Exec(ctx); err != nil {
			return fmt.Errorf("insert commune %s: %w", id, err)
		}
		if created, err = CommuneByID(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "commune", id, ActionCreate, nil, created)
	})
	return created, err
}

// ChangeCommune applies req to the commune id with an audit entry by
// actor, and returns the commune with the action recorded. Archiving a
// commune that still has active sites, rooms or assets is rejected.
func (w *Writer) ChangeCommune(ctx context.Context, actor *uuid.UUID, id uuid.UUID, req CommuneRequest) (Commune, string, error) {
	var after Commune
	var action string
	err := w.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		before, err := CommuneByID(ctx, tx, id)
		if isNotFound(err) {
			return apierr.NotFound("commune_not_found", id.String())
		}
		if err != nil {
			return err
		}
		f := faults{}
		if err := checkVersion(req.Version, before.Version, before, f); err != nil {
			return err
		}

		next := before
		req.apply(&next)
		at := now()
		action = archiveAction(req.Archived, &next.ArchivedAt, at)
		if err := checkCommune(ctx, tx, next, f); err != nil {
			return err
		}
		if action == ActionArchive {
			if err := checkCommuneEmpty(ctx, tx, id, f); err != nil {
				return err
			}
		}
		if err := f.invalid(); err != nil {
			return err
		}

		next.UpdatedAt, next.Version = at, before.Version+1
		err = updateRow(ctx, tx, &next, "commune", id, next.Version,
			"name", "slug", "kind", "allowance_minutes", "has_server", "archived_at", "updated_at", "version")
		if err != nil {
			return err
		}
		if after, err = CommuneByID(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "commune", id, action, before, after)
	})
	if isStale(err) {
		current, _ := CommuneByID(ctx, w.DB, id)
		return Commune{}, "", conflict(current)
	}
	return after, action, err
}

// checkCommune adds the faults of c's fields, its name included: unique
// among all communes, archived ones too, without regard to case and
// accents, and with a slug of its own.
func checkCommune(ctx context.Context, tx bun.IDB, c Commune, f faults) error {
	f.text("name", c.Name, nameRule)
	if c.Name != "" && c.Slug == "" {
		f.add("name", i18n.Msg("fleet_name_no_letter", apierr.Quote(c.Name)))
	}
	f.enum("kind", c.Kind, CommuneKinds)
	if c.AllowanceMinutes < 0 || c.AllowanceMinutes > MaxAllowanceMinutes {
		f.add("allowance_minutes", i18n.Msg("fleet_allowance", MaxAllowanceMinutes, c.AllowanceMinutes))
	}
	if _, bad := f["name"]; bad {
		return nil
	}

	all, err := siblings(ctx, tx, "communes", "", uuid.Nil, true)
	if err != nil {
		return err
	}
	if other, ok := sameName(all, c.ID, c.Name); ok {
		key := "fleet_commune_name_taken"
		if other.ArchivedAt != nil {
			key = "fleet_commune_name_taken_archived"
		}
		f.add("name", i18n.Msg(key, other.Name))
		return nil
	}
	for _, other := range all {
		if other.ID != c.ID && other.Slug == c.Slug {
			f.add("name", i18n.Msg("fleet_commune_slug_taken", c.Name, c.Slug, other.Name))
		}
	}
	return nil
}

// checkCommuneEmpty adds a fault on archived when the commune still has
// active sites, rooms or assets.
func checkCommuneEmpty(ctx context.Context, tx bun.IDB, id uuid.UUID, f faults) error {
	sites, err := count(ctx, tx.NewSelect().Table("sites").
		Where("commune_id = ?", id).Where("archived_at IS NULL"), "active sites")
	if err != nil {
		return err
	}
	rooms, err := count(ctx, tx.NewSelect().TableExpr("rooms AS r").Join("JOIN sites AS s ON s.id = r.site_id").
		Where("s.commune_id = ?", id).Where("r.archived_at IS NULL"), "active rooms")
	if err != nil {
		return err
	}
	assets, err := count(ctx, tx.NewSelect().TableExpr("assets AS a").Join("JOIN sites AS s ON s.id = a.site_id").
		Where("s.commune_id = ?", id).Where("a.archived_at IS NULL"), "active assets")
	if err != nil {
		return err
	}
	if sites+rooms+assets > 0 {
		f.add("archived", i18n.Msg("fleet_archive_commune_children", sites, rooms, assets))
	}
	return nil
}
