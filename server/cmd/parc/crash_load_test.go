package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
)

// Shape of the write load of the crash test: crashClients technicians
// write in turn an asset, a pushed room and a work order, each client at
// most crashMaxWrites times per round.
const (
	crashClients   = 4
	crashMaxWrites = 400
)

// Names that mark the records the crash test writes, so that its checks
// find them among the demo data.
const (
	crashSerialPrefix = "CRASH-"
	crashRoomPrefix   = "Salle crash "
	crashNotesPrefix  = "crash "
)

// ledger records every write the crash test sent and every write whose
// 2xx response arrived, by kind (asset, room, work_order) and id.
type ledger struct {
	mu       sync.Mutex
	attempts map[string]map[string]bool
	acked    map[string]map[string]bool
	// ops are the ids of acknowledged sync operations.
	ops   map[string]bool
	count atomic.Int64
}

func newLedger() *ledger {
	l := &ledger{attempts: map[string]map[string]bool{}, acked: map[string]map[string]bool{}, ops: map[string]bool{}}
	for _, kind := range []string{"asset", "room", "work_order"} {
		l.attempts[kind], l.acked[kind] = map[string]bool{}, map[string]bool{}
	}
	return l
}

func (l *ledger) attempt(kind, id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.attempts[kind][id] = true
}

func (l *ledger) ack(kind, id, opID string) {
	l.mu.Lock()
	l.acked[kind][id] = true
	if opID != "" {
		l.ops[opID] = true
	}
	l.mu.Unlock()
	l.count.Add(1)
}

// snapshot returns a copy of the acknowledged writes and ops.
func (l *ledger) snapshot() (acked map[string]map[string]bool, ops map[string]bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	acked = map[string]map[string]bool{}
	for kind, ids := range l.acked {
		acked[kind] = maps.Clone(ids)
	}
	return acked, maps.Clone(l.ops)
}

// crashWriter is one technician of the load.
type crashWriter struct {
	api    apiClient
	siteID string
	ledger *ledger
	// killed is set just before the server is killed: after it, a failed
	// request is expected and ends the writer.
	killed *atomic.Bool
}

// run writes until crashMaxWrites, stop, or the first failure. It
// returns the failure unless it came after the kill.
func (w crashWriter) run(n int, stop <-chan struct{}) error {
	writes := []func(string) error{w.createAsset, w.pushRoom, w.createWorkOrder}
	for i := range crashMaxWrites {
		select {
		case <-stop:
			return nil
		default:
		}
		label := fmt.Sprintf("%d-%d-%s", n, i, uuid.NewString()[:8])
		if err := writes[i%len(writes)](label); err != nil {
			if w.killed.Load() {
				return nil
			}
			return err
		}
	}
	return nil
}

func (w crashWriter) createAsset(label string) error {
	id := uuid.Must(uuid.NewV7()).String()
	body := map[string]any{"id": id, "site_id": w.siteID, "kind": "pc", "brand": "Dell", "model": "OptiPlex 3000", "serial": crashSerialPrefix + label}
	w.ledger.attempt("asset", id)
	if _, err := w.send(http.MethodPost, "/api/v1/assets", body, http.StatusCreated); err != nil {
		return err
	}
	w.ledger.ack("asset", id, "")
	return nil
}

func (w crashWriter) pushRoom(label string) error {
	id, opID := uuid.Must(uuid.NewV7()).String(), uuid.Must(uuid.NewV7()).String()
	op := map[string]any{"id": opID, "entity": "room", "entity_id": id, "action": "upsert",
		"fields": map[string]any{"site_id": w.siteID, "name": crashRoomPrefix + label}}
	w.ledger.attempt("room", id)
	data, err := w.send(http.MethodPost, "/api/v1/sync/push", map[string]any{"client_id": "crash-" + label, "ops": []any{op}}, http.StatusOK)
	if err != nil {
		return err
	}
	var res struct {
		Results []struct{ Status string } `json:"results"`
	}
	if err := json.Unmarshal(data, &res); err != nil || len(res.Results) != 1 || res.Results[0].Status != "applied" {
		return fmt.Errorf("push room %s: %v, want one applied result: %.300s", id, err, data)
	}
	w.ledger.ack("room", id, opID)
	return nil
}

