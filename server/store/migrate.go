package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/uptrace/bun/migrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// columnTypes fills the templates of the migration files, so that one set
// of versioned files serves both engines. Bytes is the type of binary
// data.
type columnTypes struct {
	UUID      string
	Timestamp string
	Date      string
	Bool      string
	Bytes     string
}

func (s *Store) columnTypes() columnTypes {
	if s.Dialect == Postgres {
		return columnTypes{UUID: "uuid", Timestamp: "timestamptz", Date: "date", Bool: "boolean", Bytes: "bytea"}
	}
	return columnTypes{UUID: "TEXT", Timestamp: "TIMESTAMP", Date: "DATE", Bool: "BOOLEAN", Bytes: "BLOB"}
}

// migrate applies the migrations that this database has not seen yet. They
// are forward-only: a shipped file never changes, a fix is a new file.
func (s *Store) migrate(ctx context.Context, log *slog.Logger) error {
	files, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	migrations := migrate.NewMigrations()
	if err := migrations.Discover(files); err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}

	migrator := migrate.NewMigrator(s.DB, migrations,
		migrate.WithTemplateData(s.columnTypes()),
		// Mark a migration applied only once it ran, so that a failed one
		// is tried again at the next start.
		migrate.WithMarkAppliedOnSuccess(true),
	)
	if err := migrator.Init(ctx); err != nil {
		return fmt.Errorf("create migration tables: %w", err)
	}

	unlock, err := s.lockMigrations(ctx, log)
	if err != nil {
		return err
	}
	defer unlock()

	applied, err := migrator.AppliedMigrations(ctx)
	if err != nil {
		return fmt.Errorf("list applied migrations: %w", err)
	}
	group, err := migrator.Migrate(ctx)
	if err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}

	if group.IsZero() {
		log.Info("database schema up to date", "dialect", s.Dialect, "version", lastName(applied))
		return nil
	}
	log.Info("database migrated", "dialect", s.Dialect,
		"from", lastName(applied), "to", group.Migrations[len(group.Migrations)-1].Name,
		"applied", len(group.Migrations))
	return nil
}

// lockMigrations keeps two servers starting together on one PostgreSQL
// database from applying the same migration twice. It uses a session-level
// advisory lock, which PostgreSQL also releases when the connection ends.
// SQLite needs none: its writer pool holds a single connection and Parc
// runs one server per SQLite file.
func (s *Store) lockMigrations(ctx context.Context, log *slog.Logger) (func(), error) {
	if s.Dialect != Postgres {
		return func() {}, nil
	}

	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock migrations: %w", err)
	}
	const lockKey = 0x7061726300 // "parc\0"
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(?)", lockKey); err != nil {
		conn.Close()
		return nil, fmt.Errorf("lock migrations: %w", err)
	}
	return func() {
		if _, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock(?)", lockKey); err != nil {
			log.Warn("failed to unlock migrations; the lock ends with its connection", "error", err)
		}
		conn.Close()
	}, nil
}

// lastName returns the newest migration of ms. Names start with a
// timestamp, so the greatest name is the newest.
func lastName(ms migrate.MigrationSlice) string {
	last := "none"
	for _, m := range ms {
		if last == "none" || m.Name > last {
			last = m.Name
		}
	}
	return last
}
