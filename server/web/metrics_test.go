package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"parc/server/backup"
	"parc/server/demo"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/web"
)

// scrape reads /metrics as the fixture's user and parses the text format,
// failing the test unless the status is 200.
func scrape(t *testing.T, f fixture) map[string]*dto.MetricFamily {
	t.Helper()
	r := f.get(t, "/metrics")
	if r.status != http.StatusOK {
		t.Fatalf("GET /metrics: status %d, want 200: %.300s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("GET /metrics: Content-Type %q, want the Prometheus text format", ct)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("parse /metrics: %v\n%.500s", err, r.body)
	}
	return families
}

// sample returns the value of the counter, gauge or histogram count of
// family name whose labels include want, and whether one exists.
func sample(families map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	fam, ok := families[name]
	if !ok {
		return 0, false
	}
	for _, m := range fam.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		match := true
		for k, v := range want {
			match = match && labels[k] == v
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

func TestMetricsCountRequestsAndSync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		before := scrape(t, f)

		for range 3 {
			if r := f.get(t, "/api/v1/assets/"+f.assetID.String()); r.status != 200 {
				t.Fatalf("GET asset: %d %s", r.status, r.body)
			}
		}
		if r := f.get(t, "/api/v1/assets/by-tag/BE000000X"); r.status < 400 {
			t.Fatalf("GET unknown tag: %d, want an error", r.status)
		}
		room := newOp("room", uuid.Must(uuid.NewV7()), map[string]any{"site_id": f.siteID.String(), "name": "Salle métriques"})
		unnamed := newOp("room", uuid.Must(uuid.NewV7()), map[string]any{"site_id": f.siteID.String(), "name": ""})
		results := f.push(t, "metrics-test", room, unnamed)
		if results[0].Status != "applied" || results[1].Status != "rejected" {
			t.Fatalf("push statuses %q and %q, want applied and rejected", results[0].Status, results[1].Status)
		}
		if r := f.get(t, "/api/v1/sync/pull"); r.status != 200 {
			t.Fatalf("sync pull: %d %s", r.status, r.body)
		}
		after := scrape(t, f)

		checks := []struct {
			name   string
			labels map[string]string
			want   float64
		}{
			{"parc_http_requests_total", map[string]string{"method": "GET", "route": "/api/v1/assets/:id", "status": "200"}, 3},
			{"parc_http_request_duration_seconds", map[string]string{"method": "GET", "route": "/api/v1/assets/:id"}, 3},
			{"parc_http_requests_total", map[string]string{"method": "POST", "route": "/api/v1/sync/push", "status": "200"}, 1},
			{"parc_sync_ops_pushed_total", map[string]string{"status": "applied"}, 1},
			{"parc_sync_ops_pushed_total", map[string]string{"status": "rejected"}, 1},
			{"parc_sync_pulls_total", nil, 1},
		}
		for _, c := range checks {
			was, _ := sample(before, c.name, c.labels)
			now, ok := sample(after, c.name, c.labels)
			if !ok || now-was != c.want {
				t.Errorf("%s%v rose by %v (present %v), want %v", c.name, c.labels, now-was, ok, c.want)
			}
		}
		if _, ok := sample(after, "parc_http_requests_total", map[string]string{"route": "/api/v1/assets/" + f.assetID.String()}); ok {
			t.Error("parc_http_requests_total has a series for a path with an id; want the route pattern only")
		}
		for _, name := range []string{"go_sql_open_connections", "process_resident_memory_bytes", "go_goroutines"} {
			if _, ok := after[name]; !ok {
				t.Errorf("metric %s missing", name)
			}
		}
		if _, ok := sample(after, "go_sql_max_open_connections", map[string]string{"db_name": "writer"}); !ok {
			t.Error("go_sql_max_open_connections{db_name=writer} missing")
		}
	})
}

