package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/uptrace/bun/driver/sqliteshim"

	"parc/server/store"
)

// openSQLite opens one connection to the SQLite file at path, read-only
// when readOnly. It waits up to 5 seconds for a lock that a writer
// holds, as the server's own connections do.
func openSQLite(path string, readOnly bool) (*sql.DB, error) {
	uri := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(5000)"
	if readOnly {
		uri += "&mode=ro"
	}
	db, err := sql.Open(sqliteshim.ShimName, uri)
	if err != nil {
		return nil, fmt.Errorf("open sqlite database %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// snapshot writes a consistent copy of the database at src to dst, which
// must not exist. VACUUM INTO reads the database inside one read
// transaction, which WAL lets run beside the server's writes, so the copy
// contains every transaction committed before it began and none after.
// VACUUM INTO is plain SQL, so it works with whichever driver sqliteshim
// picks, where the online backup API is a method of each driver's own
// connection type (modernc.org/sqlite v1.46: conn.NewBackup).
func snapshot(ctx context.Context, src, dst string) error {
	db, err := openSQLite(src, true)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fmt.Errorf("copy database %s with VACUUM INTO: %w", src, err)
	}
	return nil
}

// copyInfo describes the database copy of a backup.
type copyInfo struct {
	// schema is the newest migration applied.
	schema string
	// sums are the SHA-256 of the stored files that the files table
	// refers to, each once.
	sums []string
}

// inspect checks the integrity of the database copy at path and reads
// its schema version and the stored files it refers to.
func inspect(ctx context.Context, path string) (copyInfo, error) {
	db, err := openSQLite(path, true)
	if err != nil {
		return copyInfo{}, err
	}
	defer db.Close()

	if err := checkIntegrity(ctx, db); err != nil {
		return copyInfo{}, fmt.Errorf("database copy: %w", err)
	}
	applied, err := store.AppliedMigrations(ctx, db)
	if err != nil {
		return copyInfo{}, err
	}
	if len(applied) == 0 {
		return copyInfo{}, errors.New("the database has no migration applied; start parc serve on it once before backing it up")
	}
	sums, err := referencedSums(ctx, db)
	if err != nil {
		return copyInfo{}, err
	}
	return copyInfo{schema: applied[len(applied)-1], sums: sums}, nil
}

// referencedSums returns the SHA-256 of every stored file that the files
// table lists, sorted. A database older than that table has none.
func referencedSums(ctx context.Context, db *sql.DB) ([]string, error) {
	var tables int
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'files'").Scan(&tables)
	if err != nil {
		return nil, fmt.Errorf("look for the files table: %w", err)
	}
	if tables == 0 {
		return nil, nil
	}

	rows, err := db.QueryContext(ctx, "SELECT DISTINCT sha256 FROM files ORDER BY sha256")
	if err != nil {
		return nil, fmt.Errorf("list stored files: %w", err)
	}
	defer rows.Close()
	var sums []string
	for rows.Next() {
		var sum string
		if err := rows.Scan(&sum); err != nil {
			return nil, fmt.Errorf("list stored files: %w", err)
		}
		sums = append(sums, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list stored files: %w", err)
	}
	return sums, nil
}

// maxIntegrityMessages bounds the problems that an integrity error quotes.
const maxIntegrityMessages = 5

// checkIntegrity runs PRAGMA integrity_check on db and returns an error
// quoting the first problems it finds.
func checkIntegrity(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("run integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("run integrity check: %w", err)
		}
		if line != "ok" && len(problems) < maxIntegrityMessages {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("run integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check failed: %s", strings.Join(problems, "; "))
	}
	return nil
}
