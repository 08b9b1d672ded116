#!/usr/bin/env bash
# tests/e2e_data.sh — end-to-end tests of the data commands of the chitieu CLI:
# init, load, series, history, missing, export (and export -> load round trip),
# exit codes (0 ok, 1 data/runtime error, 2 usage error), "chitieu: " messages,
# --help of every command, --format csv|json parse, $CHITIEU_DB.
# Uses the SYNTHETIC fixtures in tests/fixtures/load/ and synthetic files it writes
# in a mktemp directory.  Run: CHITIEU_BIN=/abs/path/to/chitieu bash tests/e2e_data.sh
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/e2e-lib.sh"
FX=$HERE/fixtures/load
cd "$T" || exit 1
# errfmt NAME : every stderr line that is not a usage hint starts with "chitieu: ".
errfmt() {
    if [ ! -s err ]; then bad "$1: no message on stderr"; return; fi
    if grep -v -e '^chitieu: ' -e '^Try ' -e '^usage: ' -e '^$' -e '^  ' -e '^Monitor ' -e '^The store ' \
            -e '^commands:' -e '^Run ' err >/dev/null; then
        bad "$1: stderr line not starting with 'chitieu: ': $(grep -v '^chitieu: ' err | head -1)"
    else ok; fi
    head -1 err | grep -q '^chitieu: ' && ok || bad "$1: first stderr line does not start with 'chitieu: '"
}
json_ok() { if python3 -c 'import json,sys; json.load(sys.stdin)' <"$2" 2>/dev/null; then ok; else bad "$1: not JSON: $(head -c 200 "$2")"; fi; }
# csv_ok NAME FILE NFIELDS : parses as CSV, every record has NFIELDS fields.
csv_ok() {
    if python3 -c 'import csv,sys
rows=list(csv.reader(open(sys.argv[1], newline="")))
sys.exit(0 if rows and all(len(r)==int(sys.argv[2]) for r in rows) else 1)' "$2" "$3"; then ok
    else bad "$1: not CSV with $3 fields: $(head -c 200 "$2")"; fi
}

DB=$T/a.db
C() { "$BIN" --db "$DB" "$@"; }

# --- init ---
run "init" 0 C init
has "init output" out "0 indicators"
[ -f "$DB" ] && ok || bad "init created no $DB"
run "init again" 0 C init

# --- load (indicators given after observations: kind order) ---
run "load" 0 C load "$FX/observations.csv" "$FX/observations_semicolon.csv" "$FX/targets.csv" \
    "$FX/indicators.csv" "$FX/areas.csv" "$FX/plans.csv"
has "load summary" out "8 new figures, 0 revised, 0 unchanged"

# --- series ---
run "series table" 0 C series GRDP_G --area BD
has "series table" out "2.5"
run "series csv" 0 C series GRDP_G --area BD --format csv
csv_ok "series csv" out 6
printf 'indicator,area,year,value,status,provenance\nGRDP_G,BD,2019,8,A,\nGRDP_G,BD,2020,3,A,\nGRDP_G,BD,2021,2.5,A,\n' >want
cmp -s out want && ok || bad "series csv content: $(cat out)"
run "series --year" 0 C series GRDP_G --area BD --year 2020 --format csv
[ "$(wc -l <out)" -eq 3 ] && ok || bad "series --year 2020 should give 2 rows: $(cat out)"
run "series json" 0 C series INCOME --area BD --format json
json_ok "series json" out
python3 -c 'import json,sys; d=json.load(sys.stdin); assert [r["value"] for r in d]==[1234.5,1300.25,140.5], d' <out \
    && ok || bad "series json values (decimal comma + thousands dots): $(cat out)"
run "series unknown" 1 C series NOPE --area BD
errfmt "series unknown"; has "series unknown msg" err "unknown indicator 'NOPE'"

# --- revisions and history ---
printf 'indicator,area,year,value,status\nGRDP_G,BD,2020,3.5,A\n' >rev.csv   # synthetic revision
run "load revision" 0 C load rev.csv
has "load revision summary" out "0 new figures, 1 revised"
run "reload identical" 0 C load rev.csv
has "reload identical" out "0 new figures, 0 revised, 1 unchanged"
printf 'indicator,area,year,value,status,source\nGRDP_G,BD,2019,8,A,Niên giám thống kê 2020\n' >resrc.csv  # same value, new source
run "reload with a new source" 0 C load resrc.csv
has "re-sourced, not revised" out "0 new figures, 0 revised, 0 unchanged, 1 re-sourced (same value, new source or note)"
run "re-sourced history" 0 C history GRDP_G --area BD --year 2019 --format csv
python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); assert [(x["revision"],x["value"],x["source"]) for x in r]==[("1","8","synthetic"),("2","8","Niên giám thống kê 2020")], r' out \
    && ok || bad "re-sourced figure keeps both sources in its history: $(cat out)"
