package files

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/store"
	"parc/server/store/storetest"
)

// newUser stores a technician, whom audit entries may name.
func newUser(t *testing.T, st *store.Store) uuid.UUID {
	t.Helper()
	now := time.Now().UTC()
	u := accounts.User{
		ID: uuid.Must(uuid.NewV7()), Email: uuid.NewString() + "@example.invalid", Name: "Test",
		Role: accounts.RoleTechnician, PasswordHash: "x", Language: "fr", CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	if err := accounts.InsertUser(context.Background(), st.DB, &u); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestStoreKeepsBytesOncePerSum(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := New(st)
		user := newUser(t, st)
		data := []byte("%PDF-1.4 stored twice")

		first, err := s.Save(ctx, user, Content{Kind: KindWorkOrderPDF, ContentType: TypePDF, Data: data})
		if err != nil {
			t.Fatalf("Save: %v", err)
		}
		second, err := s.Save(ctx, user, Content{Kind: KindWorkOrderPDF, ContentType: TypePDF, Data: data})
		if err != nil {
			t.Fatalf("Save again: %v", err)
		}
		if first.ID == second.ID || first.SHA256 != second.SHA256 || first.SHA256 != Sum(data) {
			t.Errorf("two saves: ids %s and %s, sums %s and %s", first.ID, second.ID, first.SHA256, second.SHA256)
		}

		row, err := FileByID(ctx, st.Reader, second.ID)
		if err != nil {
			t.Fatalf("FileByID: %v", err)
		}
		if row.Size != int64(len(data)) || row.ContentType != TypePDF || row.Width != nil || *row.CreatedBy != user {
			t.Errorf("row %+v", row)
		}
		got, err := s.Bytes(ctx, st.Reader, row)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("Bytes: %q, %v", got, err)
		}
		if _, err := FileByID(ctx, st.Reader, uuid.Must(uuid.NewV7())); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown id: %v, want ErrNotFound", err)
		}

		var blobs int
		if err := st.Reader.NewSelect().Table("file_blobs").ColumnExpr("count(*)").Scan(ctx, &blobs); err != nil {
			t.Fatal(err)
		}
		entries, _ := os.ReadDir(Dir(st.DataDir))
		switch st.Dialect {
		case store.SQLite:
			path := filepath.Join(Dir(st.DataDir), first.SHA256[:2], first.SHA256[2:])
			if onDisk, err := os.ReadFile(path); err != nil || !bytes.Equal(onDisk, data) {
				t.Errorf("file %s: %q, %v", path, onDisk, err)
			}
			if blobs != 0 || len(entries) != 1 {
				t.Errorf("SQLite keeps %d rows in file_blobs and %d folders under files/, want 0 and 1", blobs, len(entries))
			}
		case store.Postgres:
			if blobs != 1 || len(entries) != 0 {
				t.Errorf("PostgreSQL keeps %d rows in file_blobs and %d folders under files/, want 1 and 0", blobs, len(entries))
			}
		}
	})
}

func TestStoreSharedByTwoProcesses(t *testing.T) {
	ctx := context.Background()
	one, two := storetest.OpenTwo(t, store.Postgres)
	data := []byte("shared bytes")
	f, err := New(one).Save(ctx, newUser(t, one), Content{Kind: KindWorkOrderPDF, ContentType: TypePDF, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	// Each process has a data folder of its own: only the database holds
	// the bytes that both read.
	if got, err := New(two).Bytes(ctx, two.Reader, f); err != nil || !bytes.Equal(got, data) {
		t.Errorf("second process reads %q, %v", got, err)
	}
}

func TestDiskBlobsDetectDamage(t *testing.T) {
	ctx := context.Background()
	d := DiskBlobs{Dir: t.TempDir()}
	data := []byte("original")
	sum := Sum(data)
	if err := d.Put(ctx, nil, sum, data); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(d.Dir, sum[:2], sum[2:])
	if err := os.WriteFile(path, []byte("changed!"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get(ctx, nil, sum); err == nil {
		t.Error("a damaged file was read without error")
	}
	if _, err := d.Get(ctx, nil, Sum([]byte("never stored"))); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing file: %v, want ErrNotFound", err)
	}
	if err := d.Put(ctx, nil, "../../etc/passwd", data); err == nil {
		t.Error("a sum that is not hex was accepted as a path")
	}
	leftovers, _ := filepath.Glob(filepath.Join(d.Dir, "*", ".upload-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}
