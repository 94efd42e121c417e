package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/store"
	"parc/server/store/storetest"
)

// The sync fault test sends 10,000 random operations from several
// simulated devices through a proxy that breaks about a fifth of the
// connections, then checks that the server holds exactly what the
// acknowledged operations wrote. These variables change its defaults.
const (
	envFaultSeed    = "PARC_SYNC_FAULT_SEED"    // seed of the proxy and the clients; random when unset
	envFaultRate    = "PARC_SYNC_FAULT_RATE"    // share of connections with a fault, default 0.2
	envFaultOps     = "PARC_SYNC_FAULT_OPS"     // operations in all, default 10000
	envFaultClients = "PARC_SYNC_FAULT_CLIENTS" // simulated devices, default 6
)

// faultTestConfig holds the settings of one run of the fault test.
type faultTestConfig struct {
	seed    uint64
	rate    float64
	ops     int
	clients int
}

func readFaultTestConfig(t *testing.T) faultTestConfig {
	t.Helper()
	cfg := faultTestConfig{seed: uint64(time.Now().UnixNano()), rate: 0.2, ops: 10000, clients: 6}
	parse := func(name string, set func(string) error) {
		if v := os.Getenv(name); v != "" {
			if err := set(v); err != nil {
				t.Fatalf("invalid %s=%q: %v", name, v, err)
			}
		}
	}
	parse(envFaultSeed, func(v string) (err error) { cfg.seed, err = strconv.ParseUint(v, 10, 64); return err })
	parse(envFaultRate, func(v string) (err error) { cfg.rate, err = strconv.ParseFloat(v, 64); return err })
	parse(envFaultOps, func(v string) (err error) { cfg.ops, err = strconv.Atoi(v); return err })
	parse(envFaultClients, func(v string) (err error) { cfg.clients, err = strconv.Atoi(v); return err })
	if cfg.clients < 1 || cfg.ops < cfg.clients {
		t.Fatalf("invalid %s=%d or %s=%d: want at least one client and one op per client", envFaultClients, cfg.clients, envFaultOps, cfg.ops)
	}
	t.Logf("sync fault test: seed %d, fault rate %.2f, %d ops from %d clients; replay with %s=%d",
		cfg.seed, cfg.rate, cfg.ops, cfg.clients, envFaultSeed, cfg.seed)
	return cfg
}

func TestSyncUnderFaults(t *testing.T) {
	cfg := readFaultTestConfig(t)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		runSyncFaults(t, s, cfg)
	})
}

func runSyncFaults(t *testing.T, s *store.Store, cfg faultTestConfig) {
	f := newFixture(t, s, true)
	srv := serve(t, f.app, "127.0.0.1:0")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	admin, err := logIn(ctx, srv.url(""))
	if err != nil {
		t.Fatal(err)
	}
	fleet := readFaultFleet(t, ctx, srv.url(""), admin)
	proxy := newFaultProxy(t, faultProxyConfig{target: srv.addr, rate: cfg.rate, seed: cfg.seed, maxDelay: 100 * time.Millisecond})

	model := newSyncModel()
	clients := make([]*simClient, cfg.clients)
	for i := range clients {
		quota := cfg.ops / cfg.clients
		if i == 0 {
			quota += cfg.ops % cfg.clients
		}
		gen := newOpGenerator(fleet, i, cfg.seed)
		if clients[i], err = newSimClient(ctx, i, srv.url(""), "http://"+proxy.addr(), gen, model, quota); err != nil {
			t.Fatal(err)
		}
	}

	puller := &faultPuller{http: faultHTTPClient(), base: "http://" + proxy.addr(), session: admin}
	stop := make(chan struct{})
	pulled := make(chan error, 1)
	go func() { pulled <- puller.run(ctx, stop) }()

	start := time.Now()
	runClients(t, ctx, clients)
	close(stop)
	if err := <-pulled; err != nil {
		t.Error(err)
	}
	pushes, failures := 0, 0
	for _, c := range clients {
		pushes += c.pushes
		failures += c.failures
	}
	t.Logf("%d clients sent %d ops in %s: %s. %d pushes, %d of them failed and were sent again; %d connections met a fault",
		len(clients), cfg.ops, time.Since(start).Round(time.Millisecond), model.summary(), pushes, failures, proxy.faulty())
	if t.Failed() {
		return
	}

	checkRejections(t, model)
	checkFleet(t, ctx, srv.url(""), admin, fleet, model)
	checkScans(t, ctx, s, model)
	checkReplica(t, puller, readList(t, ctx, srv.url(""), "/api/v1/assets", admin))
}

