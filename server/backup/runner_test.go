package backup

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRunnerKeepsNewestBackups(t *testing.T) {
	d := newDeployment(t)
	d.save(t, []byte("%PDF-1.4 periodic"))
	dir := filepath.Join(d.st.DataDir, Folder)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	// Files that the runner did not write stay, even with a similar name.
	others := []string{"notes.txt", "parc-before-upgrade.tar.gz"}
	for _, name := range others {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("mine"), 0o640); err != nil {
			t.Fatal(err)
		}
	}

	const keep, runs = 3, 5
	clock := time.Date(2027, 3, 1, 2, 30, 0, 0, time.UTC)
	log, logged := bufferLog()
	r := &Runner{DataDir: d.st.DataDir, Every: 24 * time.Hour, Keep: keep, ParcVersion: "test", Log: log,
		Now: func() time.Time { return clock }}
	for range runs {
		if _, err := r.Once(context.Background()); err != nil {
			t.Fatalf("Once at %s: %v", clock, err)
		}
		clock = clock.Add(24 * time.Hour)
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := append([]string{"parc-20270303-023000.tar.gz", "parc-20270304-023000.tar.gz", "parc-20270305-023000.tar.gz"}, others...)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("backups folder after %d runs keeping %d = %v, want %v", runs, keep, got, want)
	}
	for _, msg := range []string{"backup started", "backup finished", "old backup deleted"} {
		if n := strings.Count(logged.String(), msg); n == 0 {
			t.Errorf("log lacks %q:\n%s", msg, logged)
		}
	}
	if n := strings.Count(logged.String(), "old backup deleted"); n != runs-keep {
		t.Errorf("log has %d deletions, want %d", n, runs-keep)
	}
}

func TestRunnerLogsFailure(t *testing.T) {
	// A data folder without a database cannot be backed up.
	log, logged := bufferLog()
	r := &Runner{DataDir: t.TempDir(), Every: time.Hour, Keep: 1, Log: log, Now: time.Now}
	if _, err := r.Once(context.Background()); err == nil {
		t.Fatal("Once without a database succeeded")
	}
	if !strings.Contains(logged.String(), "failed to back up") || !strings.Contains(logged.String(), "no database to back up") {
		t.Errorf("log lacks the failure and its cause:\n%s", logged)
	}
}

func TestRunnerResumesFromNewestBackup(t *testing.T) {
	dataDir := t.TempDir()
	r := &Runner{DataDir: dataDir, Every: 24 * time.Hour, Keep: 2}
	if _, ok := r.newest(); ok {
		t.Error("newest found a backup in an empty data folder")
	}
	dir := filepath.Join(dataDir, Folder)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"parc-20270301-023000.tar.gz", "parc-20270302-013000.tar.gz", "parc-29990101-000000.tar.gz.tmp"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o640); err != nil {
			t.Fatal(err)
		}
	}

	got, ok := r.newest()
	if want := time.Date(2027, 3, 2, 1, 30, 0, 0, time.UTC); !ok || !got.Equal(want) {
		t.Errorf("newest = %s, %v; want %s", got, ok, want)
	}
}

func TestRunnerRemovesLeftovers(t *testing.T) {
	dataDir := t.TempDir()
	dir := filepath.Join(dataDir, Folder)
	leftover := filepath.Join(dir, ".parc-backup-1234")
	if err := os.MkdirAll(leftover, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(leftover, DatabaseName), []byte("half"), 0o640); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(dir, "parc-20270301-023000.tar.gz")
	if err := os.WriteFile(kept, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	log, logged := bufferLog()

	r := &Runner{DataDir: dataDir, Every: time.Hour, Keep: 1, Log: log}
	r.removeLeftovers()

	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("leftover %s still there (%v)", leftover, err)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("backup %s: %v", kept, err)
	}
	if !strings.Contains(logged.String(), "leftover of an interrupted backup deleted") {
		t.Errorf("log lacks the deletion:\n%s", logged)
	}
}
