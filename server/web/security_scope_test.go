package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/requests"
	"parc/server/store"
	"parc/server/store/storetest"
)

// foreignRecords holds one record of every kind that a route names in
// its path, all of Châbons, by the route pattern up to the parameter
// that takes the record's id or tag.
type foreignRecords struct {
	byPattern map[string]string
	// secrets are the ids and texts of these records that must never
	// reach the correspondent of another commune.
	secrets []string
}

// newForeignRecords creates, through the API as Châbons' correspondent
// and a technician, one record of each kind in Châbons.
func newForeignRecords(t *testing.T, f fixture, s *store.Store) foreignRecords {
	t.Helper()
	ctx := context.Background()
	tech := sessionFor(t, f, s, "technicien@demo.invalid")
	corr := sessionFor(t, f, s, "correspondant-chabons@demo.invalid")
	c := demoCommune(t, s, "Châbons")
	school := siteOf(t, s, "chabons", "school")
	townHall := siteOf(t, s, "chabons", "town_hall")

	photo := uploaded(t, corr, "photo", "ecran.jpg", testPhoto(t, 64, 48))
	req := corr.do(t, http.MethodPost, "/api/v1/requests", requestBody(school, "os_repair", `,"photo_ids":["`+photo.id()+`"]`))
	expect(t, "request of Châbons", req, http.StatusCreated)
	requestID := decodeRecord(t, req).id()
	expect(t, "comment of Châbons", corr.do(t, http.MethodPost, "/api/v1/requests/"+requestID+"/comments", `{"body":"Écran noir en salle 2"}`), http.StatusCreated)

	report, err := (&requests.Writer{DB: s.DB}).FileReport(ctx, uuid.MustParse(c.assetID),
		requests.ReportForm{ReporterName: "Mme Secret", Description: "Le vidéoprojecteur clignote"})
	if err != nil {
		t.Fatalf("problem report of Châbons: %v", err)
	}

	wo := tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(school, ""))
	expect(t, "work order of Châbons", wo, http.StatusCreated)
	workOrderID := decodeRecord(t, wo).id()
	expect(t, "time entry of Châbons", addEntry(t, tech, workOrderID, `{"kind":"manual","minutes":10,"reason":"Appel au fournisseur"}`), http.StatusCreated)

	spares := listSpares(t, tech)
	if len(spares) == 0 {
		t.Fatal("the demo set has no spare PC")
	}
	loan := tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "chabons", spareRef(spares[0]), 7))
	expect(t, "loan to Châbons", loan, http.StatusCreated)

	expect(t, "campaign 2030", tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":2030}`), http.StatusCreated)
	visit := tech.do(t, http.MethodPost, "/api/v1/maintenance/visits", visitBody(townHall, "2030-07-08"))
	expect(t, "maintenance visit in Châbons", visit, http.StatusCreated)

	expect(t, "location labels of Châbons", tech.do(t, http.MethodPost, "/api/v1/labels", `{"template":"avery-l7160","site":"`+school.String()+`"}`), http.StatusOK)
	placeTag := dbValue[string](t, s, "SELECT tag FROM tags WHERE site_id = ? AND room_id IS NULL", school)

	user, err := accounts.UserByEmail(ctx, s.Reader, "correspondant-chabons@demo.invalid")
	if err != nil {
		t.Fatalf("correspondent of Châbons: %v", err)
	}
	sessions, err := accounts.SessionsOfUser(ctx, s.Reader, user.ID, time.Now())
	if err != nil || len(sessions) == 0 {
		t.Fatalf("sessions of the correspondent of Châbons: %v", err)
	}

	ids := map[string]string{
		"/api/v1/communes/:id":                c.id,
		"/api/v1/sites/:id":                   c.siteID,
		"/api/v1/rooms/:id":                   c.roomID,
		"/api/v1/assets/:id":                  c.assetID,
		"/api/v1/assets/by-tag/:tag":          c.tag,
		"/api/v1/places/by-tag/:tag":          placeTag,
		"/api/v1/requests/:id":                requestID,
		"/api/v1/problem-reports/:id":         report.ID.String(),
		"/api/v1/work-orders/:id":             workOrderID,
		"/api/v1/loans/:id":                   decodeRecord(t, loan).id(),
		"/api/v1/loans/by-tag/:tag":           spareRef(spares[0]),
		"/api/v1/spares/:asset_id":            spares[0].AssetID,
		"/api/v1/maintenance/visits/:id":      decodeRecord(t, visit).id(),
		"/api/v1/maintenance/campaigns/:year": "2030",
		"/api/v1/files/:id":                   photo.id(),
		"/api/v1/users/:id":                   user.ID.String(),
		"/api/v1/sessions/:id":                sessions[0].ID.String(),
		"/api/v1/tags/:tag":                   placeTag,
		"/t/:tag":                             c.tag,
	}
	secrets := []string{c.id, c.siteID, c.roomID, c.assetID, c.tag, placeTag, requestID, report.ID.String(),
		"Mme Secret", workOrderID, decodeRecord(t, visit).id(), photo.id(), user.ID.String(), sessions[0].ID.String(), "Écran noir en salle 2"}
	return foreignRecords{byPattern: ids, secrets: secrets}
}

