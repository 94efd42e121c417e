package web_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// faultKind is what the fault proxy does to one connection.
type faultKind int

const (
	// faultNone forwards the connection untouched.
	faultNone faultKind = iota
	// faultDrop closes the client's connection before the proxy dials the
	// server, so the server never receives the request.
	faultDrop
	// faultDelay holds the request back for a while, then forwards the
	// connection untouched.
	faultDelay
	// faultCutRequest forwards a prefix of the first request, shorter than
	// the whole, then closes both sides.
	faultCutRequest
	// faultCutResponse forwards the whole request, reads the whole
	// response, then sends the client a prefix of it (possibly empty) and
	// closes both sides.
	faultCutResponse
	// faultLoseResponse forwards the whole request and reads the whole
	// response, so the server has committed its work, then closes the
	// client's connection without sending it a byte.
	faultLoseResponse
	faultKinds
)

var faultNames = [faultKinds]string{"none", "drop", "delay", "cut_request", "cut_response", "lose_response"}

func (k faultKind) String() string { return faultNames[k] }

// faultProxyConfig sets up a fault proxy.
type faultProxyConfig struct {
	// target is the server's address, an IP literal of the loopback range
	// and a port.
	target string
	// rate is the share of connections, from 0 to 1, that get a fault.
	rate float64
	// seed seeds the choice of the faulty connections, their faults and
	// where they cut.
	seed uint64
	// maxDelay bounds the wait of faultDelay.
	maxDelay time.Duration
	// only, when set, is the fault of every faulty connection, in place of
	// a random one.
	only faultKind
}

// faultPlan is the fate the proxy drew for one connection.
type faultPlan struct {
	kind faultKind
	// cut is where a cut falls, as a share from 0 (before the first byte)
	// to just under 1 (before the last byte) of the request or response.
	cut   float64
	delay time.Duration
}

// faultProxy is a TCP proxy on a loopback port that forwards to a test
// server and injects faults into a random share of the connections. The
// draws follow the seed in the order the proxy accepts connections, so a
// replay with the same seed draws the same sequence of faults. Which
// request meets which fault still depends on the timing of the clients.
type faultProxy struct {
	t   *testing.T
	cfg faultProxyConfig
	ln  net.Listener
	wg  sync.WaitGroup

	mu     sync.Mutex
	rng    *rand.Rand
	counts [faultKinds]int
}

// ioTimeout is how long a proxied connection may stay open, so that a
// stuck peer cannot hold the proxy after the test.
const ioTimeout = 30 * time.Second

// newFaultProxy starts a proxy on 127.0.0.1 at a free port and stops it
// when the test ends, logging how many connections met each fault.
func newFaultProxy(t *testing.T, cfg faultProxyConfig) *faultProxy {
	t.Helper()
	host, _, err := net.SplitHostPort(cfg.target)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		t.Fatalf("fault proxy target %q: want a loopback IP address and a port", cfg.target)
	}
	if cfg.rate < 0 || cfg.rate > 1 {
		t.Fatalf("fault proxy rate %v: want a share from 0 to 1", cfg.rate)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("fault proxy: listen on 127.0.0.1: %v", err)
	}

	p := &faultProxy{t: t, cfg: cfg, ln: ln, rng: rand.New(rand.NewPCG(cfg.seed, cfg.seed^0x9e3779b97f4a7c15))}
	t.Logf("fault proxy on %s to %s: seed %d, fault rate %.2f", ln.Addr(), cfg.target, cfg.seed, cfg.rate)
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

// addr returns the proxy's host and port.
func (p *faultProxy) addr() string {
	return p.ln.Addr().String()
}

// close stops accepting, waits for the open connections and logs the
// counts of each fault.
func (p *faultProxy) close() {
	p.ln.Close()
	p.wg.Wait()
	p.t.Logf("fault proxy: %s", p.summary())
}

// summary returns the number of connections of each fault.
func (p *faultProxy) summary() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	total := 0
	parts := make([]string, 0, faultKinds)
	for k, n := range p.counts {
		total += n
		parts = append(parts, fmt.Sprintf("%s %d", faultKind(k), n))
	}
	return fmt.Sprintf("%d connections: %s", total, strings.Join(parts, ", "))
}

// faulty returns the number of connections that met a fault so far.
func (p *faultProxy) faulty() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for k := faultNone + 1; k < faultKinds; k++ {
		n += p.counts[k]
	}
	return n
}

func (p *faultProxy) accept() {
	defer p.wg.Done()
	for {
		conn, err := p.ln.Accept()
		if err != nil {
			return
		}
		plan := p.draw()
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(ioTimeout))
			p.handle(conn, plan)
		}()
	}
}

