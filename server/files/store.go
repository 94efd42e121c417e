package files

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/audit"
	"parc/server/store"
	"parc/server/sync"
)

// Store saves and reads stored files: their rows in the files table and
// their bytes in Blobs.
type Store struct {
	db     *bun.DB
	reader *bun.DB
	blobs  Blobs
}

// New returns the store of files of st: bytes under the data folder on
// SQLite, in the database on PostgreSQL.
func New(st *store.Store) *Store {
	var blobs Blobs = DiskBlobs{Dir: Dir(st.DataDir)}
	if st.Dialect == store.Postgres {
		blobs = DatabaseBlobs{}
	}
	return &Store{db: st.DB, reader: st.Reader, blobs: blobs}
}

// Action of the audit entry of a new file.
const actionCreate = "create"

// Save stores c as a new file by actor and returns its row. The bytes are
// written first, outside the transaction of the row, so that a large
// upload does not hold the lock of synced writes. Bytes whose row then
// fails to commit stay stored without a row, and nothing serves them.
func (s *Store) Save(ctx context.Context, actor uuid.UUID, c Content) (File, error) {
	f, _, err := s.SaveUpload(ctx, actor, c, nil)
	return f, err
}

// SaveUpload stores c as Save does, under the id uploadID that the
// device gave it. When actor already stored a file under that id, such as
// an upload sent again after its response was lost, it returns that file
// with repeated true and stores nothing.
func (s *Store) SaveUpload(ctx context.Context, actor uuid.UUID, c Content, uploadID *uuid.UUID) (f File, repeated bool, err error) {
	f = newFile(&actor, c)
	f.UploadID = uploadID
	if err := s.blobs.Put(ctx, s.db, f.SHA256, c.Data); err != nil {
		return File{}, false, err
	}
	err = sync.InTx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		if uploadID != nil {
			first, found, err := FileByUpload(ctx, tx, actor, *uploadID)
			if err != nil || found {
				f, repeated = first, found
				return err
			}
		}
		return insertFile(ctx, tx, f)
	})
	return f, repeated, err
}

// FileByUpload returns the file that actor uploaded under uploadID, and
// whether there is one.
func FileByUpload(ctx context.Context, db bun.IDB, actor, uploadID uuid.UUID) (File, bool, error) {
	var found []File
	err := db.NewSelect().Model(&found).Where("f.created_by = ?", actor).Where("f.upload_id = ?", uploadID).Scan(ctx)
	if err != nil {
		return File{}, false, fmt.Errorf("select the file of upload %s: %w", uploadID, err)
	}
	if len(found) == 0 {
		return File{}, false, nil
	}
	return found[0], true, nil
}

// SaveIn stores c as a new file inside tx, the transaction of the record
// that refers to it. On PostgreSQL the bytes commit or roll back with tx.
// On SQLite they are written at once, and stay without a row if tx rolls
// back.
func (s *Store) SaveIn(ctx context.Context, tx bun.IDB, actor *uuid.UUID, c Content) (File, error) {
	f := newFile(actor, c)
	if err := s.blobs.Put(ctx, tx, f.SHA256, c.Data); err != nil {
		return File{}, err
	}
	return f, insertFile(ctx, tx, f)
}

// Bytes returns the bytes of f, read through db on PostgreSQL.
func (s *Store) Bytes(ctx context.Context, db bun.IDB, f File) ([]byte, error) {
	data, err := s.blobs.Get(ctx, db, f.SHA256)
	if err != nil {
		return nil, fmt.Errorf("bytes of file %s: %w", f.ID, err)
	}
	return data, nil
}

func newFile(actor *uuid.UUID, c Content) File {
	f := File{
		ID: uuid.Must(uuid.NewV7()), Kind: c.Kind, ContentType: c.ContentType, Size: int64(len(c.Data)),
		SHA256: Sum(c.Data), CreatedBy: actor, CreatedAt: time.Now().UTC().Truncate(time.Microsecond),
	}
	if c.Width > 0 && c.Height > 0 {
		w, h := c.Width, c.Height
		f.Width, f.Height = &w, &h
	}
	return f
}

// insertFile stores the row of f with its audit entry.
func insertFile(ctx context.Context, tx bun.IDB, f File) error {
	if _, err := tx.NewInsert().Model(&f).Exec(ctx); err != nil {
		return fmt.Errorf("insert file %s: %w", f.ID, err)
	}
	return audit.Record(ctx, tx, f.CreatedBy, "file", f.ID, actionCreate, nil, f)
}

// FileByID returns the row of one file, or store.ErrNotFound.
func FileByID(ctx context.Context, db bun.IDB, id uuid.UUID) (File, error) {
	var f File
	err := db.NewSelect().Model(&f).Where("f.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("file %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("select file %s: %w", id, err)
	}
	return f, nil
}
