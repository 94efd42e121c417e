package main

import (
	"path/filepath"
	"strings"
	"testing"

	"parc/server/store"
)

// backupAfterAcks is the number of acknowledged writes of the crash load
// after which TestBackupDuringSyncWritesRestores starts the backup.
const backupAfterAcks = 60

// TestBackupDuringSyncWritesRestores takes a backup while technicians
// create assets, push rooms through sync and create work orders, then
// checks the restored database: integrity_check passes, every write
// acknowledged before the backup began is there, and every record in it
// has its audit entry and its sync change.
func TestBackupDuringSyncWritesRestores(t *testing.T) {
	dir := t.TempDir()
	p := startParc(t, "--demo", "--data", dir)
	led := newLedger()
	load := startWriteLoad(t, p, led)
	load.waitForAcks(t, backupAfterAcks)

	acked, ops := led.snapshot()
	archive := filepath.Join(t.TempDir(), "parc-during-sync.tar.gz")
	out, err := parcCommand(t, "backup", archive, "--data", dir)
	written := led.count.Load()
	for _, err := range load.stopAndWait() {
		t.Errorf("writer: %v", err)
	}
	if err != nil || !strings.Contains(out, "wrote "+archive) {
		t.Fatalf("parc backup during writes: %v\n%s", err, out)
	}
	t.Logf("backup began after %d acknowledged writes and ended after %d", len(acked["asset"])+len(acked["room"])+len(acked["work_order"]), written)

	restored := filepath.Join(t.TempDir(), "restored")
	if out, err := parcCommand(t, "restore", "--data", restored, archive); err != nil {
		t.Fatalf("parc restore: %v\n%s", err, out)
	}
	db := openSQLite(t, filepath.Join(restored, store.SQLiteFile))
	defer db.Close()
	checkSQLiteIntegrity(t, db)
	led.mu.Lock()
	defer led.mu.Unlock()
	checkWrites(t, db, acked, led.attempts, ops)
}
