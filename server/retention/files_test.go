package retention_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/demo"
	"parc/server/files"
	"parc/server/requests"
	"parc/server/retention"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/sync"
)

// fileSet is the stored files of TestPurgeFilesPastRetention, by role.
type fileSet struct {
	closedPhoto, openPhoto, sharedPhoto, oldOrphan, sharingOrphan, newOrphan, oldSignature, newSignature files.File
}

// TestPurgeFilesPastRetention stores photos and signatures on either side
// of their periods and checks that only those past retention, or
// referred to by no record for longer than the grace, go: rows, bytes and
// links, each with its audit entry.
func TestPurgeFilesPastRetention(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
			t.Fatalf("load demo: %v", err)
		}
		now := time.Now().UTC()
		fs := files.New(s)
		set, user := storeFiles(t, s, fs, now)
		site := schoolSite(t, s)
		closed := newRequest(t, s, user, site, set.closedPhoto)
		open := newRequest(t, s, user, site, set.openPhoto, set.sharedPhoto)
		exec(t, s, "UPDATE requests SET status = 'done', done_at = ? WHERE id = ?", now.AddDate(0, 0, -800), closed)
		oldOrder := newWorkOrder(t, s, site, set.oldSignature, now.AddDate(-6, 0, 0))
		newOrder := newWorkOrder(t, s, site, set.newSignature, now.AddDate(-1, 0, 0))

		got, err := retention.PurgeFiles(ctx, s.DB, fs, now, settings.Defaults().Retention)
		if err != nil {
			t.Fatalf("PurgeFiles: %v", err)
		}
		want := retention.FileResult{PhotosUnlinked: 1, SignaturesUnlinked: 1, FilesDeleted: 4, BlobsDeleted: 3}
		if got != want {
			t.Errorf("PurgeFiles = %+v, want %+v", got, want)
		}

		gone := []files.File{set.closedPhoto, set.oldOrphan, set.sharingOrphan, set.oldSignature}
		kept := []files.File{set.openPhoto, set.sharedPhoto, set.newOrphan, set.newSignature}
		for _, f := range gone {
			if _, err := files.FileByID(ctx, s.Reader, f.ID); err == nil {
				t.Errorf("file %s (%s) is still stored", f.ID, f.Kind)
			}
			if _, err := fs.Bytes(ctx, s.Reader, f); err == nil && f.SHA256 != set.sharedPhoto.SHA256 {
				t.Errorf("bytes of file %s are still stored", f.ID)
			}
			if n := count(t, s, "audit_entries", "entity = 'file' AND entity_id = ? AND action = 'purge'", f.ID); n != 1 {
				t.Errorf("file %s: %d audit entries of its purge, want 1", f.ID, n)
			}
		}
		for _, f := range kept {
			if _, err := fs.Bytes(ctx, s.Reader, f); err != nil {
				t.Errorf("file %s (%s), still referred to or recent, lost its bytes: %v", f.ID, f.Kind, err)
			}
		}

		// The records lost their link as a new version that devices pull.
		if r, _ := requests.RequestByID(ctx, s.Reader, closed); len(r.PhotoIDs) != 0 || r.Version != 2 {
			t.Errorf("closed request after the purge: photos %v, version %d", r.PhotoIDs, r.Version)
		}
		if r, _ := requests.RequestByID(ctx, s.Reader, open); len(r.PhotoIDs) != 2 {
			t.Errorf("open request lost photos: %v", r.PhotoIDs)
		}
		if n := count(t, s, "work_orders", "id = ? AND signature_file_id IS NULL AND version = 2", oldOrder); n != 1 {
			t.Errorf("work order done six years ago kept its signature")
		}
		if n := count(t, s, "work_orders", "id = ? AND signature_file_id IS NOT NULL", newOrder); n != 1 {
			t.Errorf("work order done last year lost its signature")
		}
		if n := count(t, s, "sync_changes", "entity = ? AND entity_id = ? AND version = 2", sync.EntityRequest, closed); n != 1 {
			t.Errorf("the purged request has no new change to pull")
		}

		again, err := retention.PurgeFiles(ctx, s.DB, fs, now, settings.Defaults().Retention)
		if err != nil || again != (retention.FileResult{}) {
			t.Errorf("second purge: %+v, %v; want nothing to do", again, err)
		}
	})
}

