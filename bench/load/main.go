// Command load simulates technicians and correspondents using Parc at
// once, against one server on SQLite or several servers sharing one
// PostgreSQL database, and prints the latency per endpoint, the errors
// and the peak memory (VmHWM) of each server process.
//
// Each simulated user logs in with its own session, reads the tags and
// schools it may see, and pulls every change once, as a phone does at its
// first sync. Then, until -duration, it sends requests of its role's mix,
// each after a random pause of 0 to twice -think. Technicians mostly scan
// labels and sync, and also push rooms, write work orders and read
// requests and reports. Correspondents scan, sync, file and read requests,
// and read reports. Requests go to the servers in turn (round robin).
//
// With -parc, the program starts the servers itself on free loopback
// ports with the demo data: one on SQLite, or -servers of them on
// -database-url. With -url, it uses running servers and reads the
// memory of the processes given by -pid. Only loopback addresses are
// accepted. The exit status is 1 when any request failed.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxActions bounds each user's loop besides the deadline.
const maxActions = 100_000

// demoPassword is the password of every demo account.
const demoPassword = "parc-demo"

// options are the settings of one run.
type options struct {
	users, technicians int
	duration, think    time.Duration
	seed               uint64
	year               int
}

func main() {
	var opts options
	parc := flag.String("parc", "", "parc binary to start the servers with (built with go build -o bin/parc ./server/cmd/parc)")
	databaseURL := flag.String("database-url", "", "with -parc: postgres:// URL of an empty database that -servers processes share; empty for one server on SQLite")
	servers := flag.Int("servers", 2, "with -parc and -database-url: number of server processes")
	urls := flag.String("url", "", "without -parc: comma-separated base URLs of running servers, such as http://127.0.0.1:8080")
	pids := flag.String("pid", "", "with -url: comma-separated process ids of the servers, to read their peak memory")
	flag.IntVar(&opts.users, "users", 50, "simulated users")
	flag.IntVar(&opts.technicians, "technicians", 10, "how many of the users are technicians; the others are correspondents")
	flag.DurationVar(&opts.duration, "duration", 60*time.Second, "how long the users send requests, after their first sync")
	flag.DurationVar(&opts.think, "think", 250*time.Millisecond, "mean pause of a user between two requests")
	flag.Uint64Var(&opts.seed, "seed", uint64(time.Now().UnixNano()), "seed of the users' choices")
	flag.IntVar(&opts.year, "year", time.Now().Year(), "year of the reports read")
	flag.Parse()

	if err := run(opts, *parc, *databaseURL, *servers, *urls, *pids); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(opts options, parc, databaseURL string, servers int, urls, pids string) error {
	var procs []*server
	var bases []string
	switch {
	case parc != "":
		var err error
		if procs, err = startServers(parc, databaseURL, servers); err != nil {
			return err
		}
		defer stopServers(procs)
		for _, p := range procs {
			bases = append(bases, p.baseURL)
		}
	case urls != "":
		bases = strings.Split(urls, ",")
		for _, pid := range strings.Split(pids, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(pid)); err == nil {
				procs = append(procs, &server{pid: n})
			}
		}
	default:
		return errors.New("give -parc to start servers or -url to use running ones")
	}

	fmt.Printf("seed %d, %d users (%d technicians), think %s, duration %s, servers %s\n",
		opts.seed, opts.users, opts.technicians, opts.think, opts.duration, strings.Join(bases, " "))
	var pidList []int
	for _, p := range procs {
		pidList = append(pidList, p.pid)
	}
	rec, elapsed, run, err := load(opts, bases, pidList, os.Stderr)
	if err != nil {
		return err
	}
	errs := rec.writeReport(os.Stdout, elapsed)
	fmt.Println(run.cpu)
	for i, p := range procs {
		hwm, rss, err := memory(p.pid)
		if err != nil {
			return err
		}
		fmt.Printf("server pid %d: peak RSS (VmHWM) %.1f MiB over the whole run, %.1f MiB at the end of the first syncs; "+
			"RSS sampled every %s during the mixed traffic: highest %.1f MiB, median %.1f MiB; RSS at the end %.1f MiB\n",
			p.pid, hwm, run.setupPeaks[i], rssInterval, run.trafficPeaks[i], run.trafficMedians[i], rss)
	}
	if errs > 0 {
		return fmt.Errorf("%d requests failed", errs)
	}
	return nil
}

