#!/usr/bin/env bash
# Web app load benchmark. Builds parc, serves the demo data on 127.0.0.1 and
# measures two things:
#   1. the app shell's first-load transfer size: every URL that the service
#      worker precaches (the JSON array on the line `const PRECACHE = [...];`
#      of /sw.js), fetched once with `Accept-Encoding: br, gzip` and once
#      without, body bytes only (headers not counted);
#   2. Lighthouse 12.2.3 (locked in bench/pwa/package-lock.json) on the login
#      page, RUNS times in headless Chromium with the default mobile form
#      factor and simulated throttling: the performance, accessibility and
#      best practices scores of each run and their medians; then the same on
#      a static baseline page served by Python on loopback, in the same run.
#
# Usage, from anywhere: bash bench/pwa/run.sh
# Environment (defaults in brackets): RUNS [5] Lighthouse runs; CHROME_PATH
# [/usr/bin/chromium] browser that Lighthouse starts; LH_PATH [/login] path
# of the page that Lighthouse loads.
#
# Installs what is missing: the npm packages of bench/pwa with `npm ci`, and
# Debian's chromium with apt-get when CHROME_PATH is unset and
# /usr/bin/chromium is missing (that needs root). Lighthouse's timings
# depend on the CPU time it gets, so run it on an otherwise idle machine.
set -euo pipefail

cd "$(dirname "$0")/../.."

runs=${RUNS:-5}
lh_path=${LH_PATH:-/login}
chrome_flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"

