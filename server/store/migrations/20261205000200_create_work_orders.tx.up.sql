-- Work orders ("fiches d'intervention"): what a technician did at a site,
-- for a request or on the spot, with the assets worked on and the time
-- spent. The timer columns (timer_state to work_minutes) are recomputed
-- from time_entries at every new entry, so that lists and reports read
-- them without replaying the timer.
CREATE TABLE work_orders (
    id {{.UUID}} PRIMARY KEY,
    request_id {{.UUID}} REFERENCES requests (id),
    site_id {{.UUID}} NOT NULL REFERENCES sites (id),
    category TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level IN (1, 2, 3)),
    status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done')),
    notes TEXT NOT NULL DEFAULT '',
    -- JSON arrays of strings: codes of the fixed checklist, and free items.
    checklist TEXT NOT NULL DEFAULT '[]',
    checklist_other TEXT NOT NULL DEFAULT '[]',
    travel_minutes INTEGER NOT NULL DEFAULT 0 CHECK (travel_minutes >= 0),
    timer_state TEXT NOT NULL DEFAULT 'idle',
    -- Whole seconds of the timer's closed running intervals.
    timer_seconds BIGINT NOT NULL DEFAULT 0,
    running_since {{.Timestamp}},
    -- Sum of the corrections and manual entries, in minutes.
    adjustment_minutes INTEGER NOT NULL DEFAULT 0,
    work_minutes INTEGER NOT NULL DEFAULT 0 CHECK (work_minutes >= 0),
    summary TEXT NOT NULL DEFAULT '',
    signed_by TEXT NOT NULL DEFAULT '',
    -- The drawn signature, stored by the files feature; no foreign key
    -- until its table exists.
    signature_file_id {{.UUID}},
    opened_at {{.Timestamp}} NOT NULL,
    -- The day of the work in Europe/Paris, by which reports count time.
    worked_on {{.Date}} NOT NULL,
    done_at {{.Timestamp}},
    created_by {{.UUID}},
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL
);
--bun:split
CREATE INDEX work_orders_request ON work_orders (request_id);
--bun:split
CREATE INDEX work_orders_site ON work_orders (site_id);
--bun:split
CREATE INDEX work_orders_worked_on ON work_orders (worked_on);
--bun:split
-- The assets a work order covers, linked by scanning their labels.
CREATE TABLE work_order_assets (
    work_order_id {{.UUID}} NOT NULL REFERENCES work_orders (id),
    asset_id {{.UUID}} NOT NULL REFERENCES assets (id),
    PRIMARY KEY (work_order_id, asset_id)
);
--bun:split
CREATE INDEX work_order_assets_asset ON work_order_assets (asset_id);
--bun:split
-- The time of work orders, append-only: timer events with the device's
-- time, corrections (signed minutes with a reason) and manual entries.
-- ordinal numbers the entries of one work order in the order received.
CREATE TABLE time_entries (
    id {{.UUID}} PRIMARY KEY,
    work_order_id {{.UUID}} NOT NULL REFERENCES work_orders (id),
    ordinal INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('start', 'pause', 'resume', 'stop', 'correction', 'manual')),
    at {{.Timestamp}} NOT NULL,
    minutes INTEGER,
    reason TEXT NOT NULL DEFAULT '',
    user_id {{.UUID}},
    created_at {{.Timestamp}} NOT NULL,
    UNIQUE (work_order_id, ordinal)
);
