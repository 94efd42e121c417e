package assets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/labels"
	"parc/server/i18n"
)

// AssetRequest is the body of POST /api/v1/assets and of PATCH
// /api/v1/assets/{id}. A PATCH changes only the members it carries.
type AssetRequest struct {
	// ID is the id the client made for a new asset. The server makes one
	// when it is absent. A PATCH ignores it.
	ID Field[string] `json:"id"`
	// Version is the version the client read, required by a PATCH.
	Version *int          `json:"version"`
	SiteID  Field[string] `json:"site_id"`
	// RoomID must name a room of the asset's site. Null or "" takes the
	// asset out of any room, and so does a move to another site without
	// room_id, since the old room belongs to the old site.
	RoomID Field[string] `json:"room_id"`
	// Tag is the label to put on the asset. Null or "" takes its label off.
	// The registry must hold the tag as unassigned or as the asset's.
	Tag              Field[string] `json:"tag"`
	Kind             Field[string] `json:"kind"`
	Brand            Field[string] `json:"brand"`
	Model            Field[string] `json:"model"`
	Serial           Field[string] `json:"serial"`
	OS               Field[string] `json:"os"`
	OSVersion        Field[string] `json:"os_version"`
	PurchaseDate     Field[string] `json:"purchase_date"`
	WarrantyEnd      Field[string] `json:"warranty_end"`
	Status           Field[string] `json:"status"`
	RecommendedModel Field[string] `json:"recommended_model"`
	Notes            Field[string] `json:"notes"`
	// Archived archives the asset (true) or restores it (false). A
	// creation ignores it.
	Archived *bool `json:"archived"`
}

// apply copies the members of req to a. It returns a 400 when an id is
// not a UUID or a date is not YYYY-MM-DD.
func (req AssetRequest) apply(a *Asset) error {
	bad := faults{}
	siteBefore := a.SiteID
	if id, ok := bad.id("site_id", req.SiteID); ok {
		a.SiteID = id
	}
	if id, ok := bad.id("room_id", req.RoomID); ok {
		a.RoomID = nil
		if id != uuid.Nil {
			a.RoomID = &id
		}
	} else if !req.RoomID.Set && a.SiteID != siteBefore {
		a.RoomID = nil
	}
	if req.Tag.Set {
		a.Tag = nil
		if tag := strings.TrimSpace(req.Tag.Value); tag != "" {
			a.Tag = &tag
		}
	}
	for _, m := range []struct {
		in  Field[string]
		dst *string
	}{
		{req.Kind, &a.Kind}, {req.Brand, &a.Brand}, {req.Model, &a.Model}, {req.Serial, &a.Serial},
		{req.OS, &a.OS}, {req.OSVersion, &a.OSVersion}, {req.Status, &a.Status},
		{req.RecommendedModel, &a.RecommendedModel}, {req.Notes, &a.Notes},
	} {
		if m.in.Set {
			*m.dst = strings.TrimSpace(m.in.Value)
		}
	}
	if d, ok := bad.date("purchase_date", req.PurchaseDate); ok {
		a.PurchaseDate = d
	}
	if d, ok := bad.date("warranty_end", req.WarrantyEnd); ok {
		a.WarrantyEnd = d
	}
	return bad.unreadable()
}

func (req AssetRequest) edit() edit[Asset] {
	return edit[Asset]{id: req.ID, version: req.Version, archived: req.Archived, apply: req.apply}
}

