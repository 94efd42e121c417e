package main

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/uptrace/bun/driver/sqliteshim"

	"parc/server/store"
	"parc/server/store/storetest"
)

// demoCommunes is the number of communes of the demo set: the 13 member
// communes of Bièvre Est and the CCBE itself.
const demoCommunes = 14

// signalNames names the signals the shutdown tests send.
var signalNames = map[syscall.Signal]string{syscall.SIGTERM: "SIGTERM", syscall.SIGINT: "SIGINT"}

func TestServeShutdownUnderLoad(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(signalNames[sig], func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			p := startParc(t, "--demo", "--data", dir)

			assets := shutdownUnderLoad(t, p, sig)

			checkSQLiteAfterShutdown(t, dir, assets)
		})
	}
}

func TestServeShutdownUnderLoadPostgres(t *testing.T) {
	t.Parallel()
	databaseURL := storetest.PostgresURL(t)
	// Registered after PostgresURL's cleanup, so the process is gone
	// before the schema is dropped.
	p := startParc(t, "--demo", "--data", t.TempDir(), "--database-url", databaseURL)

	assets := shutdownUnderLoad(t, p, syscall.SIGTERM)

	db, err := sql.Open("pgx", databaseURL)
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	defer db.Close()
	checkCounts(t, db, assets)
}

// shutdownUnderLoad sends sig to p while clients load it and a slow client
// is still sending its request. It checks that every response was whole,
// that the slow request got one, and that p exited with status 0 within 5
// seconds and logged its stop. It returns the number of assets that the API
// listed before the signal.
func shutdownUnderLoad(t *testing.T, p *parcProcess, sig syscall.Signal) (assets int) {
	t.Helper()
	name := signalNames[sig]
	var page struct {
		Items []struct {
			Tag *string `json:"tag"`
		} `json:"items"`
		Total int `json:"total"`
	}
	cookie := loginCookie(t, p)
	getJSON(t, p.baseURL+"/api/v1/assets?limit=100", cookie, &page)
	tag := ""
	for _, item := range page.Items {
		if item.Tag != nil {
			tag = *item.Tag
			break
		}
	}
	if tag == "" {
		t.Fatal("no tagged asset among the first 100 of the demo set")
	}

	// No endpoint of the server is slow, so the slow request comes from a
	// client that sends the request line before the signal and the end of
	// its headers after it.
	slow, err := net.DialTimeout("tcp", p.addr, 2*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", p.addr, err)
	}
	defer slow.Close()
	if _, err := fmt.Fprintf(slow, "GET /api/v1/communes HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n", p.addr, cookie); err != nil {
		t.Fatalf("send the start of the slow request: %v", err)
	}

	load := startLoad(p.baseURL, tag, cookie)
	defer load.finish()
	if err := load.waitResponses(loadBeforeSignal, 30*time.Second); err != nil {
		t.Fatal(err)
	}

	load.signalledAt.Store(time.Now().UnixNano())
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("send %s: %v", name, err)
	}
	signalled := time.Now()

	// Send the end of the slow request once the server is draining.
	if _, err := p.log.waitForRecord("server stopping", 5*time.Second, p.exited); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := io.WriteString(slow, "Accept: application/json\r\n\r\n"); err != nil {
		t.Fatalf("send the end of the slow request after %s: %v", name, err)
	}
	checkSlowResponse(t, slow)

	code, ok := p.waitExit(5*time.Second - time.Since(signalled))
	if !ok {
		t.Fatalf("parc still running 5s after %s", name)
	}
	if code != 0 {
		t.Errorf("exit status after %s = %d, want 0 (%v)", name, code, p.waitErr)
	}

	load.finish()
	for _, problem := range load.problems[:min(len(load.problems), 10)] {
		t.Error(problem)
	}
	if n := len(load.problems); n > 10 {
		t.Errorf("... and %d more request problems", n-10)
	}
	t.Logf("%d responses, %d of them after %s; shutdown took %v",
		load.responses.Load(), load.responsesAfterSignal.Load(), name, time.Since(signalled).Round(time.Millisecond))

	checkStopLog(t, p.log)
	after := &http.Client{Timeout: 2 * time.Second}
	if resp, err := after.Get(p.baseURL + "/healthz"); err == nil {
		resp.Body.Close()
		t.Errorf("GET /healthz after exit returned status %d, want a connection error", resp.StatusCode)
	}
	return page.Total
}

// checkSlowResponse reads the response to the slow request, which must be
// a whole 200 response listing the demo communes.
func checkSlowResponse(t *testing.T, conn net.Conn) {
	t.Helper()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read the response to the slow request: %v", err)
	}
	defer resp.Body.Close()
	var communes struct {
		Total int `json:"total"`
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("slow request status = %d, want 200", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&communes); err != nil {
		t.Fatalf("decode the slow request's body: %v", err)
	}
	if communes.Total != demoCommunes {
		t.Errorf("slow request total = %d, want %d", communes.Total, demoCommunes)
	}
}

