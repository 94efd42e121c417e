-- The secret of each user's calendar feed (GET /ics/{token}.ics). Only the
-- SHA-256 of the token (hex) is kept, so a copy of the database does not
-- give the feeds away; renewing the token replaces the row, which ends
-- the old URL.
CREATE TABLE calendar_tokens (
    user_id {{.UUID}} PRIMARY KEY REFERENCES users (id),
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at {{.Timestamp}} NOT NULL
);
