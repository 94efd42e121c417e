package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/store"
)

// Rule states who may call a route. Every route has one: a test walks the
// routes and fails on any without.
type Rule struct {
	// Public routes are open without login.
	Public bool
	// Roles may call the route once logged in.
	Roles []string
	// SkipCSRF exempts a state-changing route from the CSRF check: only
	// the login itself, which has no session yet.
	SkipCSRF bool
}

var (
	ruleOpen  = Rule{Public: true}
	ruleLogin = Rule{Public: true, SkipCSRF: true}
	// rulePublicForm is for the form of a public HTML page, which an HTML
	// form cannot send with a header: its handler checks the token of
	// its own cookie, repeated in the form.
	rulePublicForm  = Rule{Public: true, SkipCSRF: true}
	ruleAnyUser     = Rule{Roles: accounts.Roles}
	ruleTechnicians = Rule{Roles: []string{accounts.RoleTechnician}}
	// ruleFieldUsers is for the writes of technicians and correspondents,
	// such as requests; the committee reads them only.
	ruleFieldUsers = Rule{Roles: []string{accounts.RoleTechnician, accounts.RoleCorrespondent}}
	// ruleStaff is for reads that technicians and committee members share
	// and correspondents do not get, such as the deployment settings.
	ruleStaff = Rule{Roles: []string{accounts.RoleTechnician, accounts.RoleCommittee}}
)

// authenticate attaches the logged-in user of the session cookie, if any,
// to the request. An unknown, revoked or expired session leaves the
// request anonymous and clears the cookie.
func (s *server) authenticate(c *fiber.Ctx) error {
	// The session and tag caches of one request share one read of the
	// database's data version.
	c.SetUserContext(store.WithVersionMemo(c.UserContext()))

	token := c.Cookies(accounts.SessionCookie)
	if token == "" {
		return c.Next()
	}

	p, touched, err := s.sessions.Principal(c.UserContext(), token, time.Now())
	switch {
	case err == nil:
		accounts.SetPrincipal(c, p)
		if touched {
			accounts.SetSessionCookie(c, token, p.Session.ExpiresAt)
		}
	case errors.Is(err, accounts.ErrNoSession):
		accounts.ClearSessionCookie(c)
	default:
		return err
	}
	return c.Next()
}

// authorize returns the middleware that enforces rule on one route:
// 401 without login, 403 for another role, then 403 for a state-changing
// request without the session's CSRF token.
func authorize(rule Rule) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := accounts.PrincipalOf(c)
		if !rule.Public {
			if p == nil {
				return apierr.New(http.StatusUnauthorized, "unauthenticated", "unauthenticated")
			}
			if !slices.Contains(rule.Roles, p.User.Role) {
				return apierr.New(http.StatusForbidden, "forbidden", "forbidden")
			}
		}
		if !rule.SkipCSRF && changesState(c.Method()) && !validCSRF(c, p) {
			return apierr.New(http.StatusForbidden, "csrf", "csrf")
		}
		return c.Next()
	}
}

func changesState(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// validCSRF compares the X-CSRF-Token header with the session's token, or
// for an anonymous client with the token of its CSRF cookie.
func validCSRF(c *fiber.Ctx, p *accounts.Principal) bool {
	got := c.Get("X-CSRF-Token")
	want := c.Cookies(accounts.CSRFCookie)
	if p != nil {
		want = p.Session.CSRFToken
	}
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
