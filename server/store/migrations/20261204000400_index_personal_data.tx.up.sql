-- The daily retention purge clears the details of audit entries older than
-- a date, and the export of a person's data finds the entries they made:
-- both would otherwise read the whole audit log.
CREATE INDEX audit_entries_at_idx ON audit_entries (at);
--bun:split
CREATE INDEX audit_entries_actor_id_idx ON audit_entries (actor_id);
