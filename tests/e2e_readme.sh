#!/usr/bin/env bash
# tests/e2e_readme.sh — what a new user meets: the usage contract of every command (usage errors exit 2
# with "chitieu: COMMAND: message" on stderr and nothing on stdout, runtime errors exit 1), and the
# commands README.md shows, run as written (the blocks marked <!-- e2e_readme -->), so the README stays true.
# Runs from the repository alone (datasets/, tests/fixtures/).
cd "$(dirname "$0")/.." || exit 1
REPO=$PWD
. tests/e2e-lib.sh
cd "$T" || exit 1

# usage NAME CMD...: exit 2, nothing on stdout, every stderr line "chitieu: " or "Try 'chitieu ...".
usage() {
    local name=$1
    shift
    run "$name" 2 "$BIN" "$@"
    [ -s out ] && bad "$name: usage error wrote to stdout: $(head -c 200 out)"
    [ -s err ] || bad "$name: no message"
    if grep -v -e '^chitieu: ' -e "^Try 'chitieu" err >/dev/null; then bad "$name: stray stderr line: $(head -c 200 err)"; fi
    return 0
}

# --- the top level ---
run "no command" 2 "$BIN"; has "no command msg" err "chitieu: no command"; has "no command lists" err "commands:"
usage "unknown command" frobnicate; has "unknown command msg" err "chitieu: frobnicate: unknown command"
usage "typo command" asses; has "typo command msg" err "chitieu: asses: unknown command (closest: assess)"
usage "unknown global option" --bogus init; has "unknown global option msg" err "chitieu: --bogus: unknown option"
usage "--db without value" --db; has "--db msg" err "chitieu: --db: needs a value"
usage "--db after the command" load --db x.db a.csv
has "--db after msg" err "chitieu: load: --db goes before the command: chitieu --db FILE load ..."
[ ! -e x.db ] && ok || bad "--db after the command created the store"

# --- every command: an unknown option, and an option of another command, are unknown (exit 2) ---
cmds=$("$BIN" --help | awk '/^commands:/{f=1;next} f&&/^  [a-z]/{print $1}')
[ "$(echo "$cmds" | wc -w)" -eq 17 ] && ok || bad "chitieu --help lists $(echo "$cmds" | wc -w) commands, not 17"
for c in $cmds; do
    usage "$c --bogus" "$c" --bogus
    has "$c --bogus msg" err "chitieu: $c: unknown option '--bogus'"
    has "$c --bogus try" err "Try 'chitieu $c --help'."
done
# an option the command does not take is unknown, not "needs a value" (was: "init: option '--format' needs a value")
for c in init revert; do
    for o in --format --year --out; do
        usage "$c $o" "$c" "$o"
        has "$c $o msg" err "chitieu: $c: unknown option '$o'"
    done
done
usage "batches --year" batches --year; has "batches --year msg" err "chitieu: batches: unknown option '--year'"
usage "load --out" load --out x.csv; has "load --out msg" err "chitieu: load: unknown option '--out'"

# --- the indicator argument: one wording everywhere (chart and project said 'give exactly one indicator') ---
for c in series history chart project compare; do
    usage "$c without an indicator" "$c"
    has "$c without an indicator msg" err "chitieu: $c: which indicator? (chitieu indicators lists them)"
    usage "$c with two" "$c" X Y
    has "$c with two msg" err "chitieu: $c: unexpected argument 'Y'"
done

# --- a bad --year names what is wrong, in one wording everywhere ---
for c in areas series history missing template assess project chart report compare; do
    usage "$c --year abc" "$c" --year abc
    has "$c --year abc msg" err "chitieu: $c: --year: 'abc' is not a year"
    usage "$c --year" "$c" --year
    has "$c --year msg" err "chitieu: $c: option '--year' needs a value"
done
usage "compare --year 3000" compare GRDP --year 3000
has "compare --year 3000 msg" err "--year: year 3000 is out of range 1900-2100"
usage "project --to" project X --area VN --to 30; has "project --to msg" err "chitieu: project: --to: year 30 is out of range"
usage "chart --since" chart X --since abc; has "chart --since msg" err "chitieu: chart: --since: 'abc' is not a year"

# --- a bad --format names the choices ---
for c in indicators areas series history missing batches assess project compare; do
    usage "$c --format nope" "$c" --format nope
    has "$c --format nope msg" err "chitieu: $c: --format must be table, csv, json or xlsx"
done
usage "assess --on-track" assess --on-track 2
has "assess --on-track msg" err "chitieu: assess: --on-track: '2' is not a probability from 0 to 1"

