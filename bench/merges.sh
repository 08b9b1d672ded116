#!/bin/sh
# bench/merges.sh — load time and memory of SYNTHETIC workbooks with many merged ranges (fuzz5 brief: is
# the merge list's cost linear, memory flat?).  usage: bench/merges.sh [BUILD_DIR] [N...]  (default build,
# 1000 10000 100000; run from the repo root).  For each N, written by python3 (zipfile):
#   merged-N   the wide table as departments lay it out: N indicators, each code merged down over its 3
#              areas' rows (N ranges, 3N rows, 5 years), the list after the rows as Excel writes it;
#   plain-N    the same figures without merges (every row holds its code): the baseline;
#   reverse-N  merged-N with its rows written bottom to top (no writer does; the active list starts again);
#   overlap-N  plain-N's rows with N copies of one range over the whole name column H (an invalid list
#              no writer makes: every row is covered by N ranges);
#   columns-N  plain-N's rows with min(N, 16000) ranges side by side, each one column (H, I, ...) merged over
#              every row (valid, no overlap: every row is covered by that many ranges);
#   stagger-N  plain-N's rows, each with a text cell in one of K = min(N, 2000) columns past H (row r: column
#              r mod K), merged down over K rows: one range starts and one ends on every row, and every row is
#              covered by K ranges whose top cells hold text (valid; the covered cells are filled).
# Each is loaded with --dry-run into a store holding the catalogue; wall and CPU seconds, max RSS from
# /usr/bin/time.  The machine is shared: the load average is printed; compare the columns, not the walls.
set -eu
B=${1:-build}
shift 2>/dev/null || true
SIZES=${*:-1000 10000 100000}
BIN=$B/chitieu
[ -x "$BIN" ] || { echo "merges.sh: build first (make BUILD=$B)" >&2; exit 2; }
if [ -n "${MERGES_KEEP:-}" ]; then T=$MERGES_KEEP; mkdir -p "$T"; else   # MERGES_KEEP=DIR keeps the last N's files
  T=$(mktemp -d /tmp/chitieu-merges.XXXXXX); trap 'rm -rf "$T"' EXIT; fi
echo "machine: $(nproc) cpus; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-14s %8s %8s %8s %8s %9s\n" file ranges rows wall_s cpu_s maxRSS_MB
for N in $SIZES; do
  python3 - "$T" "$N" <<'PY'
import sys, zipfile
d, n = sys.argv[1], int(sys.argv[2])
YEARS = list(range(2020, 2025))
RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
def col(c):
    s = ''
    c += 1
    while c: c, r = divmod(c - 1, 26); s = chr(65 + r) + s
    return s
with open(d + '/cat.csv', 'w') as f:
    f.write('code,name,unit,direction\n' + ''.join(f'I{i:06d},Synthetic {i},%,up\n' for i in range(n)))
with open(d + '/areas.csv', 'w') as f:
    f.write('code,name,level\nA0,A0,district\nA1,A1,district\nA2,A2,district\n')
def rows(merged):
    out = [['indicator', 'area'] + [str(y) for y in YEARS] + ['name']]
    for i in range(n):
        for a in range(3):
            out.append([f'I{i:06d}' if a == 0 or not merged else None, f'A{a}'] + [i % 97 + y - 2000 + a for y in YEARS] +
                       ['x' if a == 0 and i == 0 else None])
    return out
def stagger(table):
    k = min(n, 2000)
    return [row + [None] * (8 + r % k - len(row)) + ['x'] if r > 1 else row for r, row in enumerate(table, 1)], \
           [f'{col(8 + r % k)}{r}:{col(8 + r % k)}{r + k - 1}' for r in range(2, len(table) + 1)]
def book(name, table, merges, reverse=False):
    x = [f'<worksheet {NS}><sheetData>']
    body = []
    for r, row in enumerate(table, 1):
        cells = ''.join(f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' if isinstance(v, str) else
                        f'<c r="{col(c)}{r}"><v>{v}</v></c>' for c, v in enumerate(row) if v is not None)
        body.append(f'<row r="{r}">{cells}</row>')
    if reverse: body = body[:1] + body[:0:-1]
    x += body
    x.append('</sheetData>')
    if merges: x.append(f'<mergeCells count="{len(merges)}">' + ''.join(f'<mergeCell ref="{m}"/>' for m in merges) + '</mergeCells>')
    x.append('</worksheet>')
    with zipfile.ZipFile(f'{d}/{name}.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('xl/workbook.xml', f'<workbook {NS} xmlns:r="{RT}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels', f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RT}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr('xl/worksheets/sheet1.xml', ''.join(x))
merged = [f'A{2 + 3 * i}:A{4 + 3 * i}' for i in range(n)]
book('plain', rows(False), [])
book('merged', rows(True), merged)
book('reverse', rows(True), merged, reverse=True)
book('overlap', rows(False), [f'H2:H{1 + 3 * n}'] * n)
book('columns', rows(False), [f'{col(c)}2:{col(c)}{1 + 3 * n}' for c in range(7, 7 + min(n, 16000))])
book('stagger', *stagger(rows(False)))
PY
  DB=$T/s.db
  rm -f "$DB"
  "$BIN" --db "$DB" init >/dev/null
  "$BIN" --db "$DB" load "$T/cat.csv" "$T/areas.csv" >/dev/null
  for f in plain merged reverse overlap columns stagger; do
    /usr/bin/time -f '%e %U %S %M' -o "$T/t" timeout 600 "$BIN" --db "$DB" load --dry-run "$T/$f.xlsx" >"$T/out" 2>"$T/err" || true
    grep -q "$((N * 15)) new figures" "$T/out" || echo "  ($f-$N: $(head -c 300 "$T/err" "$T/out" | tr '\n' ' '))"
    awk -v l="$f-$N" -v n="$N" -v f="$f" 'END { printf "%-14s %8d %8d %8.2f %8.2f %9.1f\n", l, (f == "plain" ? 0 : f == "columns" && n > 16000 ? 16000 : f == "stagger" ? 3 * n : n), 3 * n, $1, $2 + $3, $4 / 1024 }' "$T/t"
  done
done
