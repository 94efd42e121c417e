-- The fleet: communes, their sites and rooms, and the assets in them.
-- Column types come from the migrator's template data, so this one file
-- serves SQLite and PostgreSQL.
CREATE TABLE communes (
    id {{.UUID}} PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('commune', 'intercommunality')),
    allowance_minutes INTEGER NOT NULL DEFAULT 0 CHECK (allowance_minutes >= 0),
    has_server {{.Bool}} NOT NULL DEFAULT FALSE,
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
--bun:split
CREATE TABLE sites (
    id {{.UUID}} PRIMARY KEY,
    commune_id {{.UUID}} NOT NULL REFERENCES communes (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('school', 'town_hall', 'library', 'ccbe_office')),
    address TEXT,
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (commune_id, name)
);
--bun:split
CREATE TABLE rooms (
    id {{.UUID}} PRIMARY KEY,
    site_id {{.UUID}} NOT NULL REFERENCES sites (id),
    name TEXT NOT NULL,
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (site_id, name),
    -- Target of the assets' (room_id, site_id) key below.
    UNIQUE (id, site_id)
);
--bun:split
-- An asset's room, when it has one, must belong to the asset's site: the
-- composite foreign key enforces it, and is not checked while room_id is NULL.
CREATE TABLE assets (
    id {{.UUID}} PRIMARY KEY,
    tag TEXT UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('pc', 'laptop', 'printer', 'router', 'screen', 'interactive_whiteboard', 'tablet', 'other')),
    brand TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    serial TEXT NOT NULL DEFAULT '',
    os TEXT NOT NULL DEFAULT '',
    os_version TEXT NOT NULL DEFAULT '',
    purchase_date {{.Date}},
    warranty_end {{.Date}},
    status TEXT NOT NULL CHECK (status IN ('in_service', 'broken', 'on_loan', 'in_stock', 'retired')),
    site_id {{.UUID}} NOT NULL REFERENCES sites (id),
    room_id {{.UUID}},
    recommended_model TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    last_inventoried_at {{.Timestamp}},
    last_maintained_at {{.Timestamp}},
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    FOREIGN KEY (room_id, site_id) REFERENCES rooms (id, site_id)
);
--bun:split
CREATE INDEX assets_site_id_idx ON assets (site_id);
--bun:split
CREATE INDEX assets_room_id_idx ON assets (room_id);
--bun:split
CREATE INDEX assets_kind_status_idx ON assets (kind, status);
--bun:split
CREATE TABLE users (
    id {{.UUID}} PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('technician', 'correspondent', 'committee')),
    password_hash TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
    disabled_at {{.Timestamp}},
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
--bun:split
CREATE TABLE user_communes (
    user_id {{.UUID}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    commune_id {{.UUID}} NOT NULL REFERENCES communes (id),
    PRIMARY KEY (user_id, commune_id)
);
--bun:split
-- Deployment-wide settings as key and value; the values are JSON text.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at {{.Timestamp}} NOT NULL
);
