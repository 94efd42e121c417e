package retention

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"parc/server/files"
	"parc/server/requests"
	"parc/server/settings"
	"parc/server/sync"
	"parc/server/workorders"
)

// UnreferencedGrace is how long a file that no record refers to is kept.
// A device uploads a photo or a signature just before it sends the change
// that attaches it. A change that the server rejected may be fixed and
// sent again within that time.
const UnreferencedGrace = 30 * 24 * time.Hour

// FileResult counts what one purge of stored files removed.
type FileResult struct {
	// PhotosUnlinked counts the photos taken off requests closed more
	// than photos_days ago.
	PhotosUnlinked int
	// SignaturesUnlinked counts the signatures taken off work orders done
	// more than signatures_days ago.
	SignaturesUnlinked int
	// FilesDeleted counts the files deleted because no record refers to
	// them any more, and BlobsDeleted their bytes that no other file
	// shares.
	FilesDeleted int
	BlobsDeleted int
}

// PurgeFiles applies the photo and signature periods of r at now, in one
// transaction that holds sync.Lock. It takes the photos off the requests
// closed before photos_days, and the signatures off the work orders done
// before signatures_days, as new versions that devices pull. Then it
// deletes every file older than UnreferencedGrace that no record refers
// to, with its bytes: under the data folder on SQLite, in file_blobs on
// PostgreSQL. A file that a record refers to is never deleted. Each
// change has its audit entry.
func PurgeFiles(ctx context.Context, db *bun.DB, fs *files.Store, now time.Time, r settings.Retention) (FileResult, error) {
	var out FileResult
	var removed files.Removed
	err := sync.InTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if out.PhotosUnlinked, err = requests.PurgePhotos(ctx, tx, now.AddDate(0, 0, -r.PhotosDays)); err != nil {
			return err
		}
		if out.SignaturesUnlinked, err = workorders.PurgeSignatures(ctx, tx, now.AddDate(0, 0, -r.SignaturesDays)); err != nil {
			return err
		}
		removed, err = fs.PurgeUnreferenced(ctx, tx, now.Add(-UnreferencedGrace))
		return err
	})
	if err != nil {
		return FileResult{}, err
	}
	out.FilesDeleted, out.BlobsDeleted = len(removed.Files), len(removed.Sums)
	return out, fs.Forget(ctx, removed)
}
