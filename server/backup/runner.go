package backup

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"time"
)

// Folder is the folder under the data folder that holds the periodic
// backups of parc serve.
const Folder = "backups"

// nameLayout is the time in the name of a periodic backup, in UTC, so
// that the order of the names is the order of the backups.
const nameLayout = "20060102-150405"

// periodicName matches the names that Runner writes, and no other file
// of the folder, so that pruning deletes only its own backups.
var periodicName = regexp.MustCompile(`^parc-\d{8}-\d{6}\.tar\.gz$`)

// retryAfterFailure is the longest wait before a failed backup is tried
// again.
const retryAfterFailure = time.Hour

// Runner writes a backup to DataDir/backups every Every and keeps the
// Keep newest of them.
type Runner struct {
	DataDir     string
	Every       time.Duration
	Keep        int
	ParcVersion string
	Log         *slog.Logger
	// Now is time.Now outside tests. It names the backups.
	Now func() time.Time
}

// Run backs up whenever the newest backup of the folder is Every old,
// until ctx ends. A server that restarts often therefore does not back
// up at each start. A failed backup is logged and tried again after an
// hour, or after Every when that is shorter.
func (r *Runner) Run(ctx context.Context) {
	r.removeLeftovers()
	next := r.Now()
	if newest, ok := r.newest(); ok {
		next = newest.Add(r.Every)
	}
	for {
		timer := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}

		attempt := r.Now()
		if _, err := r.Once(ctx); err != nil {
			next = attempt.Add(min(r.Every, retryAfterFailure))
			continue
		}
		next = attempt.Add(r.Every)
	}
}

// Once writes one backup named after r.Now, then deletes the oldest
// backups beyond r.Keep. It logs its start, its end and any failure.
func (r *Runner) Once(ctx context.Context) (Result, error) {
	dir := filepath.Join(r.DataDir, Folder)
	path := filepath.Join(dir, "parc-"+r.Now().UTC().Format(nameLayout)+Suffix)
	start := time.Now()
	r.Log.Info("backup started", "path", path)

	res, err := r.write(ctx, dir, path)
	if err != nil {
		if ctx.Err() == nil {
			r.Log.Error("failed to back up", "path", path, "error", err)
		}
		return Result{}, err
	}
	r.Log.Info("backup finished", "path", path, "bytes", res.Bytes, "files", res.Manifest.FileCount(),
		"missing_files", len(res.Manifest.MissingFiles), "schema_version", res.Manifest.SchemaVersion,
		"duration_ms", time.Since(start).Milliseconds())
	r.prune(dir)
	return res, nil
}

func (r *Runner) write(ctx context.Context, dir, path string) (Result, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return Result{}, fmt.Errorf("create folder of backups %s: %w", dir, err)
	}
	return Create(ctx, Options{DataDir: r.DataDir, Path: path, ParcVersion: r.ParcVersion, Log: r.Log})
}

// prune deletes the oldest periodic backups beyond r.Keep. Other files of
// the folder stay.
func (r *Runner) prune(dir string) {
	names, err := periodicBackups(dir)
	if err != nil {
		r.Log.Error("failed to list old backups", "path", dir, "error", err)
		return
	}
	for _, name := range names[:max(0, len(names)-r.Keep)] {
		path := filepath.Join(dir, name)
		if err := os.Remove(path); err != nil {
			r.Log.Error("failed to delete old backup", "path", path, "error", err)
			continue
		}
		r.Log.Info("old backup deleted", "path", path, "keep", r.Keep)
	}
}

// removeLeftovers deletes the temporary folders that backups killed
// halfway, by a crash or a power cut, left in the folder of backups.
func (r *Runner) removeLeftovers() {
	dir := filepath.Join(r.DataDir, Folder)
	leftovers, err := filepath.Glob(filepath.Join(dir, tempPattern))
	if err != nil {
		return // the pattern is valid, so Glob cannot fail
	}
	for _, path := range leftovers {
		if err := os.RemoveAll(path); err != nil {
			r.Log.Error("failed to delete the leftover of an interrupted backup", "path", path, "error", err)
			continue
		}
		r.Log.Info("leftover of an interrupted backup deleted", "path", path)
	}
}

func (r *Runner) newest() (time.Time, bool) {
	return Newest(r.DataDir)
}

// Newest returns the time in the name of the newest periodic backup under
// dataDir/backups, which Runner writes. False means there is none.
func Newest(dataDir string) (time.Time, bool) {
	names, err := periodicBackups(filepath.Join(dataDir, Folder))
	if err != nil || len(names) == 0 {
		return time.Time{}, false
	}
	last := names[len(names)-1]
	t, err := time.Parse(nameLayout, last[len("parc-"):len(last)-len(Suffix)])
	return t, err == nil
}

// periodicBackups returns the names of the periodic backups in dir,
// oldest first. A missing folder has none.
func periodicBackups(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && periodicName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}
