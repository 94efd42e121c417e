package accounts

import (
	"slices"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
)

// Principal is the logged-in user of a request and the session it came
// with.
type Principal struct {
	User    User
	Session Session
}

const localPrincipal = "principal"

// SetPrincipal attaches the logged-in user to a request.
func SetPrincipal(c *fiber.Ctx, p *Principal) {
	c.Locals(localPrincipal, p)
}

// PrincipalOf returns the logged-in user of a request, or nil for an
// anonymous one.
func PrincipalOf(c *fiber.Ctx) *Principal {
	p, _ := c.Locals(localPrincipal).(*Principal)
	return p
}

// Scope is the part of the fleet a user may read: every commune, or the
// communes a correspondent is responsible for.
type Scope struct {
	All      bool
	Communes []uuid.UUID
}

// Allows reports whether the scope covers a commune.
func (s Scope) Allows(communeID uuid.UUID) bool {
	return s.All || slices.Contains(s.Communes, communeID)
}

// ScopeOf returns the scope of a request: everything for technicians and
// committee members, their communes for correspondents, nothing for an
// anonymous request.
func ScopeOf(c *fiber.Ctx) Scope {
	p := PrincipalOf(c)
	if p == nil {
		return Scope{}
	}
	if p.User.Role == RoleCorrespondent {
		return Scope{Communes: p.User.CommuneIDs}
	}
	return Scope{All: true}
}

const localClientIP = "client_ip"

// SetClientIP records the address of the client of a request, as the web
// layer worked it out from the trusted proxies.
func SetClientIP(c *fiber.Ctx, ip string) {
	c.Locals(localClientIP, ip)
}

// ClientIP returns the address of the client of a request.
func ClientIP(c *fiber.Ctx) string {
	if ip, ok := c.Locals(localClientIP).(string); ok {
		return ip
	}
	return c.Context().RemoteIP().String()
}
