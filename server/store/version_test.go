package store_test

import (
	"context"
	"testing"
	"time"

	"parc/server/store"
	"parc/server/store/storetest"
)

func TestDataVersionChangesOnEveryCommit(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(ctx, store.Options{DataDir: dir}, storetest.Logger())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()

	v0 := dataVersion(t, s)
	if v := dataVersion(t, s); v != v0 {
		t.Fatalf("data version moved from %d to %d without a commit", v0, v)
	}

	// A commit through this store's writer.
	setSetting(t, s, "a")
	v1 := dataVersion(t, s)
	if v1 == v0 {
		t.Fatalf("data version still %d after a commit by the writer", v1)
	}

	// A commit by another store on the same file, as another process would.
	other, err := store.Open(ctx, store.Options{DataDir: dir}, storetest.Logger())
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer other.Close()
	setSetting(t, other, "b")
	if v2 := dataVersion(t, s); v2 == v1 {
		t.Fatalf("data version still %d after a commit by another connection", v2)
	}
}

func TestDataVersionIsUnavailableOnPostgres(t *testing.T) {
	s := storetest.Open(t, store.Postgres)
	_, ok, err := s.DataVersion(context.Background())
	if err != nil || ok {
		t.Fatalf("DataVersion on PostgreSQL = ok %v, err %v; want ok false, no error", ok, err)
	}
}

func dataVersion(t *testing.T, s *store.Store) int64 {
	t.Helper()
	v, ok, err := s.DataVersion(context.Background())
	if err != nil || !ok {
		t.Fatalf("DataVersion = ok %v, err %v", ok, err)
	}
	return v
}

func setSetting(t *testing.T, s *store.Store, value string) {
	t.Helper()
	_, err := s.DB.ExecContext(context.Background(),
		"INSERT INTO settings (key, value, updated_at) VALUES ('probe', ?, CURRENT_TIMESTAMP) "+
			"ON CONFLICT (key) DO UPDATE SET value = excluded.value", value)
	if err != nil {
		t.Fatalf("write setting: %v", err)
	}
}

func TestVersionMemoReadsOnceUntilAWrite(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := store.WithVersionMemo(context.Background())

	v1, _, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatalf("DataVersion: %v", err)
	}
	// A commit by another context is not seen through the memo...
	setSetting(t, s, "elsewhere")
	if v, _, _ := s.DataVersion(ctx); v != v1 {
		t.Fatalf("memo moved from %d to %d without a write of its own request", v1, v)
	}
	// ...but a write of the request itself makes the memo read again.
	_, err = s.DB.NewInsert().Model(&map[string]any{"key": "mine", "value": "1", "updated_at": time.Now()}).
		TableExpr("settings").Exec(ctx)
	if err != nil {
		t.Fatalf("write with the memo context: %v", err)
	}
	if v, _, _ := s.DataVersion(ctx); v == v1 {
		t.Errorf("memo still %d after a write of its own request", v)
	}
}