log() { printf '[bench/pwa %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf 'bench/pwa/run.sh: %s\n' "$*" >&2; exit 1; }

[[ $runs =~ ^[1-9][0-9]*$ ]] || die "invalid RUNS=$runs, want a positive whole number"
[[ $lh_path == /* ]] || die "invalid LH_PATH=$lh_path, want a path starting with /"

# --- Tools. -------------------------------------------------------------------
for tool in go curl node npm; do
  command -v "$tool" >/dev/null || die "missing $tool; install it and run again"
done

if [[ -z ${CHROME_PATH:-} ]]; then
  CHROME_PATH=/usr/bin/chromium
  if [[ ! -x $CHROME_PATH ]]; then
    [[ $(id -u) -eq 0 ]] || die "missing $CHROME_PATH; install Debian's chromium package or set CHROME_PATH"
    log "installing chromium with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
[[ -x $CHROME_PATH ]] || die "CHROME_PATH=$CHROME_PATH is not an executable file"
# The CLI of Lighthouse 12.2.3 has no option for the browser (see its
# --help), so its chrome-launcher reads CHROME_PATH from the environment.
export CHROME_PATH

if [[ ! -d bench/pwa/node_modules/lighthouse ]]; then
  log "installing Lighthouse (npm ci in bench/pwa)"
  npm ci --no-audit --no-fund --prefix bench/pwa >&2
fi
lighthouse=bench/pwa/node_modules/.bin/lighthouse

if pgrep -f 'go test' >/dev/null; then
  log "warning: a go test is running, so the performance scores may be lower than on an idle machine"
fi

# --- Server, stopped and cleaned up on any exit. -------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/parc-bench-pwa.XXXXXX")
server_pid=
baseline_pid=''
cleanup() {
  if [[ -n $baseline_pid ]]; then
    kill "$baseline_pid" 2>/dev/null || true
  fi
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
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

log "building parc"
go build -o "$tmp/parc" ./server/cmd/parc

port=$(free_port)
base=http://127.0.0.1:$port
log "starting parc on $base (demo data, log in $tmp/parc.log)"
"$tmp/parc" serve --demo --addr "127.0.0.1:$port" --data "$tmp/data" >"$tmp/parc.log" 2>&1 &
server_pid=$!

ready=
for ((i = 0; i < 300; i++)); do
  if curl -sf -o /dev/null "$base/healthz"; then
    ready=1
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    tail -n 20 "$tmp/parc.log" >&2
    die "parc exited before /healthz returned 200; its log is above"
  fi
  sleep 0.1
done
if [[ -z $ready ]]; then
  tail -n 20 "$tmp/parc.log" >&2
  die "timed out after 30 s waiting for $base/healthz"
fi

# --- 1. App shell transfer size. -----------------------------------------------
curl -sf -o "$tmp/sw.js" "$base/sw.js" || die "GET $base/sw.js failed"
# precache.js prints the paths of the PRECACHE array, one a line.
cat >"$tmp/precache.js" <<'EOF'
const fs = require('fs');
const source = fs.readFileSync(process.argv[2], 'utf8');
const match = source.match(/^\s*const PRECACHE = (\[[\s\S]*?\]);/m);
if (!match) {
  console.error('bench/pwa/run.sh: missing line `const PRECACHE = [...];` in /sw.js. The size measurement reads the precached paths from that line, as a JSON array.');
  process.exit(1);
}
let paths;
try {
  paths = JSON.parse(match[1]);
} catch (err) {
  console.error(`bench/pwa/run.sh: the PRECACHE array of /sw.js is not valid JSON: ${err.message}`);
  process.exit(1);
}
if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p.startsWith('/'))) {
  console.error('bench/pwa/run.sh: invalid PRECACHE array in /sw.js, want a non-empty array of absolute paths such as "/app.js"');
  process.exit(1);
}
console.log(paths.join('\n'));
EOF
node "$tmp/precache.js" "$tmp/sw.js" >"$tmp/precache.txt" || exit 1
mapfile -t precache <"$tmp/precache.txt"

width=5 # of the path column: the longest path, at least "total"
for path in "${precache[@]}"; do
  ((${#path} > width)) && width=${#path}
done
dashes() { printf -- '-%.0s' $(seq "$1"); }

total_compressed=0
total_raw=0
printf '\nApp shell precached by /sw.js: %d files, body bytes (headers not counted)\n\n' "${#precache[@]}"
printf '| %-*s | %-8s | %10s | %12s |\n' "$width" path encoding compressed uncompressed
printf '|%s|%s|%s:|%s:|\n' "$(dashes $((width + 2)))" "$(dashes 10)" "$(dashes 11)" "$(dashes 13)"
for path in "${precache[@]}"; do
  # curl without -f prints the status for the check below; a failed
  # connection prints status 000.
  fields=$(curl -s -H 'Accept-Encoding: br, gzip' -o /dev/null \
    -w '%{http_code} %{size_download} %header{content-encoding}' "$base$path" || true)
  read -r status compressed encoding <<<"$fields"
  [[ $status == 200 ]] || die "GET $base$path returned status $status, want 200"
  fields=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' "$base$path" || true)
  read -r status raw <<<"$fields"
  [[ $status == 200 ]] || die "GET $base$path without Accept-Encoding returned status $status, want 200"
  printf '| %-*s | %-8s | %10d | %12d |\n' "$width" "$path" "${encoding:-none}" "$compressed" "$raw"
  total_compressed=$((total_compressed + compressed))
  total_raw=$((total_raw + raw))
done
printf '| %-*s | %-8s | %10d | %12d |\n' "$width" total '' "$total_compressed" "$total_raw"
printf '\nTotal: %s KiB compressed, %s KiB uncompressed (1 KiB = 1024 bytes)\n' \
  "$(awk -v b="$total_compressed" 'BEGIN { printf "%.1f", b / 1024 }')" \
  "$(awk -v b="$total_raw" 'BEGIN { printf "%.1f", b / 1024 }')"

# --- 2. Lighthouse. ------------------------------------------------------------
url=$base$lh_path
status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
[[ $status == 200 ]] || die "GET $url returned status $status, want 200; set LH_PATH to a page that exists"

# run_lighthouse URL PREFIX runs Lighthouse RUNS times on URL and leaves the
# report paths in the array "reports".
run_lighthouse() {
  reports=()
  for ((run = 1; run <= runs; run++)); do
    report=$tmp/$2-$run.json
    if ! "$lighthouse" "$1" --quiet --output=json --output-path="$report" \
      --only-categories=performance,accessibility,best-practices \
      --chrome-flags="$chrome_flags" 2>"$tmp/$2-$run.log"; then
      tail -n 20 "$tmp/$2-$run.log" >&2
      die "Lighthouse run $run on $1 failed; its log is above"
    fi
    reports+=("$report")
  done
}

log "Lighthouse $("$lighthouse" --version) on $url, runs: $runs, with $("$CHROME_PATH" --version 2>/dev/null)"
run_lighthouse "$url" lighthouse
parc_reports=("${reports[@]}")

# The baseline: a static page of one heading and one paragraph, served by
# Python's http.server on loopback, measured the same way in the same run.
# Its scores show what this machine and Lighthouse's simulated phone give
# a page that does nothing, so Parc's figures read against it.
mkdir -p "$tmp/baseline"
cat >"$tmp/baseline/index.html" <<'HTML'
<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Baseline</title><meta name="description" content="Static baseline page"></head>
<body><h1>Baseline</h1><p>A static page with no script and no style sheet.</p></body></html>
HTML
baseline_port=$(free_port)
python3 -m http.server "$baseline_port" --bind 127.0.0.1 --directory "$tmp/baseline" >"$tmp/baseline.log" 2>&1 &
baseline_pid=$!
for _ in $(seq 50); do
  curl -sf -o /dev/null "http://127.0.0.1:$baseline_port/" && break
  sleep 0.1
done
log "Lighthouse baseline on http://127.0.0.1:$baseline_port/, runs: $runs"
run_lighthouse "http://127.0.0.1:$baseline_port/" baseline
baseline_reports=("${reports[@]}")
kill "$baseline_pid" 2>/dev/null || true

# scores.js prints one table row per report, the medians, and then the
# accessibility and best practices audits that failed in any run. A score
# is Lighthouse's 0-1 score times 100. A run whose page failed to load
# stops the script, because its scores would mean nothing.
cat >"$tmp/scores.js" <<'EOF'
const fs = require('fs');
const categories = ['performance', 'accessibility', 'best-practices'];
const metrics = [
  ['first-contentful-paint', 'FCP ms'],
  ['largest-contentful-paint', 'LCP ms'],
  ['total-blocking-time', 'TBT ms'],
  ['cumulative-layout-shift', 'CLS'],
  ['speed-index', 'SI ms'],
];
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const format = (value, digits) => (value === null || Number.isNaN(value) ? 'n/a' : value.toFixed(digits));
const columns = [...categories, ...metrics.map(([, label]) => label)];
const rows = [];
const failedAudits = new Map(); // audit id -> { category, title, runs }
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (report.runtimeError) {
    console.error(`bench/pwa/run.sh: Lighthouse could not load ${report.finalDisplayedUrl}: ${report.runtimeError.code} ${report.runtimeError.message}`);
    process.exit(1);
  }
  const row = categories.map((name) => {
    const score = report.categories[name] && report.categories[name].score;
    return typeof score === 'number' ? score * 100 : NaN;
  });
  for (const [id] of metrics) {
    const audit = report.audits[id];
    row.push(audit && typeof audit.numericValue === 'number' ? audit.numericValue : NaN);
  }
  rows.push(row);
  for (const name of ['accessibility', 'best-practices']) {
    for (const ref of (report.categories[name] && report.categories[name].auditRefs) || []) {
      const audit = report.audits[ref.id];
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
        const entry = failedAudits.get(ref.id) || { category: name, title: audit.title, runs: 0 };
        entry.runs++;
        failedAudits.set(ref.id, entry);
      }
    }
  }
  for (const warning of report.runWarnings || []) {
    console.error(`bench/pwa/run.sh: warning from Lighthouse in ${file}: ${warning}`);
  }
}
const digits = (column) => (columns[column] === 'CLS' ? 3 : 0);
const widths = columns.map((name) => Math.max(name.length, 5));
const line = (label, values) =>
  `| ${label.padEnd(6)} | ${values.map((v, i) => format(v, digits(i)).padStart(widths[i])).join(' | ')} |`;
console.log(`| ${'run'.padEnd(6)} | ${columns.map((name, i) => name.padStart(widths[i])).join(' | ')} |`);
console.log(`|${'-'.repeat(8)}|${widths.map((w) => '-'.repeat(w + 1) + ':').join('|')}|`);
rows.forEach((row, i) => console.log(line(String(i + 1), row)));
console.log(line('median', columns.map((_, i) => median(rows.map((row) => row[i])))));
if (failedAudits.size > 0) {
  console.log('\nFailed accessibility and best practices audits (runs failed of ' + rows.length + '):');
  for (const [id, { category, title, runs }] of failedAudits) {
    console.log(`- ${category} ${id} (${runs}): ${title}`);
  }
}
EOF
printf '\nLighthouse on %s: mobile form factor, simulated throttling, runs: %d\n\n' "$lh_path" "$runs"
node "$tmp/scores.js" "${parc_reports[@]}"
printf '\nBaseline, a static page without script or style, same settings, runs: %d\n\n' "$runs"
node "$tmp/scores.js" "${baseline_reports[@]}"
