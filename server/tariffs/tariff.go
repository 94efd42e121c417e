// Package tariffs keeps the tariffs of the communes' financial
// participation: a yearly fee per PC, a yearly fee per commune, an hourly
// rate and the hours it includes, each tariff in force over a period of
// days. Technicians write them; the reports read the tariff of a period
// to compute what each commune pays. Nothing here computes a
// participation: package reports does.
package tariffs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
	"parc/server/store"
)

// Tariff is one tariff with its period of validity, both days included.
// Amounts are in euro cents.
type Tariff struct {
	bun.BaseModel `bun:"table:tariffs,alias:tf"`

	ID        uuid.UUID    `bun:"id,pk,type:uuid" json:"id"`
	Name      string       `bun:"name" json:"name"`
	ValidFrom assets.Date  `bun:"valid_from,type:date" json:"valid_from"`
	ValidTo   *assets.Date `bun:"valid_to,type:date" json:"valid_to"`
	// PCFeeCents is the yearly fee for each PC the service looks after.
	PCFeeCents int `bun:"pc_fee_cents" json:"pc_fee_cents"`
	// CommuneFeeCents is a yearly fixed fee per commune, 0 for none.
	CommuneFeeCents int `bun:"commune_fee_cents" json:"commune_fee_cents"`
	// HourlyRateCents is the price of an hour of work beyond the
	// included time.
	HourlyRateCents int `bun:"hourly_rate_cents" json:"hourly_rate_cents"`
	// IncludedMinutes is the yearly work time each commune gets within
	// the fees.
	IncludedMinutes int        `bun:"included_minutes" json:"included_minutes"`
	Notes           string     `bun:"notes" json:"notes"`
	CreatedBy       *uuid.UUID `bun:"created_by,type:uuid" json:"created_by"`
	CreatedAt       time.Time  `bun:"created_at" json:"created_at"`
	UpdatedAt       time.Time  `bun:"updated_at" json:"updated_at"`
	Version         int        `bun:"version" json:"version"`
}

// overlapDays returns how many days of [from, to] the tariff is in
// force, 0 when none.
func (t Tariff) overlapDays(from, to assets.Date) int {
	start, end := from.Time, to.Time
	if t.ValidFrom.After(start) {
		start = t.ValidFrom.Time
	}
	if t.ValidTo != nil && t.ValidTo.Before(end) {
		end = t.ValidTo.Time
	}
	if end.Before(start) {
		return 0
	}
	return int(end.Sub(start).Hours()/24) + 1
}

// overlaps reports whether the periods of t and o share a day.
func (t Tariff) overlaps(o Tariff) bool {
	startsBeforeOtherEnds := o.ValidTo == nil || !t.ValidFrom.After(o.ValidTo.Time)
	otherStartsBeforeEnd := t.ValidTo == nil || !o.ValidFrom.After(t.ValidTo.Time)
	return startsBeforeOtherEnds && otherStartsBeforeEnd
}

// List returns every tariff, the earliest period first.
func List(ctx context.Context, db bun.IDB) ([]Tariff, error) {
	out := []Tariff{}
	if err := db.NewSelect().Model(&out).OrderExpr("tf.valid_from, tf.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list tariffs: %w", err)
	}
	return out, nil
}

// Get returns the tariff of id, or store.ErrNotFound.
func Get(ctx context.Context, db bun.IDB, id uuid.UUID) (Tariff, error) {
	var t Tariff
	err := db.NewSelect().Model(&t).Where("tf.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("tariff %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return t, fmt.Errorf("select tariff %s: %w", id, err)
	}
	return t, nil
}

// ForPeriod returns the tariff in force over most days of [from, to],
// the later one on a tie, and false when no tariff covers any of its
// days. A period that straddles two tariffs is billed entirely at the one
// chosen: the amounts are not split between them.
func ForPeriod(ctx context.Context, db bun.IDB, from, to assets.Date) (Tariff, bool, error) {
	list, err := List(ctx, db)
	if err != nil {
		return Tariff{}, false, err
	}
	best, bestDays := Tariff{}, 0
	for _, t := range list {
		if days := t.overlapDays(from, to); days > 0 && days >= bestDays {
			best, bestDays = t, days
		}
	}
	return best, bestDays > 0, nil
}

// Insert stores tariffs as they are, for the demo set.
func Insert(ctx context.Context, db bun.IDB, list []Tariff) error {
	if len(list) == 0 {
		return nil
	}
	if _, err := db.NewInsert().Model(&list).Exec(ctx); err != nil {
		return fmt.Errorf("insert tariffs: %w", err)
	}
	return nil
}
