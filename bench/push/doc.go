// Package pushbench compares sending one Web Push message with a plain
// HTTP POST of the same size to the same server. The difference is the
// encryption (RFC 8291), the VAPID token (RFC 8292) and webpush-go's
// request building, over one loopback connection. bench/push/run.sh runs
// 1,000 of each and prints the comparison.
//
// The benchmarks are in the test file: go test -run='^$' -bench=. -benchtime=1000x ./bench/push/
package pushbench
