package web_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"parc/server/store"
	"parc/server/store/storetest"
)

// TestMalformedRequestEchoesNothing sends a request that the HTTP parser
// rejects, with a session cookie and a CSRF token: the 400 must not quote
// them back, as the parser's own error text does.
func TestMalformedRequestEchoesNothing(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), false)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	go f.app.Listener(ln)
	t.Cleanup(func() { f.app.ShutdownWithTimeout(time.Second) })

	conn, err := net.DialTimeout("tcp", ln.Addr().String(), 5*time.Second)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	const secret = "cookie-secret-4f1d"
	raw := "GET /healthz HTTP/1.1\r\nHost: x\r\nCookie: parc_session=" + secret + "\r\nX-CSRF-Token: csrf-" + secret +
		"\r\nBad Header Line\r\nConnection: close\r\n\r\n"
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatalf("write: %v", err)
	}

	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read the response: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("status %d, want 400: %s", res.StatusCode, body)
	}
	if strings.Contains(string(body), secret) {
		t.Errorf("the 400 quotes the request's secrets: %s", body)
	}
	if !strings.Contains(string(body), `"request_failed"`) {
		t.Errorf("the 400 is not in the error envelope: %s", body)
	}
}
