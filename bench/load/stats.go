package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"time"
)

// maxErrorSamples is how many error messages the report keeps per
// endpoint, so that a broken server does not fill the output.
const maxErrorSamples = 3

// recorder collects the latency and the errors of every request, by
// endpoint. It is safe for concurrent use.
type recorder struct {
	mu        sync.Mutex
	latencies map[string][]time.Duration
	errors    map[string]int
	samples   map[string][]string
}

func newRecorder() *recorder {
	return &recorder{latencies: map[string][]time.Duration{}, errors: map[string]int{}, samples: map[string][]string{}}
}

func (r *recorder) record(endpoint string, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.latencies[endpoint] = append(r.latencies[endpoint], d)
	if err == nil {
		return
	}
	r.errors[endpoint]++
	if len(r.samples[endpoint]) < maxErrorSamples {
		r.samples[endpoint] = append(r.samples[endpoint], err.Error())
	}
}

// endpointStats is one row of the report.
type endpointStats struct {
	Endpoint      string
	Requests      int
	Errors        int
	P50, P99, Max time.Duration
}

// report returns the rows, sorted by endpoint, and the total number of
// requests and errors.
func (r *recorder) report() (rows []endpointStats, requests, errors int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for endpoint, ds := range r.latencies {
		sorted := slices.Clone(ds)
		slices.Sort(sorted)
		rows = append(rows, endpointStats{
			Endpoint: endpoint, Requests: len(sorted), Errors: r.errors[endpoint],
			P50: percentile(sorted, 0.50), P99: percentile(sorted, 0.99), Max: sorted[len(sorted)-1],
		})
		requests += len(sorted)
		errors += r.errors[endpoint]
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Endpoint < rows[j].Endpoint })
	return rows, requests, errors
}

// percentile returns the nearest-rank percentile q (0 < q <= 1) of sorted
// durations.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// writeReport prints the rows as a Markdown table, then the error samples.
func (r *recorder) writeReport(w io.Writer, elapsed time.Duration) (errors int) {
	rows, requests, errors := r.report()
	fmt.Fprintln(w, "| endpoint | requests | errors | p50 ms | p99 ms | max ms |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, row := range rows {
		fmt.Fprintf(w, "| `%s` | %d | %d | %.1f | %.1f | %.1f |\n", row.Endpoint, row.Requests, row.Errors,
			ms(row.P50), ms(row.P99), ms(row.Max))
	}
	fmt.Fprintf(w, "\n%d requests in %.1f s (%.0f/s), %d errors\n", requests, elapsed.Seconds(), float64(requests)/elapsed.Seconds(), errors)

	r.mu.Lock()
	defer r.mu.Unlock()
	for _, row := range rows {
		for _, msg := range r.samples[row.Endpoint] {
			fmt.Fprintf(w, "error on %s: %s\n", row.Endpoint, msg)
		}
	}
	return errors
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
