package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"parc/server/backup"
	"parc/server/config"
)

// backupCommand runs "parc backup FILE": an online backup of a SQLite
// deployment, stored files included.
func backupCommand(ctx context.Context, env environment, args []string) error {
	summary := `Write a consistent backup of the SQLite database and the stored files to FILE,
a .tar.gz archive, while the server keeps running. FILE is replaced only once
the new archive is complete. On PostgreSQL, use pg_dump instead.`
	cfg, file, err := parseFileCommand(env, "backup", summary, dbOptions, args, nil)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL != "" {
		return errors.New(postgresBackupAdvice)
	}
	log := newLogger(cfg, env.stderr)

	start := time.Now()
	res, err := backup.Create(ctx, backup.Options{DataDir: cfg.DataDir, Path: file, ParcVersion: parcVersion(), Log: log})
	if err != nil {
		return err
	}
	m := res.Manifest
	fmt.Fprintf(env.stdout, "wrote %s: %d bytes, database schema %s, %d stored files, in %s\n",
		res.Path, res.Bytes, m.SchemaVersion, m.FileCount(), time.Since(start).Round(time.Millisecond))
	if n := len(m.MissingFiles); n > 0 {
		fmt.Fprintf(env.stdout, "left out %d stored files missing or damaged under %s (listed in the manifest and the log above)\n",
			n, filepath.Join(cfg.DataDir, "files"))
	}
	return nil
}

// restoreCommand runs "parc restore FILE": it recreates the data folder
// from a backup.
func restoreCommand(ctx context.Context, env environment, args []string) error {
	var force bool
	summary := `Recreate the data folder (--data) from FILE, a backup written by parc backup.
Stop the server first. Every member's SHA-256 is checked and the database
passes PRAGMA integrity_check before the folder moves into place; on any
failure the data folder stays as it was.`
	cfg, file, err := parseFileCommand(env, "restore", summary, dbOptions, args, func(fs *flag.FlagSet) {
		fs.BoolVar(&force, "force", false, "replace a data folder that is not empty; the old one is kept beside it as DIR.replaced-DATE")
	})
	if err != nil {
		return err
	}
	if cfg.DatabaseURL != "" {
		return errors.New(postgresRestoreAdvice)
	}
	log := newLogger(cfg, env.stderr)

	res, err := backup.Restore(ctx, backup.RestoreOptions{Archive: file, DataDir: cfg.DataDir, Force: force, Log: log})
	if err != nil {
		return err
	}
	m := res.Manifest
	fmt.Fprintf(env.stdout, "restored %s into %s: the database and %d stored files, backed up at %s by Parc %s\n",
		file, cfg.DataDir, m.FileCount(), m.CreatedAt.Format(time.RFC3339), m.ParcVersion)
	fmt.Fprintf(env.stdout, "database schema %s, now %s\n", m.SchemaVersion, res.SchemaVersion)
	if n := len(m.MissingFiles); n > 0 {
		fmt.Fprintf(env.stdout, "%d stored files were already missing when the backup was taken; their records show without them\n", n)
	}
	if res.Replaced != "" {
		fmt.Fprintf(env.stdout, "the previous data folder is now %s; delete it once the restored server works\n", res.Replaced)
	}
	return nil
}

// The advice of backup and restore on PostgreSQL, whose database also
// contains the stored files (table file_blobs), so that its own tools
// back up everything. The URL stays out because it may contain a password.
const (
	postgresBackupAdvice = `--database-url (env PARC_DATABASE_URL) selects PostgreSQL, which keeps the stored files in the database: back it up with pg_dump, at the version of the server or later:
  pg_dump --format=custom --file=parc.dump "$PARC_DATABASE_URL"
more in "Backup and restore" of docs/OPERATIONS.md`
	postgresRestoreAdvice = `--database-url (env PARC_DATABASE_URL) selects PostgreSQL: restore a pg_dump archive into an empty database with pg_restore, the servers stopped:
  pg_restore --no-owner --dbname="$PARC_DATABASE_URL" parc.dump
more in "Backup and restore" of docs/OPERATIONS.md`
)

// parseFileCommand parses the flags of a command that takes one FILE
// argument, before or after its flags, and returns the settings and FILE.
func parseFileCommand(env environment, name, summary string, options []string, args []string, extra func(*flag.FlagSet)) (config.Config, string, error) {
	file, rest := cutFile(args, options, extra)
	cfg, _, err := parseCommandFlags(env, name+" FILE", summary, options, rest, extra)
	if err != nil {
		return config.Config{}, "", err
	}
	if file == "" {
		fmt.Fprintf(env.stderr, "parc %s: missing FILE: give the path of the archive, such as parc-backup.tar.gz; run 'parc %s --help' for the flags\n", name, name)
		return config.Config{}, "", errUsage
	}
	return cfg, file, nil
}

// cutFile removes the first argument that is neither a flag nor a flag's
// value from args and returns it. A second such argument stays, so that
// the flag parser reports it.
func cutFile(args []string, options []string, extra func(*flag.FlagSet)) (file string, rest []string) {
	// A scratch set of the same flags shows which ones take a value.
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	config.Register(fs, options...)
	if extra != nil {
		extra(fs)
	}

	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			// The arguments after "--" are never flags.
			tail := args[i+1:]
			if file == "" && len(tail) > 0 {
				file, tail = tail[0], tail[1:]
			}
			return file, append(append(rest, arg), tail...)
		}
		if file == "" && (arg == "-" || !strings.HasPrefix(arg, "-")) {
			file = arg
			continue
		}
		rest = append(rest, arg)
		name := strings.TrimLeft(arg, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil || i+1 >= len(args) {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		rest = append(rest, args[i+1])
		i++
	}
	return file, rest
}

// startBackups starts the periodic backups of --backup-every, when set,
// and returns the function that stops them and waits for a backup in
// progress.
func startBackups(cfg config.Config, log *slog.Logger) func() {
	if cfg.BackupEvery == 0 {
		return func() {}
	}
	runner := &backup.Runner{
		DataDir: cfg.DataDir, Every: cfg.BackupEvery, Keep: cfg.BackupKeep,
		ParcVersion: parcVersion(), Log: log, Now: time.Now,
	}
	log.Info("periodic backups enabled", "every", cfg.BackupEvery.String(), "keep", cfg.BackupKeep,
		"path", filepath.Join(cfg.DataDir, backup.Folder))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		runner.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}

// parcVersion returns the version of this binary: its module version when
// built from a tagged module, else the commit it was built from.
func parcVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	revision, modified := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if revision == "" {
		return "devel"
	}
	if modified {
		revision += "+dirty"
	}
	return "devel-" + revision
}
