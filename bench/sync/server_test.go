package syncbench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
	"parc/server/demo"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/web"
)

// benchServer is Parc on a loopback port with the demo data, and a
// session of the demo technician.
type benchServer struct {
	store  *store.Store
	base   string
	client *http.Client
	cookie string
	csrf   string
	// places are the active rooms of the demo fleet with their sites,
	// where new assets go.
	places []place
	// communes maps each demo site to its commune.
	communes map[uuid.UUID]uuid.UUID
	// queries counts the statements sent through store.DB, the pool that
	// pushes write through.
	queries *queryCounter
}

// queryCounter is a bun query hook that counts statements.
type queryCounter struct {
	n atomic.Int64
}

func (c *queryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (c *queryCounter) AfterQuery(context.Context, *bun.QueryEvent) {
	c.n.Add(1)
}

type place struct {
	siteID, roomID uuid.UUID
}

// startServer opens a fresh database of the dialect, loads the demo data
// and serves Parc on 127.0.0.1 until the benchmark ends.
func startServer(b testing.TB, dialect store.Dialect) *benchServer {
	b.Helper()
	ctx := context.Background()
	s := storetest.Open(b, dialect)
	if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
		b.Fatalf("load the demo data: %v", err)
	}
	app, err := web.New(ctx, web.Config{Store: s, Log: storetest.Logger(), TagPrefix: "BE"})
	if err != nil {
		b.Fatalf("web.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatalf("listen on 127.0.0.1: %v", err)
	}
	go app.Listener(ln)
	b.Cleanup(func() { app.ShutdownWithTimeout(5 * time.Second) })

	srv := &benchServer{store: s, base: "http://" + ln.Addr().String(), client: &http.Client{Timeout: time.Minute}, queries: &queryCounter{}}
	s.DB.AddQueryHook(srv.queries)
	srv.logIn(b)
	srv.readPlaces(b)
	return srv
}

func (srv *benchServer) logIn(b testing.TB) {
	b.Helper()
	body := `{"email":"technicien@demo.invalid","password":"parc-demo"}`
	res, err := srv.client.Post(srv.base+"/api/v1/session", "application/json", strings.NewReader(body))
	if err != nil {
		b.Fatalf("log in: %v", err)
	}
	defer res.Body.Close()
	var info struct {
		CSRFToken string `json:"csrf_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&info); err != nil || res.StatusCode != http.StatusOK {
		b.Fatalf("log in: status %d, decode: %v", res.StatusCode, err)
	}
	for _, c := range res.Cookies() {
		if c.Name == "parc_session" {
			srv.cookie = c.Name + "=" + c.Value
		}
	}
	if srv.cookie == "" {
		b.Fatal("log in: no session cookie")
	}
	srv.csrf = info.CSRFToken
}

func (srv *benchServer) readPlaces(b testing.TB) {
	b.Helper()
	var rooms []assets.Room
	err := srv.store.Reader.NewSelect().Model(&rooms).Where("archived_at IS NULL").OrderExpr("id").Scan(context.Background())
	if err != nil || len(rooms) == 0 {
		b.Fatalf("select the demo rooms: %d rooms, %v", len(rooms), err)
	}
	for _, r := range rooms {
		srv.places = append(srv.places, place{siteID: r.SiteID, roomID: r.ID})
	}

	var sites []assets.Site
	if err := srv.store.Reader.NewSelect().Model(&sites).Scan(context.Background()); err != nil {
		b.Fatalf("select the demo sites: %v", err)
	}
	srv.communes = make(map[uuid.UUID]uuid.UUID, len(sites))
	for _, s := range sites {
		srv.communes[s.ID] = s.CommuneID
	}
}

// communeOf returns the commune of a demo site.
func (srv *benchServer) communeOf(site uuid.UUID) uuid.UUID {
	return srv.communes[site]
}

// newAssets returns n new assets spread over the demo rooms, as a device
// would create them: new UUIDv7 ids, version 1.
func (srv *benchServer) newAssets(n int, label string) []assets.Asset {
	now := time.Now().UTC().Truncate(time.Microsecond)
	rows := make([]assets.Asset, n)
	for i := range rows {
		p := srv.places[i%len(srv.places)]
		room := p.roomID
		rows[i] = assets.Asset{
			ID: uuid.Must(uuid.NewV7()), Kind: assets.KindPC, Brand: "Lenovo", Model: "ThinkCentre M75q Gen 5",
			Serial: fmt.Sprintf("%s%06d", label, i), OS: "Windows 11", OSVersion: "24H2", Status: assets.StatusInService,
			SiteID: p.siteID, RoomID: &room, CreatedAt: now, UpdatedAt: now, Version: 1,
		}
	}
	return rows
}

// pushBody returns the body of a push that creates the assets.
func pushBody(b testing.TB, rows []assets.Asset) []byte {
	b.Helper()
	ops := make([]map[string]any, len(rows))
	for i, a := range rows {
		ops[i] = map[string]any{
			"id": uuid.Must(uuid.NewV7()).String(), "entity": "asset", "entity_id": a.ID.String(), "action": "upsert",
			"fields": map[string]any{
				"site_id": a.SiteID, "room_id": a.RoomID, "kind": a.Kind, "brand": a.Brand, "model": a.Model,
				"serial": a.Serial, "os": a.OS, "os_version": a.OSVersion, "status": a.Status,
			},
		}
	}
	body, err := json.Marshal(map[string]any{"client_id": "bench-" + uuid.NewString(), "ops": ops})
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// push sends a push body and fails the benchmark unless every operation
// is applied.
func (srv *benchServer) push(b testing.TB, body []byte) {
	req, err := http.NewRequest(http.MethodPost, srv.base+"/api/v1/sync/push", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", srv.cookie)
	req.Header.Set("X-CSRF-Token", srv.csrf)
	res, err := srv.client.Do(req)
	if err != nil {
		b.Fatalf("push: %v", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		b.Fatalf("push: status %d, read: %v: %.500s", res.StatusCode, err, raw)
	}
	var answer struct {
		Results []struct {
			Status string `json:"status"`
		} `json:"results"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil {
		b.Fatalf("decode the push response: %v", err)
	}
	for i, r := range answer.Results {
		if r.Status != "applied" {
			b.Fatalf("push: op %d answered %s: %.500s", i, r.Status, raw)
		}
	}
}

// get reads path with the session and returns the body as sent, without
// asking for compression.
func (srv *benchServer) get(b testing.TB, path string) []byte {
	req, err := http.NewRequest(http.MethodGet, srv.base+path, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Cookie", srv.cookie)
	req.Header.Set("Accept-Encoding", "identity")
	res, err := srv.client.Do(req)
	if err != nil {
		b.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: status %d, read: %v: %.500s", path, res.StatusCode, err, raw)
	}
	return raw
}

// dialects runs fn as one sub-benchmark per database engine. The
// PostgreSQL one is skipped when PARC_TEST_DATABASE_URL is unset.
func dialects(b *testing.B, fn func(b *testing.B, dialect store.Dialect)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) { fn(b, d) })
	}
}
