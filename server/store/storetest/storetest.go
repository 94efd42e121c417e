// Package storetest opens real databases for tests: a fresh SQLite file in
// the test's temporary folder, and a fresh schema on the PostgreSQL server
// named by PARC_TEST_DATABASE_URL.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"parc/server/store"
)

// EnvDatabaseURL names the variable that points the tests at a PostgreSQL
// server whose user may create schemas.
const EnvDatabaseURL = "PARC_TEST_DATABASE_URL"

// Each runs fn as one subtest per database engine. The PostgreSQL subtest
// is skipped when EnvDatabaseURL is unset, except under CI=true, where it
// fails so that CI cannot pass by skipping it.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, dialect := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			fn(t, Open(t, dialect))
		})
	}
}

// Open returns a migrated, empty store of the given engine, closed when the
// test ends.
func Open(t testing.TB, dialect store.Dialect) *store.Store {
	t.Helper()
	opts := store.Options{DataDir: t.TempDir()}
	if dialect == store.Postgres {
		opts.DatabaseURL = PostgresURL(t)
	}

	s, err := store.Open(context.Background(), opts, Logger())
	if err != nil {
		t.Fatalf("open %s store: %v", dialect, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close %s store: %v", dialect, err)
		}
	})
	return s
}

var schemaCount atomic.Int64

// PostgresURL creates a schema of its own for the test on the server named
// by EnvDatabaseURL and returns a URL whose connections use it. The schema
// is dropped when the test ends.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvDatabaseURL)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is unset under CI=true: the PostgreSQL tests must run in CI", EnvDatabaseURL)
		}
		t.Skipf("%s is unset: skipping the PostgreSQL test", EnvDatabaseURL)
	}

	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", EnvDatabaseURL, err)
	}
	defer admin.Close()

	schema := fmt.Sprintf("t%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaCount.Add(1))
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		cleanup, err := sql.Open("pgx", base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer cleanup.Close()
		if _, err := cleanup.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})

	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvDatabaseURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Logger returns a logger that discards everything unless PARC_TEST_LOG is
// set, so test output stays readable.
func Logger() *slog.Logger {
	if strings.TrimSpace(os.Getenv("PARC_TEST_LOG")) != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// OpenTwo returns two stores on one fresh database of the given engine, as
// two server processes would open it, both closed when the test ends.
func OpenTwo(t testing.TB, dialect store.Dialect) (*store.Store, *store.Store) {
	t.Helper()
	opts := store.Options{DataDir: t.TempDir()}
	if dialect == store.Postgres {
		opts.DatabaseURL = PostgresURL(t)
	}
	open := func() *store.Store {
		s, err := store.Open(context.Background(), opts, Logger())
		if err != nil {
			t.Fatalf("open %s store: %v", dialect, err)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("close %s store: %v", dialect, err)
			}
		})
		return s
	}
	return open(), open()
}
