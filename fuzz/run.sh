#!/usr/bin/env bash
# fuzz/run.sh SECONDS — build the libFuzzer harnesses with clang (ASan + UBSan) and run each for
# SECONDS, seeded from fuzz/corpus/<harness>/ (made from datasets/ and tests/fixtures/).  Prints
# executions and findings per harness; crash inputs are kept in $FUZZ_OUT/<harness>/ (default
# fuzz/out; give each concurrent run its own FUZZ_OUT and FUZZ_BUILD, or their logs mix).
# Undefined behaviour aborts (-fno-sanitize-recover), so it leaves a crash input like a crash.
# FUZZ_ONLY="csv load2" runs only the named harnesses (csv num load0..load6 text xlsx), e.g. to spread
# long runs over several cores.  A crash input found here goes to fuzz/regress/<harness>/ (csv num
# load0..load6 text xlsx): `make test` replays that directory, so the fix keeps a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
command -v clang >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq clang >/dev/null; } || { echo "fuzz: install clang"; exit 1; }
B=${FUZZ_BUILD:-build-fuzz}; O=${FUZZ_OUT:-fuzz/out}; mkdir -p "$B" "$O"
CF="-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Iengine -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
SRC=$(ls engine/*.c | grep -v 'engine/cli' | grep -v 'engine/chart.c\|engine/report.c')
for s in $SRC; do clang $CF -c "$s" -o "$B/$(basename "$s" .c).o"; done
LIBS="$(pkg-config --libs sqlite3 gsl xlsxwriter libzip expat) -lunistring -lm -lpthread"
build() { clang $CF -fsanitize=fuzzer "$@" $B/*.o $LIBS; }
build fuzz/fuzz_csv.c -o $B/fuzz_csv
build fuzz/fuzz_num.c -o $B/fuzz_num
for k in 0 1 2 3 4 5 6; do build -DFUZZ_KIND=$k fuzz/fuzz_load.c -o $B/fuzz_load$k; done
build fuzz/fuzz_text.c -o $B/fuzz_text  # text files in declared encodings, TCVN3 too (corpus: fuzz/corpus/text, kept in git)
build fuzz/fuzz_xlsx.c -o $B/fuzz_xlsx  # worksheet XML, shared strings, styles (corpus: fuzz/corpus/xlsx, sheets of
                                        # tests/fixtures/intake and fuzz/make-seeds.py's merged, status-in-value and
                                        # TCVN3 sheets: cells in ABC fonts, rich runs naming theirs)
# seed corpora: every CSV we ship or test with (csv, load), numbers typed by statisticians (num; make-seeds.py's
# statuses written in a value and TCVN3 cell texts are kept in git beside them)
mkdir -p fuzz/corpus/csv fuzz/corpus/load fuzz/corpus/num
for f in datasets/*/*.csv tests/fixtures/*/*.csv; do  # datasets/x/y.csv -> corpus/csv/x-y.csv
  d=${f%/*}; cp "$f" "fuzz/corpus/csv/${d##*/}-${f##*/}"; done
for f in fuzz/corpus/csv/*.csv; do awk 'NR > 1 && NR <= 51' "$f" > "fuzz/corpus/load/$(basename "$f")"; done
i=0; for n in 8,5 1.234,5 -0.5 1e308 1e-320 NaN inf 0x10 "  42 " 2025 1899 "+7" "1.234" "8,5%"; do
  printf '\001%s' "$n" > fuzz/corpus/num/n$i; i=$((i+1)); done
run() { # run NAME BIN CORPUS [MAX_LEN]
  case " ${FUZZ_ONLY:-$1} " in *" $1 "*) ;; *) return 0;; esac
  rm -rf "$O/$1"; mkdir -p "$O/$1"
  "$2" -max_total_time="$SECS" -max_len="${4:-65536}" -rss_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$O/$1/" "$3" \
    > "$O/$1.log" 2>&1 || true
  local execs crashes cov
  execs=$(grep -a -o 'stat::number_of_executed_units: [0-9]*' "$O/$1.log" | tail -n 1 | awk '{print $2}' || true)
  cov=$(grep -a -o 'DONE *cov: [0-9]*' "$O/$1.log" | tail -n 1 | awk '{print $3}' || true)
  crashes=$(ls "$O/$1/" 2>/dev/null | wc -l)
  printf '%-12s %6ss %12s executions %6s edges %3s findings  (ended %s)\n' "$1" "$SECS" "$execs" "$cov" "$crashes" "$(date -u +%H:%M:%S)"
}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cp -r fuzz/corpus/csv "$T/csv"; cp -r fuzz/corpus/num "$T/num"; cp -r fuzz/corpus/text "$T/text"; cp -r fuzz/corpus/xlsx "$T/xlsx"
run csv $B/fuzz_csv "$T/csv"
run num $B/fuzz_num "$T/num"
for k in 0 1 2 3 4 5 6; do cp -r fuzz/corpus/load "$T/load$k"; run load$k $B/fuzz_load$k "$T/load$k"; done
run text $B/fuzz_text "$T/text"
run xlsx $B/fuzz_xlsx "$T/xlsx" 131072  # a sheet past the 64 KiB pieces its merge list is searched in
