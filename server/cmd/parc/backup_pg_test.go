package main

import (
	"database/sql"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"parc/server/store/storetest"
)

// TestPgDumpDuringSyncWritesRestores checks the PostgreSQL backup that
// docs/OPERATIONS.md gives: pg_dump while technicians write, then
// pg_restore. The restored schema holds every write acknowledged before
// the dump began, and each restored record has its audit entry and its
// sync change.
func TestPgDumpDuringSyncWritesRestores(t *testing.T) {
	serverURL := storetest.PostgresURL(t)
	dump, restore := pgTool(t, "pg_dump"), pgTool(t, "pg_restore")
	u, err := url.Parse(serverURL)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	// libpq rejects the search_path parameter that pgx reads, so the
	// tools get the base URL and the schema by name.
	base := os.Getenv(storetest.EnvDatabaseURL)

	p := startParc(t, "--demo", "--data", t.TempDir(), "--database-url", serverURL)
	led := newLedger()
	load := startWriteLoad(t, p, led)
	load.waitForAcks(t, backupAfterAcks)

	acked, ops := led.snapshot()
	file := filepath.Join(t.TempDir(), "parc.dump")
	out, dumpErr := exec.Command(dump, "--format=custom", "--schema="+schema, "--file="+file, base).CombinedOutput()
	for _, err := range load.stopAndWait() {
		t.Errorf("writer: %v", err)
	}
	if dumpErr != nil {
		t.Fatalf("pg_dump during writes: %v\n%s", dumpErr, out)
	}
	p.stop(t)

	// pg_restore recreates the schema under its name, so the live one
	// moves aside first.
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("ALTER SCHEMA " + schema + " RENAME TO " + schema + "_live"); err != nil {
		t.Fatalf("move the live schema aside: %v", err)
	}
	t.Cleanup(func() { db.Exec("DROP SCHEMA IF EXISTS " + schema + "_live CASCADE") })
	if out, err := exec.Command(restore, "--no-owner", "--dbname="+base, file).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}

	restored, err := sql.Open("pgx", serverURL)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	led.mu.Lock()
	defer led.mu.Unlock()
	checkWrites(t, restored, acked, led.attempts, ops)

	// A server starts on the restored schema and serves its records.
	q := startParc(t, "--data", t.TempDir(), "--database-url", serverURL)
	api := loginTechnician(t, q)
	for id := range acked["asset"] {
		var asset map[string]any
		getJSON(t, q.baseURL+"/api/v1/assets/"+id, api.cookie, &asset)
		break
	}
}

// pgTool returns the path of a PostgreSQL client program. A missing one
// skips the test, except under CI=true, where it fails it.
func pgTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found under CI=true: install the PostgreSQL client (Debian: postgresql-client)", name)
	}
	t.Skipf("%s not found: install the PostgreSQL client (Debian: postgresql-client)", name)
	return ""
}