# --- missing arguments ---
usage "load nothing" load; has "load nothing msg" err "chitieu: load: no input file"
usage "series no area" series GRDP; has "series no area msg" err "chitieu: series: --area is required"
usage "history no area" history GRDP; has "history no area msg" err "chitieu: history: --area is required"
usage "project no --to" project GRDP --area VN; has "project no --to msg" err "chitieu: project: --to is required"
usage "missing no year" missing; has "missing no year msg" err "chitieu: missing: --year is required"
usage "template no out" template --year 2025; has "template no out msg" err "chitieu: template: --out is required"
usage "report no out" report; has "report no out msg" err "chitieu: report: --out DIR is required"
usage "revert nothing" revert; has "revert nothing msg" err "chitieu: revert: which batch?"
usage "forecast no horizon" forecast; has "forecast no horizon msg" err "chitieu: forecast: --horizon H is required"
usage "export xlsx no out" export --format xlsx; has "export xlsx msg" err "needs --out FILE"
mkdir -p folder
usage "load a folder" --db f.db load folder
has "load a folder msg" err "chitieu: load: folder: a folder, not a file: name its files (folder/*.xlsx, folder/*.csv)"
[ ! -e f.db ] && ok || bad "load of a folder created the store"
usage "template --out without extension" --db nostore.db template --year 2025 --out newforms
has "template --out msg" err "chitieu: template: --out newforms: neither a folder nor FILE.xlsx or FILE.csv (a new folder: newforms/; one workbook: newforms.xlsx)"
[ ! -e newforms ] && ok || bad "template --out newforms wrote a file without an extension"
usage "init extra" init extra; has "init extra msg" err "chitieu: init: unexpected argument 'extra'"

# --- runtime errors exit 1 with the context ---
for c in "indicators" "series X --area VN" "assess" "batches" "export"; do
    # shellcheck disable=SC2086
    run "no store: $c" 1 "$BIN" --db nostore.db $c
    has "no store: $c msg" err "nostore.db: no such store (run chitieu init)"
done
[ ! -e nostore.db ] && ok || bad "a command other than init/load created the store"
run "init" 0 "$BIN" --db s.db init
printf 'code,name,unit,direction\nPOV,Poverty rate,%%,down\n' >ind.csv
printf 'code,name,level\nVN,Viet Nam,country\n' >areas.csv
run "load catalogue" 0 "$BIN" --db s.db load ind.csv areas.csv
run "compare unknown" 1 "$BIN" --db s.db compare PVO
has "compare unknown msg" err "chitieu: compare: unknown indicator 'PVO' (closest: POV)"
run "compare unknown parent" 1 "$BIN" --db s.db compare POV --parent VNM
has "compare unknown parent msg" err "chitieu: compare: unknown area 'VNM' (closest: VN)"
run "export unknown indicator" 1 "$BIN" --db s.db export --indicator PVO
has "export unknown indicator msg" err "chitieu: export: unknown indicator 'PVO' (closest: POV)"
run "export unknown area" 1 "$BIN" --db s.db export --area VNM
has "export unknown area msg" err "chitieu: export: unknown area 'VNM' (closest: VN)"
run "revert no batch" 1 "$BIN" --db s.db revert 99
has "revert no batch msg" err "chitieu: revert: no batch 99"

# --- every repository file or folder the README names exists (a program under bench/ as its source) ---
while read -r p; do
    found=0
    # shellcheck disable=SC2086
    for q in "$REPO"/$p "$REPO"/$p.c; do [ -e "$q" ] && found=1; done
    [ $found = 1 ] && ok || bad "README names $p, which is not in the repository"
done < <(grep -o '`[A-Za-z0-9_./-]*/[A-Za-z0-9_.*/-]*`' "$REPO/README.md" | tr -d '`' | sort -u |
         grep -E '^(engine|include|docs|bench|tests|datasets|plots|fuzz)/')

