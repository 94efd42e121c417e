package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/files"
	"parc/server/store"
	"parc/server/store/storetest"
)

// deployment is a SQLite store with its stored files and a user whom the
// files' audit entries name.
type deployment struct {
	st    *store.Store
	files *files.Store
	user  uuid.UUID
}

func newDeployment(t *testing.T) deployment {
	t.Helper()
	st := storetest.Open(t, store.SQLite)
	now := time.Now().UTC()
	u := accounts.User{
		ID: uuid.Must(uuid.NewV7()), Email: uuid.NewString() + "@example.invalid", Name: "Backup",
		Role: accounts.RoleTechnician, PasswordHash: "x", Language: "fr", CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	if err := accounts.InsertUser(context.Background(), st.DB, &u); err != nil {
		t.Fatalf("insert user: %v", err)
	}
	return deployment{st: st, files: files.New(st), user: u.ID}
}

// save stores data as a work-order PDF and returns its row.
func (d deployment) save(t *testing.T, data []byte) files.File {
	t.Helper()
	f, err := d.files.Save(context.Background(), d.user, files.Content{Kind: files.KindWorkOrderPDF, ContentType: files.TypePDF, Data: data})
	if err != nil {
		t.Fatalf("save file: %v", err)
	}
	return f
}

// randomBytes returns n bytes that gzip cannot compress.
func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// backupOf writes a backup of d to a new file and returns its path.
func backupOf(t *testing.T, d deployment) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "parc"+Suffix)
	if _, err := Create(context.Background(), Options{DataDir: d.st.DataDir, Path: path, ParcVersion: "test"}); err != nil {
		t.Fatalf("Create: %v", err)
	}
	return path
}

// openRestored opens the store of a restored data folder, closed when the
// test ends.
func openRestored(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{DataDir: dir}, storetest.Logger())
	if err != nil {
		t.Fatalf("open restored store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// tarMember is one member of an archive read back whole.
type tarMember struct {
	name string
	data []byte
}

func readMembers(t *testing.T, path string) []tarMember {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out []tarMember
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tarMember{name: h.Name, data: data})
	}
}

// writeMembers writes members as a new archive at path.
func writeMembers(t *testing.T, path string, members []tarMember) {
	t.Helper()
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	for _, m := range members {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: m.name, Size: int64(len(m.data)), Mode: 0o640}); err != nil {
			t.Fatal(err)
		}
		tw.Write(m.data)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o640); err != nil {
		t.Fatal(err)
	}
}

// rewriteManifest applies edit to the manifest of the archive at path.
func rewriteManifest(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	members := readMembers(t, path)
	if members[0].name != ManifestName {
		t.Fatalf("first member = %s, want %s", members[0].name, ManifestName)
	}
	members[0].data = []byte(edit(string(members[0].data)))
	writeMembers(t, path, members)
}

// checkNothingRestored fails the test when dir exists or when its parent
// still holds a temporary restore folder.
func checkNothingRestored(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("data folder %s exists after a failed restore (%v)", dir, err)
	}
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".restore-") {
			t.Errorf("temporary folder %s left behind", e.Name())
		}
	}
}

// replaceField sets one top-level field of a JSON document to value, a
// JSON text.
func replaceField(t *testing.T, doc, field, value string) string {
	t.Helper()
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(doc), &fields); err != nil {
		t.Fatal(err)
	}
	fields[field] = json.RawMessage(value)
	out, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// checkIntegrityOK fails the test unless PRAGMA integrity_check returns
// ok on db.
func checkIntegrityOK(t *testing.T, db *sql.DB) {
	t.Helper()
	if err := checkIntegrity(context.Background(), db); err != nil {
		t.Errorf("restored database: %v", err)
	}
}

func discard() *slog.Logger {
	return slog.New(slog.DiscardHandler)
}

// lockedBuffer collects log lines written from several goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// bufferLog returns a logger whose text lines go to the returned buffer.
func bufferLog() (*slog.Logger, *lockedBuffer) {
	b := &lockedBuffer{}
	return slog.New(slog.NewTextHandler(b, nil)), b
}
