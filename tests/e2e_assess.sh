#!/usr/bin/env bash
# tests/e2e_assess.sh — end-to-end tests of `chitieu assess` and `chitieu project`:
# loads the SYNTHETIC fixtures in tests/fixtures/assess/ into a temp store, checks the
# CSV header, JSON shape (numbers/null), the hand-computed statuses of observed targets
# (see that folder's README), no_data, --year cut-off, exit codes and --help.
# Run: CHITIEU_BIN=/abs/path/to/chitieu bash tests/e2e_assess.sh
set -u
. "$(dirname "$0")/e2e-lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
FX=$HERE/fixtures/assess
cd "$T" || exit 1
C() { "$BIN" --db "$T/a.db" "$@"; }

run "load" 0 C load "$FX/areas.csv" "$FX/plans.csv" "$FX/indicators.csv" "$FX/observations.csv" "$FX/targets.csv"

run "assess csv" 0 C assess --format csv
want='plan,indicator,area,shape,year,from,low,high,last_year,last_value,projected,lo80,hi80,lo95,hi95,probability,method,required_pace,observed_pace,status,pace_years,base_missing'
if [ "$(head -1 out)" = "$want" ]; then ok; else bad "csv header: $(head -1 out)"; fi
if [ "$(wc -l <out)" -eq 8 ]; then ok; else bad "csv rows: $(wc -l <out)"; fi
# status of a target row: indicator shape year low
st() { awk -F, -v i="$1" -v s="$2" -v y="$3" -v l="$4" '$2==i && $4==s && $5==y && $7==l {print $20}' out; }
chk() { local got; got=$(st "$1" "$2" "$3" "$4"); if [ "$got" = "$5" ]; then ok; else bad "$1 $2 $3 $4: '$got', wanted $5"; fi; }
chk GRDP avg_growth 2025 7.5 achieved
chk GRDP avg_growth 2025 9.5 missed
chk POOR at_most 2025 "" achieved
chk JOBS each_year 2025 35000 missed
chk FDI cumulative 2025 9 achieved
chk FOREST at_least 2030 45 no_data
case "$(st GRDP at_least 2030 150)" in on_track|at_risk|off_track|no_data) ok ;; *) bad "GRDP 2030: $(st GRDP at_least 2030 150)" ;; esac
# projected quantity of the observed avg_growth: 8 %/yr (hand: (146.93280768/100)^(1/5) = 1.08)
p=$(awk -F, '$2=="GRDP" && $7=="7.5" {print $11}' out)
if awk -v p="$p" 'BEGIN{exit !(p>7.9999 && p<8.0001)}'; then ok; else bad "avg_growth projected $p"; fi

run "assess json" 0 C assess --format json --plan P2125 --area XP
if python3 -c '
import json,sys
d=json.load(sys.stdin)
assert isinstance(d,list) and len(d)==7
r=[x for x in d if x["indicator"]=="FDI"][0]
assert r["status"]=="achieved" and abs(r["projected"]-9.5)<1e-9 and r["probability"]==1 and r["lo80"] is None, r
assert [x for x in d if x["indicator"]=="POOR"][0]["low"] is None
' <out; then ok; else bad "json: $(head -c 300 out)"; fi

# --year 2023: nothing of 2025 is observed, so no target is achieved or missed except none
run "assess --year" 0 C assess --format csv --year 2023
if ! cut -d, -f20 out | grep -qE '^(achieved|missed)$'; then ok; else bad "--year 2023 still judged observed: $(cat out)"; fi
if [ "$(awk -F, '$2=="GRDP" && $7=="7.5" {print $9}' out)" = 2023 ]; then ok; else bad "--year last_year"; fi

# exceeds against another area (synthetic): income of the bottom 40% in XP grows 8 %/yr, the average
# income 10 %/yr in XP and 6 %/yr in the nation NA; over 2019-2025 the first target (versus XP's own
# average) is missed by 2 points, the second (versus_area NA) is met by 2 points.
printf 'code,name,level\nNA,Nation (synthetic),country\n' > na.csv
printf 'code,name,unit,direction\nINC,Average income,m VND,up\nINC40,Income of the bottom 40%%,m VND,up\n' > inc.csv
awk 'BEGIN { print "indicator,area,year,value"; for (y = 2018; y <= 2025; y++) { k = y - 2018;
  printf "INC40,XP,%d,%.6f\nINC,XP,%d,%.6f\nINC,NA,%d,%.6f\n", y, 100 * 1.08^k, y, 100 * 1.10^k, y, 100 * 1.06^k } }' > inc_obs.csv
