-- Web Push and e-mail notifications: the server's VAPID key pair, the
-- browsers' push subscriptions, each user's choices, and the outbox that
-- the notification worker sends from.
--
-- One VAPID key pair per deployment, created at first start. Keys are
-- stored as unpadded base64url: the public key is the uncompressed P-256
-- point (65 bytes), the private key the 32-byte scalar.
CREATE TABLE push_vapid_keys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at {{.Timestamp}} NOT NULL
);
--bun:split
-- One row per browser that subscribed; a user may have several devices.
-- The endpoint is unique because a browser subscription belongs to one
-- signed-in user at a time.
CREATE TABLE push_subscriptions (
    id {{.UUID}} PRIMARY KEY,
    user_id {{.UUID}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    expires_at {{.Timestamp}},
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
--bun:split
-- A user without a row has every event and e-mail switched on.
-- disabled_events lists the switched-off events, separated by commas.
CREATE TABLE notification_preferences (
    user_id {{.UUID}} PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    disabled_events TEXT NOT NULL DEFAULT '',
    email {{.Bool}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL
);
--bun:split
-- One row per event that was announced. dedupe_key, when set, makes an
-- event that a periodic check finds again (a loan still overdue) a no-op.
CREATE TABLE notification_events (
    id {{.UUID}} PRIMARY KEY,
    kind TEXT NOT NULL,
    entity_id {{.UUID}} NOT NULL,
    dedupe_key TEXT UNIQUE,
    created_at {{.Timestamp}} NOT NULL
);
--bun:split
-- The outbox: one row per message to send, to one push subscription or
-- to one user's e-mail address. The worker claims due rows by setting
-- lease_until, so that another server process skips them until the lease
-- ends. subscription_id has no foreign key: a subscription removed after
-- a 404 or 410 leaves its rows, which the worker then drops.
CREATE TABLE notification_deliveries (
    id {{.UUID}} PRIMARY KEY,
    event_id {{.UUID}} NOT NULL REFERENCES notification_events (id) ON DELETE CASCADE,
    user_id {{.UUID}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('push', 'email')),
    subscription_id {{.UUID}},
    payload TEXT NOT NULL,
    urgency TEXT NOT NULL,
    ttl_seconds INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {{.Timestamp}} NOT NULL,
    lease_until {{.Timestamp}},
    last_error TEXT NOT NULL DEFAULT '',
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX notification_deliveries_due ON notification_deliveries (status, next_attempt_at);
--bun:split
-- At most one e-mail per event and user, even when two devices of the
-- user are removed at once and both fall back to e-mail.
CREATE UNIQUE INDEX notification_deliveries_one_email ON notification_deliveries (event_id, user_id) WHERE channel = 'email';
