-- The asset-tag registry. A batch reserves a range of serials of one
-- prefix and kind; tag_counters holds the next free serial of each, and
-- its row is updated in the reserving transaction, so two batches can
-- never overlap and no serial is ever handed out twice.
CREATE TABLE tag_counters (
    prefix TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('asset', 'location')),
    next_serial INTEGER NOT NULL CHECK (next_serial >= 1),
    PRIMARY KEY (prefix, kind)
);
--bun:split
CREATE TABLE tag_batches (
    id {{.UUID}} PRIMARY KEY,
    prefix TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('asset', 'location')),
    first_serial INTEGER NOT NULL,
    count INTEGER NOT NULL CHECK (count >= 1),
    note TEXT NOT NULL DEFAULT '',
    created_by {{.UUID}} REFERENCES users (id),
    created_at {{.Timestamp}} NOT NULL
);
--bun:split
-- One row per printed tag. A tag stays unassigned until a scan ties it to
-- an asset; a lost or destroyed one is voided and never printed again.
CREATE TABLE tags (
    tag TEXT PRIMARY KEY,
    prefix TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('asset', 'location')),
    serial INTEGER NOT NULL,
    batch_id {{.UUID}} NOT NULL REFERENCES tag_batches (id),
    state TEXT NOT NULL DEFAULT 'unassigned' CHECK (state IN ('unassigned', 'assigned', 'void')),
    asset_id {{.UUID}} REFERENCES assets (id),
    -- A location tag names a room, or a site when room_id is NULL.
    site_id {{.UUID}} REFERENCES sites (id),
    room_id {{.UUID}} REFERENCES rooms (id),
    prints INTEGER NOT NULL DEFAULT 1,
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    UNIQUE (prefix, kind, serial)
);
--bun:split
CREATE INDEX tags_batch_id_idx ON tags (batch_id);
--bun:split
CREATE UNIQUE INDEX tags_asset_id_idx ON tags (asset_id);
--bun:split
CREATE INDEX tags_room_id_idx ON tags (room_id);
