#!/usr/bin/env bash
# tests/e2e_areas.sh — end-to-end tests of areas over time through the chitieu CLI: a merger of three
# provinces and a split loaded from CSV (files in any order), the merged province's series before the merger
# against hand aggregates (sum, ratio of sums, growth of the summed level, population-weighted mean), the
# status D and provenance shown by series/project/export --derived, a gap and its reason, `areas` showing
# validity and successions, `compare` (ranks by direction, ties, change, target status, --map), assess on a
# rebuilt series, the chart's distinct marker and legend, refused inputs (a cycle, over-full shares, D rows
# loaded back) with file:line.  Uses the SYNTHETIC fixtures of tests/fixtures/areas/ and synthetic files it
# writes; the last block loads the REAL datasets/vietnam-areas-2025/ and checks rebuilt HCM25 values against
# hand sums of its release files, the gaps that remain, and that both plans are assessed on their merged areas.
# Run: CHITIEU_BIN=/abs/path/to/chitieu bash tests/e2e_areas.sh
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/e2e-lib.sh"
FX=$HERE/fixtures/areas
cd "$T" || exit 1
DB=$T/a.db
C() { "$BIN" --db "$DB" "$@"; }
# near FILE PY-EXPR: the CSV rows of FILE (a list of dicts `r`) satisfy the Python expression.
near() {
    python3 - "$1" "$2" <<'EOF'
import csv, sys
r = list(csv.DictReader(open(sys.argv[1], newline="")))
close = lambda a, b: abs(float(a) - b) <= 1e-9 * abs(b)
by = lambda y: next(x for x in r if x["year"] == str(y))
sys.exit(0 if eval(sys.argv[2]) else 1)
EOF
}
chk() { if near "$2" "$3"; then ok; else bad "$1: $(head -c 400 "$2")"; fi; }

# --- load: kinds in any order; successions after areas ---
run "load" 0 C load "$FX/observations.csv" "$FX/successions.csv" "$FX/indicators.csv" "$FX/areas.csv"
has "load summary" out "12 areas, 0 plans, 0 targets, 5 successions"

# --- series before the merger = hand aggregates, with status D and provenance ---
run "series POP" 0 C series POP --area PM --format csv
chk "POP summed, 2024 stored wins" out 'close(by(2022)["value"], 3500) and by(2022)["status"] == "D" and by(2024)["value"] == "3600" and by(2024)["status"] == "A" and by(2024)["provenance"] == ""'
run "series GRDP_PC" 0 C series GRDP_PC --area PM --format csv
chk "ratio of sums" out 'close(by(2022)["value"], 450000/3500) and close(by(2023)["value"], 495000/3535) and by(2022)["provenance"].startswith("ratio GRDP/POP in PM; GRDP: sum of PA, PB, PC (went to PM on 2025-07-01)")'
run "series GRDP_G" 0 C series GRDP_G --area PM --format csv
chk "growth of the summed level" out 'close(by(2023)["value"], 100*(476000/450000-1)) and close(by(2024)["value"], 100*(497000/476000-1)) and len(r) == 3'
run "series POOR" 0 C series POOR --area PM --format csv
chk "population-weighted mean" out 'close(by(2022)["value"], 15000/3500) and close(by(2023)["value"], 3.8) and by(2023)["provenance"] == "mean weighted by POP of PA, PB, PC (went to PM on 2025-07-01)"'
run "series split share" 0 C series POP --area PE --format csv
chk "0.4 of D" out 'close(by(2022)["value"], 400) and by(2022)["provenance"] == "sum of 0.4*PD (went to PE on 2025-07-01)"'
run "series json" 0 C series BEDS_10K --area PM --format json
python3 -c 'import json,sys; d=json.load(open("out")); assert d[0]["status"]=="D" and abs(d[0]["value"]-7800/3500*10)<1e-9' && ok || bad "series json: $(cat out)"
run "series gap" 0 C series POP --area PK
has "gap reason on stderr" err "chitieu: series: POP, PK, 2024: no value: 1 of 3 areas under PK have no figure: K3"
run "series --year" 0 C series GRDP_G --area PM --year 2023 --format csv
[ "$(wc -l <out)" -eq 2 ] && ok || bad "series --year 2023: $(cat out)"