run "history csv" 0 C history GRDP_G --area BD --year 2020 --format csv
csv_ok "history csv" out 15
sha=$(sha256sum "$FX/observations.csv" | cut -d' ' -f1)
sharev=$(sha256sum rev.csv | cut -d' ' -f1)
cat >check.py <<'PY'
import csv, sys
rows = list(csv.DictReader(sys.stdin))
assert len(rows) == 2, rows
assert rows[0]["revision"] == "1" and rows[0]["value"] == "3" and rows[0]["sha256"] == sys.argv[1], rows[0]
assert rows[0]["file"].endswith("observations.csv") and rows[0]["line"] == "3", rows[0]
assert rows[1]["revision"] == "2" and rows[1]["value"] == "3.5" and rows[1]["sha256"] == sys.argv[2], rows[1]
PY
python3 check.py "$sha" "$sharev" <out && ok || bad "history content: $(cat out)"
run "history json" 0 C history GRDP_G --area BD --format json
json_ok "history json" out
run "series after revision" 0 C series GRDP_G --area BD --year 2020 --format csv
has "current = latest" out "GRDP_G,BD,2020,3.5,A"

# --- long free text (synthetic): cut in the terminal table at a whole character, whole in csv and json ---
long="Số liệu sơ bộ của Cục Thống kê, điều chỉnh theo kết quả Tổng điều tra kinh tế năm 2021 (bảng 3, trang 47)"
printf 'indicator,area,year,value,status,source,note\nGRDP_G,BD,2022,6.1,P,"%s","%s"\n' "$long" "$long" >long.csv
run "load long note" 0 C load long.csv
run "history long table" 0 C history GRDP_G --area BD --year 2022
cat >check3.py <<'PY'
import sys
text = open(sys.argv[1], "rb").read().decode("utf-8")  # a cut in the middle of a character fails here
long = sys.argv[2]
cut = long[:39] + "…"  # 40 characters, the last one the ellipsis
row = text.splitlines()[1]
assert row.count(cut) == 2, row  # source and note
assert long not in text, text
assert len(row) < 2 * len(long), (len(row), row)  # the whole text twice would be wider
PY
python3 check3.py out "$long" && ok || bad "history table cut: $(cat out)"
run "history long csv" 0 C history GRDP_G --area BD --year 2022 --format csv
python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); assert r[0]["note"]==r[0]["source"]==sys.argv[2], r' \
    out "$long" && ok || bad "history csv keeps the whole text: $(cat out)"
run "history long json" 0 C history GRDP_G --area BD --year 2022 --format json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r[0]["note"]==r[0]["source"]==sys.argv[2], r' \
    out "$long" && ok || bad "history json keeps the whole text: $(cat out)"
run "history help" 0 C history --help
has "history help says csv/json are whole" out "csv, json and xlsx give the whole text"

# --- missing ---
run "missing" 0 C missing --year 2021 --format csv
csv_ok "missing csv" out 5
has "missing POOR" out "POOR"
if grep -q '^DPI,GRDP_G' out; then bad "missing lists GRDP_G which has a 2021 figure"; else ok; fi
run "missing json" 0 C missing --year 2021 --format json
json_ok "missing json" out
run "missing no year" 2 C missing
errfmt "missing no year"

# --- indicators ---
run "indicators json" 0 C indicators --format json
json_ok "indicators json" out
run "indicators csv" 0 C indicators --format csv
csv_ok "indicators csv" out 12
run "bad format" 2 C indicators --format xml
errfmt "bad format"

# --- export -> load round trip into a fresh store: identical export ---
run "export" 0 C export
cp out export1.csv
has "export revised value" export1.csv "GRDP_G,BD,2020,3.5,A"
DB2=$T/b.db
run "init b" 0 "$BIN" --db "$DB2" init
run "load export into b" 0 "$BIN" --db "$DB2" load "$FX/areas.csv" "$FX/indicators.csv" export1.csv
run "export b" 0 "$BIN" --db "$DB2" export
cmp -s out export1.csv && ok || bad "round trip export differs: $(diff export1.csv out | head -5)"

