package accounts

import (
	"context"
	"time"

	"parc/server/store"
)

// touchEvery is how stale last_seen_at may get before a request moves the
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

// Principal returns the user and session of token, or ErrNoSession.
func (l *SessionLookup) Principal(ctx context.Context, token string, now time.Time) (*Principal, error) {
	hash := HashToken(token)
	version, cacheable, err := l.store.DataVersion(ctx)
	if err != nil {
		return nil, err
	}

	p, ok := l.cache.Get(version, hash)
	if !ok {
		session, user, err := LiveSession(ctx, l.store.Reader, token, now)
		if err != nil {
			return nil, err
		}
		p = Principal{User: user, Session: session}
		if cacheable {
			l.cache.Put(version, hash, p)
		}
	}
	if !now.Before(p.Session.ExpiresAt) {
		return nil, ErrNoSession
	}

	if now.Sub(p.Session.LastSeenAt) > touchEvery {
		if err := TouchSession(ctx, l.store.DB, p.Session.ID, now.UTC(), l.ttl); err != nil {
			return nil, err
		}
		p.Session.LastSeenAt = now.UTC()
		p.Session.ExpiresAt = now.UTC().Add(l.ttl)
	}
	return &p, nil
}