func TestMetricsQueueDepthAndBackupAge(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	f := newFixture(t, s, true)
	families := scrape(t, f)
	var pending int64
	if err := s.Reader.QueryRow("SELECT count(*) FROM notification_deliveries WHERE status = 'pending'").Scan(&pending); err != nil {
		t.Fatalf("count pending deliveries: %v", err)
	}
	if got, ok := sample(families, "parc_push_queue_depth", nil); !ok || got != float64(pending) {
		t.Errorf("parc_push_queue_depth = %v (present %v), want %d pending deliveries", got, ok, pending)
	}
	if _, ok := families["parc_backup_age_seconds"]; ok {
		t.Error("parc_backup_age_seconds present without any backup")
	}

	f.app.Metrics.SetQueueDepth(func(context.Context) (int64, error) { return 7, nil })
	backups := filepath.Join(s.DataDir, backup.Folder)
	if err := os.MkdirAll(backups, 0o750); err != nil {
		t.Fatal(err)
	}
	name := "parc-" + time.Now().UTC().Add(-2*time.Hour).Format("20060102-150405") + backup.Suffix
	if err := os.WriteFile(filepath.Join(backups, name), nil, 0o640); err != nil {
		t.Fatal(err)
	}

	families = scrape(t, f)
	if got, ok := sample(families, "parc_push_queue_depth", nil); !ok || got != 7 {
		t.Errorf("parc_push_queue_depth = %v (present %v), want 7", got, ok)
	}
	age, ok := sample(families, "parc_backup_age_seconds", nil)
	if !ok || age < 2*3600 || age > 3*3600 {
		t.Errorf("parc_backup_age_seconds = %v (present %v) with a backup named %s, want about 7200", age, ok, name)
	}
}

func TestMetricsAccess(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	if _, err := demo.Load(context.Background(), s, "BE", storetest.Logger()); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	f := newFixture(t, s, false)

	if r := f.as(t, "technicien@demo.invalid").get(t, "/metrics"); r.status != http.StatusOK {
		t.Errorf("technician: status %d, want 200", r.status)
	}
	for _, email := range []string{"comite@demo.invalid", "correspondant-apprieu@demo.invalid"} {
		if r := f.as(t, email).get(t, "/metrics"); r.status != http.StatusNotFound || strings.Contains(r.body, "go_goroutines") {
			t.Errorf("%s: status %d, want 404 without metrics", email, r.status)
		}
	}

	cases := []struct {
		name  string
		allow []string
		xff   string
		want  int
	}{
		{"loopback allowed", []string{"127.0.0.0/8", "::1/128"}, "", http.StatusOK},
		{"single address allowed", []string{"127.0.0.1"}, "", http.StatusOK},
		{"other network only", []string{"10.0.0.0/8"}, "", http.StatusNotFound},
		{"forwarded address ignored without trusted proxy", []string{"10.0.0.0/8"}, "10.1.2.3", http.StatusNotFound},
		{"nothing allowed", nil, "", http.StatusNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := listen(t, s, c.allow)
			req, err := http.NewRequest(http.MethodGet, base+"/metrics", nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.xff != "" {
				req.Header.Set("X-Forwarded-For", c.xff)
			}
			res, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
			if err != nil {
				t.Fatalf("GET /metrics: %v", err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.want {
				t.Fatalf("allow %v, X-Forwarded-For %q: status %d, want %d: %.200s", c.allow, c.xff, res.StatusCode, c.want, body)
			}
			if got := strings.Contains(string(body), "go_goroutines"); got != (c.want == http.StatusOK) {
				t.Errorf("allow %v: body has metrics = %v, want %v", c.allow, got, c.want == http.StatusOK)
			}
		})
	}
}

// listen serves a new app on s from a loopback port, so that requests
// come from a real client address, and returns its base URL.
func listen(t *testing.T, s *store.Store, allow []string) string {
	t.Helper()
	app, err := web.New(context.Background(), web.Config{Store: s, Log: storetest.Logger(), TagPrefix: "BE", MetricsAllow: allow})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	return "http://" + ln.Addr().String()
}