// checkStopLog checks that the server logged its stop, and nothing at
// level ERROR or outside the JSON format, such as a race report.
func checkStopLog(t *testing.T, log *lockedBuffer) {
	t.Helper()
	for _, msg := range []string{"server stopping", "server stopped"} {
		if _, ok := log.findRecord(msg); !ok {
			t.Errorf("log has no %q record", msg)
		}
	}
	records, other := log.logRecords()
	for _, rec := range records {
		if rec["level"] == "ERROR" {
			t.Errorf("log has an ERROR record: %v", rec)
		}
	}
	for _, line := range other[:min(len(other), 10)] {
		t.Errorf("log has a line that is not JSON: %s", line)
	}
}

// checkSQLiteAfterShutdown checks the SQLite file left by a stopped server:
// the WAL checkpointed, the file intact, the demo set whole.
func checkSQLiteAfterShutdown(t *testing.T, dir string, assets int) {
	t.Helper()
	path := filepath.Join(dir, store.SQLiteFile)
	if info, err := os.Stat(path + "-wal"); err == nil && info.Size() > 0 {
		t.Errorf("%s-wal holds %d bytes after shutdown, want it checkpointed", path, info.Size())
	}

	db := openSQLite(t, path)
	defer db.Close()
	var result string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil {
		t.Fatalf("PRAGMA integrity_check: %v", err)
	}
	if result != "ok" {
		t.Errorf("PRAGMA integrity_check = %q, want ok", result)
	}
	checkCounts(t, db, assets)
}

func openSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open(sqliteshim.ShimName, "file:"+path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return db
}

func checkCounts(t *testing.T, db *sql.DB, assets int) {
	t.Helper()
	for _, c := range []struct {
		table string
		want  int
	}{{"communes", demoCommunes}, {"assets", assets}} {
		var got int
		if err := db.QueryRow("SELECT count(*) FROM " + c.table).Scan(&got); err != nil {
			t.Fatalf("count %s: %v", c.table, err)
		}
		if got != c.want {
			t.Errorf("%s rows = %d, want %d", c.table, got, c.want)
		}
	}
}

func TestServeDemoTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	first := startParc(t, "--demo", "--data", dir)
	first.stop(t)
	if _, ok := first.log.findRecord("demo data loaded"); !ok {
		t.Fatal(`first start did not log "demo data loaded"`)
	}
	before := snapshot(t, filepath.Join(dir, store.SQLiteFile))

	second := startParc(t, "--demo", "--data", dir)
	second.stop(t)
	if _, ok := second.log.findRecord("demo data not loaded"); !ok {
		t.Error(`second start did not log "demo data not loaded"`)
	}
	if _, ok := second.log.findRecord("demo data loaded"); ok {
		t.Error(`second start logged "demo data loaded"`)
	}

	after := snapshot(t, filepath.Join(dir, store.SQLiteFile))
	for _, table := range snapshotTables {
		if len(before[table]) != len(after[table]) {
			t.Errorf("%s rows after the second start = %d, want %d", table, len(after[table]), len(before[table]))
			continue
		}
		for i := range before[table] {
			if before[table][i] != after[table][i] {
				t.Errorf("%s row %d after the second start:\n got %s\nwant %s", table, i, after[table][i], before[table][i])
				break
			}
		}
	}
}

// snapshotTables are the tables the demo set fills.
var snapshotTables = []string{"communes", "sites", "rooms", "assets", "users", "user_communes", "settings"}

// snapshot returns every row of snapshotTables, each row formatted as
// text, in primary-key order.
func snapshot(t *testing.T, path string) map[string][]string {
	t.Helper()
	db := openSQLite(t, path)
	defer db.Close()
	rows := map[string][]string{}
	for _, table := range snapshotTables {
		r, err := db.Query("SELECT * FROM " + table + " ORDER BY 1, 2")
		if err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		cols, _ := r.Columns()
		values := make([]any, len(cols))
		pointers := make([]any, len(cols))
		for i := range values {
			pointers[i] = &values[i]
		}
		for r.Next() {
			if err := r.Scan(pointers...); err != nil {
				t.Fatalf("read %s: %v", table, err)
			}
			rows[table] = append(rows[table], fmt.Sprintf("%v", values))
		}
		if err := errors.Join(r.Err(), r.Close()); err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		if len(rows[table]) == 0 {
			t.Fatalf("%s is empty after loading the demo set", table)
		}
	}
	return rows
}
