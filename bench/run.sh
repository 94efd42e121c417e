#!/usr/bin/env bash
# Load benchmark of GET /api/v1/assets/by-tag/{tag} against bench/bare, a
# Fiber handler that returns a constant asset document. Both servers run
# on 127.0.0.1 and are measured one after the other in the same run:
#   1. throughput with wrk, alternating bare and by-tag, median of rounds;
#   2. latency at half the by-tag median throughput, with hey (closed
#      loop) and with bench/loadgen (open loop), against both servers,
#      alternating, median of rounds.
# Prints a Markdown table with the figures and the verdict against the
# targets. docs/BENCHMARKS.md explains the method and its caveats.
#
# Usage, from the repository root: bash bench/run.sh
# Environment (defaults in brackets): BENCH_DURATION [10] seconds of each
# measured pass, BENCH_WARMUP [3] seconds of warm-up per server,
# BENCH_ROUNDS [3] rounds of each pass, BENCH_CONNS [50] connections,
# BENCH_MAX_FOREIGN [10] and BENCH_RETRIES [2] (see below).
set -euo pipefail

cd "$(dirname "$0")/.."

duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-3}
rounds=${BENCH_ROUNDS:-3}
conns=${BENCH_CONNS:-50}
threads=2

# Targets: by-tag reaches this share of the bare throughput, and its p99
# stays under this many milliseconds at half its own throughput.
min_ratio=0.5
max_p99_ms=5

# A pass during which other processes take more than max_foreign % of the
# machine's CPU time is run again, at most retries times.
max_foreign=${BENCH_MAX_FOREIGN:-10}
retries=${BENCH_RETRIES:-2}

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 1; }

# --- Tools: install nothing, say what to install. --------------------------
missing=()
for tool in wrk hey curl; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  printf 'bench/run.sh: missing %s. Install with:\n' "${missing[*]}" >&2
  printf '  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq %s\n' "${missing[*]}" >&2
  exit 1
fi

# --- Build. -----------------------------------------------------------------
log "building bin/parc, bin/bare and bin/loadgen"
go build -o bin/parc ./server/cmd/parc
go build -o bin/bare ./bench/bare
go build -o bin/loadgen ./bench/loadgen

