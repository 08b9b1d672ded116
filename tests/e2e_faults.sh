#!/usr/bin/env bash
# e2e_faults.sh — the store survives faults: a load killed with SIGKILL at random moments leaves
# the store whole (integrity_check ok) with all of the batch or none of it; two loads at once both
# complete; a reader during a load sees the state before or after it; a full disk fails cleanly;
# names shaped like SQL injection are stored and read back unchanged; a killed `load -` leaves no
# temporary file; a read-only store refuses loads clearly and serves every read.  Data here is synthetic.
set -u
. "$(dirname "$0")/e2e-lib.sh"
count() { sqlite3 "$1" "SELECT count(*) FROM observations"; }

# A catalogue of 200 indicators x 50 areas and 20 years of figures per pair (200,000 rows per file).
{ echo "code,name,unit,direction,min,max"; for i in $(seq 1 200); do echo "I$i,Chỉ tiêu $i,%,up,0,100"; done; } > "$T/ind.csv"
{ echo "code,name,level"; for a in $(seq 1 50); do echo "A$a,Vùng $a,province"; done; } > "$T/areas.csv"
gen() { # gen FILE FIRST_YEAR OFFSET
  awk -v y0="$2" -v off="$3" 'BEGIN { print "indicator,area,year,value,status";
    for (i = 1; i <= 200; i++) for (a = 1; a <= 50; a++) for (y = 0; y < 20; y++)
      printf "I%d,A%d,%d,%.3f,A\n", i, a, y0 + y, 40 + off + (i % 7) + y * 0.5 }' > "$1"; }
gen "$T/big.csv" 1990 0
gen "$T/other.csv" 1950 1

DB="$T/s.db"
"$BIN" --db "$DB" load "$T/ind.csv" "$T/areas.csv" >/dev/null || bad "catalogue load"
before=$(count "$DB")
check "store starts without figures" '[ "$before" = 0 ]'

# 1. SIGKILL at random moments during the load: time one load on a scratch copy, then kill at a
#    uniformly random moment within 90% of that time.
cp "$DB" "$T/scratch.db"
t0=$(date +%s%N); "$BIN" --db "$T/scratch.db" load "$T/big.csv" >/dev/null 2>&1; t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 )); [ "$ms" -gt 10 ] || ms=10
kills=0
cp "$DB" "$T/base.db" # the store before the load: every attempt starts from it
for k in $(seq 1 10); do
  cp "$T/base.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
  "$BIN" --db "$DB" load "$T/big.csv" >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v m=$(( RANDOM % (ms * 9 / 10) )) 'BEGIN { printf "%.3f", m / 1000 }')"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null; st=$?
  [ "$st" = 137 ] && kills=$((kills + 1)) # died by SIGKILL: the kill hit a load in flight
  ic=$(sqlite3 "$DB" "PRAGMA integrity_check")
  n=$(count "$DB")
  check "integrity_check after kill $k: $ic" '[ "$ic" = ok ]'
  check "all or nothing after kill $k: $n rows" '[ "$n" = 0 ] || [ "$n" = 200000 ]'
done
echo "killed $kills loads in flight (a load takes about $ms ms)"
check "at least 5 of the kills hit a load in flight ($kills)" '[ "$kills" -ge 5 ]'
"$BIN" --db "$DB" load "$T/big.csv" >/dev/null 2>&1
check "a load after the kills completes" '[ "$(count "$DB")" = 200000 ]'

# 2. Two loads at the same moment both complete (the second waits for the first).
"$BIN" --db "$DB" load "$T/other.csv" >"$T/o1" 2>&1 & p1=$!
gen "$T/third.csv" 1970 2
"$BIN" --db "$DB" load "$T/third.csv" >"$T/o2" 2>&1 & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
check "concurrent loads: exit $r1 and $r2 ($(cat "$T/o1" "$T/o2"))" '[ $r1 = 0 ] && [ $r2 = 0 ]'
check "concurrent loads: both batches stored ($(count "$DB"))" '[ "$(count "$DB")" = 600000 ]'

