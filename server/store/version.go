package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// dataVersion reads SQLite's PRAGMA data_version on a connection of its
// own. SQLite changes that number whenever another connection, of this
// process or of another one, commits a change, so a cache stamped with it
// knows when it is stale.
type dataVersion struct {
	mu   sync.Mutex
	db   *sql.DB
	stmt *sql.Stmt
}

func newDataVersion(ctx context.Context, db *sql.DB) (*dataVersion, error) {
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	stmt, err := db.PrepareContext(ctx, "PRAGMA data_version")
	if err != nil {
		return nil, fmt.Errorf("prepare data_version: %w", err)
	}
	return &dataVersion{db: db, stmt: stmt}, nil
}

func (v *dataVersion) read(ctx context.Context) (int64, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	var n int64
	if err := v.stmt.QueryRowContext(ctx).Scan(&n); err != nil {
		return 0, fmt.Errorf("read data_version: %w", err)
	}
	return n, nil
}

func (v *dataVersion) close() error {
	v.stmt.Close()
	return v.db.Close()
}

// DataVersion returns a number that changes whenever a change is committed
// to the database, by this process or another, and ok=true. On PostgreSQL,
// which has no such number, it returns ok=false and callers must not cache.
func (s *Store) DataVersion(ctx context.Context) (version int64, ok bool, err error) {
	if s.version == nil {
		return 0, false, nil
	}
	version, err = s.version.read(ctx)
	return version, err == nil, err
}
