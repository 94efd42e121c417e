package push

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// Guard keeps the server from posting to addresses inside its own
// network. The server posts to whatever endpoint a browser gave, so
// without it a signed-in user could make Parc send requests to a
// database, a router or a cloud metadata service (server-side request
// forgery).
type Guard struct {
	// Allow lists URL prefixes that skip every check, such as
	// "http://127.0.0.1:" for tests or a push service inside a private
	// deployment (PARC_PUSH_ENDPOINT_ALLOW).
	Allow []string
	// Resolve returns the addresses of a host name; nil means the
	// system resolver. Tests set it to a stub.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)
}

// ParseAllowList splits a comma-separated list of URL prefixes.
func ParseAllowList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// EndpointError is an endpoint that the guard rejects, with the reason.
type EndpointError struct {
	Endpoint string
	// Reason is one of the reasons below.
	Reason string
	// Addr is the address at fault, for ReasonPrivateAddress.
	Addr string
}

// Reasons of an EndpointError.
const (
	ReasonUnreadable     = "unreadable"
	ReasonNotHTTPS       = "not_https"
	ReasonUnresolvable   = "unresolvable"
	ReasonPrivateAddress = "private_address"
)

func (e *EndpointError) Error() string {
	if e.Addr != "" {
		return fmt.Sprintf("push endpoint rejected: %s (%s)", e.Reason, e.Addr)
	}
	return "push endpoint rejected: " + e.Reason
}

// Allowed reports whether endpoint starts with a prefix of the allow list.
func (g *Guard) Allowed(endpoint string) bool {
	for _, p := range g.Allow {
		if strings.HasPrefix(endpoint, p) {
			return true
		}
	}
	return false
}

// Check returns an *EndpointError unless endpoint is on the allow list or
// is an HTTPS URL whose host resolves only to public addresses. The
// sender checks again when it connects, since DNS answers may change.
func (g *Guard) Check(ctx context.Context, endpoint string) error {
	if g.Allowed(endpoint) {
		return nil
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || u.User != nil {
		return &EndpointError{Endpoint: endpoint, Reason: ReasonUnreadable}
	}
	if u.Scheme != "https" {
		return &EndpointError{Endpoint: endpoint, Reason: ReasonNotHTTPS}
	}

	addrs, err := g.resolve(ctx, u.Hostname())
	if err != nil || len(addrs) == 0 {
		return &EndpointError{Endpoint: endpoint, Reason: ReasonUnresolvable}
	}
	for _, a := range addrs {
		if !Public(a) {
			return &EndpointError{Endpoint: endpoint, Reason: ReasonPrivateAddress, Addr: a.String()}
		}
	}
	return nil
}

func (g *Guard) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	if g.Resolve != nil {
		return g.Resolve(ctx, host)
	}
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// Control is a net.Dialer Control function that refuses to connect to a
// non-public address. It runs after name resolution, on the address that
// the connection is about to use, so a name that resolved to a public
// address at registration and to a private one now is still refused.
func Control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("read dialed address %q: %w", address, err)
	}
	if !Public(ap.Addr()) {
		return &EndpointError{Reason: ReasonPrivateAddress, Addr: ap.Addr().String()}
	}
	return nil
}

// blocked lists the special-purpose ranges of the IANA registries that
// netip's predicates do not cover.
var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64, which can reach IPv4 private ranges
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4, which embeds any IPv4 address
}

// Public reports whether a is a global unicast address outside private,
// loopback, link-local, unspecified, multicast and other special ranges.
// An IPv4-mapped IPv6 address is judged as its IPv4 address.
func Public(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || !a.IsGlobalUnicast() || a.IsPrivate() || a.IsLoopback() ||
		a.IsLinkLocalUnicast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range blocked {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// IsEndpointError reports whether err is a rejection by the guard.
func IsEndpointError(err error) bool {
	var e *EndpointError
	return errors.As(err, &e)
}