# 3. A reader during a load sees the series before or after the load, never a mix: the values of
#    I7/A3 for 1990-2009 are 40 + (y-1990)/2 before the revision load and 45 + (y-1990)/2 after it.
gen "$T/rev.csv" 1990 5
"$BIN" --db "$DB" load "$T/rev.csv" >/dev/null 2>&1 & p=$!
torn=0 reads=0
while kill -0 $p 2>/dev/null; do
  bases=$("$BIN" --db "$DB" series I7 --area A3 --format csv 2>/dev/null |
    awk -F, 'NR > 1 && $3 >= 1990 && $3 < 2010 { printf "%.3f\n", $4 - ($3 - 1990) / 2 }' | sort -u | wc -l)
  reads=$((reads + 1))
  [ "$bases" = 1 ] || torn=$((torn + 1))
done
wait $p
check "reads during a load saw a mixed state $torn times of $reads" '[ $torn = 0 ]'
check "revision load complete" '[ "$(sqlite3 "$DB" "SELECT count(*) FROM observations WHERE revision = 2")" = 200000 ]'
echo "read the series $reads times during a load"

# 4. A full disk (a file-size limit) fails with a clear message and leaves the store unchanged.
n0=$(count "$DB")
gen "$T/more.csv" 1950 3
out=$( (trap '' XFSZ; ulimit -f 200; "$BIN" --db "$DB" load "$T/more.csv") 2>&1 ); r=$?
check "full disk: exit 1 (got $r: $out)" '[ $r = 1 ]'
check "full disk: a chitieu: message ($out)" 'echo "$out" | grep -q "^chitieu: "'
check "full disk: store unchanged" '[ "$(count "$DB")" = "$n0" ]'
check "full disk: integrity ok" '[ "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok ]'

# 5. Names shaped like SQL injection are data, stored and read back unchanged.
cat > "$T/evil.csv" <<'CSV'
code,name,unit,direction
"X'); DROP TABLE observations;--","'); DROP TABLE observations;--",%,up
CSV
"$BIN" --db "$DB" load "$T/evil.csv" >/dev/null 2>&1 || bad "hostile name load"
name=$("$BIN" --db "$DB" indicators --format csv | grep -F "X'); DROP" | head -1)
check "hostile name read back ($name)" 'echo "$name" | grep -qF "\"'"'"'); DROP TABLE observations;--\""'
check "observations table still there" '[ "$(count "$DB")" = "$n0" ]'

# 6. A load from a pipe killed while it copies standard input leaves no temporary file behind
#    (the copy is unlinked as soon as it is made) and nothing in the store.
mkdir -p "$T/spool"; n0=$(count "$DB")
{ cat "$T/more.csv"; sleep 3; } | TMPDIR="$T/spool" "$BIN" --db "$DB" load - >/dev/null 2>&1 & sp=$!
sleep 1; kill -9 $sp; wait $sp 2>/dev/null
check "a killed load - left a temporary file: $(ls "$T/spool")" '[ -z "$(ls -A "$T/spool")" ]'
check "a killed load - stored nothing" '[ "$(count "$DB")" = "$n0" ]'

