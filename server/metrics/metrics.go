// Package metrics keeps the Prometheus metrics of one Parc server: HTTP
// requests and their latency by route pattern, sync operations, the
// database pools, the age of the newest backup and the depth of the push
// queue. It writes them in the Prometheus text format. Who may read them
// is decided by server/web, which serves GET /metrics.
package metrics

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"
)

// ContentType is the media type of the text format that Write produces.
var ContentType = string(expfmt.NewFormat(expfmt.TypeTextPlain))

// latencyBuckets are the upper bounds of the request latency histogram,
// in seconds: fine below 50 ms, the latency target of API requests.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Pool is a database connection pool and the name its metrics carry.
type Pool struct {
	Name string
	DB   *sql.DB
}

// Options holds what the collectors read at each scrape.
type Options struct {
	// Pools are the database connection pools with their names, such as
	// "writer" and "reader". A pool listed twice is counted once, under
	// the first of its names, so the series keep their labels from one
	// start to the next.
	Pools []Pool
	// DataDir is the data folder whose backups folder holds the periodic
	// backups; empty turns the backup age off.
	DataDir string
}

// Metrics holds the collectors of one server. Its methods are safe for
// concurrent use.
type Metrics struct {
	registry  *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	syncOps   *prometheus.CounterVec
	syncPulls prometheus.Counter
	queue     *queueCollector
}

// New returns the metrics of one server, registered in a registry of
// their own so that several servers of one process (in tests) do not
// share counters.
func New(opts Options) (*Metrics, error) {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "parc_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status code.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "parc_http_request_duration_seconds",
			Help:    "Time from the first middleware to the response being ready, by method and route pattern.",
			Buckets: latencyBuckets,
		}, []string{"method", "route"}),
		syncOps: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "parc_sync_ops_pushed_total",
			Help: "Operations pushed by devices to POST /api/v1/sync/push, by result status.",
		}, []string{"status"}),
		syncPulls: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "parc_sync_pulls_total",
			Help: "Pages of changes served by GET /api/v1/sync/pull.",
		}),
		queue: &queueCollector{desc: queueDepthDesc},
	}

	list := []prometheus.Collector{
		m.requests, m.latency, m.syncOps, m.syncPulls, m.queue,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
	if opts.DataDir != "" {
		list = append(list, &backupCollector{dataDir: opts.DataDir})
	}
	seen := map[*sql.DB]bool{}
	for _, pool := range opts.Pools {
		if pool.DB == nil || seen[pool.DB] {
			continue
		}
		seen[pool.DB] = true
		list = append(list, collectors.NewDBStatsCollector(pool.DB, pool.Name))
	}
	for _, c := range list {
		if err := m.registry.Register(c); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return m, nil
}

// Write gathers every metric and returns them in the Prometheus text
// format, whose media type is ContentType. When a collector fails, such
// as the push queue depth on a database error, the text contains the other
// metrics and gatherErr describes what failed.
func (m *Metrics) Write() (text []byte, gatherErr error, err error) {
	families, gatherErr := m.registry.Gather()
	var buf bytes.Buffer
	enc := expfmt.NewEncoder(&buf, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			return nil, gatherErr, fmt.Errorf("encode metric %s: %w", f.GetName(), err)
		}
	}
	return buf.Bytes(), gatherErr, nil
}

// ObserveRequests is the Fiber middleware that counts each request and
// its duration under the pattern of the route that served it, such as
// /api/v1/assets/:id, so that ids in paths do not make one series each.
// It must come first, so that the status it reads is the final one.
func (m *Metrics) ObserveRequests(c *fiber.Ctx) error {
	timer := prometheus.NewTimer(nil)
	err := c.Next()

	// Fiber reuses the request's buffers, and the label values outlive
	// the request, so they are copied.
	route, method := strings.Clone(c.Route().Path), strings.Clone(c.Method())
	m.latency.WithLabelValues(method, route).Observe(timer.ObserveDuration().Seconds())
	m.requests.WithLabelValues(method, route, strconv.Itoa(c.Response().StatusCode())).Inc()
	return err
}

// OpsPushed counts n operations pushed by devices whose result has the
// given status (applied, conflict, rejected or duplicate).
func (m *Metrics) OpsPushed(status string, n int) {
	m.syncOps.WithLabelValues(status).Add(float64(n))
}

// Pulled counts one page of changes served to a device.
func (m *Metrics) Pulled() {
	m.syncPulls.Inc()
}

// SetQueueDepth sets the function that returns the number of push
// notifications waiting in the queue. Until it is set, the queue depth
// metric is absent.
func (m *Metrics) SetQueueDepth(depth func(context.Context) (int64, error)) {
	m.queue.set(depth)
}

// collectTimeout bounds each database query made during a scrape.
const collectTimeout = 2 * time.Second

var queueDepthDesc = prometheus.NewDesc("parc_push_queue_depth",
	"Push notifications waiting in the delivery queue.", nil, nil)

// queueCollector reads the depth of the push queue at each scrape.
type queueCollector struct {
	desc  *prometheus.Desc
	mu    sync.Mutex
	depth func(context.Context) (int64, error)
}

func (q *queueCollector) set(depth func(context.Context) (int64, error)) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.depth = depth
}

func (q *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- q.desc }

func (q *queueCollector) Collect(ch chan<- prometheus.Metric) {
	q.mu.Lock()
	depth := q.depth
	q.mu.Unlock()
	if depth == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), collectTimeout)
	defer cancel()
	n, err := depth(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(q.desc, fmt.Errorf("read push queue depth: %w", err))
		return
	}
	ch <- prometheus.MustNewConstMetric(q.desc, prometheus.GaugeValue, float64(n))
}
