package calendar

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	// The feed converts Paris times to UTC on any host, even one without
	// a zone database.
	_ "time/tzdata"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/assets"
)

// Paris is the zone of the service's working days.
var Paris = mustLoadZone("Europe/Paris")

func mustLoadZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("calendar: load time zone %s: %v", name, err))
	}
	return loc
}

// Parc plans work by the day. The feed shows a planned day as the
// service's working hours in Paris, so that it appears at the right time
// on every calendar whatever its zone.
const (
	dayStartHour = 9
	dayEndHour   = 17
)

// lookBack is how far in the past the feed starts: recent work stays
// visible, older work leaves the feed.
const lookBack = 90 * 24 * time.Hour

// workingDay returns the start and end of a planned day in Paris.
func workingDay(d assets.Date) (time.Time, time.Time) {
	start := time.Date(d.Year(), d.Month(), d.Day(), dayStartHour, 0, 0, 0, Paris)
	end := time.Date(d.Year(), d.Month(), d.Day(), dayEndHour, 0, 0, 0, Paris)
	return start, end
}

// planned is one planned record of any kind, read with its place.
type planned struct {
	ID          uuid.UUID   `bun:"id"`
	Day         assets.Date `bun:"day"`
	Status      string      `bun:"status"`
	Detail      string      `bun:"detail"`
	SiteName    string      `bun:"site_name"`
	SiteAddress *string     `bun:"site_address"`
	CommuneName string      `bun:"commune_name"`
	UpdatedAt   time.Time   `bun:"updated_at"`
	Version     int         `bun:"version"`
}

// source describes one kind of planned record to the feed.
type source struct {
	// uid names the kind in event UIDs.
	uid, table, alias, dayColumn, detail string
	// where is the condition that selects the planned records.
	where string
	// summary is the event's title, before the site's name.
	summary string
}

var sources = []source{
	{uid: "visit", table: "maintenance_visits", alias: "mv", dayColumn: "planned_for", detail: "note",
		where: "mv.status <> 'cancelled'", summary: "Visite de maintenance"},
	{uid: "request", table: "requests", alias: "rq", dayColumn: "planned_for", detail: "description",
		where: "rq.planned_for IS NOT NULL AND rq.status IN ('planned', 'in_progress')", summary: "Intervention planifiée"},
	{uid: "work-order", table: "work_orders", alias: "wo", dayColumn: "worked_on", detail: "notes",
		where: "wo.status = 'planned'", summary: "Bon d'intervention"},
}

// Events returns the planned work of scope from since on, by day.
func Events(ctx context.Context, db bun.IDB, scope accounts.Scope, since time.Time) ([]Event, error) {
	from := assets.Date{Time: since.In(Paris).Add(-lookBack)}
	var events []Event
	for _, src := range sources {
		rows, err := src.load(ctx, db, scope, from)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			events = append(events, src.event(r))
		}
	}
	sortEvents(events)
	return events, nil
}

func (src source) load(ctx context.Context, db bun.IDB, scope accounts.Scope, from assets.Date) ([]planned, error) {
	a := src.alias
	var rows []planned
	q := db.NewSelect().TableExpr(src.table+" AS "+a).
		ColumnExpr(a+".id, "+a+"."+src.dayColumn+" AS day, "+a+".status, "+a+"."+src.detail+" AS detail").
		ColumnExpr(a+".updated_at, "+a+".version").
		ColumnExpr("s.name AS site_name, s.address AS site_address, c.name AS commune_name").
		Join("JOIN sites AS s ON s.id = "+a+".site_id").
		Join("JOIN communes AS c ON c.id = s.commune_id").
		Where(src.where).
		Where(a+"."+src.dayColumn+" >= ?", from)
	if !scope.All {
		if len(scope.Communes) == 0 {
			return nil, nil
		}
		q = q.Where("s.commune_id IN (?)", bun.In(scope.Communes))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("select planned %s: %w", src.table, err)
	}
	return rows, nil
}

func (src source) event(r planned) Event {
	start, end := workingDay(r.Day)
	location := r.SiteName + ", " + r.CommuneName
	if r.SiteAddress != nil && strings.TrimSpace(*r.SiteAddress) != "" {
		location = r.SiteName + ", " + strings.TrimSpace(*r.SiteAddress)
	}
	return Event{
		UID:   src.uid + "-" + r.ID.String() + "@parc",
		Start: start, End: end, Stamp: r.UpdatedAt,
		Summary:     src.summary + " : " + r.SiteName + " (" + r.CommuneName + ")",
		Description: r.Detail, Location: location, Sequence: r.Version - 1, Status: "CONFIRMED",
	}
}

func sortEvents(events []Event) {
	sort.SliceStable(events, func(i, j int) bool { return events[i].Start.Before(events[j].Start) })
}
