#!/usr/bin/env bash
# bench/print.sh [PACK_DIR] [OUT.pdf] — print the review pack's index.html to PDF in headless
# Chromium (Debian package `chromium`), as a meeting secretary would from a browser: A4 portrait,
# the size the page's @page rule asks for.  Prints the page count and size (pdfinfo, poppler-utils)
# and the time taken.  Default PACK_DIR: out/pack (make demo); default PDF: PACK_DIR/print.pdf.
# With PAGES=DIR it also writes each page as DIR/page-N.png (pdftoppm, 60 dpi) to look at.
set -euo pipefail
pack=${1:-out/pack}
pdf=${2:-$pack/print.pdf}
for tool in chromium pdfinfo; do
    command -v "$tool" >/dev/null || { echo "print: $tool is not installed (apt-get install chromium poppler-utils)" >&2; exit 1; }
done
[ -s "$pack/index.html" ] || { echo "print: $pack/index.html: no pack (run make demo)" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
t0=$(date +%s.%N)
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --no-pdf-header-footer \
    --print-to-pdf="$pdf" "file://$(realpath "$pack")/index.html" >/dev/null 2>&1
t1=$(date +%s.%N)
[ -s "$pdf" ] || { echo "print: chromium wrote no PDF" >&2; exit 1; }
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
size=$(pdfinfo "$pdf" | sed -n 's/^Page size: *//p')
printf 'print: %s: %s pages, %s, %.1f s\n' "$pdf" "$pages" "$size" "$(echo "$t1 - $t0" | bc -l)"
if [ -n "${PAGES:-}" ]; then
    mkdir -p "$PAGES"
    pdftoppm -r 60 -png "$pdf" "$PAGES/page"
fi