# 7. A read-only store (file and folder not writable, e.g. an archived copy): loads fail with a clear
#    message and change nothing; every reading command works.  Root ignores file modes, so as root the
#    reads and writes run as user nobody (setpriv); the binary is copied where nobody can run it.
RO="$T/ro/archive ?#% 2024"; mkdir -p "$RO" "$T/ro/out"; chmod 755 "$T" "$T/ro"; chmod 777 "$T/ro/out"
cp "$BIN" "$T/ro/chitieu"; chmod 755 "$T/ro/chitieu"
"$BIN" --db "$RO/s.db" load "$T/ind.csv" "$T/areas.csv" "$T/other.csv" >/dev/null 2>&1 || bad "read-only: setup load"
cat > "$T/ro/plan.csv" <<'CSV'
plan,name,document,issued
P,Kế hoạch,Nghị quyết,2020-12-01
CSV
cat > "$T/ro/targets.csv" <<'CSV'
plan,indicator,area,shape,year,low
P,I7,A3,at_least,2030,60
CSV
chmod 644 "$T/ro/plan.csv" "$T/ro/targets.csv"
"$BIN" --db "$RO/s.db" load "$T/ro/plan.csv" "$T/ro/targets.csv" >/dev/null 2>&1 || bad "read-only: target load"
want_assess=$("$BIN" --db "$RO/s.db" assess --format csv 2>&1)
want_series=$("$BIN" --db "$RO/s.db" series I7 --area A3 --format csv 2>&1)
if [ "$(id -u)" = 0 ]; then AS="setpriv --reuid=65534 --regid=65534 --clear-groups"; else AS=""; fi
RBIN="$T/ro/chitieu"
ro_case() { # ro_case LABEL: the store is read-only now
  local sum0 out r
  sum0=$(sha256sum < "$RO/s.db")
  out=$($AS "$RBIN" --db "$RO/s.db" load "$T/ro/targets.csv" 2>&1); r=$?
  check "$1: load exits 1 (got $r: $out)" '[ $r = 1 ]'
  check "$1: load says the store is read-only ($out)" 'echo "$out" | grep -q "^chitieu: load: .*: the store is read-only"'
  check "$1: the file is unchanged by the refused load" '[ "$(sha256sum < "$RO/s.db")" = "$sum0" ]'
  out=$($AS "$RBIN" --db "$RO/s.db" assess --format csv 2>&1); r=$?
  check "$1: assess reads the store (exit $r: $out)" '[ $r = 0 ] && [ "$out" = "$want_assess" ]'
  out=$($AS "$RBIN" --db "$RO/s.db" series I7 --area A3 --format csv 2>&1); r=$?
  check "$1: series reads the store (exit $r)" '[ $r = 0 ] && [ "$out" = "$want_series" ]'
  out=$($AS "$RBIN" --db "$RO/s.db" report --out "$T/ro/out/pack" 2>&1); r=$?
  check "$1: report writes its pack elsewhere (exit $r: $out)" '[ $r = 0 ] && [ -s "$T/ro/out/pack/index.html" ]'
  rm -rf "$T/ro/out/pack"
}
# An input file the user may not read: a clear error naming it, nothing stored.
printf 'indicator,area,year,value,status\nI7,A3,1900,50,A\n' > "$T/ro/secret.csv"; chmod 000 "$T/ro/secret.csv"
cp "$RO/s.db" "$T/ro/out/w.db"; chmod 666 "$T/ro/out/w.db"
out=$($AS "$RBIN" --db "$T/ro/out/w.db" load "$T/ro/secret.csv" 2>&1); r=$?
check "unreadable input: a clear error (exit $r: $out)" \
  '[ $r = 1 ] && echo "$out" | grep -qF "chitieu: load: $T/ro/secret.csv: cannot open: Permission denied"'
check "unreadable input: nothing stored" '[ "$(sqlite3 "$T/ro/out/w.db" "SELECT count(*) FROM observations WHERE year = 1900")" = 0 ]'
chmod 444 "$RO/s.db"
ro_case "read-only file"
chmod 555 "$RO"
ro_case "read-only file and folder"
check "read-only folder: no file created beside the store ($(ls "$RO"))" '[ -z "$(ls "$RO" | grep -v "^s.db$")" ]'
# A read-only store written by an older chitieu cannot be upgraded in place: say so, change nothing.
sqlite3 "$T/ro/out/old.db" < "$(dirname "$0")/fixtures/store/v1.sql"; chmod 444 "$T/ro/out/old.db"
sum0=$(sha256sum < "$T/ro/out/old.db")
out=$($AS "$RBIN" --db "$T/ro/out/old.db" indicators 2>&1); r=$?
check "read-only store of schema version 1: a clear error (exit $r: $out)" \
  '[ $r = 1 ] && echo "$out" | grep -q "the store is read-only and its schema (version 1) must first be upgraded"'
check "read-only old store unchanged" '[ "$(sha256sum < "$T/ro/out/old.db")" = "$sum0" ]'
# A write-ahead log with writes not yet in the file cannot be read without its index: say so.
chmod 755 "$RO"; chmod 644 "$RO/s.db"
(echo "PRAGMA wal_autocheckpoint=0; UPDATE indicators SET name='Pending' WHERE code='I7';"; sleep 5) | sqlite3 "$RO/s.db" >/dev/null &
sl=$!; for i in $(seq 1 50); do [ -s "$RO/s.db-wal" ] && grep -q Pending "$RO/s.db-wal" 2>/dev/null && break; sleep 0.1; done
kill -9 $sl; wait $sl 2>/dev/null # $! of a pipeline is its last command: sqlite3 dies mid-session
rm -f "$RO/s.db-shm"; chmod 444 "$RO/s.db"; chmod 555 "$RO"
out=$($AS "$RBIN" --db "$RO/s.db" indicators 2>&1); r=$?
check "read-only store with a pending log: a clear error (exit $r: $out)" \
  '[ $r = 1 ] && echo "$out" | grep -q "write-ahead log .* holds writes not yet in the file"'