# --- Servers, stopped and cleaned up on any exit. ----------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/parc-bench.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port prints a port in 20000-60000 on which nothing on 127.0.0.1
# accepts a connection.
free_port() {
  local port
  port=$(shuf -i 20000-60000 -n 1)
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

# wait_for URL PID LOGFILE: waits up to 30 s for URL to return status 200.
wait_for() {
  local url=$1 pid=$2 logfile=$3 i
  for ((i = 0; i < 300; i++)); do
    curl -sf -o /dev/null "$url" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$logfile" >&2
      die "server exited before responding to $url; its log is above"
    fi
    sleep 0.1
  done
  tail -n 20 "$logfile" >&2
  die "timed out after 30 s waiting for $url"
}

parc_port=$(free_port)
parc_url=http://127.0.0.1:$parc_port
log "starting parc on $parc_url (demo data, log level info, log in $tmp/parc.log)"
bin/parc serve --demo --data "$tmp/data" --addr "127.0.0.1:$parc_port" >"$tmp/parc.log" 2>&1 &
pids+=($!)
wait_for "$parc_url/healthz" "${pids[-1]}" "$tmp/parc.log"

bare_port=$(free_port)
bare_url=http://127.0.0.1:$bare_port
log "starting bare on $bare_url"
bin/bare -addr "127.0.0.1:$bare_port" >"$tmp/bare.log" 2>&1 &
pids+=($!)
wait_for "$bare_url/api/v1/assets/by-tag/BE000002D" "${pids[-1]}" "$tmp/bare.log"

# --- Session. ---------------------------------------------------------------
# The fleet API needs a login: every request to parc, and to bare so that the
# client does the same work, carries the demo technician's session cookie.
session=$(curl -sf -c - -H 'Content-Type: application/json' \
  -d '{"email":"technicien@demo.invalid","password":"parc-demo"}' \
  "$parc_url/api/v1/session" | awk '$6 == "parc_session" {print $7}') ||
  die "login as the demo technician failed"
[[ -n $session ]] || die "login returned no session cookie"
auth="Cookie: parc_session=$session"
log "logged in as technicien@demo.invalid"

# --- Tags of the demo fleet. ------------------------------------------------
# Pages through the asset list and keeps the non-null tags. The fields are
# read with grep: tags and cursors are letters, digits, '-' and '_'.
tags=()
cursor=
for ((page = 0; page < 1000; page++)); do
  body=$(curl -sf -H "$auth" "$parc_url/api/v1/assets?limit=500${cursor:+&cursor=$cursor}") ||
    die "GET $parc_url/api/v1/assets failed"
  while IFS= read -r tag; do
    [[ $tag =~ ^[A-Za-z0-9-]+$ ]] && tags+=("$tag")
  done < <(grep -o '"tag":"[^"]*"' <<<"$body" | cut -d'"' -f4)
  cursor=$(grep -o '"next":"[^"]*"' <<<"$body" | cut -d'"' -f4 || true)
  [[ -z $cursor ]] && break
done
((${#tags[@]})) || die "the demo fleet has no tagged asset"
log "collected ${#tags[@]} tags"

# wrk runs one Lua state per thread, and each walks the whole list from a
# different starting point, one tag per request.
{
  echo 'local tags = {'
  printf '  "%s",\n' "${tags[@]}"
  echo '}'
  cat <<'LUA'
local i = 0
setup = function(thread)
  thread:set("offset", math.random(#tags))
end
init = function()
  i = tonumber(offset) or 0
end
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/assets/by-tag/" .. tags[(i % #tags) + 1])
end
LUA
} >"$tmp/tags.lua"
printf '/api/v1/assets/by-tag/%s\n' "${tags[@]}" >"$tmp/paths.txt"

one_tag=${tags[0]}
curl -sf -o /dev/null -H "$auth" "$parc_url/api/v1/assets/by-tag/$one_tag" ||
  die "GET $parc_url/api/v1/assets/by-tag/$one_tag failed"

# --- Parsing helpers. ---------------------------------------------------------
# to_ms converts a wrk duration (850.00us, 5.44ms, 1.02s) to milliseconds.
to_ms() {
  awk -v d="$1" 'BEGIN {
    if (d ~ /us$/) { sub(/us$/, "", d); printf "%.3f", d / 1000 }
    else if (d ~ /ms$/) { sub(/ms$/, "", d); printf "%.3f", d }
    else if (d ~ /m$/) { sub(/m$/, "", d); printf "%.3f", d * 60000 }
    else { sub(/s$/, "", d); printf "%.3f", d * 1000 }
  }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# at_least A B succeeds when A >= B, below A B when A < B (decimals).
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
int() { printf '%.0f' "$1"; }
# join_int prints its arguments rounded, separated by " / ".
join_int() { printf '%.0f\n' "$@" | paste -sd/ | sed 's|/| / |g'; }

# Each pass function below sets rps, p50 and p99 (milliseconds) and fails
# the run on any transport error or any response that is not 2xx.

# run_wrk NAME URL [SCRIPT]: wrk at full speed for $duration seconds.
run_wrk() {
  local name=$1 url=$2 script=${3:-} out=$tmp/wrk-$1.txt
  wrk -t"$threads" -c"$conns" -d"${duration}s" --latency -H "$auth" ${script:+-s "$script"} "$url" >"$out"
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
    cat "$out" >&2
    die "wrk pass $name had errors or non-2xx responses; its output is above"
  fi
}

# run_hey NAME URL: hey at $half req/s in all, $per_worker per worker.
# hey prints latencies in whole tenths of a millisecond.
run_hey() {
  local name=$1 url=$2 out=$tmp/hey-$1.txt
  hey -z "${duration}s" -c "$conns" -q "$per_worker" -H "$auth" "$url" >"$out"
  rps=$(awk '/Requests\/sec:/ { print $2 }' "$out")
  p50=$(awk '$1 == "50%" { printf "%.3f", $3 * 1000 }' "$out")
  p99=$(awk '$1 == "99%" { printf "%.3f", $3 * 1000 }' "$out")
  if grep -q 'Error distribution' "$out" || grep -E '^\s+\[[0-9]+\]' "$out" | grep -vq '\[200\]'; then
    cat "$out" >&2
    die "hey pass $name had errors or non-200 responses; its output is above"
  fi
}

# run_loadgen NAME URL: bench/loadgen at $half req/s, rotating the tags.
run_loadgen() {
  local name=$1 url=$2 out=$tmp/loadgen-$1.txt line
  bin/loadgen -url "$url" -paths "$tmp/paths.txt" -rate "$half" -duration "${duration}s" -conns "$conns" -header "$auth" >"$out"
  line=$(cat "$out")
  rps=$(sed -n 's/.*achieved_rate=\([0-9.]*\).*/\1/p' <<<"$line")
  p50=$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  if ! grep -q 'errors=0 non2xx=0' <<<"$line"; then
    echo "$line" >&2
    die "loadgen pass $name had errors or non-2xx responses"
  fi
}

warm() {
  log "warm-up of $1 (${warmup} s)"
  wrk -t"$threads" -c"$conns" -d"${warmup}s" -H "$auth" -s "$tmp/tags.lua" "$2" >/dev/null
}

# cpu_ticks prints three counts of clock ticks since boot. The first is all
# CPU time of the machine, and the second its busy part (idle and iowait
# excluded, steal included). The third is the part spent by this shell,
# its finished children (the load generators) and the two servers.
cpu_ticks() {
  local m s pid own
  read -ra m < <(head -n 1 /proc/stat)
  read -ra s <"/proc/$$/stat"
  own=$((s[13] + s[14] + s[15] + s[16]))
  for pid in "${pids[@]}"; do
    read -ra s <"/proc/$pid/stat"
    own=$((own + s[13] + s[14]))
  done
  echo "$((m[1] + m[2] + m[3] + m[4] + m[5] + m[6] + m[7] + m[8])) $((m[1] + m[2] + m[3] + m[6] + m[7] + m[8])) $own"
}

# foreign_cpu BEFORE AFTER prints the share of the machine's CPU time, in
# percent, that processes other than this benchmark used between two
# cpu_ticks outputs.
foreign_cpu() {
  local a b
  read -ra a <<<"$1"
  read -ra b <<<"$2"
  awk -v total=$((b[0] - a[0])) -v other=$(((b[1] - a[1]) - (b[2] - a[2]))) \
    'BEGIN { v = 100 * other / total; printf "%.0f", v < 0 ? 0 : v }'
}

# measure SERVER TOOL FUNCTION NAME URL [SCRIPT]: runs one pass, and runs
# it again, up to $retries times, while other processes take more than
# $max_foreign % of the CPU during it. Adds a row to the passes table.
passes=()
repeated=0
measure() {
  local server=$1 tool=$2 fn=$3 name=$4 attempt before
  shift 3
  for ((attempt = 0; ; attempt++)); do
    before=$(cpu_ticks)
    "$fn" "$@"
    foreign=$(foreign_cpu "$before" "$(cpu_ticks)")
    log "$tool $name: $(int "$rps") req/s, p50 $p50 ms, p99 $p99 ms, other processes ${foreign}% CPU"
    if ((foreign <= max_foreign || attempt >= retries)); then
      break
    fi
    repeated=$((repeated + 1))
    log "other processes took more than ${max_foreign}% of the CPU: running $name again in 5 s"
    sleep 5
  done
  passes+=("| $server | $tool | $name | $(int "$rps") | $p50 | $p99 | $foreign |")
}

ticks=$(cpu_ticks)
sleep 1
foreign_before=$(foreign_cpu "$ticks" "$(cpu_ticks)")
if ((foreign_before > max_foreign)); then
  log "WARNING: other processes used ${foreign_before}% of the CPU before the run: they will skew the figures"
fi
ticks_start=$(cpu_ticks)

# --- 1. Throughput with wrk. -----------------------------------------------
warm bare "$bare_url"
warm by-tag "$parc_url"
bare_rps=() bare_p50=() bare_p99=() tag_rps=() tag_p50=() tag_p99=()
for ((round = 1; round <= rounds; round++)); do
  measure bare wrk run_wrk "bare-$round" "$bare_url" "$tmp/tags.lua"
  bare_rps+=("$rps") bare_p50+=("$p50") bare_p99+=("$p99")
  measure by-tag wrk run_wrk "by-tag-$round" "$parc_url" "$tmp/tags.lua"
  tag_rps+=("$rps") tag_p50+=("$p50") tag_p99+=("$p99")
done
measure by-tag wrk run_wrk "by-tag-one-tag" "$parc_url/api/v1/assets/by-tag/$one_tag"
single_rps=$rps single_p50=$p50 single_p99=$p99

bare_rps_med=$(median "${bare_rps[@]}")
tag_rps_med=$(median "${tag_rps[@]}")
throughput_ratio=$(ratio "$tag_rps_med" "$bare_rps_med")

# --- 2. Latency at half the by-tag throughput. ---------------------------------
# LATENCY_RPS pins the rate instead, to compare two builds at one rate.
half=${LATENCY_RPS:-$(awk -v r="$tag_rps_med" 'BEGIN { printf "%.0f", r / 2 }')}
[[ $half =~ ^[0-9]+$ && $half -gt 0 ]] || { echo "bench/run.sh: invalid LATENCY_RPS=$half, want a positive whole number of requests per second" >&2; exit 1; }
per_worker=$(awk -v r="$half" -v c="$conns" 'BEGIN { printf "%.2f", r / c }')
log "latency passes at $half req/s ($conns connections; hey sends $per_worker req/s per worker)"

# Space-separated figures of each series, keyed by generator and server.
declare -A lat_rps lat_p50 lat_p99
add_latency() { lat_rps[$1]+=" $rps" lat_p50[$1]+=" $p50" lat_p99[$1]+=" $p99"; }
for ((round = 1; round <= rounds; round++)); do
  measure by-tag hey run_hey "by-tag-$round" "$parc_url/api/v1/assets/by-tag/$one_tag"
  add_latency hey-tag
  measure bare hey run_hey "bare-$round" "$bare_url/api/v1/assets/by-tag/$one_tag"
  add_latency hey-bare
  measure by-tag loadgen run_loadgen "by-tag-$round" "$parc_url"
  add_latency lg-tag
  measure bare loadgen run_loadgen "bare-$round" "$bare_url"
  add_latency lg-bare
done
for key in hey-tag hey-bare lg-tag lg-bare; do
  read -ra series <<<"${lat_rps[$key]}"
  lat_rps[$key]=$(median "${series[@]}")
  read -ra series <<<"${lat_p50[$key]}"
  lat_p50[$key]=$(median "${series[@]}")
  read -ra series <<<"${lat_p99[$key]}"
  lat_p99[$key]=$(median "${series[@]}")
done

log_mb=$(du -sm "$tmp/parc.log" | cut -f1)
foreign_during=$(foreign_cpu "$ticks_start" "$(cpu_ticks)")
if ((foreign_during > max_foreign)); then
  log "WARNING: other processes used ${foreign_during}% of the CPU during the run: run again on an idle machine"
fi

# --- Report. -----------------------------------------------------------------
pass_if() { if "$@"; then echo PASS; else echo FAIL; fi; }
# sent KEY prints the median rate a latency generator sent, with a note
# when it fell more than 5 % short of $half.
sent() {
  printf '%.0f' "${lat_rps[$1]}"
  if ! at_least "${lat_rps[$1]}" "$(awk -v h="$half" 'BEGIN { print h * 0.95 }')"; then
    printf ' (short of the target: the most it sent)'
  fi
}

cat <<EOF

## Load benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(go version | cut -d' ' -f3), Linux $(uname -r).
Demo fleet: ${#tags[@]} tags. $conns connections. wrk -t$threads, ${duration} s passes after ${warmup} s of warm-up per server; medians of $rounds alternating rounds.
CPU time used by other processes: ${foreign_before} % before the run, ${foreign_during} % during it; $repeated passes run again because of them.

| measurement | bare | by-tag | by-tag / bare |
| --- | ---: | ---: | ---: |
| wrk req/s | $(int "$bare_rps_med") | $(int "$tag_rps_med") | $throughput_ratio |
| wrk p50 ms | $(median "${bare_p50[@]}") | $(median "${tag_p50[@]}") | |
| wrk p99 ms | $(median "${bare_p99[@]}") | $(median "${tag_p99[@]}") | |
| wrk req/s, one tag only (one pass) | | $(int "$single_rps") | |
| hey at $half req/s: req/s sent | $(sent hey-bare) | $(sent hey-tag) | |
| hey p50 ms | ${lat_p50[hey-bare]} | ${lat_p50[hey-tag]} | |
| hey p99 ms | ${lat_p99[hey-bare]} | ${lat_p99[hey-tag]} | |
| loadgen at $half req/s: req/s sent | $(sent lg-bare) | $(sent lg-tag) | |
| loadgen p50 ms | ${lat_p50[lg-bare]} | ${lat_p50[lg-tag]} | |
| loadgen p99 ms | ${lat_p99[lg-bare]} | ${lat_p99[lg-tag]} | |

| target | figure | verdict |
| --- | ---: | --- |
| by-tag throughput >= ${min_ratio} x bare (wrk) | $throughput_ratio | $(pass_if at_least "$throughput_ratio" "$min_ratio") |
| by-tag p99 < ${max_p99_ms} ms at $half req/s, hey (closed loop) | ${lat_p99[hey-tag]} ms | $(pass_if below "${lat_p99[hey-tag]}" "$max_p99_ms") |
| by-tag p99 < ${max_p99_ms} ms at $half req/s, loadgen (open loop) | ${lat_p99[lg-tag]} ms | $(pass_if below "${lat_p99[lg-tag]}" "$max_p99_ms") |

Every pass kept (the one-tag wrk pass had p50 $single_p50 ms, p99 $single_p99 ms):

| server | tool | pass | req/s | p50 ms | p99 ms | other processes, % CPU |
| --- | --- | --- | ---: | ---: | ---: | ---: |
$(printf '%s\n' "${passes[@]}")

parc wrote ${log_mb} MB of access log at level info during the run.
EOF