// fill returns the route pattern with the record of its longest known
// prefix, or false when no record fits it.
func (fr foreignRecords) fill(pattern string) (string, bool) {
	best := ""
	for prefix := range fr.byPattern {
		if strings.HasPrefix(pattern, prefix) && len(prefix) > len(best) {
			best = prefix
		}
	}
	if best == "" {
		return "", false
	}
	param := best[strings.LastIndex(best, "/")+1:]
	return strings.Replace(pattern, param, fr.byPattern[best], 1), true
}

// TestForeignIDsOnEveryRoute walks every route with a parameter and
// calls it as the correspondent of Apprieu with the id or tag of a
// record of Châbons. A route they may call returns 404 and a route of
// other roles 403, and neither returns any text of the record. A route
// that correspondents may call fails the test when its parameter has no
// record of Châbons here, so each new route of theirs gets one.
func TestForeignIDsOnEveryRoute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		records := newForeignRecords(t, f, s)
		apprieu := sessionFor(t, f, s, "correspondant-apprieu@demo.invalid")
		chabons := sessionFor(t, f, s, "correspondant-chabons@demo.invalid")

		checked := 0
		for _, route := range f.app.GetRoutes(true) {
			if !strings.Contains(route.Path, "/:") || skippedMethod(route.Method) {
				continue
			}
			rule, _ := f.app.RuleOf(route.Method, route.Path)
			if rule.Public {
				continue // the label page shows anyone the tag its label shows
			}
			allowed := slices.Contains(rule.Roles, accounts.RoleCorrespondent)
			path, ok := records.fill(route.Path)
			switch {
			case !ok && allowed:
				t.Errorf("%s %s: no record of Châbons for its parameter", route.Method, route.Path)
				continue
			case !ok:
				// The role check comes first, so any id shows it.
				path = anyParam.ReplaceAllString(route.Path, "0199044a-440c-76fe-8043-000000000000")
			}
			checked++

			r := apprieu.do(t, route.Method, path, foreignBody(route.Path))
			switch {
			case globalRoute(route.Path):
				if r.status >= 500 {
					t.Errorf("%s %s as Apprieu: %d", route.Method, path, r.status)
				}
			case allowed && r.status != http.StatusNotFound:
				t.Errorf("%s %s as Apprieu: %d %.300s, want 404", route.Method, path, r.status, r.body)
			case !allowed && r.status != http.StatusForbidden:
				t.Errorf("%s %s as Apprieu: %d, want 403 for the role", route.Method, path, r.status)
			}
			for _, secret := range records.secrets {
				if strings.Contains(r.body, secret) && !strings.Contains(path, secret) {
					t.Errorf("%s %s as Apprieu returns %q of Châbons: %.300s", route.Method, path, secret, r.body)
				}
			}

			// Châbons' own correspondent reads the record, so the ids
			// above name real records.
			if route.Method == http.MethodGet && allowed && !globalRoute(route.Path) && !strings.HasPrefix(route.Path, "/api/v1/sessions/") {
				if r := chabons.get(t, path); r.status != http.StatusOK {
					t.Errorf("GET %s as Châbons: %d %.200s, want 200", path, r.status, r.body)
				}
			}
		}
		if checked < 25 {
			t.Errorf("only %d routes with a parameter checked", checked)
		}
	})
}

