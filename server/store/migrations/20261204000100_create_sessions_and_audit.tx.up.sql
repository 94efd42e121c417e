-- Login sessions. The cookie carries a random token; only its SHA-256
-- hash is stored, so a copy of the database cannot be used to log in.
CREATE TABLE sessions (
    id {{.UUID}} PRIMARY KEY,
    user_id {{.UUID}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT '',
    created_at {{.Timestamp}} NOT NULL,
    last_seen_at {{.Timestamp}} NOT NULL,
    expires_at {{.Timestamp}} NOT NULL,
    revoked_at {{.Timestamp}}
);
--bun:split
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
--bun:split
-- One entry per write: who changed which record, when, and the fields
-- before and after as JSON (NULL before a creation).
CREATE TABLE audit_entries (
    id {{.UUID}} PRIMARY KEY,
    at {{.Timestamp}} NOT NULL,
    actor_id {{.UUID}} REFERENCES users (id),
    entity TEXT NOT NULL,
    entity_id {{.UUID}} NOT NULL,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
--bun:split
CREATE INDEX audit_entries_entity_idx ON audit_entries (entity, entity_id, at);