// runFacts describes the machine during a run.
type runFacts struct {
	// cpu describes how the machine's CPU was shared during the mixed traffic.
	cpu string
	// setupPeaks are the peak RSS in MiB of the processes, from their start
	// to the end of the users' first syncs.
	setupPeaks []float64
	// trafficPeaks and trafficMedians are the highest and the median RSS
	// in MiB of the processes, sampled every rssInterval during the mixed
	// traffic.
	trafficPeaks, trafficMedians []float64
}

// load sets the users up against bases, runs them for opts.duration and
// returns what they recorded and the time they ran, with the memory and
// CPU use of the server processes pids. Setup failures are returned;
// failures during the run are only recorded.
func load(opts options, bases []string, pids []int, log io.Writer) (*recorder, time.Duration, runFacts, error) {
	for _, base := range bases {
		if err := checkLoopback(base); err != nil {
			return nil, 0, runFacts{}, err
		}
	}
	tg := &targets{urls: bases}
	setupRec := newRecorder()
	correspondents, err := correspondentEmails(bases[0])
	if err != nil {
		return nil, 0, runFacts{}, err
	}

	users := make([]*user, opts.users)
	for i := range users {
		u := &user{
			email: "technicien@demo.invalid", role: "technician", targets: tg, rec: setupRec, year: opts.year,
			client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2}},
			rng:    rand.New(rand.NewPCG(opts.seed, uint64(i))),
		}
		if i >= opts.technicians {
			u.email, u.role = correspondents[i%len(correspondents)], "correspondent"
		}
		users[i] = u
	}
	if err := each(users, func(u *user) error { return u.setUp(demoPassword) }); err != nil {
		return nil, 0, runFacts{}, err
	}
	fmt.Fprintf(log, "%d users logged in and synced; running for %s\n", len(users), opts.duration)
	var facts runFacts
	for _, pid := range pids {
		peak, _, err := memory(pid)
		if err != nil {
			return nil, 0, facts, err
		}
		facts.setupPeaks = append(facts.setupPeaks, peak)
	}

	rec := newRecorder()
	before, err := sampleCPU(pids)
	if err != nil {
		return nil, 0, runFacts{}, err
	}
	start := time.Now()
	deadline := start.Add(opts.duration)
	sampler := sampleRSS(pids)
	each(users, func(u *user) error {
		u.rec = rec
		u.run(deadline, opts.think, maxActions)
		return nil
	})
	elapsed := time.Since(start)
	facts.trafficPeaks, facts.trafficMedians = sampler()
	after, err := sampleCPU(pids)
	if err != nil {
		return nil, 0, facts, err
	}
	facts.cpu = describeCPU(before, after)
	return rec, elapsed, facts, nil
}

// each runs fn for every user at once and returns their errors joined.
func each(users []*user, fn func(*user) error) error {
	errs := make([]error, len(users))
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Go(func() { errs[i] = fn(u) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// correspondentEmails returns the demo correspondents, from GET
// /api/v1/demo.
func correspondentEmails(base string) ([]string, error) {
	resp, err := http.Get(base + "/api/v1/demo")
	if err != nil {
		return nil, fmt.Errorf("list demo accounts: %w", err)
	}
	defer resp.Body.Close()
	var info struct {
		Accounts []struct {
			Email string `json:"email"`
			Role  string `json:"role"`
		} `json:"accounts"`
	}
	if err := decodeJSON(resp, &info); err != nil {
		return nil, fmt.Errorf("list demo accounts (is the server on demo data?): %w", err)
	}
	var emails []string
	for _, a := range info.Accounts {
		if a.Role == "correspondent" {
			emails = append(emails, a.Email)
		}
	}
	if len(emails) == 0 {
		return nil, errors.New("the demo data has no correspondent")
	}
	return emails, nil
}

func decodeJSON(resp *http.Response, v any) error {
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %.200s", resp.StatusCode, data)
	}
	return json.Unmarshal(data, v)
}

// checkLoopback rejects a base URL whose host is not a loopback address,
// so that the load never leaves the machine.
func checkLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("invalid server URL %q: %w", base, err)
	}
	ip := net.ParseIP(u.Hostname())
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("server URL %q: use a loopback address such as 127.0.0.1", base)
	}
	return nil
}