// anyParam matches a parameter of a route pattern.
var anyParam = regexp.MustCompile(`:[a-z_]+`)

func skippedMethod(method string) bool {
	return method == http.MethodHead || method == http.MethodConnect || method == http.MethodTrace || method == http.MethodOptions
}

// globalRoute reports whether a route reads a record shared by every
// commune, such as the yearly maintenance campaign.
func globalRoute(pattern string) bool {
	return strings.HasPrefix(pattern, "/api/v1/maintenance/campaigns/")
}

// foreignBody returns a well-formed body for a write route, so that the
// scope check and not a body check decides the status.
func foreignBody(pattern string) string {
	bodies := map[string]string{
		"/api/v1/requests/:id":                  `{"version":1,"description":"Changement"}`,
		"/api/v1/requests/:id/comments":         `{"body":"Bonjour"}`,
		"/api/v1/problem-reports/:id/convert":   `{"category":"os_repair","urgency":"blocking"}`,
		"/api/v1/problem-reports/:id/dismiss":   `{"reason":"Doublon"}`,
		"/api/v1/sessions/:id":                  ``,
		"/api/v1/maintenance/visits/:id":        `{"version":1,"note":"RAS"}`,
		"/api/v1/work-orders/:id":               `{"version":1}`,
		"/api/v1/work-orders/:id/time-entries":  `{"kind":"manual","minutes":5,"reason":"Appel"}`,
		"/api/v1/loans/:id/return":              `{"return_condition":"ok"}`,
		"/api/v1/maintenance/visits/:id/checks": `{"updates":true}`,
		"/api/v1/users/:id/reset-password":      `{}`,
	}
	if body, ok := bodies[pattern]; ok {
		return body
	}
	return "{}"
}

// TestForeignFiltersOnEveryList calls every list that correspondents may
// read as the correspondent of Apprieu, with each filter set to the ids
// of Châbons records. No response may carry any text of those records.
// It runs on SQLite only, since it sends about 4000 requests and the
// scope of each list is the same query on both engines.
func TestForeignFiltersOnEveryList(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	f := newFixture(t, s, true)
	records := newForeignRecords(t, f, s)
	apprieu := sessionFor(t, f, s, "correspondant-apprieu@demo.invalid")
	filters := []string{"commune", "commune_id", "site", "site_id", "room", "room_id", "asset", "asset_id", "request_id", "id", "q"}

	checked := 0
	for _, route := range f.app.GetRoutes(true) {
		rule, _ := f.app.RuleOf(route.Method, route.Path)
		if route.Method != http.MethodGet || !strings.HasPrefix(route.Path, "/api/v1/") || strings.Contains(route.Path, ":") ||
			!slices.Contains(rule.Roles, accounts.RoleCorrespondent) {
			continue
		}
		checked++
		for _, filter := range filters {
			for pattern, id := range records.byPattern {
				r := apprieu.get(t, route.Path+"?"+filter+"="+url.QueryEscape(id))
				for _, secret := range records.secrets {
					if secret != id && strings.Contains(r.body, secret) {
						t.Errorf("GET %s?%s= the id of %s, as Apprieu, returns %q of Châbons: %.300s", route.Path, filter, pattern, secret, r.body)
					}
				}
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d lists checked", checked)
	}

	// Châbons' own correspondent finds the records through the same
	// filters, so the checks above can fail.
	chabons := sessionFor(t, f, s, "correspondant-chabons@demo.invalid")
	requestID := records.byPattern["/api/v1/requests/:id"]
	if r := chabons.get(t, "/api/v1/requests?commune_id="+records.byPattern["/api/v1/communes/:id"]); !strings.Contains(r.body, requestID) {
		t.Errorf("GET /api/v1/requests?commune_id= as Châbons lacks request %s: %.300s", requestID, r.body)
	}
}
