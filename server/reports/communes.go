package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/workorders"
)

// Warnings of a commune's time, in percent of its allowance.
const (
	WarningNear = "80"
	WarningOver = "100"
)

// CommuneTime is the work time a commune used in a year against its
// allowance.
type CommuneTime struct {
	CommuneID   uuid.UUID `json:"commune_id"`
	CommuneName string    `json:"commune_name"`
	// MinutesSpent sums the work minutes, travel left out, of the work
	// orders in progress or done whose day of work falls in the year.
	MinutesSpent     int `json:"minutes_spent"`
	AllowanceMinutes int `json:"allowance_minutes"`
	// Percent is MinutesSpent in percent of AllowanceMinutes, rounded
	// down to a tenth, so it reaches 80 exactly when the warning does. It
	// is nil without an allowance.
	Percent *float64 `json:"percent"`
	// Warning is "80" from 80 % of the allowance, "100" from 100 %, nil
	// below or without an allowance.
	Warning *string `json:"warning"`
}

// CommuneTimes returns the time of each commune of scope in year: every
// active commune, and an archived one that has time that year, ordered by
// slug. Time at a library or at the CCBE's office counts for the CCBE
// entry (the commune of kind intercommunality), wherever the site is.
// Without such an entry, it counts for the site's commune.
func CommuneTimes(ctx context.Context, db bun.IDB, scope accounts.Scope, year int) ([]CommuneTime, error) {
	spent, err := minutesByCommune(ctx, db, year)
	if err != nil {
		return nil, err
	}
	var communes []assets.Commune
	q := db.NewSelect().Model(&communes).OrderExpr("c.slug")
	if !scope.All {
		if len(scope.Communes) == 0 {
			return []CommuneTime{}, nil
		}
		q = q.Where("c.id IN (?)", bun.In(scope.Communes))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list communes for the time report: %w", err)
	}

	out := []CommuneTime{}
	for _, c := range communes {
		if c.ArchivedAt != nil && spent[c.ID] == 0 {
			continue
		}
		out = append(out, communeTime(c, spent[c.ID]))
	}
	return out, nil
}

// communeTime returns the time of commune c given the minutes it spent.
func communeTime(c assets.Commune, spent int) CommuneTime {
	t := CommuneTime{CommuneID: c.ID, CommuneName: c.Name, MinutesSpent: spent, AllowanceMinutes: c.AllowanceMinutes}
	allowance := int64(c.AllowanceMinutes)
	if allowance <= 0 {
		return t
	}
	tenths := int64(spent) * 1000 / allowance
	percent := float64(tenths) / 10
	t.Percent = &percent
	switch {
	case int64(spent) >= allowance:
		t.Warning = ptr(WarningOver)
	case int64(spent)*100 >= 80*allowance:
		t.Warning = ptr(WarningNear)
	}
	return t
}

func ptr(s string) *string { return &s }

// siteMinutes is the work time of the work orders of one kind of site in
// one commune.
type siteMinutes struct {
	CommuneID uuid.UUID `bun:"commune_id"`
	Kind      string    `bun:"kind"`
	Minutes   int64     `bun:"minutes"`
}

// minutesByCommune returns the work minutes of year by the commune they
// count for.
func minutesByCommune(ctx context.Context, db bun.IDB, year int) (map[uuid.UUID]int, error) {
	first := assets.NewDate(year, time.January, 1)
	last := assets.NewDate(year, time.December, 31)
	var rows []siteMinutes
	err := db.NewSelect().TableExpr("work_orders AS wo").
		Join("JOIN sites AS s ON s.id = wo.site_id").
		ColumnExpr("s.commune_id, s.kind, SUM(wo.work_minutes) AS minutes").
		Where("wo.status IN (?)", bun.In([]string{workorders.StatusInProgress, workorders.StatusDone})).
		Where("wo.worked_on >= ?", first).Where("wo.worked_on <= ?", last).
		GroupExpr("s.commune_id, s.kind").
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("sum the work minutes of %d: %w", year, err)
	}
	ccbe, err := intercommunality(ctx, db)
	if err != nil {
		return nil, err
	}

	out := map[uuid.UUID]int{}
	for _, row := range rows {
		commune := row.CommuneID
		if ccbe != uuid.Nil && (row.Kind == assets.SiteKindLibrary || row.Kind == assets.SiteKindCCBEOffice) {
			commune = ccbe
		}
		out[commune] += int(row.Minutes)
	}
	return out, nil
}

// intercommunality returns the id of the CCBE entry, the oldest commune
// of kind intercommunality, or uuid.Nil when there is none.
func intercommunality(ctx context.Context, db bun.IDB) (uuid.UUID, error) {
	var ids []uuid.UUID
	err := db.NewSelect().Table("communes").Column("id").
		Where("kind = ?", assets.CommuneKindIntercommunality).OrderExpr("created_at, id").Limit(1).
		Scan(ctx, &ids)
	if err != nil {
		return uuid.Nil, fmt.Errorf("find the intercommunality: %w", err)
	}
	if len(ids) == 0 {
		return uuid.Nil, nil
	}
	return ids[0], nil
}
