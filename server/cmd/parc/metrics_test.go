package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestMetricsAllowRejectsInvalidNetwork(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--metrics-allow", "127.0.0.0/8,10.0.0.0/33"},
		{"config", "--metrics-allow", "loopback"},
	} {
		got := runCLI(t, nil, args...)
		if got.code != 1 {
			t.Errorf("parc %q: exit status %d, want 1\nstderr: %s", args, got.code, got.stderr)
		}
		bad := args[2][strings.LastIndex(args[2], ",")+1:]
		for _, want := range []string{"--metrics-allow", "PARC_METRICS_ALLOW", `"` + bad + `"`} {
			if !strings.Contains(got.stderr, want) {
				t.Errorf("parc %q: stderr %q does not name %s", args, got.stderr, want)
			}
		}
	}
}

// TestMetricsOfRealServer scrapes the real binary: from loopback by
// default, and not at all with an empty --metrics-allow.
func TestMetricsOfRealServer(t *testing.T) {
	p := startParc(t, "--data", t.TempDir())
	status, body := scrapeMetrics(t, p)
	if status != http.StatusOK {
		t.Fatalf("GET /metrics from loopback by default: status %d, want 200: %.300s", status, body)
	}
	for _, want := range []string{`parc_http_requests_total{method="GET",route="/healthz",status="200"}`, "parc_push_queue_depth 0", "process_resident_memory_bytes"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /metrics: no %s in\n%.2000s", want, body)
		}
	}
	p.stop(t)

	closed := startParc(t, "--data", t.TempDir(), "--metrics-allow", "")
	if status, body := scrapeMetrics(t, closed); status != http.StatusNotFound {
		t.Errorf("GET /metrics with --metrics-allow '': status %d, want 404: %.300s", status, body)
	}
}

func scrapeMetrics(t *testing.T, p *parcProcess) (int, string) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(p.baseURL + "/metrics")
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read /metrics: %v", err)
	}
	return resp.StatusCode, string(body)
}
