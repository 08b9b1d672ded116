#!/usr/bin/env bash
# e2e_chart.sh — `chart` and `report` end to end on a store loaded from synthetic
# fixtures (tests/fixtures/assess) plus hostile names loaded through the CLI:
# files written, image signatures, scorecard CSV/JSON fields, hostile text inert
# (marker files never created) and escaped, exit codes and messages.
set -u
. "$(dirname "$0")/e2e-lib.sh"
FIX=$(cd "$(dirname "$0")/fixtures/assess" && pwd)
cd "$T"
export CHITIEU_DB="$T/t.db"
"$BIN" init > /dev/null
"$BIN" load "$FIX"/*.csv > /dev/null 2>&1 || bad "fixtures load"
# hostile names (synthetic): backquotes, quotes, newline, system(), $(), HTML, formula prefix
cat > evil_ind.csv <<CSV
code,name,unit,direction,goal
EVIL,"\`touch $T/PWN1\` '; system('touch $T/PWN2'); ' \$(touch $T/PWN3) <script>alert(1)</script>",\\,up,"=HYPERLINK(""x"")"
CSV
printf 'plan,indicator,area,shape,year,low\nP2125,EVIL,XP,at_least,2025,50\n' > evil_tgt.csv
printf 'indicator,area,year,value\nEVIL,XP,2019,40\nEVIL,XP,2020,42\nEVIL,XP,2021,45\nEVIL,XP,2022,46\n' > evil_obs.csv
"$BIN" load evil_ind.csv evil_tgt.csv evil_obs.csv > /dev/null 2>&1; check "hostile names load" '[ $? = 0 ]'

# a target source that is part of another target's source is still named (was dropped by a substring test)
printf 'plan,indicator,area,shape,year,low,source\nP2125,EVIL,XP,at_least,2027,55,"QĐ 9/QĐ-UBND, dòng 5"\nP2125,EVIL,XP,at_least,2029,60,QĐ 9/QĐ-UBND\n' > src_tgt.csv
"$BIN" load src_tgt.csv > /dev/null 2>&1
"$BIN" report --plan P2125 --out rsrc --no-render > /dev/null 2>&1
check "footnote names both sources" 'grep -q "QĐ 9/QĐ-UBND, dòng 5; QĐ 9/QĐ-UBND" rsrc/charts/EVIL_XP.gp'

"$BIN" chart GRDP --out c1 2> err.txt; rc=$?
check "chart exit 0" '[ $rc = 0 ]'
check "chart script and PNG" '[ -s c1/GRDP_XP.gp ] && head -c 8 c1/GRDP_XP.png | od -An -c | grep -q "P   N   G"'
check "chart message names the count" 'grep -q "1 chart in c1 (1 rendered)" err.txt'
"$BIN" chart GRDP --format svg --out c2 2>/dev/null
check "svg" 'grep -q "<svg" c2/GRDP_XP.svg'
"$BIN" chart GRDP --format pdf --out c3 2>/dev/null
check "pdf" '[ "$(head -c 5 c3/GRDP_XP.pdf)" = "%PDF-" ]'
"$BIN" chart GRDP --format gp --out c4 2>/dev/null
check "gp: script only, and it reproduces the chart alone" '[ -s c4/GRDP_XP.gp ] && [ ! -e c4/GRDP_XP.png ] && (cd c4 && gnuplot GRDP_XP.gp) && [ -s c4/GRDP_XP.png ]'
"$BIN" chart EVIL --out c5 2>/dev/null; rc=$?
check "hostile chart renders" '[ $rc = 0 ] && [ -s c5/EVIL_XP.png ]'
"$BIN" chart NOPE --out c6 > /dev/null 2> err.txt; rc=$?
check "unknown indicator: exit 1" '[ $rc = 1 ] && grep -q "^chitieu: chart: " err.txt'
"$BIN" chart > /dev/null 2>&1; rc=$?
check "no indicator: exit 2" '[ $rc = 2 ]'
"$BIN" chart GRDP --format bmp > /dev/null 2>&1; rc=$?
check "bad format: exit 2" '[ $rc = 2 ]'

"$BIN" report --out pack 2> err.txt; rc=$?
check "report exit 0" '[ $rc = 0 ]'
check "pack files, SVG by default" '[ -s pack/index.html ] && [ -s pack/scorecard.csv ] && [ -s pack/scorecard.json ] && grep -q "<svg" pack/charts/overview-P2125.svg && grep -q "<svg" pack/charts/GRDP_XP.svg'
check "scorecard header = assess fields and the caveat" '[ "$(head -1 pack/scorecard.csv)" = "plan,indicator,area,shape,year,from,low,high,last_year,last_value,projected,lo80,hi80,lo95,hi95,probability,method,required_pace,observed_pace,status,pace_years,base_missing,note" ]'
"$BIN" assess --format csv > assess.csv
check "scorecard = assess --format csv, then the note" 'python3 -c "
import csv, sys
a, s = list(csv.reader(open(\"assess.csv\"))), list(csv.reader(open(\"pack/scorecard.csv\")))
sys.exit(0 if len(a) > 1 and [r[:-1] for r in s] == a else 1)"'
check "json parses" 'python3 -c "import json,sys; d=json.load(open(\"pack/scorecard.json\")); sys.exit(0 if len(d)==$(($(wc -l < pack/scorecard.csv)-1)) else 1)"'
check "HTML escaped" '! grep -q "<script>" pack/index.html && grep -q "&lt;script&gt;" pack/index.html'
check "every image referenced exists" 'for f in $(grep -o "src=\"[^\"]*\"" pack/index.html | cut -d\" -f2); do [ -s "pack/$f" ] || exit 1; done'
check "no marker file: nothing from data ran" '[ ! -e PWN1 ] && [ ! -e PWN2 ] && [ ! -e PWN3 ] && [ ! -e "$T/PWN1" ] && [ ! -e "$T/PWN2" ] && [ ! -e "$T/PWN3" ]'
"$BIN" report --year 2022 --out pack22 2>/dev/null
check "--year cut-off pack" 'grep -q "Số liệu đến năm 2022" pack22/index.html'
"$BIN" report --format png --lang en --out packen 2>/dev/null; rc=$?
check "report --format png --lang en" '[ $rc = 0 ] && grep -q "<html lang=\"en\">" packen/index.html && head -c 8 packen/charts/GRDP_XP.png | od -An -c | grep -q "P   N   G"'
SOURCE_DATE_EPOCH=1764460800 "$BIN" report --deadline 11-30 --out packd 2>/dev/null
check "SOURCE_DATE_EPOCH dates the pack; --deadline" 'grep -q "Lập ngày 30/11/2025" packd/index.html && grep -q "30/11 hằng năm" packd/index.html'
"$BIN" report --deadline 11-31 --out packx > /dev/null 2>&1; rc=$?
check "bad --deadline: exit 2" '[ $rc = 2 ] && [ ! -e packx ]'
# a typo in --plan or --area is refused with the closest codes, and writes no pack
"$BIN" report --plan P2152 --out packp > /dev/null 2> err.txt; rc=$?
check "unknown --plan: exit 1, closest code, no pack" '[ $rc = 1 ] && grep -q "^chitieu: report: unknown plan .P2152. (closest: P2125)" err.txt && [ ! -e packp ]'
"$BIN" report --area XQ --out packa > /dev/null 2> err.txt; rc=$?
check "unknown --area: exit 1, closest code" '[ $rc = 1 ] && grep -q "unknown area .XQ. (closest: XP" err.txt'
"$BIN" chart GRPD > /dev/null 2> err.txt; rc=$?
check "unknown indicator: closest code" '[ $rc = 1 ] && grep -q "unknown indicator .GRPD. (closest: GRDP" err.txt'
"$BIN" assess --plan P2152 > /dev/null 2> err.txt; rc=$?
check "assess unknown --plan: exit 1" '[ $rc = 1 ] && grep -q "closest: P2125" err.txt'
"$BIN" --version > out.txt; rc=$?
check "--version" '[ $rc = 0 ] && grep -Eq "^chitieu [0-9]+[.][0-9]+[.][0-9]+ [(]store schema [0-9]+[)]$" out.txt'
"$BIN" assess > out.txt
check "assess table in words" 'grep -q "bình quân 2021–2025 tăng ≥ 7,5%/năm" out.txt && grep -q "Đã đạt" out.txt && ! grep -q avg_growth out.txt'
"$BIN" assess --lang en > out.txt
check "assess table in English" 'grep -q "average growth ≥ 7.5%/yr 2021–2025" out.txt && grep -q "Achieved" out.txt'
"$BIN" report > /dev/null 2>&1; rc=$?
check "report without --out: exit 2" '[ $rc = 2 ]'
"$BIN" report --help | grep -q "index.html"; check "report --help" '[ $? = 0 ]'

e2e_finish e2e_chart
