#!/usr/bin/env bash
# Web Push sending against plain POSTs of the same size, in the same run:
# BenchmarkSend (encrypt, sign and post one notification through
# push.Sender) and BenchmarkPlainPOST (post the same number of bytes,
# unencrypted and unsigned) each send 1,000 requests to a push service on
# 127.0.0.1 that responds 201. The two alternate, BENCH_ROUNDS [5] times,
# and the script prints the median time per request of each, its
# throughput and the ratio, as a Markdown table.
#
# Usage, from the repository root: bash bench/push/run.sh
set -euo pipefail

cd "$(dirname "$0")/../.."

rounds=${BENCH_ROUNDS:-5}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT

go test -c -o "$bin/push.test" ./bench/push

run() {
  # Prints the ns/op of one benchmark over 1,000 iterations.
  "$bin/push.test" -test.run='^$' -test.bench="^$1\$" -test.benchtime=1000x |
    awk -v name="$1" '$1 ~ "^"name"(-[0-9]+)?$" { print $3 }'
}

send=() plain=()
for i in $(seq "$rounds"); do
  send+=("$(run BenchmarkSend)")
  plain+=("$(run BenchmarkPlainPOST)")
  printf '[bench] round %d: send %s ns, plain POST %s ns\n' "$i" "${send[-1]}" "${plain[-1]}" >&2
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ms=$(median "${send[@]}")
mp=$(median "${plain[@]}")

echo
echo "| 1,000 requests to 127.0.0.1, median of $rounds rounds | µs per request | requests/s | ratio |"
echo "|---|---|---|---|"
awk -v ms="$ms" -v mp="$mp" 'BEGIN {
  printf "| plain POST, 2,048 bytes | %.0f | %.0f | 1.0 |\n", mp / 1000, 1e9 / mp
  printf "| Web Push notification (push.Sender), 2,048 bytes | %.0f | %.0f | %.1f |\n", ms / 1000, 1e9 / ms, ms / mp
}'
