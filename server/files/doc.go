// Package files keeps the files that records refer to: the photos of
// requests, the signatures of work orders and the work-order PDFs. It
// checks and re-encodes uploaded images, stores each file's bytes once per
// SHA-256 (under the data folder on SQLite, in the database on
// PostgreSQL), and serves a file only to users who may read a record that
// refers to it. The records that refer to files belong to their own
// packages, which tell this one through Referrer functions.
package files
