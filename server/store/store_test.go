package store_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"parc/server/store"
	"parc/server/store/storetest"
)

func TestOpenCreatesDataFolderAndMigrates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "data")
	ctx := context.Background()

	s, err := store.Open(ctx, store.Options{DataDir: dir}, storetest.Logger())
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, store.SQLiteFile)); err != nil {
		t.Errorf("database file missing after Open: %v", err)
	}

	var firstApplied int
	if err := s.Reader.NewSelect().TableExpr("bun_migrations").ColumnExpr("count(*)").Scan(ctx, &firstApplied); err != nil {
		t.Fatalf("count applied migrations: %v", err)
	}
	var tables int
	err = s.Reader.NewSelect().TableExpr("sqlite_master").ColumnExpr("count(*)").
		Where("type = 'table' AND name IN ('communes', 'sites', 'rooms', 'assets', 'users')").Scan(ctx, &tables)
	if err != nil {
		t.Fatalf("count tables: %v", err)
	}
	if tables != 5 {
		t.Errorf("fleet tables after migration = %d, want 5", tables)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	// A second start finds the schema up to date and applies nothing twice.
	s, err = store.Open(ctx, store.Options{DataDir: dir}, storetest.Logger())
	if err != nil {
		t.Fatalf("second Open(%s): %v", dir, err)
	}
	defer s.Close()
	var applied int
	if err := s.Reader.NewSelect().TableExpr("bun_migrations").ColumnExpr("count(*)").Scan(ctx, &applied); err != nil {
		t.Fatalf("count applied migrations: %v", err)
	}
	if applied != firstApplied || applied < 2 {
		t.Errorf("applied migrations: %d after the first start, %d after the second; want the same, at least 2", firstApplied, applied)
	}
}

func TestSQLitePragmas(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()

	checks := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
		{"synchronous", "1"}, // NORMAL
	}
	pools := map[string]*bun.DB{"writer": s.DB, "reader": s.Reader}
	for _, c := range checks {
		for name, db := range pools {
			var got string
			if err := db.QueryRowContext(ctx, "PRAGMA "+c.pragma).Scan(&got); err != nil {
				t.Fatalf("PRAGMA %s on %s: %v", c.pragma, name, err)
			}
			if got != c.want {
				t.Errorf("%s PRAGMA %s = %q, want %q", name, c.pragma, got, c.want)
			}
		}
	}

	if got := s.DB.DB.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("writer pool size = %d, want 1 (one writer)", got)
	}
}

func TestSQLiteReaderIsReadOnly(t *testing.T) {
	s := storetest.Open(t, store.SQLite)

	_, err := s.Reader.ExecContext(context.Background(),
		"INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', CURRENT_TIMESTAMP)")
	if err == nil {
		t.Fatal("insert through the reader pool succeeded, want a read-only error")
	}
}

func TestMigrationsOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var n int
		for _, table := range []string{"communes", "sites", "rooms", "assets", "users", "user_communes", "settings"} {
			if err := s.Reader.NewSelect().TableExpr(table).ColumnExpr("count(*)").Scan(ctx, &n); err != nil {
				t.Errorf("select from %s after migration: %v", table, err)
			}
		}
	})
}

func TestOpenGivesUpOnASilentServer(t *testing.T) {
	// A listener that accepts connections and never replies, as a
	// firewall or a stuck server would.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
		}
	}()

	start := time.Now()
	_, err = store.Open(context.Background(), store.Options{
		DataDir:        t.TempDir(),
		DatabaseURL:    "postgres://parc@" + ln.Addr().String() + "/parc?sslmode=disable",
		ConnectTimeout: 500 * time.Millisecond,
	}, storetest.Logger())
	if err == nil {
		t.Fatal("Open on a silent server succeeded")
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("Open gave up after %s, want about the 500ms timeout", elapsed)
	}
	if !strings.Contains(err.Error(), "timeout") {
		t.Errorf("error %q does not mention the timeout", err)
	}
}
