package tariffs

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/audit"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/sync"
)

// Limits of a tariff's members.
const (
	maxName  = 120
	maxNotes = 2000
	// MaxCents is the largest amount, one million euros.
	MaxCents = 100_000_000
	// MaxIncludedMinutes is a whole year of minutes.
	MaxIncludedMinutes = 366 * 24 * 60
)

// Actions of the audit log.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// Body is the body of POST and PATCH /api/v1/tariffs. PATCH changes the
// members it carries and needs version; valid_to null opens the period.
type Body struct {
	Name            *string              `json:"name"`
	ValidFrom       *string              `json:"valid_from"`
	ValidTo         assets.Field[string] `json:"valid_to"`
	PCFeeCents      *int                 `json:"pc_fee_cents"`
	CommuneFeeCents *int                 `json:"commune_fee_cents"`
	HourlyRateCents *int                 `json:"hourly_rate_cents"`
	IncludedMinutes *int                 `json:"included_minutes"`
	Notes           *string              `json:"notes"`
	Version         *int                 `json:"version"`
}

// Writer writes tariffs, each write in one transaction with its audit
// entry.
type Writer struct {
	DB *bun.DB
}

// Create stores a new tariff as actor, a technician.
func (w *Writer) Create(ctx context.Context, actor sync.Actor, body Body) (Tariff, error) {
	at := now()
	t := Tariff{ID: uuid.Must(uuid.NewV7()), CreatedBy: &actor.UserID, CreatedAt: at, UpdatedAt: at, Version: 1}
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		if err := technicianOnly(actor); err != nil {
			return err
		}
		if err := apply(&t, body, true); err != nil {
			return err
		}
		if err := checkOverlap(ctx, tx, t); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(&t).Exec(ctx); err != nil {
			return fmt.Errorf("insert tariff %s: %w", t.ID, err)
		}
		return audit.Record(ctx, tx, &actor.UserID, "tariff", t.ID, ActionCreate, nil, t)
	})
	return t, err
}

// Update applies a PATCH body to the tariff of id as actor.
func (w *Writer) Update(ctx context.Context, actor sync.Actor, id uuid.UUID, body Body) (Tariff, error) {
	var after Tariff
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		if err := technicianOnly(actor); err != nil {
			return err
		}
		before, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := field.CheckVersion(body.Version, before.Version, before); err != nil {
			return err
		}
		after = before
		if err := apply(&after, body, false); err != nil {
			return err
		}
		if err := checkOverlap(ctx, tx, after); err != nil {
			return err
		}

		after.UpdatedAt, after.Version = now(), before.Version+1
		if _, err := tx.NewUpdate().Model(&after).WherePK().Exec(ctx); err != nil {
			return fmt.Errorf("update tariff %s: %w", id, err)
		}
		return audit.Record(ctx, tx, &actor.UserID, "tariff", id, ActionUpdate, before, after)
	})
	return after, err
}

// Delete removes the tariff of id as actor. Reports of its period then
// have no tariff until another one covers it.
func (w *Writer) Delete(ctx context.Context, actor sync.Actor, id uuid.UUID) error {
	return sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		if err := technicianOnly(actor); err != nil {
			return err
		}
		before, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*Tariff)(nil)).Where("id = ?", id).Exec(ctx); err != nil {
			return fmt.Errorf("delete tariff %s: %w", id, err)
		}
		return audit.Record(ctx, tx, &actor.UserID, "tariff", id, ActionDelete, before, nil)
	})
}

// apply sets the members of body on t, checking each. On creation the
// name, the first day and the amounts other than the commune fee are
// required.
func apply(t *Tariff, body Body, create bool) error {
	f := field.Faults{}
	if body.Name != nil || create {
		t.Name = strings.TrimSpace(deref(body.Name))
		f.Line("name", t.Name, true, maxName)
	}
	if body.Notes != nil {
		t.Notes = strings.TrimSpace(*body.Notes)
		f.Text("notes", t.Notes, false, maxNotes)
	}
	applyDays(t, body, create, f)
	amount(f, "pc_fee_cents", body.PCFeeCents, create, &t.PCFeeCents, MaxCents)
	amount(f, "commune_fee_cents", body.CommuneFeeCents, false, &t.CommuneFeeCents, MaxCents)
	amount(f, "hourly_rate_cents", body.HourlyRateCents, create, &t.HourlyRateCents, MaxCents)
	amount(f, "included_minutes", body.IncludedMinutes, create, &t.IncludedMinutes, MaxIncludedMinutes)
	return f.Invalid()
}