# --- areas: validity, GSO code, successions ---
run "areas" 0 C areas --format csv
chk "areas validity" out 'next(x for x in r if x["code"]=="PM")["valid_from"] == "2025-07-01" and next(x for x in r if x["code"]=="PA")["valid_to"] == "2025-06-30" and next(x for x in r if x["code"]=="PM")["gso_code"] == "91"'
chk "areas successions" out 'next(x for x in r if x["code"]=="PM")["from"] == "PA, PB, PC (2025-07-01)" and next(x for x in r if x["code"]=="PD")["to"] == "0.4 PE, 0.6 PF (2025-07-01)"'
run "areas of 2025" 0 C areas --level province --year 2025 --format csv
chk "the map of 2025" out '[x["code"] for x in r] == ["PE", "PF", "PK", "PM"]'
run "areas of 2024" 0 C areas --level province --year 2024 --format json
python3 -c 'import json; d=json.load(open("out")); assert [x["code"] for x in d]==["PA","PB","PC","PD","PK"]' && ok || bad "areas 2024: $(cat out)"
run "areas under PK" 0 C areas --parent PK
has "communes" out "K3"
run "areas bad year" 2 C areas --year x

# --- compare ---
run "compare POOR 2023" 0 C compare POOR --year 2023 --format csv
chk "ranked lowest first (down)" out '[x["area"] for x in r] == ["PA","PB","PD","PC","PK"] and [x["rank"] for x in r] == ["1","2","3","4","5"] and r[0]["change"] == "-0.2" and r[4]["status"] == "D"'
run "compare on the new map" 0 C compare POOR --year 2023 --map 2025 --format csv
chk "ties share a rank" out '[(x["area"], x["rank"]) for x in r] == [("PM","1"),("PE","2"),("PF","2"),("PK","4")] and close(r[0]["value"], 3.8)'
run "compare default year" 0 C compare POP
has "default year note" err "chitieu: compare: POP in 2026: 1 of 4 areas (those of 2026) have a value; rank 1 = highest"
run "compare unknown indicator" 1 C compare NOPE
has "unknown indicator" err "chitieu: compare: unknown indicator 'NOPE'"
run "compare unknown parent" 1 C compare POP --parent NOPE
run "compare no indicator" 2 C compare
run "compare bad option" 2 C compare POP --map 20x5
run "compare bad level" 2 C compare POP --level provinces
has "levels named" err "--level must be country, region, province, district or commune"
run "compare communes" 0 C compare POOR --level commune --year 2023 --format csv
chk "communes ranked" out '[x["area"] for x in r] == ["K1","K2","K3"] and r[2]["change"] == "-3"'
# an indicator with figures for the country only (it crashed: exit 139): compare the country, say so
printf 'code,name,unit,direction\nNAT,National only (synthetic),%%,up\n' >nat_ind.csv
printf 'indicator,area,year,value,status\nNAT,XC,2022,5,A\nNAT,XC,2023,6.5,A\n' >nat_obs.csv
run "load a national indicator" 0 C load nat_ind.csv nat_obs.csv
run "compare national" 0 C compare NAT --format csv
chk "the country compared" out 'len(r) == 1 and r[0]["area"] == "XC" and r[0]["rank"] == "1" and r[0]["year"] == "2023" and r[0]["change"] == "1.5"'
run "compare national, table" 0 C compare NAT
has "national: level said" err "chitieu: compare: NAT has no figure for any province; comparing the areas of level country"
has "national: count" err "NAT in 2023: 1 of 1 areas (those of 2023) have a value"
run "compare national across provinces" 0 C compare NAT --level province
has "no province value" err "chitieu: compare: NAT has no value in any of these areas"
run "compare national in a year without figures" 0 C compare NAT --year 2020 --format json
check "no value in 2020" 'python3 -c "import json; d=json.load(open(\"out\")); assert len(d)==1 and d[0][\"value\"] is None"'

# --- targets of the merged province: assess, compare's target column, project, chart, report ---
printf 'plan,indicator,area,shape,from,year,low,high,source\nPM-2630,GRDP_R,PM,avg_growth,2023,2025,4.5,,synthetic\nPM-2630,POP,PM,at_least,,2030,3800,,synthetic\nPM-2630,POOR,PM,at_most,,2030,,2,synthetic\n' >targets.csv
run "load targets" 0 C load targets.csv
run "assess on rebuilt" 0 C assess --plan PM-2630 --format csv
chk "avg_growth from the rebuilt base" out 'next(x for x in r if x["indicator"]=="GRDP_R")["status"] == "achieved" and close(next(x for x in r if x["indicator"]=="GRDP_R")["projected"], round(100*((520000/450000)**(1/3)-1), 4))'
run "compare with target" 0 C compare POP --format csv
chk "target status shown" out 'r[0]["plan"] == "PM-2630" and r[0]["target_year"] == "2030" and r[0]["target_status"] in ("on_track","at_risk","off_track")'
# the table in words as assess's (a settled target has no probability); CSV keeps the codes (achieved, 1.0000)
run "compare GRDP_R csv" 0 C compare GRDP_R --format csv
chk "avg_growth target achieved, as codes" out 'next(x for x in r if x["plan"]=="PM-2630")["target_status"] == "achieved" and next(x for x in r if x["plan"]=="PM-2630")["probability"] == "1.0000"'
run "compare GRDP_R table" 0 C compare GRDP_R
check "the table's target status in words, no probability for a settled target (vi)" \
    'grep -q " PM-2630  *2025  Đã đạt  *-  " out && ! grep -q "achieved\|1\.0000" out'
