#!/bin/sh
# bench/report.sh — `chitieu report` on many targets (SYNTHETIC, made here: invented names, no figures, timing
# only): 200 indicators x 100 districts = 20,000 targets of one plan, each pair its own group, each target its own
# source line.  Prints wall seconds and peak RSS of `report --no-render` (the page only: no figures, no charts),
# the machine's CPU count and load average.
# usage: bench/report.sh [BUILD_DIR]   (default build; under a minute)
set -eu
B=${1:-build}
BIN=$B/chitieu
[ -x "$BIN" ] || { echo "report.sh: build first (make BUILD=$B)" >&2; exit 2; }
T=$(mktemp -d /tmp/chitieu-report.XXXXXX); trap 'rm -rf "$T"' EXIT
{ echo "code,name,level"; awk 'BEGIN { for (a = 0; a < 100; a++) printf "A%03d,Vùng %d,district\n", a, a }'; } > "$T/areas.csv"
{ echo "code,name,unit,direction"; awk 'BEGIN { for (i = 0; i < 200; i++) printf "I%03d,Chỉ tiêu %d,%%,up\n", i, i }'; } > "$T/ind.csv"
printf 'plan,name\nP,Kế hoạch (tổng hợp)\n' > "$T/plans.csv"
{ echo "plan,indicator,area,shape,year,low,source"
  awk 'BEGIN { for (i = 0; i < 200; i++) for (a = 0; a < 100; a++) printf "P,I%03d,A%03d,at_least,2030,50,Văn bản %d\n", i, a, i * 100 + a }'
} > "$T/targets.csv"
DB=$T/r.db
"$BIN" --db "$DB" init >/dev/null
"$BIN" --db "$DB" load "$T/areas.csv" "$T/ind.csv" "$T/plans.csv" "$T/targets.csv" >/dev/null 2>&1
echo "machine: $(nproc) cpus; load average $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f '%e %M' -o "$T/t" "$BIN" --db "$DB" report --out "$T/pack" --no-render >/dev/null 2>"$T/err" \
  || { cat "$T/err" >&2; exit 1; }
set -- $(tail -1 "$T/t")
printf 'report --no-render, 20,000 targets: %.2f s, peak RSS %.1f MB, page %s KB\n' "$1" "$(echo "$2" | awk '{print $1/1024}')" \
  "$(($(wc -c < "$T/pack/index.html") / 1024))"
