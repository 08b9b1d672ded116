#!/bin/sh
# bench/intake.sh — load rate of the same SYNTHETIC figures as CSV and as .xlsx, long and wide.
# usage: bench/intake.sh [BUILD_DIR] [FIGURES]   (default build, 1000000; run from the repo root)
# Files are written by python3 (zipfile + the sheet XML Excel writes: shared strings, numbers as
# stored): a long table (indicator,area,year,value) and a wide one (indicator,area,2000..2024) holding
# the same figures; 1,000 indicators x N areas x 25 years.  When LibreOffice is installed, the long CSV
# is also converted by it (soffice --convert-to xlsx) and timed, as a workbook a real program wrote.
# The same figures dated by financial years ("1999/00" for 2000, long-fy.csv and wide-fy.csv) load with
# --span-year end: what reading a span costs over a plain year.
# long-vn.xlsx: the long table with a note on every row typed in a TCVN3 font ('Sè liÖu ­íc tÝnh' in .VnTime, every
# text cell in that font: each is read as TCVN3), against long-note.xlsx, its Unicode twin: what TCVN3 costs.
# Each load goes into a fresh store holding the catalogue; wall time and max RSS from /usr/bin/time.
set -eu
B=${1:-build}
N=${2:-1000000}
BIN=$B/chitieu
[ -x "$BIN" ] || { echo "intake.sh: build first (make BUILD=$B)" >&2; exit 2; }
if [ -n "${INTAKE_KEEP:-}" ]; then T=$INTAKE_KEEP; mkdir -p "$T"; else   # INTAKE_KEEP=DIR keeps the files there
  T=$(mktemp -d /tmp/chitieu-intake.XXXXXX); trap 'rm -rf "$T"' EXIT; fi
