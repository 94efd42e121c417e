package assets

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// TagRegistry keeps the registry of printed tags in step with the tags of
// assets, inside the transaction of an asset's write. The tags package
// implements it, and the interface spares this package an import of tags,
// which imports this one.
type TagRegistry interface {
	// CheckAssetTag returns nil when the registry lets tag go on the
	// asset: the tag is unassigned, or already the asset's. Otherwise it
	// returns ErrTagNotPrinted, ErrTagVoid or a *TagTakenError.
	CheckAssetTag(ctx context.Context, db bun.IDB, tag string, assetID uuid.UUID) error
	// AssignAssetTag marks tag assigned to the asset. It returns the
	// errors of CheckAssetTag when the tag's state no longer allows it.
	AssignAssetTag(ctx context.Context, db bun.IDB, tag string, assetID uuid.UUID) error
	// ReleaseAssetTag marks tag, taken off the asset, unassigned again. A
	// tag that the registry does not hold as the asset's stays as it is.
	ReleaseAssetTag(ctx context.Context, db bun.IDB, tag string, assetID uuid.UUID) error
	// MoveRoomTags records the new site of a room on the room's location
	// tags.
	MoveRoomTags(ctx context.Context, db bun.IDB, roomID, siteID uuid.UUID) error
}

// Errors of a TagRegistry.
var (
	ErrTagNotPrinted = errors.New("tag is not in the registry")
	ErrTagVoid       = errors.New("tag is void")
)

// TagTakenError is the error of a tag that the registry holds as assigned
// to another asset.
type TagTakenError struct {
	Tag     string
	AssetID uuid.UUID
}

func (e *TagTakenError) Error() string {
	return fmt.Sprintf("tag %s is assigned to asset %s", e.Tag, e.AssetID)
}
