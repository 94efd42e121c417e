// Package store opens Parc's database (SQLite by default, PostgreSQL when a
// URL is given), applies the embedded migrations and defines the errors that
// domain packages return for missing rows. Domain packages own their models
// and queries; nothing domain-specific belongs here.
package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/sqliteshim"
)

// ErrNotFound is returned by queries that look up one row that does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned by an update whose version no longer matches the
// row: someone else changed it since the caller read it.
var ErrConflict = errors.New("version conflict")

// Dialect names the database engine behind a Store.
type Dialect string

// The supported database engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// defaultConnectTimeout bounds the first connection to the database.
const defaultConnectTimeout = 15 * time.Second

// SQLiteFile is the name of the database file under the data folder.
const SQLiteFile = "parc.db"

// Options selects the database to open.
type Options struct {
	// DataDir is created when missing; it holds the SQLite file.
	DataDir string
	// DatabaseURL, when set, selects PostgreSQL.
	DatabaseURL string
	// ConnectTimeout bounds the first connection; zero means 15 seconds.
	ConnectTimeout time.Duration
}

// Store gives access to the database. On SQLite, DB is a pool of a single
// connection, so that the writes of this process are serialized and wait
// on each other instead of failing on a busy lock. Reader is a pool of
// read-only connections that WAL lets run beside the writer. A write from
// another process still waits at most busy_timeout (5 s). On PostgreSQL
// both are the same pool.
type Store struct {
	DB      *bun.DB
	Reader  *bun.DB
	Dialect Dialect
	// DataDir is the data folder the store was opened with. On SQLite it
	// holds the database file and the stored files (see server/files).
	DataDir string

	version *dataVersion
}

// Open opens the database described by opts, creating the data folder and
// applying pending migrations first.
func Open(ctx context.Context, opts Options, log *slog.Logger) (*Store, error) {
	if err := os.MkdirAll(opts.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder %s (--data, env PARC_DATA): %w", opts.DataDir, err)
	}

	var s *Store
	var err error
	if opts.DatabaseURL != "" {
		s, err = openPostgres(opts.DatabaseURL)
	} else {
		s, err = openSQLite(ctx, filepath.Join(opts.DataDir, SQLiteFile))
	}
	if err != nil {
		return nil, err
	}

	// A server that accepts the connection but never replies must not hang
	// the start.
	timeout := cmp.Or(opts.ConnectTimeout, defaultConnectTimeout)
	pingCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := s.DB.PingContext(pingCtx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to %s database (timeout %s): %w", s.Dialect, timeout, err)
	}
	if err := s.migrate(ctx, log); err != nil {
		s.Close()
		return nil, err
	}
	s.DataDir = opts.DataDir
	return s, nil
}

func openSQLite(ctx context.Context, path string) (*Store, error) {
	// busy_timeout comes before journal_mode so that switching to WAL waits
	// for a lock instead of failing when another process holds the file.
	pragmas := "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	uri := "file:" + (&url.URL{Path: path}).EscapedPath()

	writer, err := sql.Open(sqliteshim.ShimName, uri+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite database %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)

	reader, err := sql.Open(sqliteshim.ShimName, uri+"?mode=ro&"+pragmas)
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("open sqlite database %s: %w", path, err)
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	reader.SetMaxOpenConns(readers)
	reader.SetMaxIdleConns(readers)

	s := &Store{
		DB:      bun.NewDB(writer, sqlitedialect.New()),
		Reader:  bun.NewDB(reader, sqlitedialect.New()),
		Dialect: SQLite,
	}
	s.DB.AddQueryHook(forgetVersion{})

	// The writer creates the file, so that the read-only connections,
	// the data_version one included, find it.
	if err := writer.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open sqlite database %s: %w", path, err)
	}
	watcher, err := sql.Open(sqliteshim.ShimName, uri+"?mode=ro&"+pragmas)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("open sqlite database %s: %w", path, err)
	}
	if s.version, err = newDataVersion(ctx, watcher); err != nil {
		watcher.Close()
		s.Close()
		return nil, err
	}
	return s, nil
}

func openPostgres(databaseURL string) (*Store, error) {
	sqldb, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return nil, fmt.Errorf("open postgres database: %w", err)
	}
	sqldb.SetMaxOpenConns(max(8, 4*runtime.GOMAXPROCS(0)))
	sqldb.SetMaxIdleConns(max(8, 4*runtime.GOMAXPROCS(0)))

	db := bun.NewDB(sqldb, pgdialect.New())
	return &Store{DB: db, Reader: db, Dialect: Postgres}, nil
}

// Close closes every pool of the store. On SQLite, closing the last
// connection checkpoints the WAL into the database file.
func (s *Store) Close() error {
	var errs []error
	if s.version != nil {
		errs = append(errs, s.version.close())
	}
	if s.Reader != s.DB {
		errs = append(errs, s.Reader.Close())
	}
	errs = append(errs, s.DB.Close())
	return errors.Join(errs...)
}