cat > inc_tgt.csv <<'CSV'
plan,indicator,area,shape,from,year,versus,versus_area
OWN,INC40,XP,exceeds,2019,2025,INC,
NAT,INC40,XP,exceeds,2019,2025,INC,NA
CSV
run "load cross-area exceeds" 0 C load na.csv inc.csv inc_obs.csv inc_tgt.csv
run "assess exceeds" 0 C assess --format csv
if [ "$(awk -F, '$1=="OWN" {print $11, $20}' out)" = "-2.0000 missed" ]; then ok; else bad "exceeds own area: $(grep '^OWN' out)"; fi
if [ "$(awk -F, '$1=="NAT" {print $11, $20}' out)" = "2.0000 achieved" ]; then ok; else bad "exceeds versus NA: $(grep '^NAT' out)"; fi
printf 'plan,indicator,area,shape,from,year,versus,versus_area\nX,INC40,XP,exceeds,2019,2025,INC,NOPE\n' > bad_tgt.csv
run "unknown versus_area" 1 C load bad_tgt.csv
has "unknown versus_area names file:line:column" err "bad_tgt.csv:2: versus_area: unknown area 'NOPE'"

# --indicator: one indicator's targets; in the table each in detail (band and pace, which the table has no room for)
run "assess --indicator csv" 0 C assess --indicator GRDP --format csv
[ "$(tail -n +2 out | cut -d, -f2 | sort -u)" = GRDP ] && [ "$(tail -n +2 out | wc -l)" = 3 ] && ok ||
    bad "assess --indicator GRDP: not GRDP's 3 targets: $(cat out)"
run "assess --indicator detail" 0 C assess --indicator GRDP
[ "$(grep -c '^  Mục tiêu: ' out)" = 3 ] && grep -q '^  Đánh giá: ' out && grep -q '^  Nhịp độ cần và xu hướng: ' out &&
    grep -q '^  Kết quả / dự báo: .*; khoảng dự báo 80%: ' out && ok || bad "assess --indicator: no detail: $(cat out)"
run "assess --indicator in English" 0 C assess --indicator GRDP --lang en
grep -q '^  Pace needed and trend: ' out && grep -q '80% forecast range' out && ok || bad "assess --indicator --lang en: $(cat out)"
run "assess --indicator unknown" 1 C assess --indicator GRPD
has "assess --indicator unknown names the closest" err "chitieu: assess: unknown indicator 'GRPD' (closest: GRDP"
run "assess --indicator without targets there" 1 C assess --indicator GRDP --plan NOPE
run "assess --help" 0 C assess --help
run "assess bad format" 2 C assess --format xml
run "assess bad threshold" 2 C assess --on-track 2
run "project --help" 0 C project --help
run "project no area" 2 C project GRDP --to 2030

# A "%" indicator without declared bounds is a share of 0..100, unless it is a rate of change: some target of it is
# an average rate (avg_rate).  Then each of its targets, `project` and the chart project it unbounded, the same
# band everywhere (walk found `project` and the chart of BD_GRDP_GROWTH 2025 giving 3.32-11.92 and 1.23-10.22).
# Synthetic: the same falling series twice, RATE with an avg_rate target, SHARE without.
R=$T/rate; mkdir -p "$R"
printf 'code,name,unit,direction\nRATE,Growth (synthetic),%%,up\nSHARE,Share (synthetic),%%,up\n' > "$R/ind.csv"
printf 'plan,indicator,area,shape,year,from,low,high,versus\n' > "$R/tg.csv"
printf 'P2125,RATE,XP,avg_rate,2030,2026,5,,\nP2125,RATE,XP,at_least,2030,,1,,\nP2125,SHARE,XP,at_least,2030,,1,,\n' >> "$R/tg.csv"
{ echo indicator,area,year,value
  for i in RATE SHARE; do y=2014; for v in 5 4.5 4 3.6 3 2.6 2.2 1.8 1.5 1.1 0.8; do echo "$i,XP,$y,$v"; y=$((y + 1)); done; done
} > "$R/obs.csv"
run "rate: load" 0 C load "$R/ind.csv" "$R/tg.csv" "$R/obs.csv"
run "rate: assess" 0 C assess --format csv --plan P2125 --area XP
rate_lo95=$(awk -F, '$2=="RATE" && $4=="at_least" {print $14}' out)
share_lo95=$(awk -F, '$2=="SHARE" && $4=="at_least" {print $14}' out)
awk -v r="$rate_lo95" -v s="$share_lo95" 'BEGIN{exit !(r < 0 && s >= 0)}' && ok ||
    bad "rate unbounded (2030 lo95 $rate_lo95 < 0), share within 0..100 ($share_lo95 >= 0)"
run "rate: project" 0 C project RATE --area XP --to 2030 --format csv
[ "$(awk -F, '$1==2030 {print $6}' out)" = "$rate_lo95" ] && ok ||
    bad "project RATE 2030 lo95 $(awk -F, '$1==2030 {print $6}' out), assess at_least $rate_lo95"

e2e_finish e2e_assess
