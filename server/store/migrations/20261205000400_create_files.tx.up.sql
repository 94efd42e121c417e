-- Stored files: request photos, work-order signatures and work-order
-- PDFs. Each upload or generated document is one row with its own id;
-- the bytes are kept once per SHA-256 (hex), in file_blobs on
-- PostgreSQL and under the data folder's files/ directory on SQLite.
-- width and height are the pixels of an image, NULL for a PDF.
CREATE TABLE files (
    id {{.UUID}} PRIMARY KEY,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('photo', 'signature', 'work_order_pdf')),
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes > 0),
    width INTEGER,
    height INTEGER,
    created_by {{.UUID}},
    created_at {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX files_sha256 ON files (sha256);
--bun:split
-- The bytes of stored files on PostgreSQL, so that every server process
-- on the database reads them. Empty on SQLite.
CREATE TABLE file_blobs (
    sha256 TEXT PRIMARY KEY,
    data {{.Bytes}} NOT NULL
);
--bun:split
-- The photos of a request, in the order they were attached.
CREATE TABLE request_photos (
    request_id {{.UUID}} NOT NULL REFERENCES requests (id),
    file_id {{.UUID}} NOT NULL REFERENCES files (id),
    added_by {{.UUID}},
    added_at {{.Timestamp}} NOT NULL,
    PRIMARY KEY (request_id, file_id)
);
--bun:split
CREATE INDEX request_photos_file ON request_photos (file_id);
--bun:split
-- The PDF ("bon d'intervention") stored when the work order became done.
-- signature_file_id predates the files table, so only the code checks it.
ALTER TABLE work_orders ADD COLUMN pdf_file_id {{.UUID}} REFERENCES files (id);
--bun:split
CREATE INDEX work_orders_signature_file ON work_orders (signature_file_id);
--bun:split
CREATE INDEX work_orders_pdf_file ON work_orders (pdf_file_id);
