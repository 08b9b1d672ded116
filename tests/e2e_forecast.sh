#!/usr/bin/env bash
# e2e_forecast.sh — the `forecast` command end to end: long CSV in (file or stdin,
# ids not contiguous, columns in any order), one row per projected year out,
# hand-computed points for naive/drift/linear, file:line errors, exit codes,
# and no database touched.  Series here are synthetic (made up for the test).
set -u
. "$(dirname "$0")/e2e-lib.sh"
cd "$T"

# a: 10, 12, 14, 16, 18 (exact line, slope 2); b: 5, 7, 6, 8 interleaved with a
cat > in.csv <<'CSV'
value,id,year
10,a,2019
5,b,2019
12,a,2020
7,b,2020
14,a,2021
6,b,2021
16,a,2022
8,b,2022
18,a,2023
CSV
"$BIN" forecast --horizon 2 --method linear in.csv > lin.csv 2> err.txt; rc=$?
check "linear exit 0" '[ $rc = 0 ]'
check "header" '[ "$(head -1 lin.csv)" = "id,year,point,lo80,hi80,lo95,hi95" ]'
check "2 rows per series, ids in order of first appearance" '[ "$(cut -d, -f1,2 lin.csv | tail -n +2 | tr "\n" " ")" = "a,2024 a,2025 b,2023 b,2024 " ]'
# exact line: point 20 and 22 (hand computation), and the linear band collapses to the point
check "linear a 2024 = 20" '[ "$(grep "^a,2024," lin.csv | cut -d, -f3)" = 20 ]'
check "linear a 2025 = 22" '[ "$(grep "^a,2025," lin.csv | cut -d, -f3)" = 22 ]'
# b on t=0..3: slope = 0.8, intercept = 5.3 -> t=4: 8.5, t=5: 9.3 (hand computation)
check "linear b 2023 = 8.5" 'awk -F, "/^b,2023,/{exit !((\$3-8.5)^2<1e-18)}" lin.csv'
check "linear b 2024 = 9.3" 'awk -F, "/^b,2024,/{exit !((\$3-9.3)^2<1e-18)}" lin.csv'
"$BIN" forecast --horizon 3 --method naive in.csv > naive.csv
check "naive repeats the last value" '[ "$(grep "^b," naive.csv | cut -d, -f3 | tr "\n" " ")" = "8 8 8 " ]'
"$BIN" forecast --horizon 2 --method drift in.csv > drift.csv
# drift of b: (8-5)/3 = 1 per year -> 9, 10
check "drift b = 9, 10" '[ "$(grep "^b," drift.csv | cut -d, -f3 | tr "\n" " ")" = "9 10 " ]'
check "bands nest around the point" 'awk -F, "NR>1 && !(\$6<=\$4 && \$4<=\$3 && \$3<=\$5 && \$5<=\$7){exit 1}" drift.csv'
"$BIN" forecast --horizon 4 < in.csv > auto.csv; rc=$?
check "stdin, auto: exit 0, 8 rows" '[ $rc = 0 ] && [ $(wc -l < auto.csv) = 9 ]'
check "forecast created no database" '[ ! -e chitieu.db ]'
"$BIN" forecast --horizon 2 --lower 0 --upper 10 in.csv > bounded.csv
check "bounded: every band inside 0..10" 'awk -F, "NR>1{for(i=3;i<=7;i++) if(\$i<0||\$i>10) exit 1}" bounded.csv'

# errors: file:line: column, a short series is reported and skipped (exit 1), usage errors exit 2
printf 'id,year,value\na,2019,1\na,20x0,2\na,2021,abc\n' > badrows.csv
"$BIN" forecast --horizon 2 badrows.csv > /dev/null 2> err.txt; rc=$?
check "bad rows exit 1" '[ $rc = 1 ]'
check "bad year named with file:line" 'grep -q "^chitieu: forecast: badrows.csv:3: year:" err.txt'
check "bad value named with file:line" 'grep -q "^chitieu: forecast: badrows.csv:4: value:" err.txt'
printf 'id,year,value\na,2019,1\na,2020,2\nb,2019,1\nb,2020,2\nb,2021,4\n' > short.csv
"$BIN" forecast --horizon 1 short.csv > out.csv 2> err.txt; rc=$?
check "short series: exit 1, others written" '[ $rc = 1 ] && [ $(wc -l < out.csv) = 2 ]'
check "short series named" 'grep -q "id .a.: a trend needs at least 3" err.txt'
printf 'id,year,value\na,2019,1\na,2019,2\na,2020,2\na,2021,3\n' > dup.csv
"$BIN" forecast --horizon 1 dup.csv > /dev/null 2> err.txt; rc=$?
check "duplicate year: exit 1 with line" '[ $rc = 1 ] && grep -q "dup.csv:3: year: 2019 given twice" err.txt'
# 2 million rows of one id (100 years, each repeated): it crashed (the series on the worker's stack); now the
# first repeat is named and the others counted, in well under a second
awk 'BEGIN{print "id,year,value"; for (y = 1; y <= 2000000; y++) printf "a,%d,%d\n", 1900 + y % 100, y % 7 + 1}' > long.csv
"$BIN" forecast --horizon 3 long.csv > out.csv 2> err.txt; rc=$?
check "2 million rows: exit 1, no crash" '[ $rc = 1 ]'
check "2 million rows: the first repeat named" '[ "$(head -1 err.txt)" = "chitieu: forecast: long.csv:201: year: 1900 given twice for id '"'a'"'" ]'
check "2 million rows: the others counted" 'grep -qx "chitieu: forecast: id .a.: 1999899 more rows repeat a year given before" err.txt && [ $(wc -l < err.txt) = 2 ]'
# 1001 distinct years (the longest span a trend takes) of one series, counts (lower 0): projected
awk 'BEGIN{print "id,year,value"; for (y = 8999; y <= 9999; y++) printf "b,%d,%d\n", y, y % 7}' > wide.csv
"$BIN" forecast --horizon 2 --lower 0 wide.csv > out.csv 2> err.txt; rc=$?
check "1001 years: exit 0, 2 rows" '[ $rc = 0 ] && [ "$(cut -d, -f1,2 out.csv | tail -n +2 | tr "\n" " ")" = "b,10000 b,10001 " ]'
printf 'id,when,value\n' > hdr.csv
"$BIN" forecast --horizon 1 hdr.csv > /dev/null 2> err.txt; rc=$?
check "missing column" '[ $rc = 1 ] && grep -q "hdr.csv:1: missing column .year." err.txt'
"$BIN" forecast in.csv > /dev/null 2>&1; rc=$?
check "no --horizon: exit 2" '[ $rc = 2 ]'
"$BIN" forecast --horizon 2 --level 90 in.csv > /dev/null 2>&1; rc=$?
check "unsupported level: exit 2" '[ $rc = 2 ]'
"$BIN" forecast --horizon 2 --method nope in.csv > /dev/null 2>&1; rc=$?
check "unknown method: exit 2" '[ $rc = 2 ]'
"$BIN" forecast --horizon 2 missing.csv > /dev/null 2> err.txt; rc=$?
check "missing file: exit 1, named" '[ $rc = 1 ] && grep -q "missing.csv" err.txt'
"$BIN" forecast --help > help.txt; rc=$?
check "--help exit 0" '[ $rc = 0 ] && grep -q "id,year,value" help.txt'

e2e_finish e2e_forecast
