#!/usr/bin/env bash
# Label rendering benchmark: `parc labels` against glabels-3-batch (Debian
# glabels 3), each writing the same 1,000 asset tags as Code 128 labels on
# Avery L7651 to one PDF, measured in alternating rounds of the same run.
#
# Parc reserves the tags in a fresh SQLite data folder and renders them.
# The folder is created and migrated by `parc user list` before each timed
# run, so migrations are not timed. gLabels merges the same tags from a
# CSV file into bench/labels/avery-l7651.glabels. After one untimed warm-up
# run of each tool, each round times parc and then gLabels on all the
# labels, then both again on the first label only. The one-label runs
# measure what a run costs before its first label: start-up, and for parc
# the database.
# The script counts the PDF bytes of every run and decodes every label of
# the first full PDF of each tool. pdftoppm rasterizes the pages, zbarimg
# decodes the Code 128 symbols, and the decoded texts must be exactly the
# expected tags. It prints a Markdown report with the verdict on the
# target: parc is faster than gLabels and every parc label decodes.
#
# Usage, from anywhere: bash bench/labels/run.sh
# Environment (defaults in brackets): BENCH_LABELS_COUNT [1000] labels,
# 2 to 2000; BENCH_LABELS_ROUNDS [7] timed rounds; BENCH_LABELS_DPI [300]
# rasterizing resolution for decoding.
#
# Exit status:
#   0  the target is met;
#   1  a tool is missing or a step failed;
#   2  a label of either tool did not decode to its tag;
#   3  every label decoded but parc was not faster than gLabels.
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$PWD

count=${BENCH_LABELS_COUNT:-1000}
rounds=${BENCH_LABELS_ROUNDS:-7}
dpi=${BENCH_LABELS_DPI:-300}
template=avery-l7651
prefix=BE
owner='Propriété CCBE — service informatique'

log() { printf '[bench-labels %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf 'bench/labels/run.sh: %s\n' "$*" >&2; exit 1; }

if ! [[ $count =~ ^[0-9]+$ ]] || ((count < 2 || count > 2000)); then
  die "invalid BENCH_LABELS_COUNT $count: expected 2 to 2000 (2000 is the largest batch parc labels reserves)"
fi
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 1)); then
  die "invalid BENCH_LABELS_ROUNDS $rounds: expected 1 or more"
fi
if ! [[ $dpi =~ ^[0-9]+$ ]] || ((dpi < 72)); then
  die "invalid BENCH_LABELS_DPI $dpi: expected 72 or more"
fi

# --- Tools: install nothing, say what to install. --------------------------
declare -A package_of=(
  [glabels-3-batch]=glabels [pdftoppm]=poppler-utils [pdfinfo]=poppler-utils
  [zbarimg]=zbar-tools
)
missing=()
for tool in glabels-3-batch pdftoppm pdfinfo zbarimg; do
  command -v "$tool" >/dev/null || missing+=("${package_of[$tool]}")
