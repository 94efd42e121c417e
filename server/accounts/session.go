package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/store"
)

// Session is one login of a user on one device.
type Session struct {
	bun.BaseModel `bun:"table:sessions,alias:se"`

	ID     uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	UserID uuid.UUID `bun:"user_id,type:uuid" json:"-"`
	// TokenHash is the SHA-256 of the cookie's token, in hexadecimal.
	TokenHash string `bun:"token_hash" json:"-"`
	// CSRFToken is sent back by the client in X-CSRF-Token on every
	// state-changing request of the session.
	CSRFToken  string     `bun:"csrf_token" json:"-"`
	UserAgent  string     `bun:"user_agent" json:"user_agent"`
	IP         string     `bun:"ip" json:"ip"`
	CreatedAt  time.Time  `bun:"created_at" json:"created_at"`
	LastSeenAt time.Time  `bun:"last_seen_at" json:"last_seen_at"`
	ExpiresAt  time.Time  `bun:"expires_at" json:"expires_at"`
	RevokedAt  *time.Time `bun:"revoked_at" json:"-"`
}

// ErrNoSession is returned for a token that matches no live session: never
// issued, revoked, expired, or of a disabled user.
var ErrNoSession = errors.New("no live session for this token")

// NewToken returns 32 random bytes in base64url, for session cookies and
// CSRF tokens.
func NewToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // returns no error since Go 1.24, per the crypto/rand documentation
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the stored form of a session token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession stores a new session of user and returns it with the
// token to put in the cookie, which is not stored.
func CreateSession(ctx context.Context, db bun.IDB, userID uuid.UUID, userAgent, ip string, ttl time.Duration) (Session, string, error) {
	now := time.Now().UTC()
	token := NewToken()
	s := Session{
		ID: uuid.Must(uuid.NewV7()), UserID: userID,
		TokenHash: HashToken(token), CSRFToken: NewToken(),
		UserAgent: truncate(userAgent, 200), IP: ip,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(ttl),
	}
	if _, err := db.NewInsert().Model(&s).Exec(ctx); err != nil {
		return Session{}, "", fmt.Errorf("insert session of user %s: %w", userID, err)
	}
	return s, token, nil
}

// LiveSession returns the session of token and its user, or ErrNoSession
// when the session is revoked or expired or the user is disabled.
func LiveSession(ctx context.Context, db bun.IDB, token string, now time.Time) (Session, User, error) {
	var s Session
	err := db.NewSelect().Model(&s).Where("se.token_hash = ?", HashToken(token)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return s, User{}, ErrNoSession
	}
	if err != nil {
		return s, User{}, fmt.Errorf("select session: %w", err)
	}
	if s.RevokedAt != nil || !now.Before(s.ExpiresAt) {
		return s, User{}, ErrNoSession
	}

	u, err := UserByID(ctx, db, s.UserID)
	if err != nil {
		return s, User{}, err
	}
	if u.DisabledAt != nil {
		return s, User{}, ErrNoSession
	}
	return s, u, nil
}

// TouchSession moves the expiry of a session to now plus ttl: the sliding
// expiry that keeps a phone used every day logged in.
func TouchSession(ctx context.Context, db bun.IDB, id uuid.UUID, now time.Time, ttl time.Duration) error {
	_, err := db.NewUpdate().Model((*Session)(nil)).
		Set("last_seen_at = ?", now).Set("expires_at = ?", now.Add(ttl)).
		Where("id = ?", id).Where("revoked_at IS NULL").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("touch session %s: %w", id, err)
	}
	return nil
}

// SessionsOfUser lists the live sessions of a user, newest first.
func SessionsOfUser(ctx context.Context, db bun.IDB, userID uuid.UUID, now time.Time) ([]Session, error) {
	sessions := []Session{}
	err := db.NewSelect().Model(&sessions).
		Where("se.user_id = ?", userID).Where("se.revoked_at IS NULL").Where("se.expires_at > ?", now).
		Order("se.created_at DESC").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sessions of user %s: %w", userID, err)
	}
	return sessions, nil
}

// RevokeSession ends one session of a user. It returns store.ErrNotFound
// when the user has no such live session.
func RevokeSession(ctx context.Context, db bun.IDB, userID, sessionID uuid.UUID, now time.Time) error {
	res, err := db.NewUpdate().Model((*Session)(nil)).Set("revoked_at = ?", now).
		Where("id = ?", sessionID).Where("user_id = ?", userID).Where("revoked_at IS NULL").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("revoke session %s: %w", sessionID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("session %s: %w", sessionID, store.ErrNotFound)
	}
	return nil
}

// RevokeSessionsOfUser ends every session of a user, as disabling them or
// resetting their password does.
func RevokeSessionsOfUser(ctx context.Context, db bun.IDB, userID uuid.UUID, now time.Time) error {
	_, err := db.NewUpdate().Model((*Session)(nil)).Set("revoked_at = ?", now).
		Where("user_id = ?", userID).Where("revoked_at IS NULL").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("revoke sessions of user %s: %w", userID, err)
	}
	return nil
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// DeleteDeadSessions deletes the sessions that expired or were revoked
// before now, which no request can use again, and returns how many.
func DeleteDeadSessions(ctx context.Context, db bun.IDB, now time.Time) (int64, error) {
	res, err := db.NewDelete().Model((*Session)(nil)).
		WhereGroup(" AND ", func(q *bun.DeleteQuery) *bun.DeleteQuery {
			return q.Where("expires_at <= ?", now.UTC()).WhereOr("revoked_at <= ?", now.UTC())
		}).
		Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("delete dead sessions: %w", err)
	}
	return res.RowsAffected()
}