func (w crashWriter) createWorkOrder(label string) error {
	id := uuid.Must(uuid.NewV7()).String()
	body := map[string]any{"id": id, "site_id": w.siteID, "category": "os_repair", "notes": crashNotesPrefix + label}
	w.ledger.attempt("work_order", id)
	if _, err := w.send(http.MethodPost, "/api/v1/work-orders", body, http.StatusCreated); err != nil {
		return err
	}
	w.ledger.ack("work_order", id, "")
	return nil
}

// send sends a state-changing request with a JSON body and returns the
// response body, or an error unless the status is want.
func (w crashWriter) send(method, path string, body any, want int) ([]byte, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(method, w.api.baseURL+path, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Cookie", w.api.cookie)
	req.Header.Set("X-CSRF-Token", w.api.csrf)
	req.Header.Set("Content-Type", "application/json")
	resp, err := w.api.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != want {
		return nil, fmt.Errorf("%s %s: status %d, want %d (%v): %.300s", method, path, resp.StatusCode, want, err, data)
	}
	return data, nil
}

// writeLoad is crashClients writers running against one server.
type writeLoad struct {
	ledger *ledger
	// killed is set just before the server is killed on purpose.
	killed atomic.Bool
	stop   chan struct{}
	errs   chan error
	// done is closed once every writer has returned.
	done chan struct{}
}

// startWriteLoad logs crashClients technicians in to p and starts them
// writing at a school of the demo data, into led.
func startWriteLoad(t *testing.T, p *parcProcess, led *ledger) *writeLoad {
	t.Helper()
	site := schoolSite(t, p, loginCookie(t, p))
	l := &writeLoad{ledger: led, stop: make(chan struct{}), errs: make(chan error, crashClients), done: make(chan struct{})}
	var wg sync.WaitGroup
	for n := range crashClients {
		w := crashWriter{api: loginTechnician(t, p), siteID: site, ledger: led, killed: &l.killed}
		wg.Go(func() { l.errs <- w.run(n, l.stop) })
	}
	go func() { wg.Wait(); close(l.done) }()
	return l
}

// waitForAcks returns once the ledger counts n acknowledged writes. It
// fails the test if every writer returned before that.
func (l *writeLoad) waitForAcks(t *testing.T, n int64) {
	t.Helper()
	for l.ledger.count.Load() < n {
		select {
		case <-l.done:
			for _, err := range l.wait() {
				t.Fatalf("writer failed after %d acknowledged writes: %v", l.ledger.count.Load(), err)
			}
			t.Fatalf("writers stopped after %d acknowledged writes, before %d", l.ledger.count.Load(), n)
		case <-time.After(time.Millisecond):
		}
	}
}

// stopAndWait signals the writers to stop and returns their errors once
// they all have returned.
func (l *writeLoad) stopAndWait() []error {
	close(l.stop)
	return l.wait()
}

// wait returns the writers' errors once they all have returned. It may
// run only once per load.
func (l *writeLoad) wait() []error {
	<-l.done
	close(l.errs)
	var failures []error
	for err := range l.errs {
		if err != nil {
			failures = append(failures, err)
		}
	}
	return failures
}

// checkSQLiteIntegrity fails the test unless PRAGMA integrity_check
// passes on db.
func checkSQLiteIntegrity(t *testing.T, db *sql.DB) {
	t.Helper()
	var result string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil || result != "ok" {
		t.Errorf("PRAGMA integrity_check = %q, %v; want ok", result, err)
	}
}

// schoolSite returns the id of a school of the demo data, where work
// orders of every level-1 category are in scope.
func schoolSite(t *testing.T, p *parcProcess, cookie string) string {
	t.Helper()
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	getJSON(t, p.baseURL+"/api/v1/sites?kind=school&limit=1", cookie, &page)
	if len(page.Items) == 0 {
		t.Fatal("no school in the demo data")
	}
	return page.Items[0].ID
}