chmod 755 "$RO"; chmod 644 "$RO/s.db"
check "the pending write is kept and read with write access" '"$BIN" --db "$RO/s.db" indicators --format csv | grep -q "^I7,Pending,"'

# Edge stores (synthetic): an empty one (init only), and one with a plan without targets, an indicator
# published for the country only, one with a single figure, an area without figures.  Every command ends
# with exit 0, 1 or 2 and, in a `make SANITIZE=1 test` build, without a sanitizer report (export on an
# empty store and forecast of a header alone passed NULL to qsort/bsearch).
E=$T/edge; mkdir -p "$E"
"$BIN" --db "$E/empty.db" init >/dev/null 2>&1
printf 'code,name,level,parent\nXC,Country,country,\nP1,Province one,province,XC\nP2,Province two,province,XC\n' >"$E/areas.csv"
printf 'code,name,unit,direction\nNAT,National only,%%,up\nONE,One figure,%%,up\nNONE,No figures,%%,up\n' >"$E/ind.csv"
printf 'indicator,area,year,value,status\nNAT,XC,2021,5,A\nNAT,XC,2022,5.5,A\nNAT,XC,2023,6,A\nONE,P1,2022,40,A\n' >"$E/obs.csv"
printf 'plan,name\nPEMPTY,No targets\nPT,Targets\n' >"$E/plans.csv"
printf 'plan,indicator,area,shape,from,year,low,high\nPT,ONE,P1,at_least,,2025,50,\nPT,NONE,P2,at_least,,2025,10,\nPT,NAT,XC,avg_growth,2021,2025,3,\n' >"$E/targets.csv"
"$BIN" --db "$E/small.db" load "$E/areas.csv" "$E/ind.csv" "$E/obs.csv" "$E/plans.csv" "$E/targets.csv" >/dev/null 2>&1 \
  || bad "edge store load"
edge_bad=""
for db in empty small; do
  while read -r args; do
    # shellcheck disable=SC2086
    (cd "$E" && "$BIN" --db "$E/$db.db" $args >"$E/o" 2>"$E/e"); r=$?
    if [ $r -gt 2 ] || grep -qE "Sanitizer|runtime error" "$E/e"; then edge_bad="$edge_bad [$db: $args: exit $r: $(head -c 200 "$E/e")]"; fi
  done <<'CMDS'
indicators --format json
areas --format csv
batches
missing --year 2025
missing --year 1900 --forms --format csv
assess
assess --plan PT --lang en --format json
assess --plan PEMPTY --format xlsx --out a.xlsx
assess --year 1990 --format csv
compare NAT
compare NAT --year 2100 --format json
compare NONE --level commune
series ONE --area P2
series NAT --area XC --format xlsx --out s.xlsx
history ONE --area P1 --format json
project ONE --area P1 --to 2030
project NAT --area XC --to 2030 --year 2000
chart NAT --out ch --format gp --lang en
chart ONE --area P1 --out ch --format gp --since 2050
report --out rep --format gp
report --plan PEMPTY --out rep2 --format gp --lang en
template --year 2025 --out forms/
export
export --format sdmx --indicator NONE
export --format opensdg --indicator NAT --area XC
export --format xlsx --out x.xlsx --derived
revert --dry-run 1
CMDS
done
check "edge stores: every command ends cleanly${edge_bad:+:$edge_bad}" '[ -z "$edge_bad" ]'
"$BIN" --db "$E/empty.db" export >"$E/o" 2>"$E/e"; r=$?
check "export of an empty store: the header alone, exit 0" '[ $r = 0 ] && [ "$(cat "$E/o")" = "indicator,area,year,value,status,source,note" ]'
"$BIN" --db "$E/empty.db" export --indicator NONE >"$E/o" 2>"$E/e"; r=$?
check "export of an unknown indicator from an empty store: exit 1, named" '[ $r = 1 ] && grep -q "unknown indicator .NONE." "$E/e"'
printf 'id,year,value\n' >"$E/header.csv"
"$BIN" forecast --horizon 2 "$E/header.csv" >"$E/o" 2>"$E/e"; r=$?
check "forecast of a header alone: the header, exit 0" '[ $r = 0 ] && [ "$(cat "$E/o")" = "id,year,point,lo80,hi80,lo95,hi95" ] && [ ! -s "$E/e" ]'

e2e_finish e2e_faults