# the same with awkward text and values (synthetic): separators, quotes, newlines, formula starts, precision
printf 'indicator,area,year,value,status,source,note\nINCOME,BD,2015,1234567.891234,A,"src, with comma","say ""hi""\nsecond line"\nINCOME,BD,2016,0.30000000000000004,P,-minus,=SUM(A1)\nINCOME,BD,2017,123456789012.5,A,@at,+plus\nINCOME,BD,2018,1e-7,A,,\nINCOME,BD,2099,5,E,,\n' >weird.csv
DB3=$T/c.db DB4=$T/d.db
run "init c" 0 "$BIN" --db "$DB3" init
run "load weird" 0 "$BIN" --db "$DB3" load "$FX/areas.csv" "$FX/indicators.csv" weird.csv
run "export c" 0 "$BIN" --db "$DB3" export
cp out export3.csv
has "export guards a formula" export3.csv "'=SUM(A1)"
run "init d" 0 "$BIN" --db "$DB4" init
run "load export c into d" 0 "$BIN" --db "$DB4" load "$FX/areas.csv" "$FX/indicators.csv" export3.csv
run "export d" 0 "$BIN" --db "$DB4" export
cmp -s out export3.csv && ok || bad "awkward round trip export differs: $(diff export3.csv out | head -5)"
run "history d json" 0 "$BIN" --db "$DB4" history INCOME --area BD --format json
cat >check2.py <<'PY'
import json, sys
d = {r["year"]: r for r in json.load(sys.stdin)}
assert d[2015]["value"] == 1234567.891234 and d[2015]["note"] == 'say "hi"\nsecond line', d[2015]
assert d[2015]["source"] == "src, with comma", d[2015]
assert d[2016]["value"] == 0.30000000000000004 and d[2016]["note"] == "=SUM(A1)" and d[2016]["source"] == "-minus", d[2016]
assert d[2017]["value"] == 123456789012.5 and d[2017]["note"] == "+plus", d[2017]
assert d[2018]["value"] == 1e-7 and d[2099]["status"] == "E", d
PY
python3 check2.py <out && ok || bad "awkward values/texts after round trip: $(cat out)"

# --- data errors: exit 1, nothing stored ---
"$BIN" --db "$DB" export >before.csv 2>/dev/null
printf 'indicator,area,year,value,status\nGRDP_G,BD,2022,9,A\n' >good.csv
printf 'indicator,area,year,value,status\nGDP,BD,2019,1,A\nPOOR,BD,2019,abc,A\n' >bad.csv
run "load bad" 1 C load good.csv bad.csv
errfmt "load bad"
has "load bad line" err "bad.csv:2: indicator: unknown indicator 'GDP'"
has "load bad value" err "bad.csv:3: value: 'abc' is not a number"
has "load bad summary" err "nothing was stored"
"$BIN" --db "$DB" export >after.csv 2>/dev/null
cmp -s before.csv after.csv && ok || bad "failed load changed the store"
run "dry run" 0 C load --dry-run good.csv
"$BIN" --db "$DB" export >after.csv 2>/dev/null
cmp -s before.csv after.csv && ok || bad "dry run changed the store"
run "missing file" 1 C load "$T/nope.csv"
errfmt "missing file"; has "missing file msg" err "nope.csv"
printf 'not a database\n%.0s' $(seq 1 300) >junk.db
run "not a db" 1 "$BIN" --db junk.db series GRDP_G --area BD
errfmt "not a db"; has "not a db msg" err "not a chitieu database"

