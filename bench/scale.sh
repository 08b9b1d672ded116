#!/bin/sh
# bench/scale.sh — `assess` and `forecast` at national scale on SYNTHETIC data
# made by bench/scale (3,321 communes x 30 indicators, 2010-2025; 100,000
# targets): wall seconds and peak RSS of each command, REPEAT runs each (the
# fastest and the median are printed; the machine is shared, so figures are
# under whatever load it carries), and the CPU count.
# usage: bench/scale.sh [BUILD_DIR [REPEAT]]   (default build 3; run from the repo root)
set -eu
B=${1:-build}; REPEAT=${2:-3}
BIN=$B/chitieu; GEN=$B/bench/scale
[ -x "$BIN" ] && [ -x "$GEN" ] || { echo "scale.sh: build first (make BUILD=$B bench)" >&2; exit 2; }
T=$(mktemp -d /tmp/chitieu-scale.XXXXXX); trap 'rm -rf "$T"' EXIT
"$GEN" "$T"
DB=$T/s.db
"$BIN" --db "$DB" init >/dev/null
/usr/bin/time -f '%e s' -o "$T/t" "$BIN" --db "$DB" load "$T/plans.csv" "$T/areas.csv" "$T/indicators.csv" \
  "$T/targets.csv" "$T/observations.csv" >/dev/null 2>&1
echo "load: $(cat "$T/t") (not part of the measure)"
echo "machine: $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
# run LABEL CMD...: REPEAT timed runs, stdout to a file; prints fastest and median wall s and peak RSS MB
run() {
  label=$1; shift
  : >"$T/runs"
  i=0
  while [ $i -lt "$REPEAT" ]; do
    /usr/bin/time -f '%e %M' -o "$T/t" "$@" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
    cat "$T/t" >>"$T/runs"; i=$((i + 1))
  done
  sort -n "$T/runs" | awk -v l="$label" -v rows="$(($(wc -l <"$T/out") - 1))" '
    { s[NR] = $1; m[NR] = $2 } END { printf "%-46s %8d rows  fastest %6.2f s  median %6.2f s  peak RSS %6.1f MB\n",
      l, rows, s[1], s[int((NR + 1) / 2)], m[1] / 1024 }'
}
printf '%s\n' "--- $REPEAT runs each"
run "assess --format csv (100,000 targets)" "$BIN" --db "$DB" assess --format csv
run "forecast --horizon 5 (99,630 series)" "$BIN" forecast --horizon 5 "$T/series.csv"
run "forecast --horizon 5 (23,000 series)" "$BIN" forecast --horizon 5 "$T/series23k.csv"