done
command -v go >/dev/null || die "missing go: install the Go version that go.mod names"
if ((${#missing[@]})); then
  read -ra missing < <(printf '%s\n' "${missing[@]}" | sort -u | paste -sd' ')
  printf 'bench/labels/run.sh: missing Debian packages %s. Install them with:\n' "${missing[*]}" >&2
  printf '  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq %s\n' "${missing[*]}" >&2
  exit 1
fi

# --- Build and inputs. ------------------------------------------------------
log "building bin/parc and bin/listtags"
go build -o bin/parc ./server/cmd/parc
go build -o bin/listtags ./bench/labels/listtags

tmp=$(mktemp -d "${TMPDIR:-/tmp}/parc-bench-labels.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

bin/listtags -prefix "$prefix" -count "$count" >"$tmp/expected.txt"
sort "$tmp/expected.txt" >"$tmp/expected.sorted"
first_tag=$(head -n 1 "$tmp/expected.txt")
last_tag=$(tail -n 1 "$tmp/expected.txt")

# gLabels reads tags.csv from its working directory, because the
# project's Merge element names the file without a folder. The tags.csv
# of the folder one/ contains the first tag only.
mkdir -p "$tmp/glabels/one"
cp bench/labels/avery-l7651.glabels "$tmp/glabels/"
cp bench/labels/avery-l7651.glabels "$tmp/glabels/one/"
{ echo tag; cat "$tmp/expected.txt"; } >"$tmp/glabels/tags.csv"
printf 'tag\n%s\n' "$first_tag" >"$tmp/glabels/one/tags.csv"

# Flags set explicitly, so that PARC_* variables in the environment cannot
# switch to PostgreSQL, add QR codes or change the tags.
store_flags=(--database-url '' --log-level warn)

# --- Timing. ----------------------------------------------------------------
TIMEFORMAT='%3R %3U %3S'

# timed LOG TIMES COMMAND...: runs COMMAND with its output in LOG and
# appends its wall, user and system seconds to TIMES.
timed() {
  local out=$1 times=$2
  shift 2
  if ! { time "$@" >"$out" 2>&1; } 2>>"$times"; then
    cat "$out" >&2
    die "failed: $*"
  fi
}

# parc_run NAME COUNT: creates and migrates a fresh data folder (untimed),
# then times parc labels reserving COUNT tags into $tmp/NAME.pdf. The
# times go to $tmp/parc.times, or $tmp/parc-one.times for one label.
parc_run() {
  local data="$tmp/data-$1" times="$tmp/parc.times"
  if (($2 == 1)); then
    times="$tmp/parc-one.times"
  fi
  if ! "$root/bin/parc" user list --data "$data" "${store_flags[@]}" >"$tmp/$1-init.log" 2>&1; then
    cat "$tmp/$1-init.log" >&2
    die "parc user list failed to create the data folder $data"
  fi
  timed "$tmp/$1.log" "$times" \
    "$root/bin/parc" labels --data "$data" "${store_flags[@]}" --tag-prefix "$prefix" \
    --label-owner "$owner" --code-2d none --template "$template" --count "$2" --out "$tmp/$1.pdf"
  rm -rf "$data"
}

# glabels_run NAME all|one: times glabels-3-batch merging all the tags,
# or the first one only, into $tmp/NAME.pdf.
glabels_run() {
  local dir="$tmp/glabels" times="$tmp/glabels.times"
  if [[ $2 == one ]]; then
    dir="$tmp/glabels/one" times="$tmp/glabels-one.times"
  fi
  cd "$dir"
  timed "$tmp/$1.log" "$times" glabels-3-batch -o "$tmp/$1.pdf" avery-l7651.glabels
  cd "$root"
}

# cpu_ticks prints the machine's total and busy CPU ticks and those used by
# this script and the children it waited for, from /proc.
cpu_ticks() {
  local m s
  read -ra m < <(head -n 1 /proc/stat)
  read -ra s <"/proc/$$/stat"
  echo "$((m[1] + m[2] + m[3] + m[4] + m[5] + m[6] + m[7] + m[8])) $((m[1] + m[2] + m[3] + m[6] + m[7] + m[8])) $((s[13] + s[14] + s[15] + s[16]))"
}

# foreign_cpu BEFORE AFTER prints the share of the machine's CPU time, in
# whole percent, that processes other than this script took in between.
foreign_cpu() {
  local t0 b0 o0 t1 b1 o1
  read -r t0 b0 o0 <<<"$1"
  read -r t1 b1 o1 <<<"$2"
  awk -v t=$((t1 - t0)) -v b=$((b1 - b0)) -v o=$((o1 - o0)) \
    'BEGIN { f = t > 0 ? (b - o) * 100 / t : 0; if (f < 0) f = 0; printf "%d", f + 0.5 }'
}

log "machine before the run (top, by CPU):"
top -bn1 -o %CPU | head -n 12 >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

log "warm-up: one untimed run of each tool"
parc_run warmup-parc "$count"
glabels_run warmup-glabels all
rm -f "$tmp"/*.times

ticks_start=$(cpu_ticks)
for ((round = 1; round <= rounds; round++)); do
  parc_run "parc-$round" "$count"
  glabels_run "glabels-$round" all
  parc_run "parc-one-$round" 1
  glabels_run "glabels-one-$round" one
  log "round $round of $rounds, wall seconds: parc $(tail -n 1 "$tmp/parc.times" | cut -d' ' -f1)," \
    "glabels $(tail -n 1 "$tmp/glabels.times" | cut -d' ' -f1); one label: parc" \
    "$(tail -n 1 "$tmp/parc-one.times" | cut -d' ' -f1), glabels $(tail -n 1 "$tmp/glabels-one.times" | cut -d' ' -f1)"
done
foreign=$(foreign_cpu "$ticks_start" "$(cpu_ticks)")

# --- Bytes. -----------------------------------------------------------------
# sizes NAME: writes the byte counts of the measured PDFs $tmp/NAME-N.pdf
# to $tmp/NAME.bytes, one a line.
sizes() {
  local round
  for ((round = 1; round <= rounds; round++)); do
    stat -c %s "$tmp/$1-$round.pdf"
  done >"$tmp/$1.bytes"
}
sizes parc
sizes glabels
sizes parc-one
sizes glabels-one

# --- Decoding. --------------------------------------------------------------
# decode TOOL: rasterizes $tmp/TOOL-1.pdf, decodes its Code 128 symbols and
# compares them with the expected tags. Sets pages, decoded, matched,
# missing and unexpected.
decode() {
  local pdf="$tmp/$1-1.pdf" status=0
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
  mkdir "$tmp/$1-pages"
  pdftoppm -r "$dpi" -gray -png "$pdf" "$tmp/$1-pages/page"
  # zbarimg exits with status 4 when it finds no symbol in an image. Those
  # labels count as missing below, so only other statuses stop the script.
  zbarimg -q --nodbus -Sdisable -Scode128.enable "$tmp/$1-pages"/page-*.png \
    >"$tmp/$1.zbar" 2>"$tmp/$1.zbar.err" || status=$?
  if ((status != 0 && status != 4)); then
    cat "$tmp/$1.zbar.err" >&2
    die "zbarimg failed with status $status on the pages of $pdf"
  fi
  sed -n 's/^CODE-128://p' "$tmp/$1.zbar" | sort >"$tmp/$1.decoded"
  decoded=$(wc -l <"$tmp/$1.decoded")
  matched=$(comm -12 "$tmp/expected.sorted" "$tmp/$1.decoded" | wc -l)
  missing=$(comm -23 "$tmp/expected.sorted" "$tmp/$1.decoded" | wc -l)
  unexpected=$(comm -13 "$tmp/expected.sorted" "$tmp/$1.decoded" | wc -l)
  rm -rf "$tmp/$1-pages"
}

log "decoding every label at $dpi dpi"
decode parc
parc_pages=$pages parc_decoded=$decoded parc_matched=$matched parc_missing=$missing parc_unexpected=$unexpected
decode glabels
glabels_pages=$pages glabels_decoded=$decoded glabels_matched=$matched glabels_missing=$missing glabels_unexpected=$unexpected

# --- Figures. ---------------------------------------------------------------
# median FILE COLUMN prints the median of a column of numbers.
median() {
  awk -v c="$2" '{ print $c }' "$1" | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# calc FORMAT EXPRESSION prints the value of an awk expression.
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# range FILE prints the smallest and largest number of FILE.
range() { sort -n "$1" | sed -n '1p;$p' | paste -sd' ' | awk '{ print ($1 == $2) ? "all " $1 : $1 "–" $2 }'; }
# walls FILE lists the wall times of FILE.
walls() { cut -d' ' -f1 "$1" | paste -sd' '; }

for name in parc glabels parc-one glabels-one; do
  awk '{ print $2 + $3 }' "$tmp/$name.times" >"$tmp/$name.cpu"
done
parc_wall=$(median "$tmp/parc.times" 1)
glabels_wall=$(median "$tmp/glabels.times" 1)
parc_one_wall=$(median "$tmp/parc-one.times" 1)
glabels_one_wall=$(median "$tmp/glabels-one.times" 1)
parc_cpu=$(median "$tmp/parc.cpu" 1)
glabels_cpu=$(median "$tmp/glabels.cpu" 1)
parc_bytes=$(median "$tmp/parc.bytes" 1)
glabels_bytes=$(median "$tmp/glabels.bytes" 1)

all_decode() { (($1 == count && $2 == count && $3 == 0 && $4 == 0)); }
faster() { awk -v a="$parc_wall" -v b="$glabels_wall" 'BEGIN { exit !(a < b) }'; }
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }
version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }

# --- Report. ----------------------------------------------------------------
cat <<EOF
## Label rendering: parc labels against glabels-3-batch

$count labels on $template, tags $first_tag to $last_tag, one PDF per run. Medians of $rounds alternating rounds after one warm-up run of each tool.
Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(free -g | awk '/^Mem:/ { print $2 }') GiB, Linux $(uname -r), $(go version | cut -d' ' -f3), glabels $(version glabels), poppler-utils $(version poppler-utils), zbar-tools $(version zbar-tools), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown).
Load average before the run: $load_before. CPU time taken by other processes during the timed rounds: $foreign %.

| measurement | parc | glabels |
| --- | ---: | ---: |
| wall time, s | $(calc %.3f "$parc_wall") | $(calc %.3f "$glabels_wall") |
| CPU time, user + system, s | $(calc %.3f "$parc_cpu") | $(calc %.3f "$glabels_cpu") |
| wall time per label, ms | $(calc %.3f "$parc_wall * 1000 / $count") | $(calc %.3f "$glabels_wall * 1000 / $count") |
| wall time for the first label only, s | $(calc %.3f "$parc_one_wall") | $(calc %.3f "$glabels_one_wall") |
| wall time per further label, ms | $(calc %.3f "($parc_wall - $parc_one_wall) * 1000 / ($count - 1)") | $(calc %.3f "($glabels_wall - $glabels_one_wall) * 1000 / ($count - 1)") |
| PDF bytes | $(range "$tmp/parc.bytes") | $(range "$tmp/glabels.bytes") |
| PDF bytes per label | $(calc %.0f "$parc_bytes / $count") | $(calc %.0f "$glabels_bytes / $count") |
| PDF bytes, first label only | $(range "$tmp/parc-one.bytes") | $(range "$tmp/glabels-one.bytes") |
| pages | $parc_pages | $glabels_pages |
| Code 128 symbols decoded at $dpi dpi | $parc_decoded | $glabels_decoded |
| decoded texts that are expected tags | $parc_matched | $glabels_matched |
| expected tags not decoded | $parc_missing | $glabels_missing |
| decoded texts not expected, or decoded twice | $parc_unexpected | $glabels_unexpected |

Wall times of each round, s: parc $(walls "$tmp/parc.times"); glabels $(walls "$tmp/glabels.times"); first label only: parc $(walls "$tmp/parc-one.times"); glabels $(walls "$tmp/glabels-one.times").

| target | figure | verdict |
| --- | ---: | --- |
| parc faster than glabels (median wall time) | $(awk -v a="$parc_wall" -v b="$glabels_wall" 'BEGIN { printf "%.1f × faster", b / a }') | $(verdict faster) |
| every parc label decodes to its tag | $parc_matched of $count | $(verdict all_decode "$parc_decoded" "$parc_matched" "$parc_missing" "$parc_unexpected") |
| every glabels label decodes to its tag (baseline valid) | $glabels_matched of $count | $(verdict all_decode "$glabels_decoded" "$glabels_matched" "$glabels_missing" "$glabels_unexpected") |
EOF

if ! all_decode "$parc_decoded" "$parc_matched" "$parc_missing" "$parc_unexpected"; then
  log "FAIL: not every parc label decoded to its tag"
  exit 2
fi
if ! all_decode "$glabels_decoded" "$glabels_matched" "$glabels_missing" "$glabels_unexpected"; then
  log "FAIL: not every glabels label decoded to its tag, so the comparison is not valid"
  exit 2
fi
if ! faster; then
  log "FAIL: parc was not faster than glabels"
  exit 3
fi
