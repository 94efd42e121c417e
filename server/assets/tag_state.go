package assets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
)

// Codes of the 404s of a scanned tag, which tell the app what to offer.
const (
	// CodeTagUnassigned is a printed tag on no asset or place yet.
	CodeTagUnassigned = "tag_unassigned"
	// CodeTagVoid is a tag voided because its label was lost or destroyed.
	CodeTagVoid = "tag_void"
	// CodeTagUnknown is a tag never printed here, such as the label of
	// another fleet, or a tag of a record of a commune the user may not
	// read.
	CodeTagUnknown = "tag_unknown"
	// CodeLocationTag is a location tag looked up as an asset's.
	CodeLocationTag = "location_tag"
	// CodeAssetTag is an asset tag looked up as a place's.
	CodeAssetTag = "asset_tag"
)

// States of a tag in the registry, as the tags package stores them.
const (
	tagStateUnassigned = "unassigned"
	tagStateAssigned   = "assigned"
	tagStateVoid       = "void"
)

// registryRow is a tag's row of the registry, with the commune of the site
// that a location tag names.
type registryRow struct {
	State     string     `bun:"state"`
	SiteID    *uuid.UUID `bun:"site_id"`
	RoomID    *uuid.UUID `bun:"room_id"`
	CommuneID *uuid.UUID `bun:"commune_id"`
}

// registryRowOf returns the registry row of tag, or ok false when the tag
// was never printed here.
func registryRowOf(ctx context.Context, db bun.IDB, tag string) (row registryRow, ok bool, err error) {
	err = db.NewSelect().TableExpr("tags AS tg").
		ColumnExpr("tg.state, tg.site_id, tg.room_id, s.commune_id").
		Join("LEFT JOIN sites AS s ON s.id = tg.site_id").
		Where("tg.tag = ?", tag).
		Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return row, false, nil
	}
	if err != nil {
		return row, false, fmt.Errorf("select registry row of tag %s: %w", tag, err)
	}
	return row, true, nil
}

// assetTagNotFound returns the 404 of an asset tag that no asset carries,
// with the code of the tag's state in the registry. A tag that the
// registry holds as assigned, but whose asset the lookup did not find,
// gets the same 404 as a tag never printed.
func assetTagNotFound(ctx context.Context, db bun.IDB, tag string) error {
	row, ok, err := registryRowOf(ctx, db, tag)
	if err != nil {
		return err
	}
	switch {
	case ok && row.State == tagStateUnassigned:
		return apierr.New(http.StatusNotFound, CodeTagUnassigned, "scan_tag_unassigned", tag)
	case ok && row.State == tagStateVoid:
		return apierr.New(http.StatusNotFound, CodeTagVoid, "scan_tag_void", tag)
	default:
		return apierr.New(http.StatusNotFound, CodeTagUnknown, "scan_tag_unknown", tag)
	}
}

// Place is the site, and the room when RoomID is set, that a location tag
// names.
type Place struct {
	Tag    string     `json:"tag"`
	SiteID uuid.UUID  `json:"site_id"`
	RoomID *uuid.UUID `json:"room_id"`
}

// PlaceByTag returns the place that the location tag names, or a 404 whose
// code gives the tag's state. A place of a commune outside scope gets the
// same 404 as a tag never printed.
func PlaceByTag(ctx context.Context, db bun.IDB, scope accounts.Scope, tag string) (Place, error) {
	row, ok, err := registryRowOf(ctx, db, tag)
	if err != nil {
		return Place{}, err
	}
	switch {
	case ok && row.State == tagStateVoid:
		return Place{}, apierr.New(http.StatusNotFound, CodeTagVoid, "scan_tag_void", tag)
	case ok && row.State == tagStateUnassigned:
		return Place{}, apierr.New(http.StatusNotFound, CodeTagUnassigned, "place_tag_unassigned", tag)
	case !ok || row.State != tagStateAssigned || row.SiteID == nil || row.CommuneID == nil || !scope.Allows(*row.CommuneID):
		return Place{}, apierr.New(http.StatusNotFound, CodeTagUnknown, "place_tag_unknown", tag)
	}
	return Place{Tag: tag, SiteID: *row.SiteID, RoomID: row.RoomID}, nil
}
