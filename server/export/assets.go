package export

import (
	"context"
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
	if err := req.scan(ctx, q, "assets"); err != nil {
		return err
	}
	return writeTable(out, req.Separator, importer.Headers, rows)
}

func (r assetRow) cells() []string {
	tag := ""
	if r.Tag != nil {
		tag = *r.Tag
	}
	return []string{tag, r.Kind, text(r.CommuneName), text(r.SiteName), r.SiteKind, text(r.RoomName), text(r.Brand), text(r.Model),
		text(r.Serial), text(r.OS), text(r.OSVersion), day(r.PurchaseDate), day(r.WarrantyEnd), r.Status,
		text(r.RecommendedModel), text(r.Notes)}
}

func (r assetRow) name() string {
	return "asset " + r.ID.String()
}