// draw picks the fate of the next connection.
func (p *faultProxy) draw() faultPlan {
	p.mu.Lock()
	defer p.mu.Unlock()
	plan := faultPlan{kind: faultNone}
	if p.rng.Float64() < p.cfg.rate {
		plan.kind = faultKind(1 + p.rng.IntN(int(faultKinds)-1))
		if p.cfg.only != faultNone {
			plan.kind = p.cfg.only
		}
		plan.cut = p.rng.Float64()
		plan.delay = time.Duration(p.rng.Int64N(int64(p.cfg.maxDelay) + 1))
	}
	p.counts[plan.kind]++
	return plan
}

func (p *faultProxy) handle(client net.Conn, plan faultPlan) {
	switch plan.kind {
	case faultDrop:
		return
	case faultDelay:
		time.Sleep(plan.delay)
	}
	if plan.kind == faultNone || plan.kind == faultDelay {
		server, err := p.dial()
		if err != nil {
			return
		}
		defer server.Close()
		splice(client, server)
		return
	}

	request, err := readHTTPRequest(client)
	if err != nil {
		return
	}
	server, err := p.dial()
	if err != nil {
		return
	}
	defer server.Close()
	if plan.kind == faultCutRequest {
		server.Write(request[:cutPoint(len(request), plan.cut)])
		return
	}
	if _, err := server.Write(request); err != nil {
		return
	}
	response, err := readHTTPResponse(server)
	if err != nil || plan.kind == faultLoseResponse {
		return
	}
	client.Write(response[:cutPoint(len(response), plan.cut)])
}

func (p *faultProxy) dial() (net.Conn, error) {
	server, err := net.DialTimeout("tcp", p.cfg.target, 5*time.Second)
	if err != nil {
		return nil, err
	}
	server.SetDeadline(time.Now().Add(ioTimeout))
	return server, nil
}

// cutPoint returns where a cut at share falls in n bytes: from 0 to n-1,
// so that at least the last byte is missing.
func cutPoint(n int, share float64) int {
	return min(int(share*float64(n)), max(n-1, 0))
}

// splice copies bytes both ways until both sides have finished sending.
func splice(client, server net.Conn) {
	done := make(chan struct{})
	go func() {
		io.Copy(server, client)
		if c, ok := server.(*net.TCPConn); ok {
			c.CloseWrite()
		}
		close(done)
	}()
	io.Copy(client, server)
	if c, ok := client.(*net.TCPConn); ok {
		c.CloseWrite()
	}
	<-done
}

// readHTTPRequest reads one whole HTTP request, body included, and returns
// its bytes as the client sent them.
func readHTTPRequest(conn net.Conn) ([]byte, error) {
	var raw bytes.Buffer
	reader := bufio.NewReader(io.TeeReader(conn, &raw))
	req, err := http.ReadRequest(reader)
	if err != nil {
		return nil, err
	}
	defer req.Body.Close()
	if _, err := io.Copy(io.Discard, req.Body); err != nil {
		return nil, err
	}
	return raw.Bytes(), nil
}

// readHTTPResponse reads one whole HTTP response, body included, and
// returns its bytes as the server sent them.
func readHTTPResponse(conn net.Conn) ([]byte, error) {
	var raw bytes.Buffer
	reader := bufio.NewReader(io.TeeReader(conn, &raw))
	res, err := http.ReadResponse(reader, nil)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return nil, err
	}
	return raw.Bytes(), nil
}

// TestFaultProxyFaults checks what each fault does to requests and to the
// server behind the proxy.
func TestFaultProxyFaults(t *testing.T) {
	cases := []struct {
		fault    faultKind
		rate     float64
		wantOK   bool // the client reads the whole response
		wantSeen bool // the server reads the whole request
	}{
		{faultNone, 0, true, true},
		{faultDrop, 1, false, false},
		{faultDelay, 1, true, true},
		{faultCutRequest, 1, false, false},
		{faultCutResponse, 1, false, true},
		{faultLoseResponse, 1, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.fault.String(), func(t *testing.T) {
			body := strings.Repeat("r", 2000)
			answer := strings.Repeat("a", 4000)
			var mu sync.Mutex
			received := 0
			server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, err := io.ReadAll(r.Body)
				if err != nil || string(b) != body {
					return
				}
				mu.Lock()
				received++
				mu.Unlock()
				io.WriteString(w, answer)
			}))
			defer server.Close()
			proxy := newFaultProxy(t, faultProxyConfig{target: server.Listener.Addr().String(), rate: tc.rate, seed: 1, maxDelay: 50 * time.Millisecond, only: tc.fault})
			client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

			const requests = 10
			ok := 0
			for range requests {
				res, err := client.Post("http://"+proxy.addr()+"/", "text/plain", strings.NewReader(body))
				if err != nil {
					continue
				}
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err == nil && string(b) == answer {
					ok++
				}
			}

			if want := map[bool]int{true: requests}[tc.wantOK]; ok != want {
				t.Errorf("whole responses: got %d of %d, want %d", ok, requests, want)
			}
			mu.Lock()
			defer mu.Unlock()
			if want := map[bool]int{true: requests}[tc.wantSeen]; received != want {
				t.Errorf("whole requests at the server: got %d of %d, want %d", received, requests, want)
			}
		})
	}
}
