package files

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/uptrace/bun"

	"parc/server/audit"
)

// Action of the audit entry of a file that the retention setting removed.
const actionPurge = "purge"

// Removed lists the files that PurgeUnreferenced deleted, and the SHA-256
// of the bytes that no file refers to any more, which Forget then deletes.
type Removed struct {
	Files []File
	Sums  []string
}

// PurgeUnreferenced deletes, inside tx, the files created before cutoff
// that no record refers to: neither a request as a photo nor a work order
// as its signature or PDF. Each gets an audit entry. Bytes that another
// file still shares are kept; on PostgreSQL the others go with tx, and on
// SQLite Forget deletes them once tx has committed. A file that a record
// refers to is never deleted.
func (s *Store) PurgeUnreferenced(ctx context.Context, tx bun.IDB, cutoff time.Time) (Removed, error) {
	var out Removed
	err := tx.NewSelect().Model(&out.Files).
		Where("f.created_at < ?", cutoff).
		Where("NOT EXISTS (SELECT 1 FROM request_photos AS rp WHERE rp.file_id = f.id)").
		Where("NOT EXISTS (SELECT 1 FROM work_orders AS wo WHERE wo.signature_file_id = f.id OR wo.pdf_file_id = f.id)").
		OrderExpr("f.id").Scan(ctx)
	if err != nil || len(out.Files) == 0 {
		return out, wrap(err, "select unreferenced files")
	}

	sums := map[string]bool{}
	for _, f := range out.Files {
		if _, err := tx.NewDelete().Model((*File)(nil)).Where("id = ?", f.ID).Exec(ctx); err != nil {
			return out, fmt.Errorf("delete file %s: %w", f.ID, err)
		}
		if err := audit.Record(ctx, tx, nil, "file", f.ID, actionPurge, f, nil); err != nil {
			return out, err
		}
		sums[f.SHA256] = true
	}
	for sum := range sums {
		shared, err := tx.NewSelect().Model((*File)(nil)).Where("f.sha256 = ?", sum).Exists(ctx)
		if err != nil {
			return out, fmt.Errorf("look for other files with bytes %s: %w", sum, err)
		}
		if shared {
			continue
		}
		out.Sums = append(out.Sums, sum)
		if _, ok := s.blobs.(DatabaseBlobs); ok {
			if _, err := tx.NewDelete().Model((*blob)(nil)).Where("sha256 = ?", sum).Exec(ctx); err != nil {
				return out, fmt.Errorf("delete stored file %s: %w", sum, err)
			}
		}
	}
	return out, nil
}

// Forget deletes the bytes that a committed PurgeUnreferenced left
// without a file, from the folder of stored files on SQLite, unless a new
// file took the same bytes since. A file that is already gone is no
// error. It does nothing on PostgreSQL, where the bytes went with the
// transaction.
func (s *Store) Forget(ctx context.Context, r Removed) error {
	disk, ok := s.blobs.(DiskBlobs)
	if !ok {
		return nil
	}
	var errs []error
	for _, sum := range r.Sums {
		reused, err := s.db.NewSelect().Model((*File)(nil)).Where("f.sha256 = ?", sum).Exists(ctx)
		if err != nil || reused {
			errs = append(errs, wrap(err, "look for a new file with bytes "+sum))
			continue
		}
		path, err := disk.path(sum)
		if err == nil {
			err = os.Remove(path)
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("delete stored file %s: %w", sum, err))
		}
	}
	return errors.Join(errs...)
}

// wrap names the failed step of err, and returns nil for a nil err.
func wrap(err error, step string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", step, err)
}