// applyDays sets the period of validity from body.
func applyDays(t *Tariff, body Body, create bool, f field.Faults) {
	switch {
	case body.ValidFrom != nil:
		if day, ok := f.Date("valid_from", *body.ValidFrom); ok {
			t.ValidFrom = day
		}
	case create:
		f.Add("valid_from", i18n.Required("valid_from"))
	}
	if body.ValidTo.Set {
		t.ValidTo = nil
		if !body.ValidTo.Null && body.ValidTo.Value != "" {
			if day, ok := f.Date("valid_to", body.ValidTo.Value); ok {
				t.ValidTo = &day
			}
		}
	}
	if _, bad := f["valid_from"]; bad {
		return
	}
	if t.ValidTo != nil && t.ValidTo.Before(t.ValidFrom.Time) {
		f.Add("valid_to", i18n.Msg("tariff_to_before_from", t.ValidTo.String(), t.ValidFrom.String()))
	}
}

// amount checks a whole number of cents or minutes from 0 to max and
// stores it in dst.
func amount(f field.Faults, name string, in *int, required bool, dst *int, max int) {
	switch {
	case in == nil && required:
		f.Add(name, i18n.Required(name))
	case in == nil:
	case *in < 0 || *in > max:
		f.Add(name, rangeMessage(name, *in, max))
	default:
		*dst = *in
	}
}

// rangeMessage names an amount out of range in the API's unit and in the
// unit of the app's form: euros for cents, hours and minutes for minutes.
func rangeMessage(name string, value, max int) i18n.Message {
	if name == "included_minutes" {
		return i18n.Msg("tariff_minutes_range", value, hoursText(value), max, max/60)
	}
	return i18n.Msg("tariff_cents_range", value, eurosText(value), max, eurosText(max))
}

// eurosText returns cents in euros with two decimals, 1234 as 12,34 € in
// French and €12.34 in English.
func eurosText(cents int) i18n.Message {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return i18n.Msg("tariff_euros", sign, cents/100, cents%100)
}

// hoursText returns minutes as hours and minutes, 90 as 1 h 30.
func hoursText(minutes int) string {
	sign := ""
	if minutes < 0 {
		sign, minutes = "-", -minutes
	}
	return fmt.Sprintf("%s%d h %02d", sign, minutes/60, minutes%60)
}

// checkOverlap refuses a period that shares a day with another tariff's,
// naming both tariffs and their periods.
func checkOverlap(ctx context.Context, tx bun.IDB, t Tariff) error {
	others, err := List(ctx, tx)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID == t.ID || !t.overlaps(o) {
			continue
		}
		m := i18n.Msg("tariff_overlap", apierr.Quote(t.Name), Period(t), apierr.Quote(o.Name), Period(o))
		return field.Faults{"valid_from": m, "valid_to": m}.Invalid()
	}
	return nil
}

// Period writes the period of a tariff in French and English alike:
// "2026-01-01 → 2026-12-31", or "2026-01-01 → …" for an open one.
func Period(t Tariff) string {
	end := "…"
	if t.ValidTo != nil {
		end = t.ValidTo.String()
	}
	return t.ValidFrom.String() + " → " + end
}

func technicianOnly(actor sync.Actor) error {
	if actor.Role != accounts.RoleTechnician {
		return apierr.New(http.StatusForbidden, "forbidden", "tariff_technicians")
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// now returns the time of a write to the microsecond PostgreSQL keeps.
func now() time.Time {
	return time.Now().UTC().Truncate(time.Microsecond)
}
