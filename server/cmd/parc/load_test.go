package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Shape of the load in the shutdown tests. loadClients clients send
// requests without pause, and the signal goes out once loadBeforeSignal
// responses have arrived. Each client stops after loadMaxRequests requests.
const (
	loadClients      = 8
	loadBeforeSignal = 200
	loadMaxRequests  = 5000
)

// loadGenerator sends requests from loadClients clients until finish is
// called, and records every request whose response is not whole.
type loadGenerator struct {
	baseURL, tag string
	cookie       string
	stopped      chan struct{}
	stopOnce     sync.Once
	wg           sync.WaitGroup

	// signalledAt is the Unix time in nanoseconds at which the signal was
	// sent, or 0 before.
	signalledAt          atomic.Int64
	responses            atomic.Int64
	responsesAfterSignal atomic.Int64

	mu       sync.Mutex
	problems []string
}

func startLoad(baseURL, tag, cookie string) *loadGenerator {
	l := &loadGenerator{baseURL: baseURL, tag: tag, cookie: cookie, stopped: make(chan struct{})}
	for i := range loadClients {
		l.wg.Add(1)
		go l.client(i)
	}
	return l
}

// client sends requests in turn to the fleet endpoints until the load is
// finished, loadMaxRequests were sent, or a request fails after the signal.
func (l *loadGenerator) client(n int) {
	defer l.wg.Done()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	defer client.CloseIdleConnections()
	paths := []string{"/api/v1/assets?limit=100", "/api/v1/assets/by-tag/" + l.tag, "/api/v1/communes"}

	for i := range loadMaxRequests {
		select {
		case <-l.stopped:
			return
		default:
		}
		path := paths[(n+i)%len(paths)]
		problem, responded := l.get(client, path)
		if responded {
			l.responses.Add(1)
			if l.signalledAt.Load() != 0 {
				l.responsesAfterSignal.Add(1)
			}
		}
		if problem != "" {
			l.mu.Lock()
			l.problems = append(l.problems, fmt.Sprintf("GET %s: %s", path, problem))
			l.mu.Unlock()
		}
		if !responded && l.signalledAt.Load() != 0 {
			return
		}
	}
}

// get sends one request and reports whether a response arrived and what
// is wrong with it. A connection error counts as a problem only before the
// signal, because afterwards the server may close its port.
func (l *loadGenerator) get(client *http.Client, path string) (problem string, responded bool) {
	req, err := http.NewRequest(http.MethodGet, l.baseURL+path, nil)
	if err != nil {
		return fmt.Sprintf("build request: %v", err), false
	}
	req.Header.Set("Cookie", l.cookie)
	resp, err := client.Do(req)
	if err != nil {
		if l.signalledAt.Load() == 0 {
			return fmt.Sprintf("failed before the signal: %v", err), false
		}
		return "", false
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Sprintf("status %d with a truncated body: %v", resp.StatusCode, err), true
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Sprintf("status %d, want 200: %.200s", resp.StatusCode, body), true
	}

	var doc struct {
		Items []json.RawMessage `json:"items"`
		Tag   string            `json:"tag"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return fmt.Sprintf("invalid JSON (%v): %.200s", err, body), true
	}
	if strings.Contains(path, "/by-tag/") {
		if doc.Tag != l.tag {
			return fmt.Sprintf("tag = %q, want %q", doc.Tag, l.tag), true
		}
	} else if len(doc.Items) == 0 {
		return "no items", true
	}
	return "", true
}

// waitResponses waits until n responses have arrived.
func (l *loadGenerator) waitResponses(n int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for l.responses.Load() < n {
		if time.Now().After(deadline) {
			return fmt.Errorf("only %d responses after %v, want %d before the signal", l.responses.Load(), timeout, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

// finish stops the clients and waits for them.
func (l *loadGenerator) finish() {
	l.stopOnce.Do(func() { close(l.stopped) })
	l.wg.Wait()
}