// runClients runs every client at once and fails the test with the error
// of each client that stopped on one.
func runClients(t *testing.T, ctx context.Context, clients []*simClient) {
	t.Helper()
	errs := make([]error, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() { errs[i] = c.run(ctx) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// maxRejections is the number of rejected operations the test accepts.
// Every operation the clients make is valid by the rules of the fleet
// writes, so a rejection means a bug, and the test lists each one.
const maxRejections = 0

func checkRejections(t *testing.T, m *syncModel) {
	t.Helper()
	t.Logf("%d ops rejected", len(m.rejections))
	if len(m.rejections) <= maxRejections {
		return
	}
	for _, r := range m.rejections {
		t.Errorf("rejected: %s", r)
	}
}

// checkFleet compares every asset the server holds, archived ones
// included, with the model. The sets of assets must match, and each field
// must be as the last applied write left it, with one version per applied
// write. A scanned asset must carry the last inventory of its scans.
func checkFleet(t *testing.T, ctx context.Context, base string, session apiSession, fleet *faultFleet, m *syncModel) {
	t.Helper()
	want, errs := m.expectedAssets(fleet)
	for _, err := range errs {
		t.Error(err)
	}
	got := map[string]map[string]any{}
	for _, a := range readAssets(t, ctx, base, session) {
		got[a["id"].(string)] = a
	}

	scanned := map[string]faultAsset{}
	for _, a := range fleet.scanned {
		scanned[a.ID] = a
	}
	scanTimes := m.scanTimes()

	var diffs []string
	for id, e := range want {
		a, ok := got[id]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("asset %s is missing (%d applied writes)", id, e.writes))
			continue
		}
		diffs = append(diffs, compareAsset(id, a, e)...)
		if start, ok := scanned[id]; ok {
			diffs = append(diffs, compareScannedAsset(a, start, scanTimes[id])...)
		} else if v := int(a["version"].(float64)); v != e.startVersion+e.writes {
			diffs = append(diffs, fmt.Sprintf("asset %s is at version %d, want %d: %d at start and %d applied writes", id, v, e.startVersion+e.writes, e.startVersion, e.writes))
		}
	}
	for id := range got {
		if want[id] == nil {
			diffs = append(diffs, fmt.Sprintf("asset %s exists, but no applied op created it", id))
		}
	}
	slices.Sort(diffs)
	for _, d := range diffs {
		t.Error(d)
	}
	t.Logf("compared %d assets with the model: %d differences", len(want), len(diffs))
}

// checkScans compares the inventory scans in the database with the
// applied scan operations: each once, none more.
func checkScans(t *testing.T, ctx context.Context, s *store.Store, m *syncModel) {
	t.Helper()
	want := m.scans()
	var ids []uuid.UUID
	if err := s.Reader.NewSelect().Table("inventory_scans").Column("id").Scan(ctx, &ids); err != nil {
		t.Fatalf("select inventory scans: %v", err)
	}
	seen := map[string]int{}
	for _, id := range ids {
		seen[id.String()]++
	}
	for id, n := range seen {
		if !want[id] || n != 1 {
			t.Errorf("inventory scan %s is stored %d times, want %d", id, n, map[bool]int{true: 1}[want[id]])
		}
	}
	for id := range want {
		if seen[id] == 0 {
			t.Errorf("applied inventory scan %s is missing", id)
		}
	}
	t.Logf("compared %d stored inventory scans with %d applied scan ops", len(ids), len(want))
}

// getJSON reads path from the server at base, with the session, into v.
func getJSON(ctx context.Context, base, path string, session apiSession, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Cookie", session.cookie)
	res, err := faultHTTPClient().Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d, read: %v: %s", path, res.StatusCode, err, raw)
	}
	return json.Unmarshal(raw, v)
}

// readList reads every page of a list of the REST API.
func readList(t *testing.T, ctx context.Context, base, path string, session apiSession) []map[string]any {
	t.Helper()
	var items []map[string]any
	cursor := ""
	for {
		var page struct {
			Items []map[string]any `json:"items"`
			Next  string           `json:"next"`
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		if err := getJSON(ctx, base, path+sep+"limit=500&cursor="+url.QueryEscape(cursor), session, &page); err != nil {
			t.Fatal(err)
		}
		items = append(items, page.Items...)
		if page.Next == "" {
			return items
		}
		cursor = page.Next
	}
}

// readAssets reads every asset, active and archived.
func readAssets(t *testing.T, ctx context.Context, base string, session apiSession) []map[string]any {
	t.Helper()
	return append(readList(t, ctx, base, "/api/v1/assets", session), readList(t, ctx, base, "/api/v1/assets?archived=true", session)...)
}

// readFaultFleet reads the demo fleet: its assets, sites and active rooms.
func readFaultFleet(t *testing.T, ctx context.Context, base string, session apiSession) *faultFleet {
	t.Helper()
	fleet := &faultFleet{rooms: map[string][]string{}}
	for _, site := range readList(t, ctx, base, "/api/v1/sites", session) {
		fleet.sites = append(fleet.sites, site["id"].(string))
	}
	for _, room := range readList(t, ctx, base, "/api/v1/rooms", session) {
		site := room["site_id"].(string)
		fleet.rooms[site] = append(fleet.rooms[site], room["id"].(string))
	}
	for _, a := range readAssets(t, ctx, base, session) {
		fa := faultAsset{ID: a["id"].(string), SiteID: a["site_id"].(string), RoomID: a["room_id"], Version: int(a["version"].(float64)), Record: a}
		if tag, ok := a["tag"].(string); ok {
			fa.Tag = tag
		}
		fleet.assets = append(fleet.assets, fa)
	}
	slices.SortFunc(fleet.assets, func(a, b faultAsset) int { return strings.Compare(a.ID, b.ID) })
	slices.Sort(fleet.sites)
	for _, a := range fleet.assets {
		if a.Tag != "" && a.Record["archived_at"] == nil && len(fleet.scanned) < scannedAssets {
			fleet.scanned = append(fleet.scanned, a)
		} else {
			fleet.edited = append(fleet.edited, a)
		}
	}
	if len(fleet.edited) < hotAssets || len(fleet.scanned) < scannedAssets || len(fleet.sites) == 0 {
		t.Fatalf("the demo fleet has %d assets to edit, %d to scan and %d sites, want at least %d, %d and 1",
			len(fleet.edited), len(fleet.scanned), len(fleet.sites), hotAssets, scannedAssets)
	}
	return fleet
}
