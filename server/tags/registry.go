package tags

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/labels"
	"parc/server/apierr"
	"parc/server/audit"
	"parc/server/i18n"
	"parc/server/store"
	"parc/server/sync"
)

// Request describes a batch: Count new tags of one prefix and kind.
type Request struct {
	Prefix string
	Kind   labels.Kind
	Count  int
	Note   string
	// Places, for location tags, are the rooms or sites the tags name, one
	// tag each; Count is then their number.
	Places []Place
	// Use, when set, runs on the reserved tags inside the reserving
	// transaction, such as rendering their labels: its error undoes the
	// reservation, so a batch that cannot be printed leaves no trace.
	Use func([]labels.Tag) error
}

// Place is the room, or the site when RoomID is nil, a location tag names.
type Place struct {
	SiteID uuid.UUID
	RoomID *uuid.UUID
}

// Reserve reserves a batch of new tags and records them in one
// transaction with its audit entry by actor. The serials follow the last
// ones ever reserved for the prefix and kind: two batches never overlap
// and no serial comes back, even from two servers on one PostgreSQL
// database, because the counter row is updated inside the transaction.
func Reserve(ctx context.Context, db *bun.DB, actor *uuid.UUID, req Request) (Batch, []labels.Tag, error) {
	if len(req.Places) > 0 {
		req.Count = len(req.Places)
	}
	if err := validate(req); err != nil {
		return Batch{}, nil, err
	}

	var batch Batch
	var reserved []labels.Tag
	err := sync.InTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		first, err := advance(ctx, tx, req.Prefix, req.Kind, req.Count)
		if err != nil {
			return err
		}
		batch = Batch{
			ID: uuid.Must(uuid.NewV7()), Prefix: req.Prefix, Kind: kindName(req.Kind),
			FirstSerial: first, Count: req.Count, Note: req.Note, CreatedBy: actor,
			CreatedAt: time.Now().UTC(),
		}
		if _, err := tx.NewInsert().Model(&batch).Exec(ctx); err != nil {
			return fmt.Errorf("insert tag batch: %w", err)
		}
		if reserved, err = insertTags(ctx, tx, batch, req.Places); err != nil {
			return err
		}
		if err := recordPlaces(ctx, tx, actor, req.Places); err != nil {
			return err
		}
		if req.Use != nil {
			if err := req.Use(reserved); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, actor, "tag_batch", batch.ID, "create", nil, batch)
	})
	if err != nil {
		return Batch{}, nil, err
	}
	return batch, reserved, nil
}

func validate(req Request) error {
	if err := labels.ValidatePrefix(req.Prefix); err != nil {
		return invalid("prefix", i18n.Msg("field_tag_prefix"))
	}
	if req.Count < 1 || req.Count > MaxBatch {
		return invalid("count", i18n.Msg("field_tag_count", req.Count, MaxBatch))
	}
	if req.Kind == labels.AssetTag && len(req.Places) > 0 {
		return invalid("places", i18n.Msg("field_tag_places"))
	}
	return nil
}

func invalid(field string, m i18n.Message) *apierr.Error {
	return &apierr.Error{
		Status: http.StatusUnprocessableEntity, Code: "invalid_fields", Message: i18n.Msg("invalid_fields"),
		Fields: map[string]i18n.Message{field: m},
	}
}

// advance moves the counter of prefix and kind forward by count and
// returns the first serial of the range. The UPDATE takes the row's lock,
// which a concurrent batch waits for.
func advance(ctx context.Context, tx bun.Tx, prefix string, kind labels.Kind, count int) (int, error) {
	start := counter{Prefix: prefix, Kind: kindName(kind), NextSerial: 1}
	if _, err := tx.NewInsert().Model(&start).On("CONFLICT (prefix, kind) DO NOTHING").Exec(ctx); err != nil {
		return 0, fmt.Errorf("create tag counter %s %s: %w", prefix, kind, err)
	}

	var next int
	err := tx.NewUpdate().Model((*counter)(nil)).
		Set("next_serial = next_serial + ?", count).
		Where("prefix = ?", prefix).Where("kind = ?", kindName(kind)).
		Returning("next_serial").Scan(ctx, &next)
	if err != nil {
		return 0, fmt.Errorf("advance tag counter %s %s: %w", prefix, kind, err)
	}
	first := next - count
	if last := next - 1; last > maxSerial(kind) {
		return 0, &apierr.Error{
			Status: http.StatusConflict, Code: "tags_exhausted",
			Message: i18n.Msg("tags_exhausted", prefix, maxSerial(kind)-first+1),
		}
	}
	return first, nil
}

