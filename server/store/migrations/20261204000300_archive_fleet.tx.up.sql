-- Archiving takes a commune, site, room or asset out of the lists without
-- deleting it, so that its history and the records that name it stay.
-- archived_at is NULL while the record is active.
ALTER TABLE communes ADD COLUMN archived_at {{.Timestamp}};
--bun:split
ALTER TABLE sites ADD COLUMN archived_at {{.Timestamp}};
--bun:split
ALTER TABLE rooms ADD COLUMN archived_at {{.Timestamp}};
--bun:split
ALTER TABLE assets ADD COLUMN archived_at {{.Timestamp}};