// assets describes assets to the create and change flows. No asset rule
// prevents archiving.
func (w *Writer) assets() recordType[Asset] {
	return recordType[Asset]{
		w: w, name: "asset", notFound: "asset_not_found", byID: AssetByID,
		meta: func(a *Asset) recordMeta {
			return recordMeta{&a.ID, &a.ArchivedAt, &a.CreatedAt, &a.UpdatedAt, &a.Version}
		},
		blank: Asset{Status: StatusInService},
		columns: []string{
			"tag", "kind", "brand", "model", "serial", "os", "os_version", "purchase_date", "warranty_end",
			"status", "site_id", "room_id", "recommended_model", "notes", "archived_at", "updated_at", "version",
		},
		check:       w.checkAsset,
		communeOf:   func(a *Asset) uuid.UUID { return a.CommuneID },
		beforeWrite: w.releaseReplacedTag,
		afterWrite:  w.assignNewTag,
	}
}

// CreateAsset stores a new asset with its audit entry by actor. The
// status defaults to in_service. A tag is marked assigned to the asset in
// the registry, in the same transaction.
func (w *Writer) CreateAsset(ctx context.Context, actor *uuid.UUID, req AssetRequest) (Asset, error) {
	return w.assets().create(ctx, actor, req.edit())
}

// ChangeAsset applies req to the asset id with an audit entry by actor,
// and returns the asset with the action recorded. A new tag is marked
// assigned to it in the registry and the tag it replaces unassigned, in
// the same transaction. No endpoint deletes an asset: archiving keeps it
// and its history.
func (w *Writer) ChangeAsset(ctx context.Context, actor *uuid.UUID, id uuid.UUID, req AssetRequest) (Asset, string, error) {
	return w.assets().change(ctx, actor, id, req.edit())
}

// checkAsset adds the faults of a's fields. before is the asset as
// stored, nil at creation. checkAsset writes the normalized form of a new
// tag back to a.
func (w *Writer) checkAsset(ctx context.Context, tx bun.IDB, a *Asset, before *Asset, f faults) error {
	checkAssetFields(a, f)
	if err := checkAssetPlace(ctx, tx, *a, before, f); err != nil {
		return err
	}
	var current *string
	if before != nil {
		current = before.Tag
	}
	return w.checkTag(ctx, tx, a, current, f)
}

// checkAssetFields adds the faults of a's fields that need no database:
// its enumerations, texts and dates.
func checkAssetFields(a *Asset, f faults) {
	f.enum("kind", a.Kind, Kinds)
	f.enum("status", a.Status, Statuses)
	f.text("brand", a.Brand, shortRule)
	f.text("model", a.Model, shortRule)
	f.text("serial", a.Serial, shortRule)
	f.text("os", a.OS, shortRule)
	f.text("os_version", a.OSVersion, shortRule)
	f.text("recommended_model", a.RecommendedModel, modelRule)
	f.text("notes", a.Notes, notesRule)
	if a.PurchaseDate != nil && a.WarrantyEnd != nil && a.WarrantyEnd.Before(a.PurchaseDate.Time) {
		f.add("warranty_end", i18n.Msg("fleet_warranty_before_purchase", a.WarrantyEnd.String(), a.PurchaseDate.String()))
	}
}

// checkAssetPlace adds the faults of a's site and room. The site must
// exist, and the room, when there is one, must be a room of that site.
// Each must be active when the asset moves to it or is active itself.
func checkAssetPlace(ctx context.Context, tx bun.IDB, a Asset, before *Asset, f faults) error {
	siteMoved := before == nil || before.SiteID != a.SiteID
	site, ok, err := checkSiteOf(ctx, tx, a.SiteID, siteMoved, a.ArchivedAt == nil, f)
	if err != nil || !ok {
		return err
	}

	if a.RoomID == nil {
		return nil
	}
	room, err := RoomByID(ctx, tx, *a.RoomID)
	if isNotFound(err) {
		f.add("room_id", i18n.Msg("fleet_room_unknown", a.RoomID.String()))
		return nil
	}
	if err != nil {
		return err
	}
	if room.SiteID != a.SiteID {
		f.add("room_id", i18n.Msg("fleet_room_other_site", room.Name, site.Name))
		return nil
	}
	roomMoved := before == nil || before.RoomID == nil || *before.RoomID != room.ID
	if room.ArchivedAt != nil {
		f.archivedParent("room_id", roomMoved, a.ArchivedAt == nil, i18n.Msg("fleet_room_archived", room.Name))
	}
	return nil
}

