package reports

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/assets"
)

// Interventions counts the work orders of a period, those the time
// report counts: in progress or done.
type Interventions struct {
	Count int `json:"count"`
	// ByCategory counts them by category code; ByLevel by level, "1" to
	// "3".
	ByCategory map[string]int `json:"by_category"`
	ByLevel    map[string]int `json:"by_level"`
	// MinutesByCategory sums their work minutes by category code.
	MinutesByCategory map[string]int `json:"minutes_by_category"`
}

func newInterventions() Interventions {
	return Interventions{ByCategory: map[string]int{}, ByLevel: map[string]int{}, MinutesByCategory: map[string]int{}}
}

// interventions counts the work orders of one commune.
func interventions(rows []workRow) Interventions {
	out := newInterventions()
	for _, row := range rows {
		out.Count++
		out.ByCategory[row.Category]++
		out.ByLevel[strconv.Itoa(row.Level)]++
		out.MinutesByCategory[row.Category] += row.Minutes
	}
	return out
}

// add counts o in i.
func (i *Interventions) add(o Interventions) {
	i.Count += o.Count
	for k, n := range o.ByCategory {
		i.ByCategory[k] += n
	}
	for k, n := range o.ByLevel {
		i.ByLevel[k] += n
	}
	for k, n := range o.MinutesByCategory {
		i.MinutesByCategory[k] += n
	}
}

// Loans counts the spare-PC loans checked out in a period, and those of
// them that came back late or are still out after their last day.
type Loans struct {
	Count   int `json:"count"`
	Overdue int `json:"overdue"`
}

type loanRow struct {
	CommuneID    uuid.UUID   `bun:"commune_id"`
	DueDate      assets.Date `bun:"due_date"`
	CheckedOutAt time.Time   `bun:"checked_out_at"`
	ReturnedAt   *time.Time  `bun:"returned_at"`
}

// loansOf counts the loans of scope checked out in p, by commune. A loan
// still out is overdue when its last day is before the earlier of today
// and the period's last day.
func loansOf(ctx context.Context, db bun.IDB, scope accounts.Scope, p Period, today assets.Date) (map[uuid.UUID]Loans, error) {
	// A day apart on each side covers every offset of Europe/Paris; the
	// exact days are checked below.
	q := db.NewSelect().TableExpr("loans AS l").ColumnExpr("l.commune_id, l.due_date, l.checked_out_at, l.returned_at").
		Where("l.checked_out_at >= ?", p.From.AddDate(0, 0, -1)).
		Where("l.checked_out_at < ?", p.To.AddDate(0, 0, 2))
	if !scope.All {
		q = q.Where("l.commune_id IN (?)", bun.List(append(scope.Communes, uuid.Nil)))
	}
	var rows []loanRow
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("list loans from %s to %s: %w", p.From, p.To, err)
	}

	ref := p.To
	if today.Before(ref.Time) {
		ref = today
	}
	out := map[uuid.UUID]Loans{}
	for _, row := range rows {
		day := parisDay(row.CheckedOutAt)
		if day.Before(p.From.Time) || day.After(p.To.Time) {
			continue
		}
		l := out[row.CommuneID]
		l.Count++
		if row.late(ref) {
			l.Overdue++
		}
		out[row.CommuneID] = l
	}
	return out, nil
}

// late reports whether the loan came back after its last day, or is
// still out after it on day ref.
func (row loanRow) late(ref assets.Date) bool {
	if row.ReturnedAt != nil {
		return parisDay(*row.ReturnedAt).After(row.DueDate.Time)
	}
	return row.DueDate.Before(ref.Time)
}

// parisDay returns the day of t in Europe/Paris.
func parisDay(t time.Time) assets.Date {
	p := t.In(paris)
	return assets.NewDate(p.Year(), p.Month(), p.Day())
}

// Today returns the current day in Europe/Paris.
func Today() assets.Date {
	return parisDay(time.Now())
}
