# tests/e2e-lib.sh — sourced by every tests/e2e_*.sh: the binary under test ($BIN, from
# CHITIEU_BIN), a scratch directory $T removed on exit, pass/fail counters and the checks.
# Each script ends with `e2e_finish NAME`, which prints the counts and fails if any check did.
BIN=${CHITIEU_BIN:?set CHITIEU_BIN to the chitieu binary}
T=$(mktemp -d "${TMPDIR:-/tmp}/chitieu-e2e-XXXXXX")
trap 'rm -rf "$T"' EXIT
unset CHITIEU_DB
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# check LABEL COMMAND: COMMAND (a string, eval'd) must succeed.
check() { if eval "$2"; then ok; else bad "$1"; fi; }
# run NAME WANT CMD...: CMD must exit with WANT; its stdout and stderr are left in ./out and ./err.
run() {
    local name=$1 want=$2
    shift 2
    "$@" >out 2>err
    local rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else bad "$name: exit $rc, wanted $want: $(head -c 300 err)"; fi
    return 0
}
# has NAME FILE TEXT: FILE contains TEXT.
has() { if grep -qF -- "$3" "$2"; then ok; else bad "$1: '$3' not in $2: $(head -c 300 "$2")"; fi; }
e2e_finish() {
    echo "$1: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
