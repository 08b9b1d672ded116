#!/bin/sh
# bench/ingest.sh — loading speed and peak memory of `chitieu load` against
# the sqlite3 shell's .import, on SYNTHETIC data made by bench/ingest.
# usage: bench/ingest.sh [BUILD_DIR]   (default build; run from the repo root)
set -eu
B=${1:-build}
BIN=$B/chitieu; GEN=$B/bench/ingest
[ -x "$BIN" ] && [ -x "$GEN" ] || { echo "ingest.sh: build first (make BUILD=$B bench)" >&2; exit 2; }
T=$(mktemp -d /tmp/chitieu-ingest.XXXXXX); trap 'rm -rf "$T"' EXIT
# run CMD...: prints "seconds maxrss_kb"
run() { /usr/bin/time -f '%e %M' -o "$T/t" "$@" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; exit 1; }; cat "$T/t"; }
row() { awk -v l="$1" -v n="$2" -v s="$3" -v m="$4" 'BEGIN{printf "%-34s %9d %8.2f %10.0f %8.1f\n", l, n, s, (s>0?n/s:0), m/1024}'; }
echo "machine: $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf "%-34s %9s %8s %10s %8s\n" run rows seconds rows/s maxRSS_MB
for N in 1000000 5000000; do
  D=$T/d$N; mkdir -p "$D"; "$GEN" "$D" $N 10
  rows=$(($(wc -l <"$D/obs.csv") - 1))
  DB=$D/c.db
  "$BIN" --db "$DB" init >/dev/null
  "$BIN" --db "$DB" load "$D/indicators.csv" "$D/areas.csv" >/dev/null
  set -- $(run "$BIN" --db "$DB" load "$D/obs.csv"); row "chitieu load (fresh store)" $rows $1 $2
  if [ $N = 1000000 ]; then
    set -- $(run "$BIN" --db "$DB" load "$D/obs.csv"); row "chitieu load (same file again)" $rows $1 $2
    set -- $(run "$BIN" --db "$DB" load "$D/obs_rev.csv"); row "chitieu load (10% revised)" $rows $1 $2
  fi
  set -- $(run sqlite3 "$D/s.db" '.mode csv' ".import $D/obs.csv obs"); row "sqlite3 .import (plain table)" $rows $1 $2
  rm -rf "$D"
done
