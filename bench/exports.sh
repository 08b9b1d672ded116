#!/bin/sh
# bench/exports.sh — speed and peak memory of what goes out of a store and of undoing a load, on SYNTHETIC
# data made by bench/ingest (1,000 indicators x 50 areas x N years): export as CSV, xlsx, Open SDG and SDMX,
# a dry-run revert and a revert of the whole load (every figure withdrawn), and a load of 10% revised figures
# with the revert of that load (every figure restored).
# usage: bench/exports.sh [BUILD_DIR] [ROWS]   (default build, 1000000; run from the repo root)
set -eu
B=${1:-build}; N=${2:-1000000}
BIN=$B/chitieu; GEN=$B/bench/ingest
[ -x "$BIN" ] && [ -x "$GEN" ] || { echo "exports.sh: build first (make BUILD=$B bench)" >&2; exit 2; }
T=$(mktemp -d /tmp/chitieu-exports.XXXXXX); trap 'rm -rf "$T"' EXIT
run() { /usr/bin/time -f '%e %M' -o "$T/t" "$@" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; exit 1; }; cat "$T/t"; }
row() { awk -v l="$1" -v n="$2" -v s="$3" -v m="$4" -v z="$5" \
  'BEGIN{printf "%-36s %9d %8.2f %10.0f %8.1f %9.1f\n", l, n, s, (s>0?n/s:0), m/1024, z/1048576}'; }
echo "machine: $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1 /proc/loadavg)"
printf "%-36s %9s %8s %10s %8s %9s\n" run figures seconds figures/s maxRSS_MB size_MB
"$GEN" "$T" "$N" 10
rows=$(($(wc -l <"$T/obs.csv") - 1))
DB=$T/c.db
"$BIN" --db "$DB" load "$T/indicators.csv" "$T/areas.csv" >/dev/null
set -- $(run "$BIN" --db "$DB" load "$T/obs.csv"); row "load (fresh store)" $rows $1 $2 0
for f in csv xlsx opensdg sdmx; do
  set -- $(run "$BIN" --db "$DB" export --format $f --out "$T/e.$f"); row "export --format $f" $rows $1 $2 $(stat -c %s "$T/e.$f")
done
batch=$("$BIN" --db "$DB" batches --format csv | tail -1 | cut -d, -f1)
set -- $(run "$BIN" --db "$DB" revert --dry-run "$batch"); row "revert --dry-run (all withdrawn)" $rows $1 $2 0
set -- $(run "$BIN" --db "$DB" revert "$batch"); row "revert (all withdrawn)" $rows $1 $2 0
"$BIN" --db "$DB" revert $((batch + 1)) >/dev/null   # the figures are current again
set -- $(run "$BIN" --db "$DB" load "$T/obs_rev.csv"); row "load (10% revised)" $rows $1 $2 0
rev=$("$BIN" --db "$DB" batches --format csv | tail -1 | cut -d, -f1)
set -- $(run "$BIN" --db "$DB" revert "$rev"); row "revert of it (10% restored)" $rows $1 $2 0
echo "check: $(grep -o '[0-9]* figures restored' "$T/out")"
