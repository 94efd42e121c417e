package push

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// stubResolver answers from a fixed table, so that no test depends on
// DNS or names a real private or metadata address.
func stubResolver(table map[string][]string) func(context.Context, string) ([]netip.Addr, error) {
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		var out []netip.Addr
		for _, s := range table[host] {
			out = append(out, netip.MustParseAddr(s))
		}
		if len(out) == 0 {
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		return out, nil
	}
}

func TestGuardCheck(t *testing.T) {
	g := &Guard{
		Allow: []string{"http://127.0.0.1:"},
		Resolve: stubResolver(map[string][]string{
			"push.example.com":  {"9.9.9.9"},
			"rebind.example":    {"9.9.9.9", "127.0.0.2"},
			"mapped.example":    {"::ffff:127.0.0.2"},
			"loopback6.example": {"::1"},
		}),
	}
	cases := []struct {
		endpoint, wantReason, wantAddr string
	}{
		{"https://push.example.com/send/abc", "", ""},
		{"http://127.0.0.1:9/push/a", "", ""},
		{"http://push.example.com/send/abc", ReasonNotHTTPS, ""},
		{"https://127.0.0.2/push", ReasonPrivateAddress, "127.0.0.2"},
		{"https://127.0.0.2:8443/push", ReasonPrivateAddress, "127.0.0.2"},
		{"http://127.0.0.2:9/push", ReasonNotHTTPS, ""},
		{"https://[::1]/push", ReasonPrivateAddress, "::1"},
		{"https://rebind.example/push", ReasonPrivateAddress, "127.0.0.2"},
		{"https://mapped.example/push", ReasonPrivateAddress, "::ffff:127.0.0.2"},
		{"https://loopback6.example/push", ReasonPrivateAddress, "::1"},
		{"https://unknown.example/push", ReasonUnresolvable, ""},
		{"https://user@push.example.com/", ReasonUnreadable, ""},
		{"not a url", ReasonUnreadable, ""},
	}
	for _, c := range cases {
		t.Run(c.endpoint, func(t *testing.T) {
			err := g.Check(context.Background(), c.endpoint)
			var e *EndpointError
			switch {
			case c.wantReason == "" && err != nil:
				t.Errorf("Check(%q) = %v, want nil", c.endpoint, err)
			case c.wantReason != "" && !errors.As(err, &e):
				t.Errorf("Check(%q) = %v, want reason %s", c.endpoint, err, c.wantReason)
			case c.wantReason != "" && (e.Reason != c.wantReason || e.Addr != c.wantAddr || e.Endpoint != c.endpoint):
				t.Errorf("Check(%q) = %+v, want reason %s, address %q", c.endpoint, e, c.wantReason, c.wantAddr)
			}
		})
	}
}

func TestPublic(t *testing.T) {
	// Documentation and special ranges stand for the private ones; no
	// test names a real private network or metadata address.
	for _, s := range []string{"127.0.0.2", "::1", "0.0.0.0", "::", "224.0.0.1", "ff02::1", "169.254.0.1", "fe80::1",
		"192.0.2.1", "198.51.100.1", "203.0.113.1", "100.64.0.1", "255.255.255.255", "::ffff:127.0.0.2", "2001:db8::1", "64:ff9b::7f00:2"} {
		if Public(netip.MustParseAddr(s)) {
			t.Errorf("Public(%s) = true, want false", s)
		}
	}
	for _, s := range []string{"9.9.9.9", "2620:fe::fe"} {
		if !Public(netip.MustParseAddr(s)) {
			t.Errorf("Public(%s) = false, want true", s)
		}
	}
}

func TestControlRejectsLoopback(t *testing.T) {
	for _, addr := range []string{"127.0.0.2:443", "[::1]:443", "[::ffff:127.0.0.2]:443"} {
		err := Control("tcp", addr, nil)
		if !IsEndpointError(err) {
			t.Errorf("Control(%s) = %v, want a rejection", addr, err)
		}
	}
	if err := Control("tcp", "9.9.9.9:443", nil); err != nil {
		t.Errorf("Control(9.9.9.9:443) = %v, want nil", err)
	}
}

// TestSendChecksAddressAtConnect covers a name that resolved to a public
// address when the browser subscribed and to a loopback address when the
// server sends: the dialer's Control refuses the connection.
func TestSendChecksAddressAtConnect(t *testing.T) {
	keys, err := newKeys()
	if err != nil {
		t.Fatal(err)
	}
	guard := &Guard{Resolve: stubResolver(map[string][]string{"localhost": {"9.9.9.9"}})}
	sender := NewSender(keys, "https://parc.example.fr", guard, 2*time.Second)
	sub := Subscription{Endpoint: "https://localhost:1/push/x", P256dh: testP256dh(t), Auth: "AAAAAAAAAAAAAAAAAAAAAA"}

	res, err := sender.Send(context.Background(), sub, Message{Payload: []byte(`{}`), TTL: time.Minute})
	if !IsEndpointError(err) || res.Outcome != Rejected {
		t.Errorf("Send = %+v, %v; want Rejected by the guard", res, err)
	}
	if err != nil && !strings.Contains(err.Error(), "private_address") {
		t.Errorf("error %q does not name the reason", err)
	}
	if err != nil && strings.Contains(err.Error(), "/push/x") {
		t.Errorf("error %q quotes the endpoint's path, which is secret", err)
	}
}

func testP256dh(t *testing.T) string {
	t.Helper()
	keys, err := newKeys()
	if err != nil {
		t.Fatal(err)
	}
	return keys.Public
}
