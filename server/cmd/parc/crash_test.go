package main

import (
	"database/sql"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"parc/server/store"
	"parc/server/store/storetest"
)

// crashRounds is how many times the crash test kills the server. Before
// each kill it waits for a number of acknowledged writes drawn from
// [crashMinAcks, crashMaxAcks) with the logged seed.
const (
	crashRounds  = 3
	crashMinAcks = 15
	crashMaxAcks = 150
)

// crashSeed returns the seed of the kill points: PARC_CRASH_SEED when set,
// so that a failure can be replayed, else the time.
func crashSeed(t *testing.T) uint64 {
	t.Helper()
	if s := os.Getenv("PARC_CRASH_SEED"); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("PARC_CRASH_SEED %q: %v; use an unsigned integer", s, err)
		}
		return seed
	}
	return uint64(time.Now().UnixNano())
}

func TestCrashKeepsAcknowledgedWritesSQLite(t *testing.T) {
	dir := t.TempDir()
	db := openSQLite(t, filepath.Join(dir, store.SQLiteFile))
	defer db.Close()
	crashRoundsOn(t, []string{"--data", dir}, db)

	checkSQLiteIntegrity(t, db)
	rows, err := db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatalf("PRAGMA foreign_key_check: %v", err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Error("PRAGMA foreign_key_check lists rows whose parent is missing")
	}
}

func TestCrashKeepsAcknowledgedWritesPostgreSQL(t *testing.T) {
	url := storetest.PostgresURL(t)
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	defer db.Close()
	crashRoundsOn(t, []string{"--data", t.TempDir(), "--database-url", url}, db)
}

// crashRoundsOn runs the demo server with flags, then crashRounds times:
// a write load from crashClients technicians, kill -9 at a seeded random
// point, a restart on the same data, and the checks of checkAfterCrash
// read through db.
func crashRoundsOn(t *testing.T, flags []string, db *sql.DB) {
	seed := crashSeed(t)
	t.Logf("kill points drawn with seed %d (set PARC_CRASH_SEED=%d to replay them)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	led := newLedger()

	p := startParc(t, append([]string{"--demo"}, flags...)...)
	for round := 1; round <= crashRounds; round++ {
		killAfter := crashMinAcks + rng.IntN(crashMaxAcks-crashMinAcks)
		before := led.count.Load()
		crashLoad(t, p, led, before+int64(killAfter))
		t.Logf("round %d: killed after %d acknowledged writes, %d in all", round, led.count.Load()-before, led.count.Load())

		p = startParc(t, flags...)
		led.mu.Lock()
		checkWrites(t, db, led.acked, led.attempts, led.ops)
		led.mu.Unlock()
		if t.Failed() {
			return
		}
	}

	// The restarted server serves what was acknowledged before the kills.
	api := loginTechnician(t, p)
	for id := range led.acked["asset"] {
		var asset map[string]any
		getJSON(t, p.baseURL+"/api/v1/assets/"+id, api.cookie, &asset)
		break
	}
	p.stop(t)
}

// crashLoad runs the writers against p until the ledger counts killAt
// acknowledged writes, then kills p with SIGKILL while they still write.
func crashLoad(t *testing.T, p *parcProcess, led *ledger, killAt int64) {
	t.Helper()
	load := startWriteLoad(t, p, led)
	load.waitForAcks(t, killAt)

	load.killed.Store(true)
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatalf("kill parc: %v", err)
	}
	if _, ok := p.waitExit(10 * time.Second); !ok {
		t.Fatal("parc still running 10s after SIGKILL")
	}
	for _, err := range load.stopAndWait() {
		t.Errorf("writer failed before the kill: %v", err)
	}
}

// checkWrites checks the records of a crash load in db: every write of
// acked is there, every record the load wrote (acknowledged or not) has
// its audit entry and its sync change, and no record appears that the
// load did not send (attempts). ops are the acknowledged sync ops.
func checkWrites(t *testing.T, db *sql.DB, acked, attempts map[string]map[string]bool, ops map[string]bool) {
	t.Helper()
	kinds := []struct{ kind, query string }{
		{"asset", "SELECT id FROM assets WHERE serial LIKE '" + crashSerialPrefix + "%'"},
		{"room", "SELECT id FROM rooms WHERE name LIKE '" + crashRoomPrefix + "%'"},
		{"work_order", "SELECT id FROM work_orders WHERE notes LIKE '" + crashNotesPrefix + "%'"},
	}
	for _, k := range kinds {
		stored := idSet(t, db, k.query)
		audited := idSet(t, db, "SELECT entity_id FROM audit_entries WHERE entity = '"+k.kind+"'")
		changed := idSet(t, db, "SELECT entity_id FROM sync_changes WHERE entity = '"+k.kind+"'")
		for id := range acked[k.kind] {
			if !stored[id] {
				t.Errorf("%s %s acknowledged with 2xx is missing after the restart", k.kind, id)
			}
		}
		for id := range stored {
			if !attempts[k.kind][id] {
				t.Errorf("%s %s is stored, but the load never sent it", k.kind, id)
			}
			if !audited[id] {
				t.Errorf("%s %s is stored without its audit entry", k.kind, id)
			}
			if !changed[id] {
				t.Errorf("%s %s is stored without its sync change", k.kind, id)
			}
		}
		t.Logf("%s: %d acknowledged, %d stored, %d sent", k.kind, len(acked[k.kind]), len(stored), len(attempts[k.kind]))
	}

	recorded := idSet(t, db, "SELECT id FROM sync_ops WHERE status = 'applied'")
	for id := range ops {
		if !recorded[id] {
			t.Errorf("sync op %s acknowledged as applied has no record, so a replay would apply it again", id)
		}
	}
}

// idSet returns the ids that query selects, in lower case.
func idSet(t *testing.T, db *sql.DB, query string) map[string]bool {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	set := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		set[strings.ToLower(id)] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return set
}