# --- the README's command blocks, run as written ---
# block NAME: the lines of the ```sh block after "<!-- e2e_readme: NAME -->" in README.md.
block() {
    awk -v m="<!-- e2e_readme: $1 -->" '$0 == m {f = 1; next} f && /^```sh/ {g = 1; next} g && /^```/ {exit} g' \
        "$REPO/README.md"
}
# run_block NAME LOG: each line in turn, in this shell (an export carries on), must exit 0 (1 when its comment
# says "(exit 1)"); its stdout and
# stderr appended to LOG.out and LOG.err, and the last line's in LOG.o and LOG.e.  A line that reverts a batch
# must name the one the load before it printed.  bench/ lines are skipped (they need Chromium).
run_block() {
    local line n=0 last_batch="" rc want
    : >"$2.out"
    : >"$2.err"
    while IFS= read -r line; do
        case $line in ''|'#'*|bench/*) continue ;; esac
        n=$((n + 1))
        if [[ $line =~ ^\./chitieu\ revert\ .*\ ([0-9]+)\ *(#.*)?$ ]] && [ -n "$last_batch" ] &&
            [ "${BASH_REMATCH[1]}" != "$last_batch" ]; then
            bad "README $1 line $n reverts batch ${BASH_REMATCH[1]}, but the load before printed batch $last_batch"
        fi
        want=0
        case $line in *'#'*'(exit 1)'*) want=1 ;; esac
        eval "$line" </dev/null >"$2.o" 2>"$2.e"
        rc=$?
        if [ $rc -eq $want ]; then ok; else bad "README $1 line $n exits $rc, not $want: $line: $(head -c 300 "$2.e")"; fi
        local b
        b=$(sed -n 's/^batch \([0-9]*\) (chitieu revert .*/\1/p' "$2.o" | tail -1)
        [ -n "$b" ] && last_batch=$b
        cat "$2.o" >>"$2.out"
        cat "$2.e" >>"$2.err"
    done < <(block "$1")
    [ $n -gt 5 ] && ok || bad "README block $1: only $n commands found"
}
# see LOG TEXT: the output of a block (stdout or stderr) has TEXT.
see() { if grep -qF -- "$2" "$1.out" "$1.err"; then ok; else bad "README output: '$2' not printed"; fi; }

mkdir cycle tour
for d in cycle tour; do
    ln -s "$REPO/datasets" "$d/datasets"
    mkdir "$d/tests" && ln -s "$REPO/tests/fixtures" "$d/tests/fixtures"
    ln -s "$BIN" "$d/chitieu"
done

# The yearly cycle (README "The yearly cycle, step by step"), and what the README says it prints.
cd cycle && run_block cycle ../cycle
cd "$T" || exit 1
L=cycle
see $L "loaded 20 files, 2092 rows: 1571 new figures"
see $L "batches 1-20 (chitieu revert 1-20 undoes this load)"
see $L "batch 44 (chitieu revert 44 undoes this load)"
see $L "chitieu: missing: 67 indicator/area pairs without a figure for 2024, written to missing-2024.csv"
[ "$(tail -n +2 cycle/missing-2024.csv | grep -vc ',BD,')" = 0 ] && ok || bad "missing --plan BD-2021-2025 lists other areas"
(cd cycle && CHITIEU_DB=binhduong.db "$BIN" missing --year 2024 --format csv) >all.csv
(cd cycle && CHITIEU_DB=binhduong.db "$BIN" missing --year 2024 --plan BD-2021-2025 --format csv) >bd.csv
[ "$(grep -vc ',BD,' all.csv)" -gt 1 ] && [ "$(grep -c ',BD,' bd.csv)" -le "$(grep -c ',BD,' all.csv)" ] && ok ||
    bad "missing without --plan does not list every plan's pairs"
(cd cycle && CHITIEU_DB=binhduong.db "$BIN" missing --year 2024 --agency "Sở Y tế" --plan BD-2021-2025 --format csv) >yte.csv
[ "$(tail -n +2 yte.csv | cut -d, -f1 | sort -u)" = "Sở Y tế" ] && ok || bad "missing --agency lists other agencies: $(cat yte.csv)"
[ "$(tail -n +2 yte.csv | wc -l)" = 7 ] && ok || bad "missing --agency 'Sở Y tế': not its 7 rows (its form came back empty)"
run "missing unknown plan" 1 env CHITIEU_DB=cycle/binhduong.db "$BIN" missing --year 2024 --plan BD-2021-2052
has "missing unknown plan msg" err "chitieu: missing: unknown plan 'BD-2021-2052' (closest: BD-2021-2025"
run "template unknown plan" 1 env CHITIEU_DB=cycle/binhduong.db "$BIN" template --year 2024 --plan BD-2021-2052 --out t.xlsx
has "template unknown plan msg" err "chitieu: template: unknown plan 'BD-2021-2052' (closest: BD-2021-2025"
usage "missing --forms --plan" missing --year 2024 --forms --plan BD-2021-2025
has "missing --forms --plan msg" err "chitieu: missing: --forms lists every form; --agency and --plan go without it"
head -1 cycle/missing-2024.csv | grep -qx 'agency,indicator,area,last_year,name' && ok || bad "missing-2024.csv header"
see $L "forms/Cục-Thống-kê_2024.xlsx: 6 rows for 1 agency, year 2024"
[ "$(ls cycle/forms | wc -l)" -eq 19 ] && ok || bad "cycle: $(ls cycle/forms | wc -l) forms, README says 19"
see $L "loaded 1 file, 7 rows: 0 new figures, 0 revised, 0 unchanged, 7 missing (marked or empty)"
see $L "wb_gdp_growth_excerpt.csv:8: Country Code: unknown area 'VNM' (define it in an areas file, give the catalogue's code with --recode, or load one area's rows with --area)"
see $L "chitieu: load: 8 errors, 0 warnings in 1 file; nothing was stored"
see $L "13 new figures, 2 revised"
see $L "batch 46 (chitieu revert 46 undoes this load)"
see $L "0 new figures, 2 revised"
see $L "batch 47 (chitieu revert 47 undoes this load)"
grep -E '^Cục Thống kê +6 +6 +complete' cycle.out >/dev/null && ok || bad "cycle: Cục Thống kê's form not 6 6 complete"
grep -E '^Sở Y tế +7 +0 +empty' cycle.out >/dev/null && ok || bad "cycle: Sở Y tế's form not 7 0 empty"
see $L "chitieu: missing: 15 of 19 forms for 2024 still empty"
grep -E '^Tốc độ tăng trưởng GRDP +Bình Dương +bình quân 2021–2025 tăng ≥ 8,5%/năm +7,48% \(2024\) +bình quân 2021–2025 \(dự báo\): 5,92%/năm +dưới 1% +Chệch hướng' \
    cycle.out >/dev/null && ok || bad "cycle: the GRDP growth line of assess differs from the README"
