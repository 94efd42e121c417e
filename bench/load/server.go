package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is a parc serve process that the program started. For a server
// that was already running, only pid is set.
type server struct {
	pid     int
	baseURL string
	cmd     *exec.Cmd
	dir     string
}

// startServers starts n parc serve processes on databaseURL, or one on
// SQLite when databaseURL is empty, each in a data folder of its own with
// its log in that folder. The first loads the demo data before the others
// start.
func startServers(parc, databaseURL string, n int) ([]*server, error) {
	if databaseURL == "" {
		n = 1
	}
	var procs []*server
	for i := range n {
		p, err := startServer(parc, databaseURL, i == 0)
		if err != nil {
			stopServers(procs)
			return nil, err
		}
		procs = append(procs, p)
	}
	return procs, nil
}

func startServer(parc, databaseURL string, demo bool) (*server, error) {
	dir, err := os.MkdirTemp("", "parc-load-")
	if err != nil {
		return nil, err
	}
	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "--addr", addr, "--data", filepath.Join(dir, "data"), "--log-format", "json"}
	if demo {
		args = append(args, "--demo")
	}
	logFile, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, err
	}
	defer logFile.Close()

	cmd := exec.Command(parc, args...)
	cmd.Env = withoutParcVariables(os.Environ())
	if databaseURL != "" {
		cmd.Env = append(cmd.Env, "PARC_DATABASE_URL="+databaseURL)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", parc, err)
	}
	p := &server{pid: cmd.Process.Pid, baseURL: "http://" + addr, cmd: cmd, dir: dir}
	if err := waitHealthy(p.baseURL, 120*time.Second); err != nil {
		stopServers([]*server{p})
		return nil, fmt.Errorf("server %s (log in %s): %w", addr, dir, err)
	}
	return p, nil
}

// freeLoopbackAddr returns a 127.0.0.1 address with a port that was free
// a moment ago.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitHealthy(base string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("GET /healthz did not return 200 within %s", timeout)
}

// stopServers sends SIGTERM to the processes the program started, waits
// for them and deletes their folders.
func stopServers(procs []*server) {
	for _, p := range procs {
		if p.cmd == nil {
			continue
		}
		p.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			p.cmd.Process.Kill()
			<-done
		}
		os.RemoveAll(p.dir)
	}
}

func withoutParcVariables(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "PARC_") {
			out = append(out, kv)
		}
	}
	return out
}

// rssInterval is the period of sampleRSS.
const rssInterval = 100 * time.Millisecond

// sampleRSS reads the RSS of the processes pids every rssInterval until
// the returned function is called, which returns the highest and the
// median value of each in MiB. A VmHWM reset through /proc/PID/clear_refs would not do:
// the garbage of the first syncs stays resident until the server's next
// collection, which comes only once the traffic allocates.
func sampleRSS(pids []int) func() (peaks, medians []float64) {
	samples := make([][]float64, len(pids))
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		ticker := time.NewTicker(rssInterval)
		defer ticker.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ticker.C:
			}
			for i, pid := range pids {
				if _, rss, err := memory(pid); err == nil {
					samples[i] = append(samples[i], rss)
				}
			}
		}
	}()
	return func() (peaks, medians []float64) {
		close(stop)
		<-done
		for _, s := range samples {
			if len(s) == 0 {
				peaks, medians = append(peaks, 0), append(medians, 0)
				continue
			}
			slices.Sort(s)
			peaks, medians = append(peaks, s[len(s)-1]), append(medians, s[len(s)/2])
		}
		return peaks, medians
	}
}

// memory returns the peak and the current resident set size of process
// pid in MiB, from VmHWM and VmRSS of /proc/PID/status (Linux only).
func memory(pid int) (peak, current float64, err error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0, fmt.Errorf("read memory of process %d: %w", pid, err)
	}
	defer f.Close()
	found := 0
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		key, value, ok := strings.Cut(scanner.Text(), ":")
		if !ok || (key != "VmHWM" && key != "VmRSS") {
			continue
		}
		kib, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 64)
		if err != nil {
			return 0, 0, fmt.Errorf("parse %s of process %d: %q", key, pid, value)
		}
		if key == "VmHWM" {
			peak = kib / 1024
		} else {
			current = kib / 1024
		}
		found++
	}
	if found != 2 {
		return 0, 0, errors.New("no VmHWM and VmRSS in /proc/" + strconv.Itoa(pid) + "/status")
	}
	return peak, current, scanner.Err()
}