# --- standard input and pipes: '-', /dev/stdin, process substitution (read once, spooled) ---
mkdir -p "$T/tmp"
SD=$T/stdin.db
printf 'indicator,area,year,value,status\nGRDP_G,BD,1995,7.25,P\n' >in1.csv
run "stdin init" 0 "$BIN" --db "$SD" load "$FX/areas.csv" "$FX/indicators.csv"
cat in1.csv | TMPDIR=$T/tmp "$BIN" --db "$SD" load - >out 2>err
[ $? -eq 0 ] && ok || bad "load - from a pipe: $(head -c 300 err)"
run "stdin series" 0 "$BIN" --db "$SD" series GRDP_G --area BD --format csv
has "stdin figure stored" out "GRDP_G,BD,1995,7.25,P"
run "stdin history" 0 "$BIN" --db "$SD" history GRDP_G --area BD --format csv
has "stdin batch named <stdin>" out "<stdin>"
has "stdin batch SHA-256 = sha256sum of the piped bytes" out "$(sha256sum <in1.csv | cut -d' ' -f1)"
[ -z "$(ls -A "$T/tmp")" ] && ok || bad "load - left a spool file: $(ls "$T/tmp")"
printf 'indicator,area,year,value,status\nGRDP_G,BD,1996,6.5,P\n' | "$BIN" --db "$SD" load /dev/stdin >out 2>err
[ $? -eq 0 ] && ok || bad "load /dev/stdin from a pipe: $(head -c 300 err)"
run "load <(...)" 0 "$BIN" --db "$SD" load <(printf 'indicator,area,year,value,status\nGRDP_G,BD,1997,6,P\n')
run "stdin series 2" 0 "$BIN" --db "$SD" series GRDP_G --area BD --format csv
has "/dev/stdin figure stored" out "GRDP_G,BD,1996,6.5,P"
has "process substitution figure stored" out "GRDP_G,BD,1997,6,P"
printf 'indicator,area,year,value,status\nGRDP_G,BD,1998,6,P\nGRDP_G,BD,1999,zz,P\n' | TMPDIR=$T/tmp "$BIN" --db "$SD" load - >out 2>err
[ $? -eq 1 ] && ok || bad "bad row on stdin: expected exit 1"
has "stdin error names <stdin>:line" err "chitieu: load: <stdin>:3: value: 'zz' is not a number"
[ -z "$(ls -A "$T/tmp")" ] && ok || bad "failed load - left a spool file"
run "stdin nothing stored" 0 "$BIN" --db "$SD" series GRDP_G --area BD --format csv
grep -q ',1998,' out && bad "a failed stdin load stored a row" || ok
run "stdin twice" 1 "$BIN" --db "$SD" load - - </dev/null
has "stdin twice msg" err "standard input ('-') is named twice"
run "stdin empty" 1 "$BIN" --db "$SD" load - </dev/null
has "stdin empty msg" err "<stdin>: empty file (no header)"

# --- narrowing bounds below stored figures: error on the catalogue row, nothing stored ---
printf 'code,name,unit,direction,min,max\nGRDP_G,GRDP growth,%%,up,-50,7\n' >narrow.csv
run "narrow bounds" 1 "$BIN" --db "$SD" load narrow.csv
has "narrow bounds msg" err "chitieu: load: narrow.csv:2: max: the new bounds of GRDP_G (-50 to 7) exclude its stored figure 7.25 for BD, 1995 (<stdin>:2)"

# --- usage errors: exit 2 ---
run "unknown option" 2 C load --bogus x.csv
errfmt "unknown option"
run "missing argument" 2 C series GRDP_G --area
errfmt "missing argument"
run "missing indicator" 2 C series
errfmt "missing indicator"
run "unknown command" 2 C frobnicate
errfmt "unknown command"; has "unknown command msg" err "chitieu: frobnicate: unknown command"
run "no command" 2 C
has "no command msg" err "chitieu: no command (see chitieu --help)"
run "--db without value" 2 "$BIN" --db
has "--db without value msg" err "chitieu: --db: needs a value"
run "load no files" 2 C load
errfmt "load no files"

# --- --help of every command listed by chitieu --help ---
run "top help" 0 "$BIN" --help
has "top help usage" out "usage: chitieu"
cmds=$(awk '/^commands:/{f=1;next} f&&/^  [a-z]/{print $1}' out)
[ -n "$cmds" ] && ok || bad "no command list in chitieu --help"
for c in $cmds; do
    "$BIN" "$c" --help >out 2>err
    rc=$?
    [ $rc -eq 0 ] && ok || bad "$c --help: exit $rc"
    grep -q "usage: chitieu" out && ok || bad "$c --help: no usage on stdout"
done

# --- reading a store that does not exist ---
# Only init and load create a store; every reading command refuses a missing one and leaves no file.
for c in "export" "series GRDP_G --area BD" "history GRDP_G --area BD" "missing --year 2020" "indicators" \
         "assess" "project GRDP_G --area BD --to 2025" "chart GRDP_G --area BD --out $T/c" "report --out $T/pack"; do
    name=${c%% *}
    run "$name on a missing store" 1 "$BIN" --db "$T/typo.db" $c
    has "$name on a missing store msg" err "chitieu: $name: $T/typo.db: no such store (run chitieu init)"
    [ ! -e "$T/typo.db" ] && ok || { bad "$name on a missing store created it"; rm -f "$T/typo.db"; }
done
run "load creates a store" 0 "$BIN" --db "$T/new.db" load "$FX/areas.csv"
[ -f "$T/new.db" ] && ok || bad "load created no store"