run "compare GRDP_R table, English" 0 C compare GRDP_R --lang en
check "the table's target status in words (en)" 'grep -q " PM-2630  *2025  Achieved  *-  " out'
run "compare POP table" 0 C compare POP
check "an open target's probability in words (a percentage), its status a word" \
    'grep -q " PM-2630  *2030  \(Đúng hướng\|Có nguy cơ\|Chệch hướng\)  *\(dưới 1%\|trên 99%\|[0-9]\{1,2\}%\)  " out && ! grep -q "on_track\|at_risk\|off_track" out'
run "compare --lang bad" 2 C compare POP --lang fr
run "areas has no --lang" 2 C areas --lang en
run "project" 0 C project POP --area PM --to 2028 --format csv
has "project shows D rows" out "2022,D,3500"
run "chart gp" 0 C chart POP --area PM --out charts --format gp
has "chart D block" charts/POP_PM.gp '$obsD << EOD'
has "chart D marker" charts/POP_PM.gp "with points ls 17 title 'Số liệu tính lại, suy ra'"
# (the line is cut to what a PNG holds, 165 characters after the fixture's absolute path: the pack has it whole)
has "chart footnote in words" charts/POP_PM.gp "Cách tính lại: tổng của Province A (synthetic), Province B"
if command -v gnuplot >/dev/null; then
    run "chart png" 0 C chart POP --area PM --out charts
    [ -s charts/POP_PM.png ] && ok || bad "no charts/POP_PM.png"
fi
run "report" 0 C report --plan PM-2630 --out pack --format gp
has "report chart with D" pack/charts/POP_PM.gp '$obsD'
has "scorecard marks a rebuilt last value" pack/index.html '3,29% (2024) (tính lại)<span class="sub">Cách tính lại: bình quân của Province A (synthetic), Province B (synthetic) và Province C (synthetic) (chuyển về Province M = A + B + C (synthetic) từ 01/07/2025), trọng số Population (synthetic)</span>'
run "report in English" 0 C report --plan PM-2630 --out pack-en --format gp --lang en
has "scorecard in English" pack-en/index.html '(rebuilt)<span class="sub">How it was rebuilt: mean of Province A (synthetic), Province B (synthetic) and Province C (synthetic) (which went to Province M = A + B + C (synthetic) on 1 July 2025) weighted by Population (synthetic)</span>'
run "assess in words" 0 C assess --plan PM-2630
has "assess marks a rebuilt last value" out "3,29% (2024) (tính lại)"

# --- export --derived, and D rows refused when loaded back ---
run "export --derived" 0 C export --derived
has "derived row" out 'POP,PM,2022,3500,D,,"sum of PA, PB, PC (went to PM on 2025-07-01)"'
has "stored rows first" out "POP,PM,2024,3600,A"
grep -c ',D,' out | grep -qx 0 && bad "no D rows" || ok
cp out exported.csv
run "plain export has no D" 0 C export
grep -q ',D,' out && bad "plain export has D rows" || ok
run "D rows refused" 1 "$BIN" --db "$T/b.db" load "$FX/areas.csv" "$FX/indicators.csv" exported.csv
has "D refused with reason" err "exported.csv:$(grep -n ',D,' exported.csv | head -1 | cut -d: -f1): status: status D marks a value chitieu rebuilt or derived"

# --- refused inputs name file:line ---
printf 'from_area,to_area,date\nPE,PF,2026-01-01\nPF,PE,2027-01-01\n' >cycle.csv
run "cycle refused" 1 C load cycle.csv
has "cycle message" err "cycle.csv:2: to_area: successions go round in a circle: PE -> PF -> PE"
has "nothing stored" err "nothing was stored"
printf 'from_area,to_area,date,share\nPD,PF,2025-07-01,0.7\n' >full.csv
run "over-full refused" 1 C load full.csv
has "over-full message" err "full.csv:2: share: the parts of PD that go on 2025-07-01 add up to 1.1, more than the whole"
printf 'from_area,to_area,date,share\nPK,PM,2025-07-01,1.5\n' >share.csv
run "share refused" 1 C load share.csv
has "share message" err "share.csv:2: share: share 1.5 is outside (0, 1]"
printf 'code,name,unit,direction,aggregate\nX1,x,u,up,ratio:X2/POP\nX2,x,u,up,growth:X1\n' >rules.csv
run "rule cycle refused" 1 C load rules.csv
has "rule cycle message" err "aggregation rules go round in a circle"
run "successions kept" 0 C areas --format csv
chk "still 5 successions" out 'next(x for x in r if x["code"]=="PD")["to"] == "0.4 PE, 0.6 PF (2025-07-01)"'

