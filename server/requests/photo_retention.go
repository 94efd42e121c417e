package requests

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/sync"
)

// ActionPurgePhotos is the audit action of a request whose photos the
// retention setting took off.
const ActionPurgePhotos = "purge_photos"

// PurgePhotos takes the photos off the requests closed before cutoff: done
// (by done_at) or refused (by their last change). Each such request gets
// a new version without photos, which devices pull, and an audit entry.
// The files themselves, then unreferenced, are for files.PurgeUnreferenced.
// It runs inside tx, which holds sync.Lock, and returns how many photos
// it took off.
func PurgePhotos(ctx context.Context, tx bun.IDB, cutoff time.Time) (int, error) {
	var ids []uuid.UUID
	err := tx.NewSelect().TableExpr("requests AS rq").ColumnExpr("rq.id").
		Where("rq.status IN (?)", bun.In([]string{StatusDone, StatusRefused})).
		Where("COALESCE(rq.done_at, rq.updated_at) < ?", cutoff).
		Where("EXISTS (SELECT 1 FROM request_photos AS rp WHERE rp.request_id = rq.id)").
		OrderExpr("rq.id").Scan(ctx, &ids)
	if err != nil {
		return 0, fmt.Errorf("select closed requests with photos: %w", err)
	}

	removed := 0
	for _, id := range ids {
		before, err := RequestByID(ctx, tx, id)
		if err != nil {
			return removed, err
		}
		if _, err := tx.NewDelete().Model((*photoLink)(nil)).Where("request_id = ?", id).Exec(ctx); err != nil {
			return removed, fmt.Errorf("unlink the photos of request %s: %w", id, err)
		}
		_, err = tx.NewUpdate().Table("requests").Set("version = version + 1").
			Set("updated_at = ?", time.Now().UTC().Truncate(time.Microsecond)).Where("id = ?", id).Exec(ctx)
		if err != nil {
			return removed, fmt.Errorf("count a new version of request %s: %w", id, err)
		}
		after, err := RequestByID(ctx, tx, id)
		if err != nil {
			return removed, err
		}
		err = sync.RecordWrite(ctx, tx, sync.Write[Request]{
			Entity: sync.EntityRequest, ID: id, Version: after.Version, Commune: after.CommuneID,
			Action: ActionPurgePhotos, Before: &before, After: after,
		})
		if err != nil {
			return removed, err
		}
		removed += len(before.PhotoIDs)
	}
	return removed, nil
}