# --- $CHITIEU_DB ---
export CHITIEU_DB=$T/env.db
run "env init" 0 "$BIN" init
[ -f "$T/env.db" ] && ok || bad "\$CHITIEU_DB not honoured by init"
run "env load" 0 "$BIN" load "$FX/areas.csv" "$FX/indicators.csv" "$FX/observations.csv"
run "env series" 0 "$BIN" series POOR --area BD --format csv
has "env series" out "POOR,BD,2020,1.2,P"
run "--db wins over env" 0 "$BIN" --db "$DB" series GRDP_G --area BD --year 2020 --format csv
has "--db wins" out "GRDP_G,BD,2020,3.5,A"
unset CHITIEU_DB

# --- an empty answer says so on stderr (was: a header alone, nothing said) ---
run "series: an area without figures" 0 C series GRDP_G --area VN
has "series: empty said" err "chitieu: series: no figure for GRDP_G in VN ('chitieu compare GRDP_G' lists the areas with figures)"
[ "$(wc -l <out)" = 1 ] && ok || bad "series: an empty answer is not the header alone: $(cat out)"
run "series: before the first year" 0 C series GRDP_G --area BD --year 1950 --format csv
has "series: empty up to a year" err "chitieu: series: no figure for GRDP_G in BD up to 1950"
run "history: a year without figures" 0 C history GRDP_G --area BD --year 1950
has "history: empty said" err "chitieu: history: no revision for GRDP_G in BD in 1950"
run "series: figures say nothing more" 0 C series GRDP_G --area BD
[ ! -s err ] && ok || bad "series with figures wrote to stderr: $(cat err)"

# --- a department's table typed without Vietnamese accents: the error names the catalogue's code ---
V() { "$BIN" --db "$T/vi.db" "$@"; }
printf 'code,name,level\nBD,Bình Dương,province\nDN,Đồng Nai,province\n' >vi-areas.csv
printf 'code,name,unit,direction\nBEDS,Số giường bệnh trên 1 vạn dân,giường,up\n' >vi-ind.csv
run "accents: catalogue" 0 V load vi-areas.csv vi-ind.csv
printf 'Mã chỉ tiêu,Mã địa bàn,2023,2024\nBEDS,Binh Duong,28,29\nBEDS,TINH DONG NAI,20,21\nSo giuong benh tren 1 van dan,BD,28,29\nBEDS,Binh Phuoc,1,2\n' >vi-obs.csv
run "accents: names typed without them" 1 V load vi-obs.csv
has "accents: area" err "vi-obs.csv:2: Mã địa bàn: unknown area 'Binh Duong': the catalogue's code for it is BD (write the code, or load with --recode 'Binh Duong=BD')"
has "accents: area with Tỉnh, in capitals" err "vi-obs.csv:3: Mã địa bàn: unknown area 'TINH DONG NAI': the catalogue's code for it is DN"
has "accents: indicator" err "vi-obs.csv:4: Mã chỉ tiêu: unknown indicator 'So giuong benh tren 1 van dan': that is the name of BEDS"
has "accents: an area the catalogue lacks is not given one" err "vi-obs.csv:5: Mã địa bàn: unknown area 'Binh Phuoc' (define it"
head -3 vi-obs.csv >vi-obs2.csv
run "accents: the --recode the message gives loads" 0 V load --recode 'Binh Duong=BD,TINH DONG NAI=DN' vi-obs2.csv
has "accents: loaded" out "4 new figures"

# --- a department's table sent again with last year's estimate, after the official figure came on the form ---
printf 'Mã chỉ tiêu,Mã địa bàn,2023,Ước 2024\nBEDS,BD,28,29\n' >vi-est.csv
printf 'indicator,area,year,value,status\nBEDS,BD,2024,30,A\n' >vi-form.csv
run "estimate again: first the estimate" 0 V load vi-est.csv
run "estimate again: then the official figure" 0 V load vi-form.csv
has "estimate again: the official figure in batch 5" out "batch 5 (chitieu revert 5 undoes this load)"
run "estimate again: a dry run" 0 V load --dry-run vi-est.csv
grep -q "is followed by an estimate 29; an earlier file sent again? Both stay in the history$" err && ok ||
    bad "estimate again: a dry run named a batch to revert (it stores none): $(cat err)"
run "estimate again: the old table sent again" 0 V load vi-est.csv
has "estimate again: said, with the batch and the revert" err "chitieu: load: vi-est.csv:2: warning: Ước 2024: BEDS, BD, 2024: the official figure 30 (batch 5) is followed by an estimate 29; an earlier file sent again? Both stay in the history; 'chitieu revert 6' undoes this file's load"
has "estimate again: counted" out "0 new figures, 1 revised, 1 unchanged"
run "estimate again: a revised official figure is no news" 0 V load vi-form.csv
[ ! -s err ] && ok || bad "an official figure after an estimate warned: $(cat err)"

e2e_finish e2e_data
