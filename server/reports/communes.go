package reports

import (
	"context"
	"fmt"

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
	work, err := workOf(ctx, db, WholeYear(year))
	if err != nil {
		return nil, err
	}
	communes, err := reportCommunes(ctx, db, scope, work.minutes)
	if err != nil {
		return nil, err
	}
	out := make([]CommuneTime, len(communes))
	for i, c := range communes {
		out[i] = communeTime(c, work.minutes[c.ID])
	}
	return out, nil
}

// reportCommunes returns the communes of scope that a report lists:
// every active commune, and an archived one with work time in the
// period, ordered by slug.
func reportCommunes(ctx context.Context, db bun.IDB, scope accounts.Scope, spent map[uuid.UUID]int) ([]assets.Commune, error) {
	var communes []assets.Commune
	q := db.NewSelect().Model(&communes).OrderExpr("c.slug")
	if !scope.All {
		if len(scope.Communes) == 0 {
			return []assets.Commune{}, nil
		}
		q = q.Where("c.id IN (?)", bun.In(scope.Communes))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list communes for the report: %w", err)
	}
	out := []assets.Commune{}
	for _, c := range communes {
		if c.ArchivedAt == nil || spent[c.ID] != 0 {
			out = append(out, c)
		}
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

// workRow is one work order that counts in a period.
type workRow struct {
	CommuneID uuid.UUID `bun:"commune_id"`
	SiteKind  string    `bun:"site_kind"`
	Category  string    `bun:"category"`
	Level     int       `bun:"level"`
	Minutes   int       `bun:"work_minutes"`
}

// work is the work of a period by the commune it counts for.
type work struct {
	minutes map[uuid.UUID]int
	orders  map[uuid.UUID][]workRow
}

// workOf returns the work orders in progress or done whose day of work
// falls in p, by the commune they count for.
func workOf(ctx context.Context, db bun.IDB, p Period) (work, error) {
	var rows []workRow
	err := db.NewSelect().TableExpr("work_orders AS wo").
		Join("JOIN sites AS s ON s.id = wo.site_id").
		ColumnExpr("s.commune_id, s.kind AS site_kind, wo.category, wo.level, wo.work_minutes").
		Where("wo.status IN (?)", bun.In([]string{workorders.StatusInProgress, workorders.StatusDone})).
		Where("wo.worked_on >= ?", p.From).Where("wo.worked_on <= ?", p.To).
		Scan(ctx, &rows)
	if err != nil {
		return work{}, fmt.Errorf("list the work orders from %s to %s: %w", p.From, p.To, err)
	}
	ccbe, err := intercommunality(ctx, db)
	if err != nil {
		return work{}, err
	}

	out := work{minutes: map[uuid.UUID]int{}, orders: map[uuid.UUID][]workRow{}}
	for _, row := range rows {
		commune := row.CommuneID
		if ccbe != uuid.Nil && (row.SiteKind == assets.SiteKindLibrary || row.SiteKind == assets.SiteKindCCBEOffice) {
			commune = ccbe
		}
		out.minutes[commune] += row.Minutes
		out.orders[commune] = append(out.orders[commune], row)
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
