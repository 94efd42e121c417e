#!/usr/bin/env bash
# Mixed-traffic load test of Parc on loopback: 50 simulated technicians
# and correspondents for 60 s against one server on SQLite. Then the same
# against two server processes that share one PostgreSQL database (a
# throwaway cluster started by .ci/with-postgres), requests sent in turn.
# Prints, for each, p50/p99/max per endpoint, the error count, the CPU
# share of the servers and of other processes, and each server's peak RSS
# (VmHWM). Exits non-zero when any request failed.
#
# Usage, from the repository root: bash bench/load/run.sh
# Environment (defaults in brackets): LOAD_DURATION [60s], LOAD_USERS [50],
# LOAD_TECHNICIANS [10], LOAD_THINK [250ms] mean pause between two
# requests of a user, LOAD_SEED [the time], LOAD_ONLY [both] sqlite or
# postgres. Not run by CI: it takes over two minutes.
set -euo pipefail

cd "$(dirname "$0")/../.."

bin=$(mktemp -d "${TMPDIR:-/tmp}/parc-load-bin.XXXXXX")
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/parc" ./server/cmd/parc
go build -o "$bin/load" ./bench/load

flags=(-duration "${LOAD_DURATION:-60s}" -users "${LOAD_USERS:-50}" -technicians "${LOAD_TECHNICIANS:-10}"
  -think "${LOAD_THINK:-250ms}" -seed "${LOAD_SEED:-$(date +%s)}")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
if [ "${LOAD_ONLY:-both}" != postgres ]; then
  echo "## SQLite, one server"
  "$bin/load" -parc "$bin/parc" "${flags[@]}" || status=1
fi
if [ "${LOAD_ONLY:-both}" != sqlite ]; then
  echo "## PostgreSQL, two servers"
  # shellcheck disable=SC2016 # expanded by the inner shell
  bash .ci/with-postgres sh -c 'load=$1 parc=$2; shift 2; "$load" -parc "$parc" -database-url "$PARC_TEST_DATABASE_URL" -servers 2 "$@"' sh \
    "$bin/load" "$bin/parc" "${flags[@]}" || status=1
fi
exit $status
