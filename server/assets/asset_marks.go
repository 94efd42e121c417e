package assets

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/labels"
	"parc/server/i18n"
)

// This file serves the domains that change an asset as part of their own
// write, such as a loan that puts a spare PC on loan or a maintenance
// check that dates the PC's last maintenance. Their changes go through
// the same flow as a PATCH of the asset: its checks, a new version, its
// row in the change sequence that devices pull, and an audit entry.

// AssetRefError is the fault of a reference to an asset, by id or by
// tag, that cannot be read or names no asset. Callers report Message on
// their own field: a 400 when Unreadable, a 422 otherwise.
type AssetRefError struct {
	Message i18n.Message
	// Unreadable is true for a value that is neither a UUID nor a
	// well-formed asset tag.
	Unreadable bool
}

func (e *AssetRefError) Error() string {
	return "asset reference: " + e.Message.Key
}

// FindAsset returns the asset that ref names: its id, or the tag on its
// label as a scanner reads it, in either case and with the check
// character. A tag of any prefix the deployment has used is read. It
// returns an *AssetRefError when ref names no asset, archived assets
// included.
func (w *Writer) FindAsset(ctx context.Context, db bun.IDB, ref string) (Asset, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Asset{}, &AssetRefError{Message: i18n.Msg("asset_ref_empty")}
	}
	if id, err := uuid.Parse(ref); err == nil && len(ref) == 36 {
		a, err := AssetByID(ctx, db, id)
		if isNotFound(err) {
			return a, &AssetRefError{Message: i18n.Msg("asset_ref_unknown_id", ref)}
		}
		return a, err
	}

	prefix, err := w.TagPrefix(ctx)
	if err != nil {
		return Asset{}, err
	}
	tag, err := labels.ParseAnyPrefix(prefix, ref)
	if err != nil {
		if m, ok := tagMessage(err, prefix); ok {
			return Asset{}, &AssetRefError{Message: m, Unreadable: true}
		}
		return Asset{}, err
	}
	if tag.Kind == labels.LocationTag {
		return Asset{}, &AssetRefError{Message: i18n.Msg("fleet_tag_location", tag.String())}
	}

	var ids []uuid.UUID
	err = db.NewSelect().Table("assets").Column("id").Where("tag = ?", tag.String()).Limit(1).Scan(ctx, &ids)
	if err != nil {
		return Asset{}, fmt.Errorf("select the asset carrying tag %s: %w", tag, err)
	}
	if len(ids) == 0 {
		return Asset{}, &AssetRefError{Message: i18n.Msg("asset_ref_unknown_tag", tag.String())}
	}
	return AssetByID(ctx, db, ids[0])
}

// SetStatusIn sets the status of the asset id, inside tx, which holds
// sync.Lock, as a change by actor. It returns the asset as stored, and
// writes nothing when the asset has that status already.
func (w *Writer) SetStatusIn(ctx context.Context, tx bun.Tx, actor *uuid.UUID, id uuid.UUID, status string) (Asset, error) {
	return w.markIn(ctx, tx, actor, id, func(a *Asset) bool {
		if a.Status == status {
			return false
		}
		a.Status = status
		return true
	})
}

// MarkMaintainedIn moves the last maintenance of the asset id to at,
// inside tx, which holds sync.Lock, as a change by actor. An asset
// maintained later than at keeps its date, and nothing is written then.
func (w *Writer) MarkMaintainedIn(ctx context.Context, tx bun.Tx, actor *uuid.UUID, id uuid.UUID, at time.Time) (Asset, error) {
	at = at.UTC().Truncate(time.Microsecond)
	return w.markIn(ctx, tx, actor, id, func(a *Asset) bool {
		if a.LastMaintainedAt != nil && !a.LastMaintainedAt.Before(at) {
			return false
		}
		a.LastMaintainedAt = &at
		return true
	})
}

// markIn applies change to the asset id through the change flow, whatever
// version the caller read. change reports whether it changed anything;
// it runs once on a copy to decide, then again inside the flow.
func (w *Writer) markIn(ctx context.Context, tx bun.Tx, actor *uuid.UUID, id uuid.UUID, change func(a *Asset) bool) (Asset, error) {
	current, err := AssetByID(ctx, tx, id)
	if err != nil {
		return current, err
	}
	probe := current
	if !change(&probe) {
		return current, nil
	}

	rt := w.assets()
	// A PATCH never writes last_maintained_at: only this path does.
	rt.columns = append(slices.Clone(rt.columns), "last_maintained_at")
	req := edit[Asset]{apply: func(a *Asset) error {
		change(a)
		return nil
	}}
	_, after, _, err := rt.changeIn(ctx, tx, actor, id, req, true)
	return after, err
}
