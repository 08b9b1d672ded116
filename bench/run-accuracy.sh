#!/usr/bin/env bash
# run-accuracy.sh — chitieu's methods and R forecast (ets, thetaf) on the M3 yearly series,
# in the same run; prints both tables and the speed ratio R ets / chitieu auto.
# Usage: bench/run-accuracy.sh [M3_DIR]   (default ../shared/data/m3-yearly)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-../shared/data/m3-yearly}
make -s build/bench/accuracy
if ! Rscript -e 'suppressMessages(library(forecast))' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq r-base-core r-cran-forecast >/dev/null
  else
    echo "run-accuracy: R forecast missing — run: sudo apt-get install -y r-base-core r-cran-forecast" >&2; exit 1
  fi
fi
build/bench/accuracy "$DIR" | tee /tmp/chitieu-acc.txt
echo
build/bench/accuracy "$DIR" --raw | sed -n '1p;/^combo/p'
echo
Rscript bench/accuracy.R "$DIR" | tee /tmp/chitieu-acc-r.txt
c=$(awk '$1=="auto"{print $9}' /tmp/chitieu-acc.txt)
r=$(awk '$1=="ets"{print $7}' /tmp/chitieu-acc-r.txt)
awk -v c="$c" -v r="$r" 'BEGIN { printf "\nspeed: R ets %.2f s, chitieu auto %.3f s CPU: %.0fx faster\n", r, c, r / c }'
