#!/bin/sh
# bench/scale.sh — `assess` and `forecast` at national scale on SYNTHETIC data
# made by bench/scale (3,321 communes x 30 indicators, 2010-2025; 100,000
# targets): wall seconds, CPU seconds and peak RSS of each command over REPEAT
# rounds (the machine is shared, so figures are under whatever load it carries:
# the commands take turns, and the load average is printed), and the CPU count.
# usage: bench/scale.sh [BUILD_DIR [REPEAT]]   (default build 3; run from the repo root)
#   COMMUNES=N      fewer communes (bench/scale's second argument; 100 gives 3,000 series, 3,370 targets)
#   OLD=DIR         also time DIR/chitieu's assess (an earlier build) on the same store, in the same rounds
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
# REPEAT rounds, each running every command once in turn (old assess when OLD is set, assess, both
# forecasts), so that the load of the shared machine falls alike on all; per command the fastest and median
# wall seconds, the median CPU seconds (user + system, every thread) and the peak RSS
once() { # once TAG CMD...: one timed run, its wall s, CPU s and peak KB appended to $T/runs.TAG
  tag=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$T/t" "$@" >"$T/out.$tag" 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
  cat "$T/t" >>"$T/runs.$tag"
}
report() { # report TAG LABEL
  cpu=$(awk '{ print $2 + $3 }' "$T/runs.$1" | sort -n | awk '{ c[NR] = $1 } END { print c[int((NR + 1) / 2)] }')
  sort -n "$T/runs.$1" | awk -v l="$2" -v cpu="$cpu" -v rows="$(($(wc -l <"$T/out.$1") - 1))" '
    { s[NR] = $1; m[NR] = $4 } END {
      printf "%-42s %7d rows  wall fastest %6.2f s  median %6.2f s  CPU median %6.2f s  peak RSS %6.1f MB\n",
      l, rows, s[1], s[int((NR + 1) / 2)], cpu, m[1] / 1024 }'
}
: >"$T/runs.old"; : >"$T/runs.new"; : >"$T/runs.f"; : >"$T/runs.f23"
i=0
while [ $i -lt "$REPEAT" ]; do
  [ -z "${OLD:-}" ] || once old "$OLD/chitieu" --db "$DB" assess --format csv
  once new "$BIN" --db "$DB" assess --format csv
  once f "$BIN" forecast --horizon 5 "$T/series.csv"
  once f23 "$BIN" forecast --horizon 5 "$T/series23k.csv"
  i=$((i + 1))
done
printf '%s\n' "--- $REPEAT rounds"
[ -z "${OLD:-}" ] || report old "old assess --format csv ($NT targets)"
report new "assess --format csv ($NT targets)"
report f "forecast --horizon 5 ($NS series)"
report f23 "forecast --horizon 5 ($NS23 series)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
