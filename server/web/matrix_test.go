package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/tags"
)

// commune is one commune of the demo set with one record of each kind.
type commune struct {
	id, siteID, roomID, assetID, tag string
}

func demoCommune(t *testing.T, s *store.Store, name string) commune {
	t.Helper()
	ctx := context.Background()
	all := accounts.Scope{All: true}
	cs, err := assets.Communes(ctx, s.Reader, assets.CommuneFilter{Scope: all, Query: name}, assets.PageRequest{Limit: 1})
	if err != nil || len(cs.Items) != 1 {
		t.Fatalf("commune %s: %v", name, err)
	}
	c := commune{id: cs.Items[0].ID.String()}
	id := cs.Items[0].ID
	as, err := assets.Assets(ctx, s.Reader, assets.AssetFilter{Scope: all, CommuneID: &id, Kind: assets.KindPC, Query: "BE"}, assets.PageRequest{Limit: 50})
	if err != nil {
		t.Fatalf("assets of %s: %v", name, err)
	}
	for _, a := range as.Items {
		if a.RoomID != nil && a.Tag != nil {
			c.siteID, c.roomID, c.assetID, c.tag = a.SiteID.String(), a.RoomID.String(), a.ID.String(), *a.Tag
			return c
		}
	}
	t.Fatalf("no tagged PC in a room at %s", name)
	return c
}

