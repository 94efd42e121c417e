-- Requests ("demandes d'intervention"): what a commune's correspondent
-- asks the service to do at a site, and the comments on each.
CREATE TABLE requests (
    id {{.UUID}} PRIMARY KEY,
    site_id {{.UUID}} NOT NULL REFERENCES sites (id),
    asset_id {{.UUID}} REFERENCES assets (id),
    category TEXT NOT NULL,
    urgency TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL,
    planned_for {{.Date}},
    refused_reason TEXT NOT NULL DEFAULT '',
    created_by {{.UUID}},
    done_at {{.Timestamp}},
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL
);
--bun:split
CREATE INDEX requests_site ON requests (site_id);
--bun:split
CREATE INDEX requests_status ON requests (status);
--bun:split
CREATE TABLE request_comments (
    id {{.UUID}} PRIMARY KEY,
    request_id {{.UUID}} NOT NULL REFERENCES requests (id),
    author_id {{.UUID}},
    body TEXT NOT NULL,
    created_at {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX request_comments_request ON request_comments (request_id);
