-- The sync engine (server/sync). sync_counters holds the last number of
-- the one change sequence that orders every change a device can pull.
CREATE TABLE sync_counters (
    name TEXT PRIMARY KEY,
    seq BIGINT NOT NULL
);
--bun:split
INSERT INTO sync_counters (name, seq) VALUES ('changes', 0);
--bun:split
-- One row per record and commune whose users may see it, with the number
-- of the record's last change. A pull reads the rows above its cursor. A
-- record that leaves a commune, or is archived, keeps its row there as a
-- tombstone (action 'delete'), so that the commune's devices drop it.
CREATE TABLE sync_changes (
    entity TEXT NOT NULL,
    entity_id {{.UUID}} NOT NULL,
    commune_id {{.UUID}} NOT NULL,
    seq BIGINT NOT NULL,
    action TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (entity, entity_id, commune_id)
);
--bun:split
CREATE UNIQUE INDEX sync_changes_seq ON sync_changes (seq);
--bun:split
CREATE INDEX sync_changes_commune_seq ON sync_changes (commune_id, seq);
--bun:split
-- Which fields each version of a record changed, and who changed them:
-- a push based on an older version learns from it which of its fields
-- someone else changed meanwhile.
CREATE TABLE sync_field_writes (
    entity TEXT NOT NULL,
    entity_id {{.UUID}} NOT NULL,
    version INTEGER NOT NULL,
    author TEXT NOT NULL,
    fields TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, version)
);
--bun:split
-- Every operation a device pushed, with the result first answered, so
-- that a replayed operation gets that result again and changes nothing.
CREATE TABLE sync_ops (
    id {{.UUID}} PRIMARY KEY,
    user_id {{.UUID}} NOT NULL,
    client_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id {{.UUID}} NOT NULL,
    status TEXT NOT NULL,
    result TEXT NOT NULL,
    processed_at {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX sync_ops_user ON sync_ops (user_id);
--bun:split
-- Ids that devices made for a record the server already had under
-- another id, such as two assets created offline with the same tag.
CREATE TABLE sync_aliases (
    entity TEXT NOT NULL,
    alias_id {{.UUID}} NOT NULL,
    entity_id {{.UUID}} NOT NULL,
    PRIMARY KEY (entity, alias_id)
);
--bun:split
-- The scans of inventory rounds, as devices recorded them. Append-only.
CREATE TABLE inventory_scans (
    id {{.UUID}} PRIMARY KEY,
    round_id {{.UUID}} NOT NULL,
    asset_id {{.UUID}} REFERENCES assets (id),
    tag TEXT NOT NULL,
    site_id {{.UUID}} NOT NULL REFERENCES sites (id),
    room_id {{.UUID}} REFERENCES rooms (id),
    moved_from_site_id {{.UUID}} REFERENCES sites (id),
    moved_from_room_id {{.UUID}} REFERENCES rooms (id),
    duplicate {{.Bool}} NOT NULL,
    scanned_at {{.Timestamp}} NOT NULL,
    user_id {{.UUID}} NOT NULL,
    created_at {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX inventory_scans_round ON inventory_scans (round_id);
--bun:split
CREATE INDEX inventory_scans_asset ON inventory_scans (asset_id);
