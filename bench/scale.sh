#!/bin/sh
# bench/scale.sh — `assess` and `forecast` at national scale on SYNTHETIC data
# made by bench/scale (3,321 communes x 30 indicators, 2010-2025; 100,000
# targets): wall seconds and peak RSS of each command, REPEAT runs each (the
# fastest and the median are printed; the machine is shared, so figures are
# under whatever load it carries), and the CPU count.
# usage: bench/scale.sh [BUILD_DIR [REPEAT]]   (default build 3; run from the repo root)
#   COMMUNES=N      fewer communes (bench/scale's second argument; 100 gives 3,000 series, 3,370 targets)
#   OLD=DIR         also time DIR/chitieu (an earlier build) on the same store, runs alternating with the new one
#   CALLGRIND=1     instructions (valgrind --tool=callgrind, every thread) instead of times: one run each,
#                   the stable figure on a shared machine (use with COMMUNES=100: about a minute)
set -eu
B=${1:-build}; REPEAT=${2:-3}
BIN=$B/chitieu; GEN=$B/bench/scale
[ -x "$BIN" ] && [ -x "$GEN" ] || { echo "scale.sh: build first (make BUILD=$B bench)" >&2; exit 2; }
[ -z "${OLD:-}" ] || [ -x "$OLD/chitieu" ] || { echo "scale.sh: no $OLD/chitieu" >&2; exit 2; }
T=$(mktemp -d /tmp/chitieu-scale.XXXXXX); trap 'rm -rf "$T"' EXIT
"$GEN" "$T" ${COMMUNES:-}
DB=$T/s.db
"$BIN" --db "$DB" init >/dev/null
/usr/bin/time -f '%e s' -o "$T/t" "$BIN" --db "$DB" load "$T/plans.csv" "$T/areas.csv" "$T/indicators.csv" \
  "$T/targets.csv" "$T/observations.csv" >/dev/null 2>&1
echo "load: $(cat "$T/t") (not part of the measure)"
echo "machine: $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
NS=$((($(wc -l <"$T/series.csv") - 1) / 16)); NS23=$((($(wc -l <"$T/series23k.csv") - 1) / 16))
NT=$(($(wc -l <"$T/targets.csv") - 1))
if [ -n "${CALLGRIND:-}" ]; then
  # count LABEL CMD...: instructions of every thread of one run
  count() {
    label=$1; shift
    valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$@" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
    printf '%-46s %15s instructions\n' "$label" "$(sed -n 's/.*Collected : //p' "$T/err")"
  }
  [ -z "${OLD:-}" ] || count "old assess --format csv ($NT targets)" "$OLD/chitieu" --db "$DB" assess --format csv
  count "assess --format csv ($NT targets)" "$BIN" --db "$DB" assess --format csv
  count "forecast --horizon 5 ($NS series)" "$BIN" forecast --horizon 5 "$T/series.csv"
  exit 0
fi
# run LABEL CMD...: REPEAT timed runs, stdout to a file; prints fastest and median wall s and peak RSS MB
# (the runs of the next label, when OLD is set, alternate with these: see pair)
: >"$T/runs.new"; : >"$T/runs.old"
once() {
  /usr/bin/time -f '%e %M' -o "$T/t" "$@" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
}
report() {
  sort -n "$1" | awk -v l="$2" -v rows="$(($(wc -l <"$T/out") - 1))" '
    { s[NR] = $1; m[NR] = $2 } END { printf "%-46s %8d rows  fastest %6.2f s  median %6.2f s  peak RSS %6.1f MB\n",
      l, rows, s[1], s[int((NR + 1) / 2)], m[1] / 1024 }'
}
run() {
  label=$1; shift
  : >"$T/runs.new"
  i=0
  while [ $i -lt "$REPEAT" ]; do once "$@"; cat "$T/t" >>"$T/runs.new"; i=$((i + 1)); done
  report "$T/runs.new" "$label"
}
# pair LABEL ARGS...: REPEAT runs of the old build then the new one, alternating
pair() {
  label=$1; shift
  : >"$T/runs.new"; : >"$T/runs.old"
  i=0
  while [ $i -lt "$REPEAT" ]; do
    once "$OLD/chitieu" "$@"; cat "$T/t" >>"$T/runs.old"
    once "$BIN" "$@"; cat "$T/t" >>"$T/runs.new"
    i=$((i + 1))
  done
  report "$T/runs.old" "old $label"
  report "$T/runs.new" "$label"
}
printf '%s\n' "--- $REPEAT runs each"
if [ -n "${OLD:-}" ]; then
  pair "assess --format csv ($NT targets)" --db "$DB" assess --format csv
else
  run "assess --format csv ($NT targets)" "$BIN" --db "$DB" assess --format csv
fi
run "forecast --horizon 5 ($NS series)" "$BIN" forecast --horizon 5 "$T/series.csv"
run "forecast --horizon 5 ($NS23 series)" "$BIN" forecast --horizon 5 "$T/series23k.csv"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
