#!/usr/bin/env bash
# tests/e2e_exports.sh — end-to-end tests of what goes out of a store and of undoing a load:
# batches and revert (export before a load == export after its revert; history shows the three
# revisions; reverting the revert applies the load again; refusals change nothing).
# Uses the SYNTHETIC fixtures in tests/fixtures/load/ and synthetic files written in a scratch directory.
# Run: CHITIEU_BIN=/abs/path/to/chitieu bash tests/e2e_exports.sh
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/e2e-lib.sh"
FX=$HERE/fixtures/load
cd "$T" || exit 1
DB=$T/x.db
C() { "$BIN" --db "$DB" "$@"; }
# field FILE ROW COLUMN: the value of COLUMN (a header name) in data row ROW (1-based) of CSV FILE.
field() { python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(r[int(sys.argv[2])-1][sys.argv[3]])' "$@"; }

# --- revert: the load of a department's corrections, undone ---
run "load catalogue and figures" 0 C load "$FX/areas.csv" "$FX/indicators.csv" "$FX/plans.csv" "$FX/targets.csv" \
    "$FX/observations.csv" "$FX/observations_semicolon.csv"
C export >before.csv
C missing --year 2022 --format csv >missing-before.csv
printf 'indicator,area,year,value,status,source\nGRDP_G,BD,2020,3.5,A,So KH-DT\nGRDP_G,BD,2022,4.1,P,So KH-DT\nPOOR,BD,2020,1.1,A,So LDTBXH\n' >fix.csv
run "load corrections" 0 C load --agency "So KH-DT" fix.csv
has "load corrections summary" out "1 new figure, 2 revised"
has "load corrections batch" out "batch 7 (chitieu revert 7 undoes this load)"
run "batches csv" 0 C batches --format csv
cp out batches.csv
check "batches: 7 batches, the last is fix.csv with 3 rows and 3 figures, agency recorded" \
  '[ "$(field batches.csv 7 id)" = 7 ] && [ "$(field batches.csv 7 file)" = fix.csv ] && [ "$(field batches.csv 7 rows)" = 3 ] && [ "$(field batches.csv 7 figures)" = 3 ] && [ "$(field batches.csv 7 agency)" = "So KH-DT" ] && [ "$(wc -l <batches.csv)" = 8 ]'
check "batches: the SHA-256 of the file" '[ "$(field batches.csv 7 sha256)" = "$(sha256sum fix.csv | cut -d" " -f1)" ]'
run "batches table" 0 C batches
has "batches table" out "fix.csv"
run "batches json" 0 C batches --format json
check "batches json parses" 'python3 -c "import json,sys; d=json.load(open(\"out\")); assert d[6][\"id\"]==7 and d[6][\"reverts\"] is None" '

run "revert dry run" 0 C revert --dry-run 7
has "revert dry run says" out "would revert batch 7 (dry run, nothing stored): 2 figures restored, 1 withdrawn (no earlier figure)"
C export >dry.csv
check "dry run changed nothing" 'cmp -s dry.csv <(C export) && ! cmp -s dry.csv before.csv'
run "revert" 0 C revert --reason "wrong file sent" 7
has "revert says" out "reverted batch 7 as batch 8: 2 figures restored, 1 withdrawn (no earlier figure)"
C export >after.csv
check "export after the revert == export before the load" 'cmp -s before.csv after.csv'
check "missing after the revert == before the load (2022 missing again)" 'cmp -s missing-before.csv <(C missing --year 2022 --format csv)'
run "history of the revised year" 0 C history GRDP_G --area BD --year 2020 --format csv
cp out h2020.csv
check "history: 3 revisions 3, 3.5, 3; the third by batch 8, restoring revision 1" \
  '[ "$(wc -l <h2020.csv)" = 4 ] && [ "$(field h2020.csv 1 value)" = 3 ] && [ "$(field h2020.csv 2 value)" = 3.5 ] && [ "$(field h2020.csv 3 value)" = 3 ] && [ "$(field h2020.csv 3 batch)" = 8 ] && [ "$(field h2020.csv 3 restores)" = 1 ] && [ "$(field h2020.csv 3 file)" = "revert of batch 7 (fix.csv)" ] && [ "$(field h2020.csv 3 source)" = synthetic ]'
run "history of the withdrawn year" 0 C history GRDP_G --area BD --year 2022 --format csv
cp out h2022.csv
check "history: the added figure and its withdrawal" \
  '[ "$(wc -l <h2022.csv)" = 3 ] && [ "$(field h2022.csv 1 withdrawn)" = 0 ] && [ "$(field h2022.csv 2 withdrawn)" = 1 ] && [ "$(field h2022.csv 2 value)" = 4.1 ]'
run "series without the withdrawn year" 0 C series GRDP_G --area BD --format csv
check "series ends in 2021" '[ "$(tail -1 out | cut -d, -f3)" = 2021 ]'
run "batches after revert" 0 C batches --format csv
cp out b2.csv
check "batch 7 reverted by 8; 8 reverts 7 with its reason" \
  '[ "$(field b2.csv 7 reverted_by)" = 8 ] && [ "$(field b2.csv 8 reverts)" = 7 ] && [ "$(field b2.csv 8 note)" = "wrong file sent" ] && [ "$(field b2.csv 8 kind)" = revert ]'
run "revert again refused" 1 C revert 7
has "revert again message" err "chitieu: revert: batch 7 (fix.csv) is already reverted, by batch 8; revert batch 8 to apply it again"
reason="Sở Kế hoạch và Đầu tư gửi lại: bản sửa ngày 12/3 là bản đúng, bản trước nhầm năm"  # synthetic, 80 characters
run "revert the revert" 0 C revert --reason "$reason" 8
run "batches table" 0 C batches
has "a short reason whole in the table" out "wrong file sent"
has "a long reason cut at a character in the table" out "Sở Kế hoạch và Đầu tư gửi lại: bản sửa …"
check "the table does not hold the whole long reason" '! grep -qF -- "$reason" out'
run "batches json" 0 C batches --format json
check "json holds the whole reason" "python3 -c 'import json,sys; assert json.load(open(\"out\"))[-1][\"note\"] == sys.argv[1]' \"\$reason\""
C export >reapplied.csv
check "reverting the revert applies the load again" 'grep -q "^GRDP_G,BD,2022,4.1,P,So KH-DT," reapplied.csv && grep -q "^GRDP_G,BD,2020,3.5,A,So KH-DT," reapplied.csv && grep -q "^POOR,BD,2020,1.1,A,So LDTBXH," reapplied.csv'

# --- revert: usage and refusals ---
run "revert without a batch" 2 C revert
has "revert without a batch" err "chitieu: revert: which batch? (chitieu batches lists them)"
run "revert a word" 2 C revert seven
has "revert a word" err "'seven' is not a batch id or range"
run "revert a backwards range" 2 C revert 9-3
# a load of two files prints its batches as a range that revert takes
printf 'indicator,area,year,value,status\nGRDP_G,BD,2030,9,E\n' >r1.csv
printf 'indicator,area,year,value,status\nPOOR,BD,2030,1,E\n' >r2.csv
C export >before-range.csv
run "load two files" 0 C load r1.csv r2.csv
range=$(sed -n 's/^batches \([0-9]*-[0-9]*\) (chitieu revert .* undoes this load)$/\1/p' out)
check "load names its batches ($range)" '[ -n "$range" ]'
run "revert the range" 0 C revert "$range"
check "the range reverted restores the export" 'cmp -s before-range.csv <(C export)'
printf 'indicator,area,year,value,status\nGRDP_G,BD,2031,9,E\n' >r3.csv
run "load one file" 0 C load r3.csv
has "load names its batch" out "(chitieu revert"
run "revert an unknown batch" 1 C revert 99
has "revert unknown" err "chitieu: revert: no batch 99 (chitieu batches lists them)"
run "revert on a missing store" 1 "$BIN" --db "$T/none.db" revert 1
check "revert on a missing store creates nothing" '[ ! -e "$T/none.db" ]'

# --- exports: xlsx, Open SDG, SDMX, --bom, --out ---
X=$T/e.db
CX() { "$BIN" --db "$X" "$@"; }
run "load for exports" 0 CX load "$FX/areas.csv" "$FX/indicators.csv" "$FX/plans.csv" "$FX/targets.csv" \
    "$FX/observations.csv" "$FX/observations_semicolon.csv"
# sheet CELLS.py: print every cell of the first sheet of an xlsx as "REF TYPE VALUE" (TYPE n for a number,
# s for text), read from the XML inside the zip, so the test sees what a spreadsheet will.
cat >sheet.py <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml"))
for c in root.iter("{%s}c" % ns["m"]):
    if c.get("t") == "inlineStr":
        print(c.get("r"), "s", "".join(t.text or "" for t in c.iter("{%s}t" % ns["m"])))
    elif c.get("t") is None and c.find("m:v", ns) is not None:
        print(c.get("r"), "n", c.find("m:v", ns).text)
    else:
        print(c.get("r"), "?", c.get("t"))
PY
run "export xlsx" 0 CX export --format xlsx --out obs.xlsx
has "export xlsx says" err "8 figures written to obs.xlsx"
python3 sheet.py obs.xlsx >cells.txt
check "xlsx header: indicator,name,area,year,value,unit,status,source,note" \
  '[ "$(head -9 cells.txt | cut -d" " -f3- | paste -sd,)" = "indicator,name,area,year,value,unit,status,source,note" ]'
# the values of the CSV export, in order, must be the numbers of column E (hand check: 8 figures;
# INCOME 2019 is 1234.5 from "1.234,5")
CX export | tail -n +2 | cut -d, -f4 >csv-values.txt
grep '^E[0-9]* ' cells.txt | tail -n +2 >xlsx-values.txt
check "xlsx values are numbers (type n), equal to the CSV export's" \
  '[ "$(cut -d" " -f2 xlsx-values.txt | sort -u)" = n ] && [ "$(cut -d" " -f3 xlsx-values.txt)" = "$(cat csv-values.txt)" ] && [ "$(wc -l <xlsx-values.txt)" = 8 ]'
check "xlsx years are numbers" '[ "$(grep "^D[0-9]* " cells.txt | tail -n +2 | cut -d" " -f2 | sort -u)" = n ]'
check "xlsx has INCOME 1234.5 in million VND with its name" \
  'grep -q "^E5 n 1234.5$" cells.txt && grep -q "^B5 s Income per capita$" cells.txt && grep -q "^F5 s million VND$" cells.txt'
check "xlsx: frozen header and autofilter over A1:I9" \
  'python3 -c "import zipfile,sys; x=zipfile.ZipFile(\"obs.xlsx\").read(\"xl/worksheets/sheet1.xml\").decode(); sys.exit(0 if \"state=\\\"frozen\\\"\" in x and \"<autoFilter ref=\\\"A1:I9\\\"/>\" in x else 1)"'
run "export xlsx without --out" 2 CX export --format xlsx
has "xlsx without --out" err "--format xlsx needs --out FILE"
run "export xlsx to a missing folder" 1 CX export --format xlsx --out "$T/no/such/obs.xlsx"
has "xlsx to a missing folder" err "chitieu: export: $T/no/such/obs.xlsx: cannot create the file"

run "assess xlsx" 0 CX assess --format xlsx --out assess.xlsx
python3 sheet.py assess.xlsx >acells.txt
check "assess xlsx: name and unit after the indicator; years and bounds as numbers" \
  '[ "$(grep "^[A-V]1 " acells.txt | cut -d" " -f3 | head -5 | paste -sd,)" = "plan,indicator,name,unit,area" ] && grep -q "^G2 n 2025$" acells.txt && grep -q "^D2 s %$" acells.txt'
run "compare xlsx" 0 CX compare GRDP_G --format xlsx --out cmp.xlsx
python3 sheet.py cmp.xlsx >ccells.txt
check "compare xlsx: a title naming indicator, unit and year, then the ranked table (hand: BD 2.5, 3 the year before, change -0.5)" \
  'grep -qx "A1 s GRDP_G — GRDP growth (%), 2021" ccells.txt && grep -qx "A3 n 1" ccells.txt && grep -qx "E3 n 2.5" ccells.txt && grep -qx "H3 n -0.5" ccells.txt'
run "areas xlsx" 0 CX areas --format xlsx --out areas.xlsx
run "compare --bom without csv" 2 CX compare GRDP_G --bom
run "indicators xlsx" 0 CX indicators --format xlsx --out ind.xlsx
python3 sheet.py ind.xlsx >icells.txt
check "indicators xlsx: bounds as numbers" 'grep -q "^E2 n " icells.txt'

# round trips through the readers: each export loaded into a store with the same catalogue gives the same
# figures -- xlsx all of each (source and note too), sdmx with its notes, opensdg the figures and statuses
CX export >all.csv
CX export --format opensdg --out back_opensdg.csv 2>/dev/null
CX export --format sdmx --out back_sdmx.csv 2>/dev/null
for f in obs.xlsx back_sdmx.csv back_opensdg.csv; do
    rm -f "$T/back.db"
    "$BIN" --db "$T/back.db" load "$FX/areas.csv" "$FX/indicators.csv" >/dev/null
    opts=(); [ "$f" = back_opensdg.csv ] && opts=(--map 'Series=indicator,GeoCode=area')
    run "load back $f" 0 "$BIN" --db "$T/back.db" load "${opts[@]}" "$f"
    has "load back $f: 8 figures, no warning" out "8 new figures, 0 revised, 0 unchanged"
    has "load back $f: no warning" out "; 0 warnings"
    "$BIN" --db "$T/back.db" export >"back-$f.csv"
done
check "xlsx export loads back as the same figures, sources and notes" 'cmp -s back-obs.xlsx.csv all.csv'
check "sdmx export loads back as the same figures and notes" 'cmp -s <(cut -d, -f1-5,7- back-back_sdmx.csv.csv) <(cut -d, -f1-5,7- all.csv)'
check "opensdg export loads back as the same figures" 'cmp -s <(cut -d, -f1-5 back-back_opensdg.csv.csv) <(cut -d, -f1-5 all.csv)'
run "export opensdg" 0 CX export --format opensdg --indicator POOR
printf 'Year,Series,Units,GeoCode,Observation status,Value\n2019,POOR,%%,BD,Normal value,1.5\n2020,POOR,%%,BD,Provisional value,1.2\n' >want
check "opensdg rows (hand-written)" 'cmp -s out want'
run "export sdmx" 0 CX export --format sdmx --area BD --indicator INCOME
printf 'DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,COMMENT_OBS\nCHITIEU:DF_CHITIEU(1.0),BD,INCOME,2019,1234.5,million VND,A,\nCHITIEU:DF_CHITIEU(1.0),BD,INCOME,2020,1300.25,million VND,A,\nCHITIEU:DF_CHITIEU(1.0),BD,INCOME,2021,140.5,million VND,P,\n' >want
check "sdmx rows (hand-written)" 'cmp -s out want'
run "export unknown indicator" 1 CX export --indicator NOPE
has "export unknown indicator" err "chitieu: export: unknown indicator 'NOPE'"
run "export unknown format" 2 CX export --format json
has "export unknown format" err "--format must be csv, xlsx, opensdg or sdmx"

run "export --bom --out" 0 CX export --bom --out bom.csv
check "--bom: EF BB BF then the header" '[ "$(head -c 3 bom.csv | od -An -tx1 | tr -d " ")" = efbbbf ] && [ "$(tail -c +4 bom.csv | head -1)" = "indicator,area,year,value,status,source,note" ]'
check "--bom file == export with the mark removed" 'cmp -s <(tail -c +4 bom.csv) <(CX export)'
run "load the --bom export back" 0 "$BIN" --db "$T/bom.db" load "$FX/areas.csv" "$FX/indicators.csv" bom.csv
check "the --bom export round-trips" 'cmp -s <("$BIN" --db "$T/bom.db" export) <(CX export)'
run "series --bom without csv" 2 CX series POOR --area BD --bom
has "--bom needs csv" err "--bom is for CSV output"
run "series --out csv" 0 CX series POOR --area BD --format csv --out s.csv
check "series --out wrote the file, nothing on stdout" '[ ! -s out ] && [ "$(head -1 s.csv)" = "indicator,area,year,value,status,provenance" ]'

# --- load warnings: a summary per indicator, --quiet, --warnings FILE ---
# INCOME/BD rises by 1 a year 1990-2020 with 5 spikes of +50 (1995, 2000, ...): 10 changes of +51/-49 against
# a median of +1 and MAD 0 (integers: robust SD 1/sqrt(6) = 0.41) -> 10 warnings; GRDP_G/BD the same with 2
# spikes of +40 -> 4; a column 'remark' no kind uses -> 1 warning about no indicator.  15 in all.
W=$T/w.db
python3 - >spikes.csv <<'PY'
print("indicator,area,year,value,remark")
for ind, spikes, jump in (("INCOME", (1995, 2000, 2005, 2010, 2015), 50), ("GRDP_G", (2000, 2010), 40)):
    for y in range(1990, 2021):
        print(f"{ind},BD,{y},{y - 1989 + (jump if y in spikes else 0)},x")
PY
run "load spikes (dry run)" 0 "$BIN" --db "$W" load --dry-run "$FX/areas.csv" "$FX/indicators.csv" spikes.csv
has "summary line counts 15" out "15 warnings"
has "summary per indicator: INCOME first" err "chitieu: load:   INCOME: 10 warnings, first spikes.csv:7: suspicious figure 56 for INCOME, BD, 1995"
has "summary per indicator: GRDP_G" err "chitieu: load:   GRDP_G: 4 warnings, first spikes.csv:43: suspicious figure 51 for GRDP_G, BD, 2000"
has "the unused column is told as it is" err "spikes.csv:1: warning: remark: column 'remark' is not part of an observations file; ignored"
check "no single suspicious-figure lines beyond the summary" '[ "$(grep -c "warning: value: suspicious" err)" = 0 ]'
run "load spikes --quiet --warnings" 0 "$BIN" --db "$W" load --dry-run --quiet --warnings warn.csv "$FX/areas.csv" "$FX/indicators.csv" spikes.csv
check "--quiet: no warning on the terminal" '! grep -q warning err'
has "--quiet still counts them" out "15 warnings"
check "--warnings: 15 rows, 10 about INCOME, 4 about GRDP_G, 1 about none" \
  'python3 -c "import csv; r=list(csv.DictReader(open(\"warn.csv\"))); import collections; c=collections.Counter(x[\"indicator\"] for x in r); assert len(r)==15 and c[\"INCOME\"]==10 and c[\"GRDP_G\"]==4 and c[\"\"]==1 and all(x[\"level\"]==\"warning\" for x in r), c"'
check "--warnings: the file and line of a figure" 'grep -qF "spikes.csv,7,value,warning,INCOME,\"suspicious figure 56 for INCOME, BD, 1995" warn.csv'
# a real series rounded to 2 decimals (UK CO2 per unit of GDP 1990-2021, tests/fixtures/exports/README.md): median
# change -0.01, MAD 0; no change is suspicious (15 warnings before the check knew rounding).  The same series
# with a slipped decimal in 2005 (0.35 typed 3.5) warns exactly twice: 2005 (up) and 2006 (back down).
UK=$HERE/fixtures/exports/uk-9-4-1-headline.csv
printf 'code,name,level\nUK,United Kingdom,country\n' >uk-areas.csv
printf 'code,name,unit,direction\nUK_CO2_GDP,CO2 emissions per unit of GDP,kt per GBP million,down\n' >uk-ind.csv
UKS=(--indicator UK_CO2_GDP --area UK --where 'Series=CO2 emissions per unit of GDP')
"$BIN" --db "$T/uk.db" load uk-areas.csv uk-ind.csv >/dev/null
run "UK CO2 loads" 0 "$BIN" --db "$T/uk.db" load --dry-run "${UKS[@]}" "$UK"
has "UK CO2: 32 figures, no warning" out "32 new figures"
has "UK CO2: no warning" out "; 0 warnings"
awk -F, 'NR > 1 && $1 == 2005 && $2 == "CO2 emissions per unit of GDP" { $7 = "3.5" } 1' OFS=, "$UK" >uk-slip.csv
run "UK CO2 with a slipped decimal" 0 "$BIN" --db "$T/uk.db" load --dry-run --warnings uk-w.csv "${UKS[@]}" uk-slip.csv
has "slipped decimal: two warnings" out "; 2 warnings"
check "the warnings name 2005 and 2006" 'grep -q "suspicious figure 3.5 for UK_CO2_GDP, UK, 2005" uk-w.csv && grep -q "for UK_CO2_GDP, UK, 2006: it changes by -3.16" uk-w.csv'
# an error load writes its errors to the file too (nothing stored)
printf 'indicator,area,year,value\nNOPE,BD,2020,1\n' >bad.csv
run "load with an error --warnings" 1 "$BIN" --db "$W" load --warnings werr.csv "$FX/areas.csv" "$FX/indicators.csv" bad.csv
check "--warnings holds the error" 'grep -q "^bad.csv,2,indicator,error,NOPE,\"\\?unknown indicator" werr.csv'
run "--warnings to a missing folder" 1 "$BIN" --db "$W" load --warnings "$T/no/w.csv" bad.csv
has "--warnings to a missing folder" err "chitieu: load: $T/no/w.csv: cannot write"

# --- templates: the forms departments fill ---
F=$T/f.db
CF() { "$BIN" --db "$F" "$@"; }
run "load for forms" 0 CF load "$FX/areas.csv" "$FX/indicators.csv" "$FX/plans.csv" "$FX/targets.csv" \
    "$FX/observations.csv" "$FX/observations_semicolon.csv"
run "template csv" 0 CF template --year 2022 --out form.csv
has "template says" out "form.csv: 3 rows for 2 agencies, year 2022"
check "template csv: POOR row with 2019-2021 for reference and an empty 2022 value" \
  'grep -qx "DOLISA,POOR,Poor households,BD,Binh Duong (synthetic),%,0,100,1.5,1.2,,2022,,,," form.csv'
# handed back untouched, it loads no figure: 3 missing, no error, no warning (the reference columns are known)
run "an untouched form loads" 0 CF load form.csv
has "untouched form: no figure, 3 missing, no warning" out "0 new figures, 0 revised, 0 unchanged, 3 missing"
has "untouched form: no warning" out "; 0 warnings"
run "an untouched xlsx form loads" 0 CF template --year 2022 --out form.xlsx
run "an untouched xlsx form loads (every sheet)" 0 CF load --all-sheets form.xlsx
has "untouched xlsx form: no figure, 3 missing" out "0 new figures, 0 revised, 0 unchanged, 3 missing"
has "untouched xlsx form: no warning" out "; 0 warnings"
# a department fills it: value (column 13) and status (14) of each row
awk -F, -v OFS=, 'NR == 1 { print; next } { $13 = NR * 1.5; $14 = "P"; print }' form.csv >filled.csv
run "a filled form loads" 0 CF load filled.csv
has "filled form: 3 new figures" out "3 new figures, 0 revised"
has "filled form: no warning" out "; 0 warnings"
run "its figures" 0 CF series POOR --area BD --format csv
has "POOR 2022 from the form" out "POOR,BD,2022,3,P"
run "template --forms state" 0 CF missing --year 2022 --forms --format csv
check "form recorded and complete for both agencies" \
  '[ "$(grep -c ",complete," out)" = 2 ] && grep -q "^DPI,2,2,complete," out'
mkdir forms
run "template per agency" 0 CF template --year 2023 --out forms
check "one xlsx per agency" '[ -f forms/DOLISA_2023.xlsx ] && [ -f forms/DPI_2023.xlsx ] && [ "$(ls forms | wc -l)" = 2 ]'
run "template per agency into a new folder (DIR/)" 0 CF template --year 2023 --out newforms/
check "DIR/ made, one xlsx per agency, no double slash" \
  '[ -f newforms/DOLISA_2023.xlsx ] && [ "$(ls newforms | wc -l)" = 2 ] && ! grep -q "//" out'
run "template DIR/ with an unknown plan" 1 CF template --year 2023 --plan NOPLAN --out typo-forms/
check "an unknown plan leaves no folder behind" '[ ! -e typo-forms ]'
run "template --out empty" 2 CF template --year 2023 --out ""
has "an empty --out is a usage error" err "--out : neither a folder nor FILE.xlsx or FILE.csv"
run "forms 2023 still empty" 0 CF missing --year 2023 --forms
has "forms 2023 empty" err "2 of 2 forms for 2023 still empty"
run "template one agency xlsx" 0 CF template --year 2023 --agency DPI --out dpi.xlsx
python3 sheet.py dpi.xlsx >tcells.txt
check "xlsx form: title, then the header in row 2, refs as numbers" \
  'grep -q "^A1 s Biểu báo cáo số liệu năm 2023 — DPI" tcells.txt && grep -q "^M2 s value$" tcells.txt && grep -q "^I3 n 3$" tcells.txt'
run "template unknown agency" 1 CF template --year 2023 --agency "Sở X" --out x.xlsx
has "template unknown agency" err "unknown lead agency 'Sở X' (closest: DPI"
run "missing: an agency mistyped" 1 CF missing --year 2023 --agency "DPl"
has "missing: the agency meant is named" err "chitieu: missing: unknown lead agency 'DPl' (closest: DPI"
run "template without --year" 2 CF template --out x.xlsx
run "template without --out" 2 CF template --year 2023
# rows of no lead agency: the same words in `missing`'s table as on the forms' sheet, English with --lang en;
# CSV leaves the agency empty
G=$T/g.db
CG() { "$BIN" --db "$G" "$@"; }
printf 'code,name,unit,direction,min,max,goal,agency\nORPHAN,No agency yet,%%,up,0,100,1,\n' >orphan-ind.csv
printf 'indicator,area,year,value,status,source,note\nORPHAN,BD,2021,5,A,synthetic,\n' >orphan-obs.csv
run "load an indicator of no agency" 0 CG load "$FX/areas.csv" orphan-ind.csv orphan-obs.csv
run "missing: no agency (vi)" 0 CG missing --year 2022
check "missing names the rows of no agency as the form does" 'grep -q "^(chưa giao cơ quan)  *ORPHAN  *BD  *2021" out && ! grep -q "(no agency)" out'
run "missing: no agency (en)" 0 CG missing --year 2022 --lang en
has "missing --lang en" out "(no agency)"
run "missing: no agency (csv)" 0 CG missing --year 2022 --format csv
has "missing csv: the agency empty" out ",ORPHAN,BD,2021,No agency yet"
run "missing --lang bad" 2 CG missing --year 2022 --lang fr
has "missing --lang bad said" err "chitieu: missing: bad --lang 'fr' (vi, en)"
run "template of no agency" 0 CG template --year 2022 --out orphan.xlsx
python3 sheet.py orphan.xlsx >ocells.txt
check "the form's title names the rows of no agency in the same words" 'grep -q "^A1 s Biểu báo cáo số liệu năm 2022 — (chưa giao cơ quan)" ocells.txt'
run "forms: no agency (vi)" 0 CG missing --year 2022 --forms
check "missing --forms names the form of no agency the same" 'grep -q "^(chưa giao cơ quan)  *1  *0  *empty" out'

e2e_finish e2e_exports
