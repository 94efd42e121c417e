package accounts

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/audit"
)

// PersonalData is everything Parc stores about one person: the export
// that a person receives under their right of access.
type PersonalData struct {
	GeneratedAt time.Time `json:"generated_at"`
	// User is the account, without the password hash.
	User     User            `json:"user"`
	Communes []CommuneRef    `json:"communes"`
	Sessions []SessionRecord `json:"sessions"`
	// AuditEntries are the entries about the person and those of the
	// writes they made. See AuditRecord for what each holds.
	AuditEntries []AuditRecord `json:"audit_entries"`
	// PushSubscriptions are the browsers the person subscribed to
	// notifications, without their keys.
	PushSubscriptions []PushSubscriptionRecord `json:"push_subscriptions"`
	// Notifications are the person's switches, nil when they never
	// changed the defaults.
	Notifications *NotificationRecord `json:"notifications"`
}

// PushSubscriptionRecord is one push subscription in an export. The
// table belongs to server/push, which imports this package.
type PushSubscriptionRecord struct {
	ID        uuid.UUID  `bun:"id" json:"id"`
	Endpoint  string     `bun:"endpoint" json:"endpoint"`
	ExpiresAt *time.Time `bun:"expires_at" json:"expires_at"`
	CreatedAt time.Time  `bun:"created_at" json:"created_at"`
	UpdatedAt time.Time  `bun:"updated_at" json:"updated_at"`
}

// NotificationRecord is a person's stored notification switches.
type NotificationRecord struct {
	// DisabledEvents lists the events switched off, separated by commas.
	DisabledEvents string    `bun:"disabled_events" json:"disabled_events"`
	Email          bool      `bun:"email" json:"email"`
	UpdatedAt      time.Time `bun:"updated_at" json:"updated_at"`
}

// CommuneRef names a commune a correspondent is responsible for.
type CommuneRef struct {
	ID   uuid.UUID `bun:"id" json:"id"`
	Name string    `bun:"name" json:"name"`
}

// SessionRecord is a stored session, live or not, without its tokens.
type SessionRecord struct {
	ID         uuid.UUID  `json:"id"`
	CreatedAt  time.Time  `json:"created_at"`
	LastSeenAt time.Time  `json:"last_seen_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	UserAgent  string     `json:"user_agent"`
	IP         string     `json:"ip"`
}

// Involvement of a person in an audit entry.
const (
	// InvolvementSubject marks an entry about the person's account or one
	// of their sessions: it comes with the record before and after.
	InvolvementSubject = "subject"
	// InvolvementActor marks a write the person made to another record.
	// The record before and after is left out, since it is about other
	// people or things. The entry keeps when, what and which record.
	InvolvementActor = "actor"
)

// AuditRecord is an audit entry in an export.
type AuditRecord struct {
	audit.Entry
	Involvement string `json:"involvement"`
}

// PersonalDataOf gathers the export of user id at now, or returns
// store.ErrNotFound.
func PersonalDataOf(ctx context.Context, db bun.IDB, id uuid.UUID, now time.Time) (PersonalData, error) {
	u, err := UserByID(ctx, db, id)
	if err != nil {
		return PersonalData{}, err
	}
	out := PersonalData{GeneratedAt: now.UTC(), User: u, Communes: []CommuneRef{}, Sessions: []SessionRecord{}, AuditEntries: []AuditRecord{}}

	err = db.NewSelect().Table("communes").Column("communes.id", "communes.name").
		Join("JOIN user_communes AS uc ON uc.commune_id = communes.id").
		Where("uc.user_id = ?", id).Order("communes.name").Scan(ctx, &out.Communes)
	if err != nil {
		return PersonalData{}, fmt.Errorf("select communes of user %s: %w", id, err)
	}

	var sessions []Session
	if err := db.NewSelect().Model(&sessions).Where("se.user_id = ?", id).Order("se.created_at", "se.id").Scan(ctx); err != nil {
		return PersonalData{}, fmt.Errorf("select sessions of user %s: %w", id, err)
	}
	for _, s := range sessions {
		out.Sessions = append(out.Sessions, SessionRecord{
			ID: s.ID, CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt, ExpiresAt: s.ExpiresAt,
			RevokedAt: s.RevokedAt, UserAgent: s.UserAgent, IP: s.IP,
		})
	}

	var entries []audit.Entry
	err = db.NewSelect().Model(&entries).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("ae.actor_id = ?", id).WhereOr("ae.entity = 'user' AND ae.entity_id = ?", id)
		}).
		Order("ae.at", "ae.id").Scan(ctx)
	if err != nil {
		return PersonalData{}, fmt.Errorf("select audit entries of user %s: %w", id, err)
	}
	for _, e := range entries {
		out.AuditEntries = append(out.AuditEntries, auditRecord(e, id))
	}
	if err := notificationData(ctx, db, id, &out); err != nil {
		return PersonalData{}, err
	}
	return out, nil
}

// notificationData adds the push subscriptions and notification switches
// of user id to out.
func notificationData(ctx context.Context, db bun.IDB, id uuid.UUID, out *PersonalData) error {
	out.PushSubscriptions = []PushSubscriptionRecord{}
	err := db.NewSelect().TableExpr("push_subscriptions").Column("id", "endpoint", "expires_at", "created_at", "updated_at").
		Where("user_id = ?", id).Order("created_at", "id").Scan(ctx, &out.PushSubscriptions)
	if err != nil {
		return fmt.Errorf("select push subscriptions of user %s: %w", id, err)
	}

	var prefs []NotificationRecord
	err = db.NewSelect().TableExpr("notification_preferences").Column("disabled_events", "email", "updated_at").
		Where("user_id = ?", id).Scan(ctx, &prefs)
	if err != nil {
		return fmt.Errorf("select notification switches of user %s: %w", id, err)
	}
	if len(prefs) == 1 {
		out.Notifications = &prefs[0]
	}
	return nil
}

// auditRecord marks how the person of id is involved in e. A session's
// entries name its user only as their actor: logins and logouts are the
// person's own.
func auditRecord(e audit.Entry, id uuid.UUID) AuditRecord {
	subject := (e.Entity == "user" && e.EntityID == id) || (e.Entity == "session" && e.ActorID != nil && *e.ActorID == id)
	if subject {
		return AuditRecord{Entry: e, Involvement: InvolvementSubject}
	}
	e.Before, e.After = nil, nil
	return AuditRecord{Entry: e, Involvement: InvolvementActor}
}