python3 - "$T" "$N" <<'EOF'
import subprocess, sys, zipfile
d, n = sys.argv[1], int(sys.argv[2])
NIND, YEARS = 1000, list(range(2000, 2025))
nareas = max(1, n // (NIND * len(YEARS)))
inds = ['I%04d' % i for i in range(NIND)]
areas = ['A%03d' % a for a in range(nareas)]
with open(d + '/cat.csv', 'w') as f:
    f.write('code,name,unit,direction,min,max\n')
    for i in inds: f.write(f'{i},Synthetic {i},%,up,0,1000\n')
with open(d + '/areas.csv', 'w') as f:
    f.write('code,name,level\n')
    for a in areas: f.write(f'{a},Synthetic {a},district\n')
def val(i, a, y): return round(100 + (i % 97) + 0.5 * (y - 2000) + 0.01 * (a % 7), 6)
long_rows = [(inds[i], areas[a], y, val(i, a, y)) for i in range(NIND) for a in range(nareas) for y in YEARS]
with open(d + '/long.csv', 'w') as f:
    f.write('indicator,area,year,value\n')
    for r in long_rows: f.write('%s,%s,%d,%r\n' % r)
with open(d + '/wide.csv', 'w') as f:
    f.write('indicator,area,' + ','.join(map(str, YEARS)) + '\n')
    for i in range(NIND):
        for a in range(nareas):
            f.write(f'{inds[i]},{areas[a]},' + ','.join(repr(val(i, a, y)) for y in YEARS) + '\n')
def col(c):
    s = ''
    c += 1
    while c: c, r = divmod(c - 1, 26); s = chr(65 + r) + s
    return s
def xlsx(path, header, rows, merges=(), font=None):
    sst, idx = [], {}
    def s(t):
        if t not in idx: idx[t] = len(sst); sst.append(t)
        return idx[t]
    style = ' s="1"' if font else ''
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate([header] + rows, 1):
        cells = []
        for c, v in enumerate(row):
            ref = f'{col(c)}{r}'
            if v is None: continue
            if isinstance(v, str): cells.append(f'<c r="{ref}"{style} t="s"><v>{s(v)}</v></c>')
            else: cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
        out.append(f'<row r="{r}">' + ''.join(cells) + '</row>')
    out.append('</sheetData>')
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">' + ''.join(f'<mergeCell ref="{m}"/>' for m in merges) + '</mergeCells>')
    out.append('</worksheet>')
    RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr('xl/workbook.xml', f'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{RT}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels', f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RT}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr('xl/worksheets/sheet1.xml', ''.join(out))
        if font:  # every text cell in this font
            z.writestr('xl/styles.xml', f'<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><name val="Calibri"/></font><font><name val="{font}"/></font></fonts><cellXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="1"/></cellXfs></styleSheet>')
        z.writestr('xl/sharedStrings.xml', '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + ''.join(f'<si><t>{t}</t></si>' for t in sst) + '</sst>')
xlsx(d + '/long.xlsx', ['indicator', 'area', 'year', 'value'], [list(r) for r in long_rows])
xlsx(d + '/wide.xlsx', ['indicator', 'area'] + [str(y) for y in YEARS],
     [[inds[i], areas[a]] + [val(i, a, y) for y in YEARS] for i in range(NIND) for a in range(nareas)])
# the wide table as departments lay it out: each indicator's code merged down over its areas' rows
# (only the top cell holds the text), one merged range per indicator
xlsx(d + '/wide-merged.xlsx', ['indicator', 'area'] + [str(y) for y in YEARS],
     [[inds[i] if a == 0 else None, areas[a]] + [val(i, a, y) for y in YEARS] for i in range(NIND) for a in range(nareas)],
     [f'A{2 + i * nareas}:A{1 + (i + 1) * nareas}' for i in range(NIND)] if nareas > 1 else ())
NOTE = 'Số liệu ước tính'  # its TCVN3 bytes by glibc's iconv, as the Latin-1 letters a workbook stores
NOTE3 = subprocess.run(['iconv', '-f', 'UTF-8', '-t', 'TCVN5712-1'], input=NOTE.encode(), capture_output=True,
                       check=True).stdout.decode('latin-1')
xlsx(d + '/long-note.xlsx', ['indicator', 'area', 'year', 'value', 'note'], [list(r) + [NOTE] for r in long_rows],
     font='Times New Roman')
xlsx(d + '/long-vn.xlsx', ['indicator', 'area', 'year', 'value', 'note'], [list(r) + [NOTE3] for r in long_rows],
     font='.VnTime')
def fy(y): return '%d/%02d' % (y - 1, y % 100)  # 2000 written as the financial year 1999/00
with open(d + '/long-fy.csv', 'w') as f:
    f.write('indicator,area,year,value\n')
    for r in long_rows: f.write('%s,%s,%s,%r\n' % (r[0], r[1], fy(r[2]), r[3]))
with open(d + '/wide-fy.csv', 'w') as f:
    f.write('indicator,area,' + ','.join(fy(y) for y in YEARS) + '\n')
    for i in range(NIND):
        for a in range(nareas):
            f.write(f'{inds[i]},{areas[a]},' + ','.join(repr(val(i, a, y)) for y in YEARS) + '\n')
print(len(long_rows), file=open(d + '/n', 'w'))
EOF
FIG=$(cat "$T/n")
if command -v soffice >/dev/null 2>&1 && [ "$FIG" -le 1000000 ]; then
  (cd "$T" && mkdir lo && cp long.csv lo/long-lo.csv && cd lo && soffice --headless --convert-to xlsx long-lo.csv >/dev/null 2>&1 \
    && mv long-lo.xlsx ..) || true
fi
run() { /usr/bin/time -f '%e %M' -o "$T/t" "$@" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; exit 1; }; cat "$T/t"; }
row() { awk -v l="$1" -v n="$2" -v s="$3" -v m="$4" -v b="$5" 'BEGIN{printf "%-30s %9d %8.2f %10.0f %8.1f %9.1f\n", l, n, s, (s>0?n/s:0), m/1024, b/1048576}'; }
echo "machine: $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-30s %9s %8s %10s %8s %9s\n" file figures seconds figures/s maxRSS_MB file_MB
for f in long.csv long-fy.csv long.xlsx long-lo.xlsx long-note.xlsx long-vn.xlsx wide.csv wide-fy.csv wide.xlsx wide-merged.xlsx; do
  [ -f "$T/$f" ] || continue
  DB=$T/$f.db
  "$BIN" --db "$DB" load "$T/cat.csv" "$T/areas.csv" >/dev/null
  case $f in *-fy.csv) span="--span-year end";; *) span="";; esac
  set -- $(run "$BIN" --db "$DB" load $span "$T/$f")
  grep -q "$FIG new figures" "$T/out" || { echo "intake.sh: $f: $(cat "$T/out")" >&2; exit 1; }
  row "chitieu load $f" "$FIG" "$1" "$2" "$(stat -c %s "$T/$f")"
  rm -f "$DB" "$DB-wal" "$DB-shm"
done
