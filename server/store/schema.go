package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"slices"

	"github.com/uptrace/bun/migrate"
)

// migrationTable is the table in which bun records the applied
// migrations, bun's default name.
const migrationTable = "bun_migrations"

// Migrations returns the names of the migrations built into this binary,
// oldest first. A name is the timestamp that starts the migration's file
// name, as bun records it in its table of applied migrations.
func Migrations() ([]string, error) {
	files, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	migrations := migrate.NewMigrations()
	if err := migrations.Discover(files); err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var names []string
	for _, m := range migrations.Sorted() {
		names = append(names, m.Name)
	}
	return names, nil
}

// AppliedMigrations returns the names of the migrations applied to the
// SQLite or PostgreSQL database db, oldest first. A database that no
// migration ever touched returns an error.
func AppliedMigrations(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, "SELECT name FROM "+migrationTable)
	if err != nil {
		return nil, fmt.Errorf("list applied migrations: %w", err)
	}
	defer rows.Close()

	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("list applied migrations: %w", err)
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list applied migrations: %w", err)
	}
	// Names start with a timestamp of fixed width, so that the order of
	// the strings is the order of the migrations, as bun sorts them.
	slices.Sort(names)
	return names, nil
}
