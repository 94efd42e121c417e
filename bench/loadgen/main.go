// Command loadgen sends GET requests at a fixed rate to a server on
// loopback and prints the latency distribution. It is an open-loop load
// generator in the manner of wrk2: every request has a scheduled send
// time, and its latency runs from that time, not from when it was sent.
// A closed-loop tool such as hey sends nothing while a worker waits for a
// slow response, so it leaves out the requests that would have queued
// behind it and understates the tail (coordinated omission).
//
// Each of -conns workers owns one keep-alive connection and sends one
// request every conns/rate seconds, the workers staggered evenly. A worker
// that falls behind sends at once until it is back on schedule. Paths
// rotate through the lines of -paths, so the load does not hit one row.
//
// The output is one line of key=value pairs, in milliseconds where the
// key ends in _ms; bench/run.sh parses it.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/valyala/fasthttp"
)

// extraHeader is the -header flag.
var extraHeader string

func main() {
	base := flag.String("url", "", "base URL of the server, http://127.0.0.1:PORT; only loopback addresses are accepted")
	pathsFile := flag.String("paths", "", "file of request paths, one a line, sent in rotation")
	rate := flag.Float64("rate", 1000, "requests per second over all connections")
	duration := flag.Duration("duration", 10*time.Second, "how long to send requests")
	conns := flag.Int("conns", 50, "number of connections, one worker each")
	timeout := flag.Duration("timeout", 5*time.Second, "timeout of one request")
	flag.StringVar(&extraHeader, "header", "", `header sent with every request, as "Name: value", such as a session cookie`)
	flag.Parse()

	if err := run(*base, *pathsFile, *rate, *duration, *conns, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// result holds what one worker measured.
type result struct {
	latencies []time.Duration // from scheduled send time to the end of the response
	sendLags  []time.Duration // from scheduled send time to the actual send
	errors    int
	non2xx    int
}

func run(base, pathsFile string, rate float64, duration time.Duration, conns int, timeout time.Duration) error {
	host, err := loopbackHost(base)
	if err != nil {
		return err
	}
	paths, err := readPaths(pathsFile)
	if err != nil {
		return err
	}
	if rate <= 0 || conns <= 0 || duration <= 0 {
		return fmt.Errorf("invalid -rate %g, -conns %d or -duration %s: all must be positive", rate, conns, duration)
	}

	interval := time.Duration(float64(time.Second) * float64(conns) / rate)
	start := time.Now().Add(100 * time.Millisecond) // time for the workers to start
	deadline := start.Add(duration)
	results := make([]result, conns)

	var wg sync.WaitGroup
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &fasthttp.HostClient{Addr: host, MaxConns: 1, ReadTimeout: timeout, WriteTimeout: timeout}
			first := start.Add(interval * time.Duration(w) / time.Duration(conns))
			results[w] = work(client, base, paths, w, conns, first, interval, deadline)
		}()
	}
	wg.Wait()
	end := time.Now()

	return report(results, rate, duration, end.Sub(start))
}

// work sends the requests of worker w, scheduled at first, first+interval,
// and so on before deadline. It stops early, counting no more requests,
// once it is a whole second behind schedule, so an overloaded server
// cannot make the run last much longer than asked.
func work(client *fasthttp.HostClient, base string, paths []string, w, conns int, first time.Time, interval time.Duration, deadline time.Time) result {
	capacity := int(deadline.Sub(first)/interval) + 1
	r := result{latencies: make([]time.Duration, 0, capacity), sendLags: make([]time.Duration, 0, capacity)}
	req := fasthttp.AcquireRequest()
	resp := fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	if name, value, ok := strings.Cut(extraHeader, ":"); ok {
		req.Header.Set(strings.TrimSpace(name), strings.TrimSpace(value))
	}

	for k := 0; ; k++ {
		scheduled := first.Add(interval * time.Duration(k))
		if !scheduled.Before(deadline) {
			return r
		}
		now := time.Now()
		if wait := scheduled.Sub(now); wait > 0 {
			time.Sleep(wait)
		} else if -wait > time.Second {
			return r
		}

		req.SetRequestURI(base + paths[(w+k*conns)%len(paths)])
		sent := time.Now()
		err := client.Do(req, resp)
		done := time.Now()
		switch {
		case err != nil:
			r.errors++
		case resp.StatusCode() < 200 || resp.StatusCode() > 299:
			r.non2xx++
		}
		r.sendLags = append(r.sendLags, sent.Sub(scheduled))
		r.latencies = append(r.latencies, done.Sub(scheduled))
	}
}

// report prints the merged figures. scheduled counts the requests due in
// duration, and achieved_rate divides those sent by the time until the
// last response.
func report(results []result, rate float64, duration, elapsed time.Duration) error {
	var latencies, sendLags []time.Duration
	var errs, non2xx int
	for _, r := range results {
		latencies = append(latencies, r.latencies...)
		sendLags = append(sendLags, r.sendLags...)
		errs += r.errors
		non2xx += r.non2xx
	}
	if len(latencies) == 0 {
		return errors.New("no request was sent")
	}
	slices.Sort(latencies)
	slices.Sort(sendLags)

	scheduled := int(rate * duration.Seconds())
	fmt.Printf("target_rate=%.0f achieved_rate=%.0f requests=%d scheduled=%d errors=%d non2xx=%d "+
		"p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f send_lag_p99_ms=%.3f\n",
		rate, float64(len(latencies))/elapsed.Seconds(), len(latencies), scheduled, errs, non2xx,
		ms(quantile(latencies, 0.50)), ms(quantile(latencies, 0.90)), ms(quantile(latencies, 0.99)),
		ms(quantile(latencies, 0.999)), ms(latencies[len(latencies)-1]), ms(quantile(sendLags, 0.99)))
	return nil
}

// quantile returns the q-quantile of sorted by the nearest-rank method.
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// loopbackHost returns the host:port of base, which must be an http URL on
// a loopback address: this tool is for servers on the same machine only.
func loopbackHost(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" || u.Port() == "" {
		return "", fmt.Errorf("invalid -url %q: use http://127.0.0.1:PORT", base)
	}
	ip := net.ParseIP(u.Hostname())
	if ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("invalid -url %q: the host must be a loopback IP address such as 127.0.0.1 or ::1", base)
	}
	return u.Host, nil
}

func readPaths(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read -paths: %w", err)
	}
	defer f.Close()
	var paths []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			if !strings.HasPrefix(line, "/") {
				return nil, fmt.Errorf("invalid path %q in %s: it must start with /", line, name)
			}
			paths = append(paths, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no path in %s: list one path a line, such as /api/v1/assets/by-tag/BE000001F", name)
	}
	return paths, nil
}
