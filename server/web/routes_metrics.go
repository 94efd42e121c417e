package web

import (
	"context"
	"net/http"
	"net/netip"

	"github.com/gofiber/fiber/v2"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/metrics"
	"parc/server/push"
	"parc/server/store"
)

// metricsPath is the path that Prometheus scrapes.
const metricsPath = "/metrics"

// metricsRoutes registers GET /metrics. It is open in the table of rules
// because getMetrics lets in two kinds of caller: technicians by their
// session, and any client of the networks of --metrics-allow, such as
// the Prometheus server, which has no session.
func (s *server) metricsRoutes(root router) {
	root.handle(http.MethodGet, metricsPath, ruleOpen, s.getMetrics)
}

// getMetrics serves the metrics in the Prometheus text format. Any other
// caller, a user of another role included, gets 404 as if the route did
// not exist, so that outsiders cannot learn that the route exists.
func (s *server) getMetrics(c *fiber.Ctx) error {
	p := accounts.PrincipalOf(c)
	technician := p != nil && p.User.Role == accounts.RoleTechnician
	if !technician && !s.metricsAllow.contains(accounts.ClientIP(c)) {
		return apierr.New(http.StatusNotFound, "not_found", "route_not_found", apierr.Quote(c.Path()))
	}

	text, gatherErr, err := s.metrics.Write()
	if err != nil {
		return err
	}
	if gatherErr != nil {
		// The other metrics are still worth a scrape.
		s.log.Error("failed to collect some metrics", "request_id", requestID(c), "error", gatherErr)
	}
	c.Set(fiber.HeaderContentType, metrics.ContentType)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(text)
}

// networks is a set of IP networks, such as those of --metrics-allow.
type networks []netip.Prefix

// parseNetworks reads CIDR networks and single addresses. It skips
// invalid entries, which config.Load has already rejected.
func parseNetworks(list []string) networks {
	var out networks
	for _, entry := range list {
		if prefix, err := netip.ParsePrefix(entry); err == nil {
			out = append(out, prefix.Masked())
		} else if addr, err := netip.ParseAddr(entry); err == nil {
			out = append(out, netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen()))
		}
	}
	return out
}

// contains reports whether ip, a client address as accounts.ClientIP
// returns it, is in one of the networks.
func (n networks) contains(ip string) bool {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	for _, prefix := range n {
		if prefix.Contains(addr) {
			return true
		}
	}
	return false
}

// newMetrics returns the metrics of a server on st, with its connection
// pools, the depth of its push queue and, on SQLite, the age of the periodic backups of its data
// folder. PostgreSQL deployments are backed up with pg_dump, outside
// Parc, so they have no backup age.
func newMetrics(st *store.Store) (*metrics.Metrics, error) {
	opts := metrics.Options{Pools: []metrics.Pool{{Name: "writer", DB: st.DB.DB}, {Name: "reader", DB: st.Reader.DB}}}
	if st.Dialect == store.SQLite {
		opts.DataDir = st.DataDir
	}
	m, err := metrics.New(opts)
	if err != nil {
		return nil, err
	}
	m.SetQueueDepth(func(ctx context.Context) (int64, error) { return push.QueueDepth(ctx, st.Reader) })
	return m, nil
}
