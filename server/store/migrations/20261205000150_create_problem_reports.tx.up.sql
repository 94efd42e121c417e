-- Problems that anyone at a school reports from the QR code of an asset's
-- label, without an account. The commune's correspondents turn each into
-- a request or dismiss it.
CREATE TABLE problem_reports (
    id {{.UUID}} PRIMARY KEY,
    asset_id {{.UUID}} NOT NULL REFERENCES assets (id),
    reporter_name TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL,
    request_id {{.UUID}} REFERENCES requests (id),
    dismissed_reason TEXT NOT NULL DEFAULT '',
    handled_by {{.UUID}},
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL
);
--bun:split
CREATE INDEX problem_reports_asset ON problem_reports (asset_id);
--bun:split
CREATE INDEX problem_reports_status ON problem_reports (status);
