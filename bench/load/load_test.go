package main

import (
	"context"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"parc/server/demo"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/web"
)

// TestLoadSmoke runs a short load against an in-process server on the
// demo data and fails on any failed request or on an endpoint of the mix
// that got no request. PARC_LOAD_SECONDS sets its length (default 3).
func TestLoadSmoke(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	if _, err := demo.Load(ctx, st, "BE", storetest.Logger()); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	app, err := web.New(ctx, web.Config{Store: st, Log: storetest.Logger(), TagPrefix: "BE"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })

	seconds := 3
	if s := os.Getenv("PARC_LOAD_SECONDS"); s != "" {
		if seconds, err = strconv.Atoi(s); err != nil {
			t.Fatalf("PARC_LOAD_SECONDS %q: %v", s, err)
		}
	}
	opts := options{users: 8, technicians: 3, duration: time.Duration(seconds) * time.Second, think: 20 * time.Millisecond, seed: 1, year: time.Now().Year()}
	rec, elapsed, facts, err := load(opts, []string{"http://" + ln.Addr().String()}, nil, io.Discard)
	if err != nil {
		t.Fatalf("set up the users: %v", err)
	}

	rows, requests, errors := rec.report()
	t.Logf("%d requests in %s, %s", requests, elapsed.Round(time.Millisecond), facts.cpu)
	if errors > 0 {
		var report strings.Builder
		rec.writeReport(&report, elapsed)
		t.Errorf("%d of %d requests failed:\n%s", errors, requests, report.String())
	}
	seen := map[string]bool{}
	for _, row := range rows {
		seen[row.Endpoint] = true
	}
	for _, want := range []string{
		"GET /api/v1/assets/by-tag/:tag", "GET /api/v1/sync/pull", "POST /api/v1/sync/push", "POST /api/v1/work-orders",
		"POST /api/v1/requests", "GET /api/v1/requests", "GET /api/v1/reports/communes",
	} {
		if !seen[want] {
			t.Errorf("no request to %s in %d requests", want, requests)
		}
	}
}
