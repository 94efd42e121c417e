package files

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/uptrace/bun"

	"parc/server/store"
)

// Blobs keeps the bytes of stored files under their hex SHA-256. The same
// bytes stored twice are kept once.
type Blobs interface {
	// Put stores data under sum, the hex SHA-256 of data. A backend that
	// keeps the bytes in the database writes them through db, so that
	// they commit or roll back with the caller's transaction.
	Put(ctx context.Context, db bun.IDB, sum string, data []byte) error
	// Get returns the bytes stored under sum, or store.ErrNotFound.
	Get(ctx context.Context, db bun.IDB, sum string) ([]byte, error)
}

// Sum returns the hex SHA-256 of data.
func Sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// validSum reports whether sum is 64 lower-case hex digits, so that a sum
// never names a path outside the folder of stored files.
func validSum(sum string) bool {
	if len(sum) != sha256.Size*2 {
		return false
	}
	for _, r := range sum {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// DiskBlobs keeps the bytes as files under Dir, in subfolders named by the
// first two digits of the sum: Dir/ab/cdef…. It serves SQLite
// deployments, which run one server process per data folder.
type DiskBlobs struct {
	Dir string
}

func (d DiskBlobs) path(sum string) (string, error) {
	if !validSum(sum) {
		return "", fmt.Errorf("invalid file sum %q", sum)
	}
	return filepath.Join(d.Dir, sum[:2], sum[2:]), nil
}

// Put writes data to a temporary file in the final folder, flushes it to
// disk, and renames it into place, so that a crash leaves either no file
// or the whole file. It ignores db.
func (d DiskBlobs) Put(_ context.Context, _ bun.IDB, sum string, data []byte) error {
	path, err := d.path(sum)
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("create folder of stored files %s: %w", dir, err)
	}

	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return fmt.Errorf("create temporary file in %s: %w", dir, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write stored file %s: %w", sum, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("flush stored file %s: %w", sum, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close stored file %s: %w", sum, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("move stored file %s into place: %w", sum, err)
	}
	return syncDir(dir)
}

// syncDir flushes a folder's entries, so that a rename in it survives a
// power cut.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open folder %s: %w", dir, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("flush folder %s: %w", dir, err)
	}
	return nil
}

// Get reads the file of sum and checks its bytes against the sum, so that
// a damaged file is an error and never served.
func (d DiskBlobs) Get(_ context.Context, _ bun.IDB, sum string) ([]byte, error) {
	path, err := d.path(sum)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("stored file %s: %w", path, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read stored file %s: %w", path, err)
	}
	if Sum(data) != sum {
		return nil, fmt.Errorf("stored file %s is damaged: its SHA-256 is %s", path, Sum(data))
	}
	return data, nil
}

// blob is one row of file_blobs.
type blob struct {
	bun.BaseModel `bun:"table:file_blobs,alias:fb"`

	SHA256 string `bun:"sha256,pk"`
	Data   []byte `bun:"data"`
}

// DatabaseBlobs keeps the bytes in the table file_blobs. It serves
// PostgreSQL deployments, whose server processes share the database but
// not a folder.
type DatabaseBlobs struct{}

// Put inserts the bytes unless the table has them already.
func (DatabaseBlobs) Put(ctx context.Context, db bun.IDB, sum string, data []byte) error {
	row := blob{SHA256: sum, Data: data}
	if _, err := db.NewInsert().Model(&row).On("CONFLICT (sha256) DO NOTHING").Exec(ctx); err != nil {
		return fmt.Errorf("insert stored file %s: %w", sum, err)
	}
	return nil
}

// Get reads the bytes of sum and checks them against it.
func (DatabaseBlobs) Get(ctx context.Context, db bun.IDB, sum string) ([]byte, error) {
	var row blob
	err := db.NewSelect().Model(&row).Where("fb.sha256 = ?", sum).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("stored file %s: %w", sum, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("select stored file %s: %w", sum, err)
	}
	if got := Sum(row.Data); got != sum {
		return nil, fmt.Errorf("stored file %s is damaged: its SHA-256 is %s", sum, got)
	}
	return row.Data, nil
}
