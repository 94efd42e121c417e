package accounts

import (
	"context"
	"time"

	"parc/server/store"
)

// touchEvery is the age of last_seen_at after which a request moves the
// session's expiry forward. Touching on every request would write to the
// database on every read.
const touchEvery = time.Hour

// maxCachedSessions bounds the session cache.
const maxCachedSessions = 10000

// SessionLookup finds the live session of a cookie token. On SQLite it
// keeps sessions in memory until the database changes, as the tag lookup
// does, so a logged-in scan costs no extra query.
type SessionLookup struct {
	store *store.Store
	ttl   time.Duration
	cache *store.VersionedCache[string, Principal]
}

// NewSessionLookup returns a lookup whose sessions slide to ttl after use.
func NewSessionLookup(s *store.Store, ttl time.Duration) *SessionLookup {
	return &SessionLookup{store: s, ttl: ttl, cache: &store.VersionedCache[string, Principal]{Max: maxCachedSessions}}
}

// Principal returns the user and session of token, or ErrNoSession. When
// it moved the session's expiry forward, touched is true and the caller
// sends the cookie again with the new expiry.
func (l *SessionLookup) Principal(ctx context.Context, token string, now time.Time) (p *Principal, touched bool, err error) {
	hash := HashToken(token)
	version, cacheable, err := l.store.DataVersion(ctx)
	if err != nil {
		return nil, false, err
	}

	found, ok := l.cache.Get(version, hash)
	if !ok {
		session, user, err := LiveSession(ctx, l.store.Reader, token, now)
		if err != nil {
			return nil, false, err
		}
		found = Principal{User: user, Session: session}
		if cacheable {
			l.cache.Put(version, hash, found)
		}
	}
	if !now.Before(found.Session.ExpiresAt) {
		return nil, false, ErrNoSession
	}

	if now.Sub(found.Session.LastSeenAt) > touchEvery {
		if err := TouchSession(ctx, l.store.DB, found.Session.ID, now.UTC(), l.ttl); err != nil {
			return nil, false, err
		}
		found.Session.LastSeenAt = now.UTC()
		found.Session.ExpiresAt = now.UTC().Add(l.ttl)
		touched = true
	}
	return &found, touched, nil
}
