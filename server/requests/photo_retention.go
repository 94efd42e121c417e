package requests

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/files"
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

	previous, err := files.UnlinkAll(ctx, tx, photoUnlink, ids)
	removed := 0
	for _, before := range previous {
		removed += len(before.PhotoIDs)
	}
	return removed, err
}

// photoUnlink takes all the photos off a request.
var photoUnlink = files.Unlink[Request]{
	Entity: sync.EntityRequest, Table: "requests", Action: ActionPurgePhotos, Load: RequestByID,
	Remove: func(ctx context.Context, tx bun.IDB, id uuid.UUID) error {
		if _, err := tx.NewDelete().Model((*photoLink)(nil)).Where("request_id = ?", id).Exec(ctx); err != nil {
			return fmt.Errorf("unlink the photos of request %s: %w", id, err)
		}
		return nil
	},
	Stamp: func(r Request) (int, uuid.UUID) { return r.Version, r.CommuneID },
}
