package calendar_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/calendar"
	"parc/server/demo"
	"parc/server/maintenance"
	"parc/server/requests"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/sync"
)

// parsedEvent is an event as testdata/parse.mjs prints it.
type parsedEvent struct {
	UID         string `json:"uid"`
	Summary     string `json:"summary"`
	Description string `json:"description"`
	Location    string `json:"location"`
	StartUTC    string `json:"start_utc"`
	StartParis  string `json:"start_paris"`
	EndParis    string `json:"end_paris"`
}

// parseWithICALJS reads a feed with the ical.js package run by Node.
func parseWithICALJS(t *testing.T, feed []byte) map[string]parsedEvent {
	t.Helper()
	if _, err := os.Stat("testdata/icaljs/node_modules/ical.js/package.json"); err != nil {
		t.Fatalf("ical.js is not installed: run npm ci --prefix server/calendar/testdata/icaljs (%v)", err)
	}
	path := filepath.Join(t.TempDir(), "feed.ics")
	if err := os.WriteFile(path, feed, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("node", "testdata/parse.mjs", path).Output()
	if err != nil {
		t.Fatalf("ical.js rejected the feed: %v\n%s", err, feed)
	}
	var parsed struct {
		Events []parsedEvent `json:"events"`
	}
	if err := json.Unmarshal(out, &parsed); err != nil {
		t.Fatalf("decode ical.js output %s: %v", out, err)
	}
	byUID := map[string]parsedEvent{}
	for _, e := range parsed.Events {
		byUID[e.UID] = e
	}
	return byUID
}

// townHall returns the town hall of the commune with that slug.
func townHall(t *testing.T, s *store.Store, slug string) assets.Site {
	t.Helper()
	var site assets.Site
	err := s.Reader.NewSelect().Model(&site).Join("JOIN communes AS c ON c.id = s.commune_id").
		Where("c.slug = ?", slug).Where("s.kind = ?", assets.SiteKindTownHall).Limit(1).Scan(context.Background())
	if err != nil {
		t.Fatalf("town hall of %s: %v", slug, err)
	}
	return site
}

// addVisit stores a planned visit of the round of day's year at site.
func addVisit(t *testing.T, s *store.Store, site assets.Site, day assets.Date, note string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	campaign := maintenance.Campaign{ID: uuid.Must(uuid.NewV7()), Year: day.Year(), CreatedAt: now, UpdatedAt: now, Version: 1}
	if _, err := s.DB.NewInsert().Model(&campaign).On("CONFLICT (year) DO NOTHING").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.DB.NewSelect().Model(&campaign).Where("year = ?", day.Year()).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	v := maintenance.Visit{
		ID: uuid.Must(uuid.NewV7()), CampaignID: campaign.ID, SiteID: site.ID, PlannedFor: day,
		Status: maintenance.StatusPlanned, Note: note, CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	if _, err := s.DB.NewInsert().Model(&v).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	return v.ID
}

func TestFeedParisTimesAcrossDaylightSaving(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
			t.Fatal(err)
		}
		chabons, apprieu := townHall(t, s, "chabons"), townHall(t, s, "apprieu")
		// Summer time starts in Paris on the last Sunday of March. Take
		// next year's, since a request cannot be planned in the past.
		friday, monday := aroundSummerTime(time.Now().Year() + 1)
		note := "Apporter les clés USB, le câble réseau ; prévoir 2 h\nDemander la secrétaire, merci — accès par la cour arrière du bâtiment"
		before := addVisit(t, s, chabons, assets.NewDate(friday.Year(), friday.Month(), friday.Day()), note)
		after := addVisit(t, s, chabons, assets.NewDate(monday.Year(), monday.Month(), monday.Day()), "")
		other := addVisit(t, s, apprieu, assets.NewDate(monday.Year(), monday.Month(), monday.Day()), "")

		request := planRequest(t, s, apprieu, monday.Format(time.DateOnly))

		events, err := calendar.Events(ctx, s.Reader, accounts.Scope{All: true}, time.Date(friday.Year(), time.March, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		var feed bytes.Buffer
		if err := calendar.WriteCalendar(&feed, "Parc – Jeanne, technicienne", events); err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(strings.TrimSuffix(feed.String(), "\r\n"), "\r\n") {
			if len(line) > 75 {
				t.Errorf("line %d is %d octets long, over 75: %q", i+1, len(line), line)
			}
		}

		parsed := parseWithICALJS(t, feed.Bytes())
		for _, c := range []struct {
			id                 uuid.UUID
			startUTC, startLoc string
		}{
			{before, friday.Format(time.DateOnly) + "T08:00:00.000Z", friday.Format(time.DateOnly) + " 09:00"},
			{after, monday.Format(time.DateOnly) + "T07:00:00.000Z", monday.Format(time.DateOnly) + " 09:00"},
		} {
			e, ok := parsed["visit-"+c.id.String()+"@parc"]
			if !ok {
				t.Fatalf("visit %s missing from %v", c.id, parsed)
			}
			if e.StartUTC != c.startUTC || e.StartParis != c.startLoc {
				t.Errorf("visit %s starts %s (%s in Paris), want %s (%s)", c.id, e.StartUTC, e.StartParis, c.startUTC, c.startLoc)
			}
			if !strings.HasSuffix(e.EndParis, " 17:00") {
				t.Errorf("visit %s ends %s in Paris, want 17:00", c.id, e.EndParis)
			}
		}
		if got := parsed["request-"+request.String()+"@parc"]; got.StartUTC != monday.Format(time.DateOnly)+"T07:00:00.000Z" || !strings.Contains(got.Summary, "Intervention planifiée") {
			t.Errorf("planned request read back as %+v, want it at 09:00 in Paris on %s", got, monday.Format(time.DateOnly))
		}
		if got := parsed["visit-"+before.String()+"@parc"]; got.Description != note || !strings.Contains(got.Summary, chabons.Name) {
			t.Errorf("folded and escaped event read back as summary %q description %q, want %q", got.Summary, got.Description, note)
		}

		apprieuOnly := accounts.Scope{Communes: []uuid.UUID{apprieu.CommuneID}}
		scoped, err := calendar.Events(ctx, s.Reader, apprieuOnly, time.Date(friday.Year(), time.March, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range scoped {
			found = found || e.UID == "visit-"+other.String()+"@parc"
			if strings.Contains(e.Summary, "Châbons") {
				t.Errorf("correspondent of Apprieu sees %q of Châbons", e.Summary)
			}
		}
		if !found {
			t.Errorf("correspondent of Apprieu lacks the Apprieu visit in %+v", scoped)
		}
	})
}

// aroundSummerTime returns the Friday before and the Monday after the
// Sunday on which summer time starts in Paris in that year: the last
// Sunday of March.
func aroundSummerTime(year int) (friday, monday time.Time) {
	lastOfMarch := time.Date(year, time.March, 31, 0, 0, 0, 0, time.UTC)
	sunday := lastOfMarch.AddDate(0, 0, -int(lastOfMarch.Weekday()))
	return sunday.AddDate(0, 0, -2), sunday.AddDate(0, 0, 1)
}

// planRequest files a request at site through the requests writer and
// plans it for day, as a technician does.
func planRequest(t *testing.T, s *store.Store, site assets.Site, day string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	var techID uuid.UUID
	if err := s.Reader.NewSelect().Table("users").Column("id").Where("email = ?", "technicien@demo.invalid").Scan(ctx, &techID); err != nil {
		t.Fatal(err)
	}
	actor := sync.Actor{UserID: techID, Role: accounts.RoleTechnician, Scope: accounts.Scope{All: true}}
	set := func(v string) assets.Field[string] { return assets.Field[string]{Set: true, Value: v} }
	w := &requests.Writer{DB: s.DB}
	r, err := w.Create(ctx, actor, requests.RequestBody{
		SiteID: set(site.ID.String()), Category: set("os_repair"), Urgency: set("normal"), Description: set("Le PC de l'accueil redémarre seul"),
	})
	if err != nil {
		t.Fatalf("file a request: %v", err)
	}
	version := r.Version
	if _, err := w.Change(ctx, actor, r.ID, requests.RequestBody{Version: &version, Status: set("planned"), PlannedFor: set(day)}); err != nil {
		t.Fatalf("plan the request: %v", err)
	}
	return r.ID
}