see $L "chitieu: report: out/bd-2024/index.html: 67 targets, 14 charts (15 images rendered)"
[ -s cycle/out/bd-2024/index.html ] && [ -s cycle/assess-2024.xlsx ] && ok || bad "cycle: no pack or no xlsx"
see $L "would revert batch 47 (dry run, nothing stored): 2 figures restored"
see $L "reverted batch 47 as batch 48: 2 figures restored"
grep -E '^BD_GRDP_GROWTH +BD +2024 +7.48 +E ' cycle.o >/dev/null && ok || bad "cycle: 2024 not the estimate again: $(grep 2024 cycle.o)"
(cd cycle && CHITIEU_DB=binhduong.db "$BIN" history BD_GRDP_GROWTH --area BD --year 2024 --format csv) >hist.csv
[ "$(tail -n +2 hist.csv | wc -l)" -eq 3 ] && ok || bad "cycle: history of 2024 has not 3 revisions"

# The tour (README "A tour of the command") on a store built as `make demo` builds it.
(
    cd tour || exit 1
    "$BIN" init >/dev/null && "$BIN" load --quiet datasets/*/*.csv >/dev/null &&
        for f in $(ls datasets/*/releases/*.csv | awk -F/ '{ print $NF "\t" $0 }' | sort | cut -f2); do
            "$BIN" load --quiet "$f" >/dev/null || exit 1
        done
) && ok || bad "tour: building the demo store"
cd tour && run_block tour ../tour
cd "$T" || exit 1
L=tour
see $L "checked (dry run, nothing stored) 1 file, 2 rows: 0 new figures, 0 revised, 2 unchanged"
see $L "loaded 1 file, 1571 rows: 0 new figures, 0 revised, 1571 unchanged"
see $L "5 new figures, 0 revised, 35 unchanged"
see $L "Tốc độ tăng trưởng GRDP — Bình Dương (BD-2021-2025)"
see $L "  Nhịp độ cần và xu hướng: cần đạt 20,0% trong năm 2025; xu hướng"
# a target with figures but no result says why in the result column, as the pack does (was: '-', then 'Thiếu số liệu')
grep -E '^Vốn đầu tư trực tiếp nước ngoài thu hút +Bình Dương +tổng 2021–2025 ≥ 9 tỷ USD +[0-9,]+ tỷ USD \(20[0-9]{2}\) +chưa có số liệu năm 2021 +- +Thiếu số liệu' \
    tour.out >/dev/null && ok || bad "tour: assess does not say why BD_FDI has no forecast: $(grep 'Vốn đầu tư trực tiếp' tour.out)"
[ -s "tour/forms/Sở-Y-tế_2025.xlsx" ] && ok || bad "tour: no forms/Sở-Y-tế_2025.xlsx"
[ -s tour/all.xlsx ] && [ -s tour/assess.xlsx ] && [ -s tour/out/pack-bd/index.html ] && [ -s tour/out/pack-en/index.html ] &&
    ok || bad "tour: a file the README names was not written"

e2e_finish e2e_readme