# --- revert (issue 12) knows successions and the new catalogue columns ---
batch_of() { C batches --format csv | awk -F, -v f="$1" '$3 == f {print $1}' | tail -1; }
printf 'from_area,to_area,date\nK3,K2,2027-01-01\n' >more.csv
run "load a succession" 0 C load more.csv
run "revert it" 0 C revert "$(batch_of more.csv)"
has "succession withdrawn" out "1 succession withdrawn"
run "areas after revert" 0 C areas --parent PK --format csv
chk "no longer used" out 'next(x for x in r if x["code"]=="K2")["from"] == ""'
run "load it again" 0 C load more.csv
run "areas after reload" 0 C areas --parent PK --format csv
chk "revived" out 'next(x for x in r if x["code"]=="K2")["from"] == "K3 (2027-01-01)"'
printf 'code,name,level,parent,valid_from,valid_to,gso_code\nPM,Province M = A + B + C (synthetic),province,XC,2025-08-01,,91\n' >pm.csv
run "change a validity" 0 C load pm.csv
run "revert the change" 0 C revert "$(batch_of pm.csv)"
run "areas after the revert" 0 C areas --format csv
chk "validity set back" out 'next(x for x in r if x["code"]=="PM")["valid_from"] == "2025-07-01"'

# --- the REAL reorganisation of 2025 (datasets/vietnam-areas-2025/): catalogue in one load, then each release in
# order of publication, as `make demo` does; rebuilt values against sums of the release files by hand ---
RA=$(cd "$HERE/.." && pwd)/datasets/vietnam-areas-2025
DR=$T/real.db
R() { "$BIN" --db "$DR" "$@"; }
run "real catalogue" 0 R load "$RA"/*.csv
for f in $(ls "$RA"/releases/*.csv | awk -F/ '{ print $NF "\t" $0 }' | sort | cut -f2); do
    run "real release $(basename "$f")" 0 R load "$f"
done
python3 - "$RA"/releases/*.csv <<'EOF2' && ok || bad "a vietnam-areas-2025 figure without source or date read"
import csv, sys
sys.exit(any(not r["source"].strip() or "đọc" not in r["note"] for f in sys.argv[1:] for r in csv.DictReader(open(f, newline=""))))
EOF2
run "real HCM25 GRDP" 0 R series GRDP --area HCM25 --format csv
# HCM 1,780,000 (vtcnews 26/12/2024) + BD 520,205 + BRVT 417,306 (kynguyenmoi, 2024); 2021: 1,298,791 + 408,861 + 330,754 (homehere)
chk "HCM25 GRDP 2024 and 2021 = sums of the predecessors" out 'close(by(2024)["value"], 1780000 + 520205 + 417306) and by(2024)["status"] == "D" and close(by(2021)["value"], 1298791 + 408861 + 330754) and by(2025)["status"] == "E"'
has "HCM25 GRDP 2023 gap names Bình Dương only" err "GRDP, HCM25, 2023: no value: 1 of 3 areas that went to HCM25 have no figure: BD"
run "real VL25 GRDP" 0 R series GRDP --area VL25
has "VL25 GRDP 2023: Trà Vinh reported (83,375, thanhnien 19/01/2024), Bến Tre and Vĩnh Long not" err "GRDP, VL25, 2023: no value: 2 of 3 areas that went to VL25 have no figure: BT, VL"
run "real TV GRDP" 0 R series GRDP --area TV --format csv
chk "Trà Vinh GRDP 2023 and 2024 as published" out 'by(2023)["value"] == "83375" and by(2024)["value"] == "96623"'
run "real HCM25 GRDP_CONST" 0 R series GRDP_CONST --area HCM25
has "HCM25 GRDP_CONST 2024 gap: no 2010-price level of BD or BRVT" err "GRDP_CONST, HCM25, 2024: no value: 2 of 3 areas that went to HCM25 have no figure: BD, BRVT"
# both plans are assessed target by target on the merged units (their statuses follow the data: no rebuilt year of
# VL25, nor of HCM25 at 2010 prices, as of this dataset)
for plan in VL25-2025-2030 HCM25-2025-2030; do
    run "real assess $plan" 0 R assess --plan "$plan" --format csv
    chk "$plan: one row per target of the plan, on its merged area" out 'len(r) == sum(1 for l in open("'"$RA"'/targets.csv") if l.startswith("'"$plan"',")) and all(x["area"] in ("VL25", "HCM25") for x in r)'
done

e2e_finish e2e_areas
