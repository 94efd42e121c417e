package web_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"parc/server/param"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/sync"
)

// slowServer is a demo server on a loopback port whose read timeout is
// cut to readTimeout, so that a slow client is cut off quickly.
func slowServer(t *testing.T, readTimeout time.Duration) *testServer {
	t.Helper()
	f := newFixture(t, storetest.Open(t, store.SQLite), false)
	f.app.Server().ReadTimeout = readTimeout
	return serve(t, f.app, "127.0.0.1:0")
}

// trickle writes text one byte per interval until the server closes the
// connection or text runs out, and returns how many bytes it sent.
func trickle(conn net.Conn, text string, interval time.Duration) int {
	for i := range len(text) {
		if _, err := conn.Write([]byte{text[i]}); err != nil {
			return i
		}
		time.Sleep(interval)
	}
	return len(text)
}

// readUntilClosed reads the connection until the server closes it and
// returns what it read. It returns false when the server still keeps the
// connection open after 20 seconds.
func readUntilClosed(conn net.Conn) (string, bool) {
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	got, err := io.ReadAll(conn)
	return string(got), !errors.Is(err, os.ErrDeadlineExceeded)
}

// readResult is what readUntilClosed returned.
type readResult struct {
	text   string
	closed bool
}

// TestSlowClientsAreCut checks that a client that sends its request
// headers or body one byte at a time, or nothing at all, gets a 408 and
// loses the connection, so that slow clients cannot hold the server.
func TestSlowClientsAreCut(t *testing.T) {
	srv := slowServer(t, 300*time.Millisecond)
	padding := strings.Repeat("x", 200)
	cases := []struct{ name, head, slow string }{
		{"headers one byte at a time", "", "GET /healthz HTTP/1.1\r\nHost: parc.test\r\nX-Padding: " + padding + "\r\n\r\n"},
		{"body one byte at a time", "POST /api/v1/session HTTP/1.1\r\nHost: parc.test\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n", padding},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", srv.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			io.WriteString(conn, tc.head)

			read := make(chan readResult, 1)
			go func() {
				text, closed := readUntilClosed(conn)
				read <- readResult{text, closed}
			}()
			sent := trickle(conn, tc.slow, 20*time.Millisecond)
			got := <-read

			if !got.closed {
				t.Fatalf("the server kept the slow connection open: read %.200q", got.text)
			}
			if sent == len(tc.slow) {
				t.Errorf("the server read all %d slow bytes", sent)
			}
			if got.text != "" && (!strings.HasPrefix(got.text, "HTTP/1.1 408") || !strings.Contains(got.text, `"code":"request_timeout"`)) {
				t.Errorf("response to the slow client: %.300q, want 408 request_timeout or nothing", got.text)
			}
		})
	}

	t.Run("idle connection", func(t *testing.T) {
		conn, err := net.Dial("tcp", srv.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if got, closed := readUntilClosed(conn); !closed {
			t.Errorf("the server kept an idle connection open: read %q", got)
		}
	})
}

// TestServerTimeoutsAreSet checks that the production server has a read,
// write and idle timeout, which the tests above rely on.
func TestServerTimeoutsAreSet(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), false)
	server := f.app.Server()
	if server.ReadTimeout <= 0 || server.ReadTimeout > time.Minute {
		t.Errorf("read timeout %v, want between 0 and 1 minute", server.ReadTimeout)
	}
	if server.WriteTimeout <= 0 || server.IdleTimeout <= 0 {
		t.Errorf("write timeout %v, idle timeout %v, want both set", server.WriteTimeout, server.IdleTimeout)
	}
}

// TestOversizedRequestsAreRefused checks that a body announced over the
// upload limit gets 413 before it is sent, and that headers over the
// server's buffer get 431, both in the error envelope.
func TestOversizedRequestsAreRefused(t *testing.T) {
	srv := slowServer(t, 5*time.Second)

	conn, err := net.Dial("tcp", srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "POST /api/v1/files HTTP/1.1\r\nHost: parc.test\r\nContent-Type: application/octet-stream\r\nContent-Length: "+
		strconv.Itoa(100<<20)+"\r\n\r\n")
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read the response to a 100 MiB body: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "body_too_large") {
		t.Errorf("100 MiB body: %d %s, want 413 body_too_large", res.StatusCode, body)
	}

	// 8 KiB is twice the server's 4 KiB header buffer yet small enough
	// for the kernel to take the whole request at once. With 64 KiB the
	// server responded and closed while the client was still writing, so
	// the client saw a reset instead of the response.
	headers := "GET /api/v1/session HTTP/1.1\r\nHost: parc.test\r\nX-Padding: " + strings.Repeat("x", 8<<10) + "\r\n\r\n"
	big, err := net.Dial("tcp", srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer big.Close()
	if _, err := io.WriteString(big, headers); err != nil {
		t.Fatalf("send 8 KiB of headers: %v", err)
	}
	big.SetReadDeadline(time.Now().Add(20 * time.Second))
	res, err = http.ReadResponse(bufio.NewReader(big), nil)
	if err != nil {
		t.Fatalf("read the response to 8 KiB of headers: %v", err)
	}
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge || !strings.Contains(string(body), "request_headers_too_large") {
		t.Errorf("8 KiB of headers: %d %s, want 431 request_headers_too_large", res.StatusCode, body)
	}
}

// TestPageLimitOnEveryRoute calls every API route that reads without a
// path parameter, the lists among them, with a limit one over the
// maximum page. Each must refuse it with a 422 that names limit.
func TestPageLimitOnEveryRoute(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), true)
	checked := 0
	for _, route := range f.app.GetRoutes(true) {
		if route.Method != http.MethodGet || !strings.HasPrefix(route.Path, "/api/v1/") || strings.Contains(route.Path, ":") {
			continue
		}
		max := param.MaxLimit
		if route.Path == "/api/v1/sync/pull" {
			max = sync.MaxPullLimit
		}
		checked++
		r := f.get(t, route.Path+"?limit="+strconv.Itoa(max+1))
		fields := decodeError(t, r).Error.Fields
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(fields["limit"], strconv.Itoa(max)) {
			t.Errorf("GET %s?limit=%d: %d %s, want 422 naming limit and %d", route.Path, max+1, r.status, r.body, max)
		}
	}
	if checked < 15 {
		t.Errorf("only %d routes checked", checked)
	}

	for _, path := range []string{"/api/v1/assets?limit=500", "/api/v1/sync/pull?limit=5000"} {
		if r := f.get(t, path); r.status != http.StatusOK {
			t.Errorf("GET %s: %d %s, want 200 at the maximum", path, r.status, r.body)
		}
	}
	if r := f.get(t, "/api/v1/assets?limit=99999999999999999999999"); r.status != http.StatusUnprocessableEntity {
		t.Errorf("GET /api/v1/assets with a limit beyond int: %d, want 422", r.status)
	}
}
