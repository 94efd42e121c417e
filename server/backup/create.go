package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"parc/server/files"
	"parc/server/store"
)

// Suffix ends the name of every archive, which is a gzip-compressed tar
// file that tar -xzf also reads.
const Suffix = ".tar.gz"

// tempPattern names the temporary folder of a backup, beside its archive.
const tempPattern = ".parc-backup-*"

// Options describes one backup.
type Options struct {
	// DataDir is the data folder of the SQLite deployment.
	DataDir string
	// Path is the archive to write. An existing file is replaced once the
	// new archive is complete.
	Path string
	// ParcVersion is written to the manifest.
	ParcVersion string
	// Log receives a warning per stored file left out.
	Log *slog.Logger
}

// Result describes a written archive.
type Result struct {
	Path     string
	Bytes    int64
	Manifest Manifest
}

// Create writes a backup of the SQLite deployment under opts.DataDir to
// opts.Path while its server may keep writing. It copies the database
// with VACUUM INTO, then packs the copy with the stored files that the
// copy refers to. Stored files never change once written, and a file's
// bytes are on disk before its row commits, so the files present after
// the copy are consistent with it. Files that later rows refer to are
// left out, with the rows. A referred file missing or damaged on disk is
// left out too, listed in the manifest and logged, so that one bad photo
// does not prevent the backup of everything else.
//
// The archive is written to a temporary folder beside opts.Path, flushed
// to disk and renamed into place, so that opts.Path contains either the old
// content or the whole new archive.
func Create(ctx context.Context, opts Options) (Result, error) {
	if !strings.HasSuffix(opts.Path, Suffix) {
		return Result{}, fmt.Errorf("backup file %s must end in %s, because it is a gzip-compressed tar archive", opts.Path, Suffix)
	}
	dbPath := filepath.Join(opts.DataDir, store.SQLiteFile)
	if _, err := os.Stat(dbPath); err != nil {
		return Result{}, fmt.Errorf("no database to back up at %s: check --data (env PARC_DATA): %w", dbPath, err)
	}
	dir := filepath.Dir(opts.Path)
	work, err := os.MkdirTemp(dir, tempPattern)
	if err != nil {
		return Result{}, fmt.Errorf("create temporary folder beside %s: %w", opts.Path, err)
	}
	defer os.RemoveAll(work)

	m, sources, err := collect(ctx, opts, work)
	if err != nil {
		return Result{}, err
	}

	tmp := filepath.Join(work, "archive"+Suffix)
	size, err := writeArchive(ctx, tmp, m, sources)
	if err != nil {
		return Result{}, fmt.Errorf("write backup %s: %w", opts.Path, err)
	}
	if err := os.Rename(tmp, opts.Path); err != nil {
		return Result{}, fmt.Errorf("move backup into place as %s: %w", opts.Path, err)
	}
	if err := syncDir(dir); err != nil {
		return Result{}, err
	}
	return Result{Path: opts.Path, Bytes: size, Manifest: m}, nil
}

// collect copies the database into work and returns the manifest of the
// archive with the path on disk of each member.
func collect(ctx context.Context, opts Options, work string) (Manifest, map[string]string, error) {
	m := Manifest{
		Format: FormatVersion, ParcVersion: opts.ParcVersion,
		CreatedAt: time.Now().UTC().Truncate(time.Second), Engine: EngineSQLite,
	}
	copyPath := filepath.Join(work, DatabaseName)
	if err := snapshot(ctx, filepath.Join(opts.DataDir, store.SQLiteFile), copyPath); err != nil {
		return Manifest{}, nil, err
	}
	info, err := inspect(ctx, copyPath)
	if err != nil {
		return Manifest{}, nil, err
	}
	m.SchemaVersion = info.schema

	database, err := describe(copyPath, DatabaseName)
	if err != nil {
		return Manifest{}, nil, err
	}
	m.Members = append(m.Members, database)
	sources := map[string]string{DatabaseName: copyPath}

	dir := files.Dir(opts.DataDir)
	for _, sum := range info.sums {
		if err := ctx.Err(); err != nil {
			return Manifest{}, nil, err
		}
		member, path, err := storedFile(dir, sum)
		if err != nil {
			m.MissingFiles = append(m.MissingFiles, MissingFile{SHA256: sum, Reason: err.Error()})
			if opts.Log != nil {
				opts.Log.Warn("stored file left out of the backup", "sha256", sum, "error", err)
			}
			continue
		}
		m.Members = append(m.Members, member)
		sources[member.Name] = path
	}
	return m, sources, nil
}

// storedFile checks the stored file of sum under dir and returns its
// member with its path on disk.
func storedFile(dir, sum string) (Member, string, error) {
	if !isSum(sum) {
		return Member{}, "", errors.New("invalid SHA-256 in the files table")
	}
	path := filepath.Join(dir, sum[:2], sum[2:])
	member, err := describe(path, fileMember(sum))
	if err != nil {
		return Member{}, "", err
	}
	if member.SHA256 != sum {
		return Member{}, "", fmt.Errorf("stored file %s is damaged: its SHA-256 is %s", path, member.SHA256)
	}
	return member, path, nil
}

// describe reads the file at path and returns its member under name.
func describe(path, name string) (Member, error) {
	f, err := os.Open(path)
	if err != nil {
		return Member{}, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return Member{}, fmt.Errorf("read %s: %w", path, err)
	}
	return Member{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
