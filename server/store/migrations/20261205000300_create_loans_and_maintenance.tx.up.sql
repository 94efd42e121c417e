-- Spare-PC loans and the yearly preventive-maintenance round.
--
-- The pool of spare PCs is a table of its own rather than a column of
-- assets: the fleet's model reads assets with "a.*", and bun rejects a
-- column that the model does not declare.
CREATE TABLE loan_spares (
    asset_id {{.UUID}} PRIMARY KEY REFERENCES assets (id),
    created_at {{.Timestamp}} NOT NULL
);
--bun:split
-- A loan is open until returned_at is set. due_date is a day in the
-- Europe/Paris zone: the loan is overdue from the day after it.
CREATE TABLE loans (
    id {{.UUID}} PRIMARY KEY,
    asset_id {{.UUID}} NOT NULL REFERENCES assets (id),
    commune_id {{.UUID}} NOT NULL REFERENCES communes (id),
    site_id {{.UUID}} NOT NULL REFERENCES sites (id),
    reason TEXT NOT NULL,
    due_date {{.Date}} NOT NULL,
    checked_out_at {{.Timestamp}} NOT NULL,
    checked_out_by {{.UUID}},
    returned_at {{.Timestamp}},
    returned_by {{.UUID}},
    return_condition TEXT CHECK (return_condition IN ('ok', 'damaged')),
    return_note TEXT NOT NULL DEFAULT '',
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL
);
--bun:split
-- One open loan per asset at most, even if two check-outs pass their
-- checks at once.
CREATE UNIQUE INDEX loans_open_asset ON loans (asset_id) WHERE returned_at IS NULL;
--bun:split
CREATE INDEX loans_commune ON loans (commune_id);
--bun:split
CREATE TABLE maintenance_campaigns (
    id {{.UUID}} PRIMARY KEY,
    year INTEGER NOT NULL UNIQUE,
    created_by {{.UUID}},
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL
);
--bun:split
-- A visit belongs to the campaign of the year of its planned day.
CREATE TABLE maintenance_visits (
    id {{.UUID}} PRIMARY KEY,
    campaign_id {{.UUID}} NOT NULL REFERENCES maintenance_campaigns (id),
    site_id {{.UUID}} NOT NULL REFERENCES sites (id),
    planned_for {{.Date}} NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
    note TEXT NOT NULL DEFAULT '',
    created_by {{.UUID}},
    done_at {{.Timestamp}},
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL
);
--bun:split
CREATE INDEX maintenance_visits_campaign ON maintenance_visits (campaign_id);
--bun:split
CREATE INDEX maintenance_visits_site ON maintenance_visits (site_id);
--bun:split
-- The checklist of one PC on one visit. Checks are append-only: a PC
-- checked again gets a new check.
CREATE TABLE maintenance_checks (
    id {{.UUID}} PRIMARY KEY,
    visit_id {{.UUID}} NOT NULL REFERENCES maintenance_visits (id),
    asset_id {{.UUID}} NOT NULL REFERENCES assets (id),
    updates {{.Bool}} NOT NULL,
    antivirus {{.Bool}} NOT NULL,
    disk {{.Bool}} NOT NULL,
    cleaning {{.Bool}} NOT NULL,
    done {{.Bool}} NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    checked_by {{.UUID}},
    checked_at {{.Timestamp}} NOT NULL,
    created_at {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX maintenance_checks_visit ON maintenance_checks (visit_id);
--bun:split
CREATE INDEX maintenance_checks_asset ON maintenance_checks (asset_id);
