package web

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"

	"parc/server/accounts"
)

// proxies is the set of trusted reverse proxies.
type proxies []netip.Prefix

func parseProxies(list []string) proxies {
	var out proxies
	for _, p := range list {
		if prefix, err := netip.ParsePrefix(p); err == nil {
			out = append(out, prefix.Masked())
		} else if addr, err := netip.ParseAddr(p); err == nil {
			out = append(out, netip.PrefixFrom(addr, addr.BitLen()))
		}
	}
	return out
}

func (p proxies) trusts(addr netip.Addr) bool {
	for _, prefix := range p {
		if prefix.Contains(addr.Unmap()) {
			return true
		}
	}
	return false
}

// clientIP finds the client's address for the login limits and the
// session list. Behind trusted proxies it reads X-Forwarded-For from the
// right and takes the first address that is not a trusted proxy: proxies
// append to the header, so everything left of that point is whatever the
// client chose to send.
func (p proxies) clientIP(c *fiber.Ctx) string {
	remote, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.Context().RemoteIP().String()
	}
	remote = remote.Unmap()
	if !p.trusts(remote) {
		return remote.String()
	}

	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	client := remote
	for i := len(hops) - 1; i >= 0; i-- {
		addr, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		client = addr.Unmap()
		if !p.trusts(client) {
			break
		}
	}
	return client.String()
}

// withClientIP records the client's address for the handlers.
func (s *server) withClientIP(c *fiber.Ctx) error {
	accounts.SetClientIP(c, s.proxies.clientIP(c))
	return c.Next()
}
