#!/usr/bin/env bash
# Benchmarks of the sync endpoints on SQLite and PostgreSQL, each against
# the database work it cannot avoid, measured in the same run:
#   1. A push of 1,000 asset creations, POST /api/v1/sync/push over HTTP
#      on loopback, against bun inserts of the same rows in one
#      transaction. Target: the push reaches 50 % of the insert rate.
#   2. An initial pull of 10,000 assets, every page of GET
#      /api/v1/sync/pull from an empty cursor at 1,000 changes a page,
#      against a bun select of the same rows and their JSON encoding.
#      Target: at most twice the time of the select.
# Each iteration runs the sync request and then its raw counterpart, so
# that a load from other processes weighs on both alike. Prints a
# Markdown table of medians with the verdicts, and the size of the pull
# per asset, raw and compressed. docs/BENCHMARKS.md explains the
# method.
#
# Usage, from the repository root: bash bench/sync/run.sh
# Environment (defaults in brackets): BENCH_COUNT [3] runs of each
# benchmark, BENCH_TIMES [5] pushes or pulls measured per run.
# PostgreSQL: when PARC_TEST_DATABASE_URL is set, the benchmarks use that
# server; otherwise .ci/with-postgres starts a throwaway cluster on
# 127.0.0.1. Without PostgreSQL installed, the PostgreSQL rows are left
# out and the script logs why.
set -euo pipefail

cd "$(dirname "$0")/../.."

count=${BENCH_COUNT:-3}
times=${BENCH_TIMES:-5}
for v in "$count" "$times"; do
  [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "bench/sync/run.sh: BENCH_COUNT and BENCH_TIMES must be positive whole numbers, got '$v'" >&2; exit 1; }
done

log() { printf '[bench/sync %s] %s\n' "$(date +%T)" "$*" >&2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/parc-syncbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

log "building the benchmark binary"
go test -c -o "$tmp/syncbench.test" ./bench/sync/

# cpu_seconds sets cpu to the machine's busy and total CPU seconds since
# boot, from /proc/stat (idle and iowait count as not busy), and the CPU
# seconds of this shell's finished child processes. It must run in this
# shell, not in a subshell, for times to see those children.
cpu_seconds() {
  local m
  read -ra m < <(head -n 1 /proc/stat)
  times >"$tmp/times"
  cpu=$(tail -n 1 "$tmp/times" | awk -v hz="$(getconf CLK_TCK)" \
    -v busy=$((m[1] + m[2] + m[3] + m[6] + m[7] + m[8])) -v total=$((m[1] + m[2] + m[3] + m[4] + m[5] + m[6] + m[7] + m[8])) '
    { for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); own += p[1] * 60 + p[2] } }
    END { printf "%.2f %.2f %.2f", busy / hz, total / hz, own }')
}

# other_share BEFORE AFTER prints the percentage of the machine's CPU time
# that processes other than this script's children took between two
# cpu_seconds outputs.
other_share() {
  local a b
  read -ra a <<<"$1"
  read -ra b <<<"$2"
  awk -v busy="$(awk -v x="${b[0]}" -v y="${a[0]}" 'BEGIN { print x - y }')" \
    -v total="$(awk -v x="${b[1]}" -v y="${a[1]}" 'BEGIN { print x - y }')" \
    -v own="$(awk -v x="${b[2]}" -v y="${a[2]}" 'BEGIN { print x - y }')" \
    'BEGIN { v = 100 * (busy - own) / total; printf "%.0f", v < 0 ? 0 : v }'
}

# run ENGINE: runs the benchmarks of one engine, appends their output to
# $tmp/out.txt, shows it on standard error, and stores in other[ENGINE]
# the share of the CPU that other processes took meanwhile.
declare -A other
run() {
  local engine=$1 before
  local args=(-test.run='^$' -test.bench="/$engine" -test.benchtime="${times}x" -test.count="$count")
  log "running the $engine benchmarks: $count runs of $times pushes or pulls each"
  cpu_seconds
  before=$cpu
  if [[ $engine == sqlite ]]; then
    "$tmp/syncbench.test" "${args[@]}"
  elif [[ -n ${PARC_TEST_DATABASE_URL:-} ]]; then
    "$tmp/syncbench.test" "${args[@]}"
  else
    .ci/with-postgres "$tmp/syncbench.test" "${args[@]}"
  fi | tee -a "$tmp/out.txt" >&2
  cpu_seconds
  other[$engine]=$(other_share "$before" "$cpu")
  log "other processes took ${other[$engine]} % of the CPU during the $engine run"
}

