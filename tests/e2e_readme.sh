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

e2e_finish e2e_readme
