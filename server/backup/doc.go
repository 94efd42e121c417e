// Package backup writes and restores the archive of a SQLite deployment:
// a consistent copy of the database taken while the server keeps
// writing, the stored files it refers to (server/files) and a manifest
// with the SHA-256 of each. It also runs the periodic backups of parc
// serve. PostgreSQL deployments keep their stored files in the database
// and are backed up with pg_dump instead, so this package refuses them.
package backup