// storeFiles stores the files of the test, old except newOrphan and
// newSignature, and returns them with their uploader.
func storeFiles(t *testing.T, s *store.Store, fs *files.Store, now time.Time) (fileSet, uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	u, _, err := accounts.CreateUser(ctx, s.DB, nil, accounts.NewUser{Email: "photos@demo.invalid", Name: "Photos", Role: accounts.RoleTechnician})
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	save := func(kind, text string) files.File {
		f, err := fs.Save(ctx, u.ID, files.Content{Kind: kind, ContentType: files.TypeJPEG, Data: []byte(text)})
		if err != nil {
			t.Fatalf("save %s: %v", text, err)
		}
		return f
	}
	set := fileSet{
		closedPhoto: save(files.KindPhoto, "closed"), openPhoto: save(files.KindPhoto, "open"),
		sharedPhoto: save(files.KindPhoto, "shared"), oldOrphan: save(files.KindPhoto, "orphan"),
		sharingOrphan: save(files.KindPhoto, "shared"), newOrphan: save(files.KindPhoto, "fresh"),
		oldSignature: save(files.KindSignature, "old signature"), newSignature: save(files.KindSignature, "new signature"),
	}
	exec(t, s, "UPDATE files SET created_at = ? WHERE id NOT IN (?, ?)", now.AddDate(0, 0, -400), set.newOrphan.ID, set.newSignature.ID)
	return set, u.ID
}

func schoolSite(t *testing.T, s *store.Store) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	if err := s.Reader.NewSelect().Table("sites").Column("id").Where("kind = 'school'").OrderExpr("name").Limit(1).Scan(context.Background(), &id); err != nil {
		t.Fatalf("find a school: %v", err)
	}
	return id
}

// newRequest files a request at site with photos, as the technician user.
func newRequest(t *testing.T, s *store.Store, user, site uuid.UUID, photos ...files.File) uuid.UUID {
	t.Helper()
	ids := make([]string, len(photos))
	for i, p := range photos {
		ids[i] = p.ID.String()
	}
	set := func(v string) assets.Field[string] { return assets.Field[string]{Set: true, Value: v} }
	body := requests.RequestBody{SiteID: set(site.String()), Category: set("os_repair"), Urgency: set("normal"), Description: set("Écran noir")}
	body.PhotoIDs.Set, body.PhotoIDs.Value = true, ids
	actor := sync.Actor{UserID: user, Role: accounts.RoleTechnician, Scope: accounts.Scope{All: true}}
	r, err := (&requests.Writer{DB: s.DB}).Create(context.Background(), actor, body)
	if err != nil {
		t.Fatalf("create request: %v", err)
	}
	return r.ID
}

// newWorkOrder stores a work order done at doneAt with a signature.
func newWorkOrder(t *testing.T, s *store.Store, site uuid.UUID, signature files.File, doneAt time.Time) uuid.UUID {
	t.Helper()
	id := uuid.Must(uuid.NewV7())
	exec(t, s, `INSERT INTO work_orders (id, site_id, category, level, status, signature_file_id, opened_at, worked_on, done_at, created_at, updated_at, version)
		VALUES (?, ?, 'os_repair', 1, 'done', ?, ?, ?, ?, ?, ?, 1)`, id, site, signature.ID, doneAt, doneAt.Format(time.DateOnly), doneAt, doneAt, doneAt)
	return id
}

func exec(t *testing.T, s *store.Store, query string, args ...any) {
	t.Helper()
	if _, err := s.DB.NewRaw(query, args...).Exec(context.Background()); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func count(t *testing.T, s *store.Store, table, where string, args ...any) int {
	t.Helper()
	n, err := s.Reader.NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return int(n)
}
