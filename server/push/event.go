package push

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
)

// Events, as GET /api/v1/me/notifications names them.
const (
	EventRequestCreated = "request_created"
	EventRequestPlanned = "request_planned"
	EventRequestStarted = "request_started"
	EventRequestDone    = "request_done"
	EventRequestRefused = "request_refused"
	EventLoanOverdue    = "loan_overdue"
	EventVisitPlanned   = "visit_planned"
)

// eventRoles maps each event to the roles that receive it. Technicians
// learn of new requests and overdue loans; the correspondents of the
// commune follow their requests, overdue loans and maintenance visits.
// The committee receives nothing.
var eventRoles = map[string][]string{
	EventRequestCreated: {accounts.RoleTechnician},
	EventRequestPlanned: {accounts.RoleCorrespondent},
	EventRequestStarted: {accounts.RoleCorrespondent},
	EventRequestDone:    {accounts.RoleCorrespondent},
	EventRequestRefused: {accounts.RoleCorrespondent},
	EventLoanOverdue:    {accounts.RoleTechnician, accounts.RoleCorrespondent},
	EventVisitPlanned:   {accounts.RoleCorrespondent},
}

// allEvents lists the events in the order the API returns them.
var allEvents = []string{
	EventRequestCreated, EventRequestPlanned, EventRequestStarted, EventRequestDone,
	EventRequestRefused, EventLoanOverdue, EventVisitPlanned,
}

// EventsFor returns the events that users of role may receive.
func EventsFor(role string) []string {
	var out []string
	for _, e := range allEvents {
		if slices.Contains(eventRoles[e], role) {
			out = append(out, e)
		}
	}
	return out
}

// Event is something that happened to a record, for Enqueue.
type Event struct {
	Kind     string
	EntityID uuid.UUID
	// CommuneID is the commune of the record: correspondents of other
	// communes never learn of it.
	CommuneID uuid.UUID
	// SiteID names the place in the text.
	SiteID uuid.UUID
	// Actor is the user who made the change, who gets no notification of
	// it. It is nil for a change that no user made, such as a loan
	// falling overdue.
	Actor *uuid.UUID
	// Day is the planned day or due date, as YYYY-MM-DD, or "".
	Day string
	// Detail is a short text for the body: a request's description or
	// refusal reason, or a spare PC's tag.
	Detail string
	// Blocking marks a request that stops work at the site; its
	// notification is sent with high urgency.
	Blocking bool
	// DedupeKey, when set, makes any later Enqueue with the same key do
	// nothing, for events that a periodic check finds again.
	DedupeKey string
}

// Delivery channels.
const (
	ChannelPush  = "push"
	ChannelEmail = "email"
)

// eventRow is one announced event.
type eventRow struct {
	bun.BaseModel `bun:"table:notification_events,alias:ne"`

	ID        uuid.UUID `bun:"id,pk,type:uuid"`
	Kind      string    `bun:"kind"`
	EntityID  uuid.UUID `bun:"entity_id,type:uuid"`
	DedupeKey *string   `bun:"dedupe_key"`
	CreatedAt time.Time `bun:"created_at"`
}

