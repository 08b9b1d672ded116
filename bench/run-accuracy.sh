#!/usr/bin/env bash
# run-accuracy.sh — chitieu's methods and R forecast (ets, thetaf) on the M3 yearly series, in the same run;
# prints chitieu's table (calibrated, then textbook intervals), R's table and the speed ratio R ets / chitieu auto.
# Usage: bench/run-accuracy.sh [M3_DIR]   (default ../shared/data/m3-yearly from the repository root)
# Env: BUILD (build directory, default build).  Installs R forecast with apt-get when missing and run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-../shared/data/m3-yearly}
BUILD=${BUILD:-build}
make -s BUILD="$BUILD" "$BUILD/bench/accuracy"
if ! Rscript -e 'suppressMessages(library(forecast))' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "run-accuracy: installing R forecast (r-base-core r-cran-forecast)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq r-base-core r-cran-forecast >/dev/null
  else
    echo "run-accuracy: R forecast is missing and this is not root; install it with:" >&2
    echo "  sudo apt-get install -y r-base-core r-cran-forecast" >&2
    exit 1
  fi
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BUILD/bench/accuracy" "$DIR" | tee "$tmp/c.txt"
echo
"$BUILD/bench/accuracy" "$DIR" --raw | tee "$tmp/raw.txt"
echo
Rscript bench/accuracy.R "$DIR" | tee "$tmp/r.txt"
# a column of a row, found by the header's name
col() { awk -v row="$2" -v name="$3" '$1 == "method" { for (i = 1; i <= NF; i++) if ($i == name) c = i }
                                       $1 == row && c { print $c; exit }' "$1"; }
c=$(col "$tmp/c.txt" auto cpu_s)
r=$(col "$tmp/r.txt" ets elapsed_s)
awk -v c="$c" -v r="$r" 'BEGIN { printf "\nspeed: R ets %.2f s (elapsed), chitieu auto %.3f s (CPU): %.0fx\n", r, c, r / c }'
