package export

import (
	"context"
	"fmt"
	"io"

	"github.com/uptrace/bun"

	"parc/server/assets"
	"parc/server/importer"
)

// assetRow is an active asset with the names of its place.
type assetRow struct {
	assets.Asset `bun:",extend"`
	CommuneName  string `bun:"commune_name"`
	SiteName     string `bun:"site_name"`
	SiteKind     string `bun:"site_kind"`
	RoomName     string `bun:"room_name"`
}

// Assets writes the active assets of req's scope, by commune, site, room
// and tag, with the columns importer.Headers names.
func Assets(ctx context.Context, db bun.IDB, req Request, out io.Writer) error {
	var rows []assetRow
	q := db.NewSelect().Model(&rows).
		ColumnExpr("a.*").
		ColumnExpr("c.name AS commune_name, s.name AS site_name, s.kind AS site_kind").
		ColumnExpr("COALESCE(r.name, '') AS room_name").
		Join("JOIN sites AS s ON s.id = a.site_id").
		Join("JOIN communes AS c ON c.id = s.commune_id").
		Join("LEFT JOIN rooms AS r ON r.id = a.room_id").
		Where("a.archived_at IS NULL").
		OrderExpr("c.name, s.name, room_name, a.tag, a.serial, a.id")
	if !req.Scope.All {
		q = q.Where("s.commune_id IN (?)", bun.In(req.Scope.Communes))
	}
	if req.empty() {
		rows = nil
	} else if err := q.Scan(ctx); err != nil {
		return fmt.Errorf("select assets to export: %w", err)
	}

	t, err := newTable(out, req.Separator, importer.Headers)
	if err != nil {
		return err
	}
	for _, r := range rows {
		tag := ""
		if r.Tag != nil {
			tag = *r.Tag
		}
		err := t.row(tag, r.Kind, text(r.CommuneName), text(r.SiteName), r.SiteKind, text(r.RoomName), text(r.Brand), text(r.Model),
			text(r.Serial), text(r.OS), text(r.OSVersion), day(r.PurchaseDate), day(r.WarrantyEnd), r.Status,
			text(r.RecommendedModel), text(r.Notes))
		if err != nil {
			return fmt.Errorf("write asset %s: %w", r.ID, err)
		}
	}
	return t.close()
}
