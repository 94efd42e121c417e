package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/uptrace/bun"
)

// dataVersion reads SQLite's PRAGMA data_version on a connection of its
// own. SQLite changes that number whenever another connection, of this
// process or of another one, commits a change, so a cache stamped with it
// detects that it is stale.
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
// In a context from WithVersionMemo it reads the number once and reuses it
// until the context's request writes.
func (s *Store) DataVersion(ctx context.Context) (version int64, ok bool, err error) {
	if s.version == nil {
		return 0, false, nil
	}
	memo, _ := ctx.Value(memoKey{}).(*versionMemo)
	if memo != nil && memo.valid {
		return memo.version, true, nil
	}
	version, err = s.version.read(ctx)
	if err != nil {
		return 0, false, err
	}
	if memo != nil {
		memo.version, memo.valid = version, true
	}
	return version, true, nil
}

// versionMemo is the data version read once for one request.
type versionMemo struct {
	version int64
	valid   bool
}

type memoKey struct{}

// WithVersionMemo returns a context in which DataVersion reads SQLite's
// data_version once, so that the caches a request consults cost one query
// in all. A write through the store's writer with that context drops the
// stored number, so that the request then reads its own write. The context must serve
// one goroutine at a time, as a request does.
func WithVersionMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &versionMemo{})
}

// forgetVersion is the writer's query hook: after any statement that is not
// a SELECT, the memo of the query's context is stale.
type forgetVersion struct{}

func (forgetVersion) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (forgetVersion) AfterQuery(ctx context.Context, e *bun.QueryEvent) {
	if e.Operation() == "SELECT" {
		return
	}
	if memo, _ := ctx.Value(memoKey{}).(*versionMemo); memo != nil {
		memo.valid = false
	}
}
