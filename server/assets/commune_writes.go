package assets

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
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

// apply copies the members of req to c. It always returns nil, because no
// commune member is an id or a date. The error result matches edit.apply.
func (req CommuneRequest) apply(c *Commune) error {
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
	return nil
}

func (req CommuneRequest) edit() edit[Commune] {
	return edit[Commune]{id: req.ID, version: req.Version, archived: req.Archived, apply: req.apply}
}

// communes describes communes to the create and change flows.
func (w *Writer) communes() recordType[Commune] {
	return recordType[Commune]{
		w: w, name: "commune", notFound: "commune_not_found", byID: CommuneByID,
		meta: func(c *Commune) recordMeta {
			return recordMeta{&c.ID, &c.ArchivedAt, &c.CreatedAt, &c.UpdatedAt, &c.Version}
		},
		blank:     Commune{Kind: CommuneKindCommune},
		columns:   []string{"name", "slug", "kind", "allowance_minutes", "has_server", "archived_at", "updated_at", "version"},
		communeOf: func(c *Commune) uuid.UUID { return c.ID },
		check: func(ctx context.Context, tx bun.IDB, next, _ *Commune, f faults) error {
			return checkCommune(ctx, tx, *next, f)
		},
		checkArchive: checkCommuneEmpty,
	}
}

// CreateCommune stores a new commune with its audit entry by actor. The
// kind defaults to commune.
func (w *Writer) CreateCommune(ctx context.Context, actor *uuid.UUID, req CommuneRequest) (Commune, error) {
	return w.communes().create(ctx, actor, req.edit())
}

// ChangeCommune applies req to the commune id with an audit entry by
// actor, and returns the commune with the action recorded. Archiving a
// commune that still has active sites, rooms or assets is rejected.
func (w *Writer) ChangeCommune(ctx context.Context, actor *uuid.UUID, id uuid.UUID, req CommuneRequest) (Commune, string, error) {
	return w.communes().change(ctx, actor, id, req.edit())
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
	if f.nameTaken(all, c.ID, c.Name, "fleet_commune_name_taken", "fleet_commune_name_taken_archived") {
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