func insertTags(ctx context.Context, tx bun.Tx, batch Batch, places []Place) ([]labels.Tag, error) {
	kind := labels.AssetTag
	if batch.Kind == KindLocation {
		kind = labels.LocationTag
	}
	rows := make([]Tag, batch.Count)
	reserved := make([]labels.Tag, batch.Count)
	for i := range rows {
		t, err := newTag(batch.Prefix, kind, batch.FirstSerial+i)
		if err != nil {
			return nil, err
		}
		reserved[i] = t
		rows[i] = Tag{
			Tag: t.String(), Prefix: batch.Prefix, Kind: batch.Kind, Serial: t.Serial,
			BatchID: batch.ID, State: StateUnassigned, Prints: 1,
			CreatedAt: batch.CreatedAt, UpdatedAt: batch.CreatedAt,
		}
		if places != nil {
			site := places[i].SiteID
			rows[i].SiteID, rows[i].RoomID, rows[i].State = &site, places[i].RoomID, StateAssigned
		}
	}
	if err := store.InsertAll(ctx, tx, "tags of batch "+batch.ID.String(), rows); err != nil {
		return nil, err
	}
	return reserved, nil
}

func newTag(prefix string, kind labels.Kind, serial int) (labels.Tag, error) {
	if kind == labels.LocationTag {
		return labels.NewLocationTag(prefix, serial)
	}
	return labels.NewAssetTag(prefix, serial)
}

func kindName(k labels.Kind) string {
	if k == labels.LocationTag {
		return KindLocation
	}
	return KindAsset
}

func maxSerial(k labels.Kind) int {
	if k == labels.LocationTag {
		return labels.MaxLocationSerial
	}
	return labels.MaxAssetSerial
}

// ParseTags reads a comma-separated list of tags to reprint, such as the
// --tags flag, and returns the first malformed one as an error. Tags of
// earlier prefixes are read too; prefix names the expected one in errors.
func ParseTags(prefix, list string) ([]labels.Tag, error) {
	var out []labels.Tag
	for _, part := range strings.Split(list, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		t, err := labels.ParseAnyPrefix(prefix, part)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, invalid("tags", i18n.Required("tags"))
	}
	return out, nil
}

// Reprint records one more print of each tag, which must exist and not be
// void, and returns them with their registry rows. Nothing changes when
// one tag is refused.
func Reprint(ctx context.Context, db *bun.DB, actor *uuid.UUID, wanted []labels.Tag) ([]Tag, error) {
	rows := make([]Tag, len(wanted))
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i, t := range wanted {
			err := tx.NewSelect().Model(&rows[i]).Where("tg.tag = ?", t.String()).Scan(ctx)
			if errors.Is(err, sql.ErrNoRows) {
				return apierr.NotFound("tag_never_printed", t.String())
			}
			if err != nil {
				return fmt.Errorf("select tag %s: %w", t, err)
			}
			if rows[i].State == StateVoid {
				return invalid("tags", i18n.Msg("tag_void", t.String()))
			}
		}
		now := time.Now().UTC()
		for i := range rows {
			before := rows[i]
			rows[i].Prints++
			rows[i].UpdatedAt = now
			_, err := tx.NewUpdate().Model(&rows[i]).Column("prints", "updated_at").WherePK().Exec(ctx)
			if err != nil {
				return fmt.Errorf("count reprint of %s: %w", rows[i].Tag, err)
			}
			if err := audit.Record(ctx, tx, actor, "tag", EntityID(rows[i].Tag), "reprint", before, rows[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return rows, err
}

// EntityID is the id under which the audit log files a tag's entries: a
// UUID derived from the tag text, since tags have no UUID of their own.
func EntityID(tag string) uuid.UUID {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("parc:tag:"+tag))
}

// Void marks a lost or destroyed tag void: it is never printed or
// assigned again.
func Void(ctx context.Context, db *bun.DB, actor *uuid.UUID, t labels.Tag) (Tag, error) {
	var row Tag
	err := sync.InTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		err := tx.NewSelect().Model(&row).Where("tg.tag = ?", t.String()).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return apierr.NotFound("tag_not_in_registry", t.String())
		}
		if err != nil {
			return fmt.Errorf("select tag %s: %w", t, err)
		}
		if row.State == StateVoid {
			return &apierr.Error{Status: http.StatusConflict, Code: "tag_already_void", Message: i18n.Msg("tag_void", t.String())}
		}
		before := row
		now := time.Now().UTC()
		// The label is gone from the asset, so a scan must no longer find
		// the asset by it: the asset waits for a new label.
		if row.AssetID != nil {
			if err := untagAsset(ctx, tx, actor, *row.AssetID, row.Tag, now); err != nil {
				return err
			}
		}
		row.State, row.AssetID, row.UpdatedAt = StateVoid, nil, now
		if _, err := tx.NewUpdate().Model(&row).Column("state", "asset_id", "updated_at").WherePK().Exec(ctx); err != nil {
			return fmt.Errorf("void tag %s: %w", t, err)
		}
		return audit.Record(ctx, tx, actor, "tag", EntityID(row.Tag), "void", before, row)
	})
	return row, err
}
