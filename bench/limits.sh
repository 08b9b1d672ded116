#!/bin/sh
# bench/limits.sh — resource limits of `chitieu load` (issue 5): a 10,000,000-row file (SYNTHETIC, made
# here) completes with flat memory, and a file whose second line is 2 GB long fails at once with
# a clear file:line error, memory flat, the store unchanged.  Prints seconds and peak RSS.
# usage: bench/limits.sh [BUILD_DIR]   (default build; about 2 minutes and 3 GB of temporary disk)
set -eu
B=${1:-build}
BIN=$B/chitieu
[ -x "$BIN" ] || { echo "limits.sh: build first (make BUILD=$B)" >&2; exit 2; }
T=$(mktemp -d /tmp/chitieu-limits.XXXXXX); trap 'rm -rf "$T"' EXIT
# 1,000 indicators x 200 areas x 50 years (1975-2024): made-up values, timing only
{ echo "code,name,unit,direction,min,max"; awk 'BEGIN { for (i = 0; i < 1000; i++) printf "I%04d,Chỉ tiêu %d,%%,up,0,1000\n", i, i }'; } > "$T/indicators.csv"
{ echo "code,name,level"; awk 'BEGIN { for (a = 0; a < 200; a++) printf "A%03d,Vùng %d,district\n", a, a }'; } > "$T/areas.csv"
awk 'BEGIN { print "indicator,area,year,value"; srand(1);
  for (i = 0; i < 1000; i++) for (a = 0; a < 200; a++) for (y = 1975; y <= 2024; y++)
    printf "I%04d,A%03d,%d,%.2f\n", i, a, y, 100 + (y - 1975) + rand() }' > "$T/obs.csv"
DB=$T/c.db
"$BIN" --db "$DB" init >/dev/null
"$BIN" --db "$DB" load "$T/indicators.csv" "$T/areas.csv" >/dev/null
rows=$(($(wc -l <"$T/obs.csv") - 1))
/usr/bin/time -f '%e %M' -o "$T/t" "$BIN" --db "$DB" load "$T/obs.csv" >/dev/null 2>"$T/err"
set -- $(tail -1 "$T/t")
printf '10M rows:   %d rows loaded in %.1f s (%.0f rows/s), peak RSS %.1f MB\n' "$rows" "$1" "$(echo "$rows $1" | awk '{print $1/$2}')" "$(echo "$2" | awk '{print $1/1024}')"
rm -f "$T/obs.csv"
before=$(sqlite3 "$DB" "SELECT count(*) FROM observations")
{ echo "indicator,area,year,value"; head -c 2147483648 /dev/zero | tr '\0' 'x'; echo; } > "$T/long.csv"
if /usr/bin/time -f '%e %M' -o "$T/t" "$BIN" --db "$DB" load "$T/long.csv" >/dev/null 2>"$T/err"; then
  echo "2 GB line: loaded?! (expected an error)"; exit 1
fi
set -- $(tail -1 "$T/t")
after=$(sqlite3 "$DB" "SELECT count(*) FROM observations")
printf '2 GB line:  refused in %.1f s, peak RSS %.1f MB, store unchanged: %s; message: %s\n' "$1" \
  "$(echo "$2" | awk '{print $1/1024}')" "$([ "$before" = "$after" ] && echo yes || echo NO)" "$(head -1 "$T/err")"
