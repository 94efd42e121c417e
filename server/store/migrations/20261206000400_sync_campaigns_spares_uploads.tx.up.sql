-- A spare PC of the pool becomes a record that devices pull (entity
-- loan_spare), so it needs a version: each write of the pool, and each
-- loan that takes or brings back the PC, makes a new one.
ALTER TABLE loan_spares ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
--bun:split
-- The id that a device gave an upload (header X-Upload-Id). A device that
-- lost the response sends the file again under the same id, and gets the
-- first file back instead of a second copy.
ALTER TABLE files ADD COLUMN upload_id {{.UUID}};
--bun:split
CREATE UNIQUE INDEX files_upload ON files (created_by, upload_id);
