package push

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// Statuses of a delivery.
const (
	StatusPending = "pending"
	StatusSent    = "sent"
	// StatusFailed: the worker gave up after errors.
	StatusFailed = "failed"
	// StatusDropped: nothing to send any more, such as a push message
	// whose subscription was removed, or an e-mail without a mail server.
	StatusDropped = "dropped"
)

// Delivery is one queued message to one device or e-mail address.
type Delivery struct {
	bun.BaseModel `bun:"table:notification_deliveries,alias:nd"`

	ID      uuid.UUID `bun:"id,pk,type:uuid"`
	EventID uuid.UUID `bun:"event_id,type:uuid"`
	UserID  uuid.UUID `bun:"user_id,type:uuid"`
	Channel string    `bun:"channel"`
	// SubscriptionID is the device of a push message; nil for e-mail.
	SubscriptionID *uuid.UUID `bun:"subscription_id,type:uuid"`
	// Payload is the JSON of a Payload.
	Payload    string `bun:"payload"`
	Urgency    string `bun:"urgency"`
	TTLSeconds int    `bun:"ttl_seconds"`
	Status     string `bun:"status"`
	// Attempts counts the claims of the row, the current one included.
	Attempts      int        `bun:"attempts"`
	NextAttemptAt time.Time  `bun:"next_attempt_at"`
	LeaseUntil    *time.Time `bun:"lease_until"`
	// LastError is the cause of the last failed attempt, for operators.
	LastError string    `bun:"last_error"`
	CreatedAt time.Time `bun:"created_at"`
	UpdatedAt time.Time `bun:"updated_at"`
}

// claim takes up to limit due deliveries for this process until
// now+lease, and counts the attempt. On PostgreSQL, FOR UPDATE SKIP
// LOCKED lets two server processes claim at once without taking the
// same row. A row whose lease has ended, because its process died
// mid-send, is due again. SQLite serializes writers, so the same statement without
// the locking clause is enough there.
func claim(ctx context.Context, db bun.IDB, now time.Time, lease time.Duration, limit int) ([]Delivery, error) {
	now = sqlTime(now)
	until := now.Add(lease)
	lock := ""
	if db.Dialect().Name() == dialect.PG {
		lock = "FOR UPDATE SKIP LOCKED"
	}
	query := `UPDATE notification_deliveries
SET lease_until = ?, attempts = attempts + 1, updated_at = ?
WHERE id IN (
	SELECT id FROM notification_deliveries
	WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
	ORDER BY next_attempt_at, id
	LIMIT ? ` + lock + `
)
RETURNING *`
	var claimed []Delivery
	if err := db.NewRaw(query, until, now, now, now, limit).Scan(ctx, &claimed); err != nil {
		return nil, fmt.Errorf("claim notification deliveries: %w", err)
	}
	return claimed, nil
}

// finish records the end of an attempt at d: status sent, failed or
// dropped, or pending again with the next attempt at next. The update
// applies only while d still carries the attempt count of this claim, so
// a process whose lease ran out cannot overwrite a newer attempt. It
// reports whether the row was still this process's.
func finish(ctx context.Context, db bun.IDB, d Delivery, status string, next time.Time, lastError string) (bool, error) {
	res, err := db.NewUpdate().Model((*Delivery)(nil)).
		Set("status = ?", status).
		Set("next_attempt_at = ?", ceilSecond(next)).
		Set("lease_until = NULL").
		Set("last_error = ?", shorten(lastError, 500)).
		Set("updated_at = ?", sqlTime(time.Now())).
		Where("id = ?", d.ID).Where("attempts = ?", d.Attempts).Where("status = ?", StatusPending).
		Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("update notification delivery %s: %w", d.ID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ceilSecond rounds t up to the second, so that a retry stored by
// sqlTime's rule never becomes due before t.
func ceilSecond(t time.Time) time.Time {
	s := sqlTime(t)
	if s.Before(t) {
		s = s.Add(time.Second)
	}
	return s
}