run sqlite
if [[ -n ${PARC_TEST_DATABASE_URL:-} ]] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then
  run postgres
else
  log "PostgreSQL is not installed (Debian: apt-get install postgresql): skipping the postgres rows"
fi
if grep -q -e '^--- FAIL' -e '^FAIL' "$tmp/out.txt"; then
  echo "bench/sync/run.sh: a benchmark failed; its output is above" >&2
  exit 1
fi

# metric NAME UNIT prints the median of the values of UNIT on the lines
# of benchmark NAME (such as Push/sqlite/push), or nothing.
metric() {
  awk -v name="Benchmark$1" -v unit="$2" '
    { sub(/-[0-9]+$/, "", $1) }
    $1 == name { for (i = 3; i < NF; i++) if ($(i + 1) == unit) print $i }' "$tmp/out.txt" |
    sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# fmt VALUE DECIMALS [DIVISOR] prints VALUE / DIVISOR rounded.
fmt() { awk -v v="$1" -v d="$2" -v div="${3:-1}" 'BEGIN { printf "%.*f", d, v / div }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v op="$2" -v t="$3" 'BEGIN { ok = op == ">=" ? r >= t : r <= t; print ok ? "pass" : "FAIL" }'; }

cat <<EOF

## Sync benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(go version | cut -d' ' -f3), Linux $(uname -r).
Commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- server bench 2>/dev/null || echo ' with local changes'). Each run alternates the sync request and its raw counterpart $times times; the figures are medians of $count runs, the ratios medians of the ratio of each run.
Other processes took ${other[sqlite]} % of the CPU during the SQLite run$([[ -n ${other[postgres]:-} ]] && echo " and ${other[postgres]} % during the PostgreSQL run, the PostgreSQL server included").

| engine | measurement | sync | raw | sync / raw | target | verdict |
| --- | --- | ---: | ---: | ---: | --- | --- |
EOF
for engine in sqlite postgres; do
  push=$(metric "Push/$engine" push-ops/s)
  [[ -n $push ]] || continue
  r=$(metric "Push/$engine" push/raw)
  echo "| $engine | 1,000-op push, ops/s | $(fmt "$push" 0) | $(fmt "$(metric "Push/$engine" raw-ops/s)" 0) | $(fmt "$r" 3) | >= 0.50 | $(verdict "$r" '>=' 0.5) |"
  r=$(metric "InitialPull/$engine" pull/raw)
  echo "| $engine | initial pull of 10,000 assets, ms | $(fmt "$(metric "InitialPull/$engine" pull-ms)" 1) | $(fmt "$(metric "InitialPull/$engine" raw-ms)" 1) | $(fmt "$r" 2) | <= 2.00 | $(verdict "$r" '<=' 2) |"
done

cat <<EOF

| engine | statements per pushed op | pull pages | pull bytes per asset: raw | gzip 6 | brotli 4 | gzip 9 | brotli 11 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
for engine in sqlite postgres; do
  [[ -n $(metric "Push/$engine" push-ops/s) ]] || continue
  p="InitialPull/$engine"
  echo "| $engine | $(fmt "$(metric "Push/$engine" push-queries/op)" 2) | $(metric "$p" pages) | $(fmt "$(metric "$p" B/asset)" 0) | $(fmt "$(metric "$p" gzip-B/asset)" 1) | $(fmt "$(metric "$p" br-B/asset)" 1) | $(fmt "$(metric "$p" gzip9-B/asset)" 1) | $(fmt "$(metric "$p" br11-B/asset)" 1) |"
done
