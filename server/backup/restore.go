package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"parc/server/store"
)

// RestoreOptions describes one restore.
type RestoreOptions struct {
	// Archive is the file that Create wrote.
	Archive string
	// DataDir is the data folder to create.
	DataDir string
	// Force replaces a data folder that is not empty. The old folder is
	// kept beside the new one, renamed.
	Force bool
	// Log receives the migrations applied to the restored database.
	Log *slog.Logger
}

// RestoreResult describes a restored data folder.
type RestoreResult struct {
	Manifest Manifest
	// SchemaVersion is the newest migration applied once restored, later
	// than Manifest.SchemaVersion when the archive came from an older
	// Parc.
	SchemaVersion string
	// Replaced is the new path of the previous data folder, or "" when
	// there was none or it was empty.
	Replaced string
}

// Restore recreates the data folder opts.DataDir from an archive. It
// extracts the archive into a temporary folder beside opts.DataDir,
// checks every member's SHA-256, runs PRAGMA integrity_check, opens the
// database once so that the migrations of this binary apply, and only
// then renames the folder into place. On any failure opts.DataDir stays
// as it was.
//
// NOTE: Restore cannot tell whether a server still runs on opts.DataDir.
// With Force, such a server would go on writing into the folder moved
// aside, so the server must be stopped first.
func Restore(ctx context.Context, opts RestoreOptions) (RestoreResult, error) {
	known, err := store.Migrations()
	if err != nil {
		return RestoreResult{}, err
	}
	opts.DataDir = filepath.Clean(opts.DataDir)
	if err := checkTarget(opts.DataDir, opts.Force); err != nil {
		return RestoreResult{}, err
	}

	a, err := openArchive(opts.Archive)
	if err != nil {
		return RestoreResult{}, err
	}
	defer a.close()
	m, err := a.manifest()
	if err != nil {
		return RestoreResult{}, err
	}
	if err := m.check(known[len(known)-1]); err != nil {
		return RestoreResult{}, fmt.Errorf("cannot restore %s: %w", opts.Archive, err)
	}

	tmp, err := tempBeside(opts.DataDir)
	if err != nil {
		return RestoreResult{}, err
	}
	moved := false
	defer func() {
		if !moved {
			os.RemoveAll(tmp)
		}
	}()
	if err := a.extractAll(ctx, m, tmp); err != nil {
		return RestoreResult{}, err
	}
	schema, err := prepareDatabase(ctx, tmp, known, opts.Log)
	if err != nil {
		return RestoreResult{}, fmt.Errorf("cannot restore %s: %w", opts.Archive, err)
	}
	if err := syncTree(tmp); err != nil {
		return RestoreResult{}, err
	}

	replaced, err := swap(tmp, opts.DataDir, opts.Force)
	if err != nil {
		return RestoreResult{}, err
	}
	moved = true
	return RestoreResult{Manifest: m, SchemaVersion: schema, Replaced: replaced}, nil
}

// checkTarget rejects a data folder that is a file, or that is not empty
// unless force is set.
func checkTarget(dir string, force bool) error {
	empty, err := emptyOrAbsent(dir)
	if err != nil {
		return err
	}
	if !empty && !force {
		return fmt.Errorf("the data folder %s is not empty; stop the server and give --force to replace it (the current folder is then kept as %s.replaced-DATE), or restore into another folder with --data", dir, filepath.Base(dir))
	}
	return nil
}

// emptyOrAbsent reports whether dir does not exist or has no entry.
func emptyOrAbsent(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("read data folder %s (--data, env PARC_DATA): %w", dir, err)
	}
	return len(entries) == 0, nil
}

// tempBeside creates an empty folder in the parent of dir, so that a
// rename can later move it into place as dir.
func tempBeside(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o750); err != nil {
		return "", fmt.Errorf("create folder %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".restore-*")
	if err != nil {
		return "", fmt.Errorf("create temporary folder in %s: %w", parent, err)
	}
	// MkdirTemp makes the folder private to its owner; a data folder is
	// also readable by its group, as store.Open creates it.
	return tmp, os.Chmod(tmp, 0o750)
}

// prepareDatabase checks the restored database in dir and applies this
// binary's migrations to it. It returns the newest migration applied.
func prepareDatabase(ctx context.Context, dir string, known []string, log *slog.Logger) (string, error) {
	path := filepath.Join(dir, DatabaseName)
	db, err := openSQLite(path, false)
	if err != nil {
		return "", err
	}
	err = checkIntegrity(ctx, db)
	var applied []string
	if err == nil {
		applied, err = store.AppliedMigrations(ctx, db)
	}
	db.Close()
	if err != nil {
		return "", fmt.Errorf("database %s: %w", DatabaseName, err)
	}
	for _, name := range applied {
		if !slices.Contains(known, name) {
			return "", fmt.Errorf("its database has migration %s applied, which is not built into this Parc; restore it with the Parc that wrote it", name)
		}
	}

	st, err := store.Open(ctx, store.Options{DataDir: dir}, log)
	if err != nil {
		return "", err
	}
	if err := st.Close(); err != nil {
		return "", fmt.Errorf("close restored database: %w", err)
	}
	return known[len(known)-1], nil
}

// syncTree flushes every folder under dir, and dir itself, so that the
// entries of the files written in them survive a power cut.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return syncDir(path)
	})
}

// swap moves tmp into place as dir. A data folder that is not empty is
// renamed to dir.replaced-DATE first, and renamed back when the second
// rename fails. It returns the new name of the old folder.
func swap(tmp, dir string, force bool) (string, error) {
	if err := checkTarget(dir, force); err != nil {
		return "", err
	}
	empty, err := emptyOrAbsent(dir)
	if err != nil {
		return "", err
	}
	replaced := ""
	if empty {
		if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("remove empty data folder %s: %w", dir, err)
		}
	} else {
		replaced = dir + ".replaced-" + time.Now().UTC().Format("20060102-150405")
		if err := os.Rename(dir, replaced); err != nil {
			return "", fmt.Errorf("move the current data folder %s aside to %s: %w", dir, replaced, err)
		}
	}

	if err := os.Rename(tmp, dir); err != nil {
		if replaced != "" {
			if back := os.Rename(replaced, dir); back != nil {
				return "", fmt.Errorf("move the restored folder into place as %s: %w; the previous folder is now %s (moving it back failed: %v)", dir, err, replaced, back)
			}
		}
		return "", fmt.Errorf("move the restored folder into place as %s (it cannot be a mount point): %w", dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return replaced, syncDir(filepath.Dir(abs))
}