// TestRouteRoleCommuneMatrix calls every registered route as an anonymous
// client, a technician, a committee member and the correspondent of
// Apprieu, with the ids of records of Châbons. Every route must have a
// rule; anonymous calls to guarded routes get 401, other roles 403; the
// correspondent never reads a record of Châbons.
func TestRouteRoleCommuneMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		own := demoCommune(t, s, "Apprieu")
		other := demoCommune(t, s, "Châbons")

		ctx := context.Background()
		otherUser, err := accounts.UserByEmail(ctx, s.Reader, "correspondant-chabons@demo.invalid")
		if err != nil {
			t.Fatalf("correspondent of Châbons: %v", err)
		}
		sessionFor(t, f, s, "correspondant-chabons@demo.invalid")
		victimSessions, err := accounts.SessionsOfUser(ctx, s.Reader, otherUser.ID, time.Now())
		if err != nil || len(victimSessions) == 0 {
			t.Fatalf("sessions of the correspondent of Châbons: %v", err)
		}

		emails := map[string]string{
			"anonymous": "", "technician": "technicien@demo.invalid", "committee": "comite@demo.invalid",
			"correspondent": "correspondant-apprieu@demo.invalid",
		}
		// Each call gets a new session, because a route such as logout ends
		// the one it runs with.
		identity := func(name string) fixture {
			if emails[name] == "" {
				return f.anonymous()
			}
			return sessionFor(t, f, s, emails[name])
		}
		roles := map[string]string{
			"technician": accounts.RoleTechnician, "committee": accounts.RoleCommittee,
			"correspondent": accounts.RoleCorrespondent,
		}
		foreign := []string{other.id, other.siteID, other.roomID, other.assetID, other.tag}

		_, spares, err := tags.Reserve(ctx, s.DB, nil, tags.Request{Prefix: "BE", Count: 1})
		if err != nil {
			t.Fatalf("reserve a spare tag: %v", err)
		}
		spare := spares[0]

		routes := 0
		for _, route := range f.app.GetRoutes(true) {
			if route.Method == http.MethodHead || route.Method == http.MethodConnect || route.Method == http.MethodTrace || route.Method == http.MethodOptions {
				continue
			}
			rule, ok := f.app.RuleOf(route.Method, route.Path)
			if !ok {
				t.Errorf("%s %s has no authorization rule", route.Method, route.Path)
				continue
			}
			routes++
			path := fillPath(route.Path, other, otherUser.ID.String(), victimSessions[0].ID.String())
			path = strings.Replace(path, "/app/:version/*", "/app/"+f.app.AppVersion()+"/main.js", 1)
			if strings.HasPrefix(route.Path, "/api/v1/tags/") {
				// Voiding takes a label off its asset: use a spare tag, so
				// the asset stays readable by tag below.
				path = strings.Replace(route.Path, ":tag", spare.String(), 1)
			}
			for name := range emails {
				r := identity(name).do(t, route.Method, path, "{}")
				switch {
				case rule.Public:
					if r.status == 401 || r.status == 403 {
						t.Errorf("%s %s as %s: %d on a public route", route.Method, path, name, r.status)
					}
				case name == "anonymous":
					if r.status != 401 {
						t.Errorf("%s %s as anonymous: %d, want 401", route.Method, path, r.status)
					}
				case !contains(rule.Roles, roles[name]):
					if r.status != 403 {
						t.Errorf("%s %s as %s: %d, want 403", route.Method, path, name, r.status)
					}
				default:
					if r.status == 401 || r.status == 403 || r.status >= 500 {
						t.Errorf("%s %s as %s: %d, want the route to run", route.Method, path, name, r.status)
					}
				}
				// The public page of a label shows anyone what the label
				// itself shows: its tag.
				if name == "correspondent" && r.status < 300 && !strings.HasPrefix(route.Path, "/t/") {
					for _, secret := range foreign {
						if strings.Contains(r.body, secret) {
							t.Errorf("%s %s as the correspondent of Apprieu leaks %s of Châbons: %.300s", route.Method, path, secret, r.body)
						}
					}
				}
			}
		}
		if routes < 20 {
			t.Errorf("only %d routes checked", routes)
		}

		// The correspondent does read the records of their own commune, so
		// the checks above can fail.
		corr := identity("correspondent")
		for _, path := range []string{
			"/api/v1/communes/" + own.id, "/api/v1/sites/" + own.siteID, "/api/v1/rooms/" + own.roomID,
			"/api/v1/assets/" + own.assetID, "/api/v1/assets/by-tag/" + own.tag,
		} {
			if r := corr.get(t, path); r.status != 200 {
				t.Errorf("GET %s as the correspondent of Apprieu: %d, want 200", path, r.status)
			}
		}
		for _, path := range []string{"/api/v1/communes", "/api/v1/sites", "/api/v1/rooms", "/api/v1/assets"} {
			r := corr.get(t, path+"?limit=500")
			if r.status != 200 || !strings.Contains(r.body, own.id) && !strings.Contains(r.body, `"commune_id":"`+own.id) {
				t.Errorf("GET %s as the correspondent of Apprieu: %d, lacks Apprieu", path, r.status)
			}
		}
		tech := identity("technician")
		if r := tech.get(t, "/api/v1/assets/by-tag/"+other.tag); r.status != 200 {
			t.Errorf("technician reading Châbons by tag: %d, want 200", r.status)
		}
	})
}

// sessionFor returns the fixture with a new session of the user, made in
// the database without the cost of a password check.
func sessionFor(t *testing.T, f fixture, s *store.Store, email string) fixture {
	t.Helper()
	ctx := context.Background()
	u, err := accounts.UserByEmail(ctx, s.Reader, email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	session, token, err := accounts.CreateSession(ctx, s.DB, u.ID, "matrix test", "127.0.0.1", time.Hour)
	if err != nil {
		t.Fatalf("session of %s: %v", email, err)
	}
	f.cookie = accounts.SessionCookie + "=" + token
	f.csrf = session.CSRFToken
	return f
}

// fillPath puts ids of records of the other commune in a route pattern.
func fillPath(pattern string, c commune, userID, sessionID string) string {
	ids := map[string]string{
		"/api/v1/communes/:id": c.id, "/api/v1/sites/:id": c.siteID, "/api/v1/rooms/:id": c.roomID,
		"/api/v1/assets/:id": c.assetID, "/api/v1/users/:id": userID, "/api/v1/sessions/:id": sessionID,
	}
	for prefix, id := range ids {
		if strings.HasPrefix(pattern, prefix) {
			pattern = strings.Replace(pattern, ":id", id, 1)
		}
	}
	return strings.Replace(pattern, ":tag", c.tag, 1)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
