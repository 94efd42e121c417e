// Package syncbench measures the sync endpoints against the database
// work they cannot avoid: a push of 1,000 asset creations against bun
// inserts of the same rows, and an initial pull of 10,000 assets against
// a select of the same rows and their JSON encoding. bench/sync/run.sh
// runs it on SQLite and PostgreSQL and prints the comparison.
//
// The benchmarks are in the test files: go test -run='^$' -bench=. ./bench/sync/
package syncbench