// Enqueue queues the messages of ev for its recipients inside tx, the
// transaction of the write that caused it, so that both commit or
// neither does. Each recipient gets one push message per subscribed
// device, or, with none, one e-mail when they keep e-mail switched on.
// Nothing is sent here: the Worker sends after the commit.
func Enqueue(ctx context.Context, tx bun.IDB, ev Event) error {
	if _, ok := eventRoles[ev.Kind]; !ok {
		return fmt.Errorf("enqueue notification: unknown event %q", ev.Kind)
	}
	now := sqlTime(time.Now())
	row := eventRow{ID: uuid.Must(uuid.NewV7()), Kind: ev.Kind, EntityID: ev.EntityID, CreatedAt: now}
	if ev.DedupeKey != "" {
		row.DedupeKey = &ev.DedupeKey
	}
	res, err := tx.NewInsert().Model(&row).On("CONFLICT (dedupe_key) DO NOTHING").Exec(ctx)
	if err != nil {
		return fmt.Errorf("insert notification event: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}

	recipients, err := recipientsOf(ctx, tx, ev)
	if err != nil || len(recipients) == 0 {
		return err
	}
	deliveries, err := deliveriesOf(ctx, tx, ev, row.ID, recipients, now)
	if err != nil || len(deliveries) == 0 {
		return err
	}
	if _, err := tx.NewInsert().Model(&deliveries).Exec(ctx); err != nil {
		return fmt.Errorf("insert %d notification deliveries: %w", len(deliveries), err)
	}
	wake()
	return nil
}

// recipient is a user who receives an event.
type recipient struct {
	ID       uuid.UUID `bun:"id,type:uuid"`
	Language string    `bun:"language"`
	Email    bool      `bun:"-"`
}

// recipientsOf returns the active users whose role receives ev, limited
// to the correspondents of ev's commune, less the actor and those who
// switched ev off.
func recipientsOf(ctx context.Context, db bun.IDB, ev Event) ([]recipient, error) {
	roles := eventRoles[ev.Kind]
	q := db.NewSelect().TableExpr("users AS u").Column("u.id", "u.language").
		Where("u.disabled_at IS NULL").
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			if slices.Contains(roles, accounts.RoleTechnician) {
				q = q.WhereOr("u.role = ?", accounts.RoleTechnician)
			}
			if slices.Contains(roles, accounts.RoleCorrespondent) {
				q = q.WhereOr("u.role = ? AND EXISTS (SELECT 1 FROM user_communes AS uc WHERE uc.user_id = u.id AND uc.commune_id = ?)",
					accounts.RoleCorrespondent, ev.CommuneID)
			}
			return q
		}).Order("u.id")
	if ev.Actor != nil {
		q = q.Where("u.id <> ?", *ev.Actor)
	}
	var users []recipient
	if err := q.Scan(ctx, &users); err != nil {
		return nil, fmt.Errorf("select notification recipients: %w", err)
	}

	ids := make([]uuid.UUID, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	prefs, err := preferencesOf(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	out := users[:0]
	for _, u := range users {
		p := prefs[u.ID]
		if p.enabled(ev.Kind) {
			u.Email = p.Email
			out = append(out, u)
		}
	}
	return out, nil
}

// deliveriesOf returns the rows to queue for recipients: the payload in
// each recipient's language, to each of their devices, or by e-mail.
func deliveriesOf(ctx context.Context, db bun.IDB, ev Event, eventID uuid.UUID, recipients []recipient, now time.Time) ([]Delivery, error) {
	place, err := siteName(ctx, db, ev.SiteID)
	if err != nil {
		return nil, err
	}
	ids := make([]uuid.UUID, len(recipients))
	for i, r := range recipients {
		ids[i] = r.ID
	}
	subs, err := subscriptionsOf(ctx, db, ids)
	if err != nil {
		return nil, err
	}

	policy := policyOf(ev)
	var out []Delivery
	for _, r := range recipients {
		payload, err := render(ev, place, r.Language)
		if err != nil {
			return nil, err
		}
		base := Delivery{
			EventID: eventID, UserID: r.ID, Payload: string(payload),
			Urgency: policy.urgency, TTLSeconds: int(policy.ttl / time.Second),
			Status: StatusPending, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now,
		}
		for _, s := range subs[r.ID] {
			d := base
			d.ID, d.Channel, d.SubscriptionID = uuid.Must(uuid.NewV7()), ChannelPush, &s.ID
			out = append(out, d)
		}
		if len(subs[r.ID]) == 0 && r.Email {
			d := base
			d.ID, d.Channel = uuid.Must(uuid.NewV7()), ChannelEmail
			out = append(out, d)
		}
	}
	return out, nil
}

// siteName returns the name of a site, or "" for none.
func siteName(ctx context.Context, db bun.IDB, siteID uuid.UUID) (string, error) {
	if siteID == uuid.Nil {
		return "", nil
	}
	var name string
	err := db.NewSelect().TableExpr("sites").Column("name").Where("id = ?", siteID).Scan(ctx, &name)
	if err != nil {
		return "", fmt.Errorf("select name of site %s: %w", siteID, err)
	}
	return name, nil
}

// policy is the urgency and TTL of the messages of an event.
type policy struct {
	urgency string
	ttl     time.Duration
}

// policyOf returns the urgency and TTL of ev's messages. A blocking
// request wakes a phone in power-saving mode (high urgency). The TTL is
// how long a message is worth showing to a phone that was offline: news
// of a visit stays useful for days, a new request only until the
// technician's next working day or so.
func policyOf(ev Event) policy {
	switch ev.Kind {
	case EventRequestCreated:
		if ev.Blocking {
			return policy{urgency: "high", ttl: 24 * time.Hour}
		}
		return policy{urgency: "normal", ttl: 48 * time.Hour}
	case EventRequestStarted:
		return policy{urgency: "normal", ttl: 24 * time.Hour}
	case EventLoanOverdue:
		return policy{urgency: "normal", ttl: 72 * time.Hour}
	case EventVisitPlanned:
		return policy{urgency: "low", ttl: 7 * 24 * time.Hour}
	default:
		return policy{urgency: "normal", ttl: 72 * time.Hour}
	}
}

// sqlTime returns t in UTC to the second, so that times stored as text
// by SQLite all have one length and compare in order.
func sqlTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Second)
}