// checkTag adds the faults of a's tag when it differs from current, the
// stored one. A new tag must be a well-formed asset tag that no other
// asset carries and that the registry lets go on this asset.
func (w *Writer) checkTag(ctx context.Context, tx bun.IDB, a *Asset, current *string, f faults) error {
	if a.Tag == nil || sameTag(a.Tag, current) {
		return nil
	}
	prefix, err := w.TagPrefix(ctx)
	if err != nil {
		return err
	}
	// Labels printed before a change of prefix still go on assets; errors
	// name the prefix in force.
	tag, err := labels.ParseAnyPrefix(prefix, *a.Tag)
	if err != nil {
		if m, ok := tagMessage(err, prefix); ok {
			f.add("tag", m)
			return nil
		}
		return err
	}
	if tag.Kind == labels.LocationTag {
		f.add("tag", i18n.Msg("fleet_tag_location", tag.String()))
		return nil
	}
	text := tag.String()
	a.Tag = &text
	if sameTag(a.Tag, current) {
		return nil
	}

	// The assets table is checked besides the registry, because assets
	// may carry tags that were never recorded there.
	var holder uuid.UUID
	err = tx.NewSelect().Table("assets").Column("id").
		Where("tag = ?", text).Where("id <> ?", a.ID).Limit(1).Scan(ctx, &holder)
	switch {
	case err == nil:
		f.add("tag", i18n.Msg("fleet_tag_taken", text, holder.String()))
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("select the asset carrying tag %s: %w", text, err)
	}

	err = w.Tags.CheckAssetTag(ctx, tx, text, a.ID)
	if m, ok := registryMessage(err, text); ok {
		f.add("tag", m)
		return nil
	}
	return err
}

// releaseReplacedTag marks the asset's old tag unassigned in the registry
// when a change replaces or removes it.
func (w *Writer) releaseReplacedTag(ctx context.Context, tx bun.IDB, next, before *Asset) error {
	if before == nil || before.Tag == nil || sameTag(before.Tag, next.Tag) {
		return nil
	}
	return w.Tags.ReleaseAssetTag(ctx, tx, *before.Tag, before.ID)
}

// assignNewTag marks the asset's tag assigned to it in the registry when
// the write puts a new tag on the asset.
func (w *Writer) assignNewTag(ctx context.Context, tx bun.IDB, next, before *Asset) error {
	var current *string
	if before != nil {
		current = before.Tag
	}
	if next.Tag == nil || sameTag(next.Tag, current) {
		return nil
	}
	return w.assignTag(ctx, tx, *next.Tag, next.ID)
}

// assignTag marks tag assigned to the asset in the registry. A tag whose
// state changed since the check, such as one voided meanwhile, gets the
// 422 the check would have given.
func (w *Writer) assignTag(ctx context.Context, tx bun.IDB, tag string, assetID uuid.UUID) error {
	err := w.Tags.AssignAssetTag(ctx, tx, tag, assetID)
	if m, ok := registryMessage(err, tag); ok {
		f := faults{"tag": m}
		return f.invalid()
	}
	return err
}

// registryMessage returns the message of an error of a TagRegistry, and
// false for nil or another error.
func registryMessage(err error, tag string) (i18n.Message, bool) {
	var taken *TagTakenError
	switch {
	case errors.Is(err, ErrTagNotPrinted):
		return i18n.Msg("fleet_tag_not_printed", tag), true
	case errors.Is(err, ErrTagVoid):
		return i18n.Msg("fleet_tag_void", tag), true
	case errors.As(err, &taken):
		return i18n.Msg("fleet_tag_taken", tag, taken.AssetID.String()), true
	}
	return i18n.Message{}, false
}

func sameTag(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
