#!/usr/bin/env python3
"""fuzz/make-seeds.py — seeds for the merge list and statuses written beside figures (fuzz5), and for
year headings typed as numbers whose format (fuzz_xlsx.c's cell formats 3-7) shows their status: writes
fuzz/corpus/xlsx/merge-* (a sheet's XML, then a NUL and the shared strings when it has any: fuzz_xlsx.c's
input) and fuzz/corpus/load/status-* (observation rows after fuzz_load.c's fixed header).  The codes are
the harness store's (store.h: indicators X, Y; areas A, B, C).  Run from the repository root; the files
are kept in git, so `make test` replays them without python."""
import os

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def col(c):
    s = ''
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(r, c, v, p=''):
    if v is None:
        return ''
    if isinstance(v, tuple):  # (number, cell format)
        return f'<{p}c r="{col(c)}{r}" s="{v[1]}"><{p}v>{v[0]!r}</{p}v></{p}c>'
    if isinstance(v, str):
        return f'<{p}c r="{col(c)}{r}" t="inlineStr"><{p}is><{p}t>{v}</{p}t></{p}is></{p}c>'
    return f'<{p}c r="{col(c)}{r}"><{p}v>{v!r}</{p}v></{p}c>'


def sheet(rows, merges, p='', pad=0, first=1, nums=None):
    """The sheet XML: rows (lists, None for no cell) from row `first`, the merge list after them; `pad`
    bytes of a cell's text in the last row, so the list starts near a 64 KiB piece's end."""
    x = [f'<{p}worksheet {NS.replace("xmlns=", "xmlns:" + p[:-1] + "=") if p else NS}><{p}sheetData>']
    for r, row in zip(nums or range(first, first + len(rows)), rows):
        x.append(f'<{p}row r="{r}">' + ''.join(cell(r, c, v, p) for c, v in enumerate(row)) + f'</{p}row>')
    if pad:
        r = first + len(rows)
        x.append(f'<{p}row r="{r}">{cell(r, 9, "n" * pad, p)}</{p}row>')
    x.append(f'</{p}sheetData>')
    if merges is not None:
        x.append(f'<{p}mergeCells count="{len(merges)}">' + ''.join(f'<{p}mergeCell ref="{m}"/>' for m in merges) +
                 f'</{p}mergeCells>')
    x.append(f'</{p}worksheet>')
    return ''.join(x)


WIDE = [['indicator', 'area', 2020, 2021, 2022], ['X', 'A', 40, 41, 42], [None, 'B', 43, 44, 45],
        [None, 'C', 46, 47, 48], ['Y', 'A', 5, 6, 7], [None, 'B', 8, 9, 10]]
TWO_ROW = [['Mã chỉ tiêu', 'area', 'Thực hiện', None, 'Ước thực hiện', None],
           [None, None, 2020, 2021, 2022, 2023], ['X', 'A', 40, 41, '42 (ước)', 43], [None, 'B', 1, 2, 3, 4]]
STATUS = [['indicator', 'area', 'year', 'value', 'status'], ['X', 'A', 2021, '3,0 (ước)', None],
          ['X', 'B', 2021, '12,5*', None], ['X', 'C', 2021, '(sơ bộ) 7,1', None], ['Y', 'A', 2021, '6.8 (e)', 'E'],
          ['Y', 'B', 2021, '1.0 (p)', 'A'], ['Y', 'C', 2021, '2,5**', None], ['(*) Số liệu ước tính'],
          ['Ghi chú: ** sơ bộ']]
xlsx = {
    'merge-wide': sheet(WIDE, ['A2:A4', 'A5:A6']),
    'merge-prefix': sheet(WIDE, ['A2:A4', 'A5:A6'], p='x:'),
    'merge-figure': sheet(WIDE, ['A2:A4', 'C2:C3', 'D5:E5']),
    'merge-two-row': sheet(TWO_ROW, ['A1:A2', 'B1:B2', 'C1:D1', 'E1:F1', 'A3:A4']),
    'merge-malformed': sheet(WIDE, ['A2:', ':A2', 'A0:B1', 'a1:b2', '$A$1:$B$2', 'A1:B2:C3', 'A1']),
    'merge-reversed': sheet(WIDE, ['A4:A2', 'C2:A2']),
    'merge-huge-row': sheet(WIDE, ['A2:A1048577', 'A2:B99999999999999999999', 'XFD1:XFD2', 'XFE1:XFF2', 'A1:AAAA2']),
    'merge-overlap': sheet(WIDE, ['A2:B5', 'A3:C4', 'A2:B5', 'B1:B6', 'A1:XFD1048576']),
    'merge-one-cell': sheet(WIDE, ['A2:A2', 'B3:B3']),
    'merge-unclosed': sheet(WIDE, ['A2:A4'])[:-len('</mergeCells></worksheet>')],
    'merge-shifted': sheet(WIDE[3:] + WIDE[:3], ['A2:A4', 'A5:A6'], first=4),
    'merge-out-of-order': sheet(WIDE, ['A2:A4', 'A5:A6'], nums=[1, 2, 4, 3, 6, 5]),
    'status-xlsx': sheet(STATUS, ['A2:A4']),
    'status-wide': sheet([['indicator', 'area', '2020', '2021 (ước)'], ['X', 'A', '40*', '41'], ['X', 'B', '3 (p)', '4 (e)'],
                          ['* ước tính']], []),
    'status-number-year': sheet([['indicator', 'area', (2019, 5), (2020, 3), (2021, 4), (2022, 6), (2023, 7)],
                                 ['X', 'A', 40, 'ước 41', '42 (sơ bộ)', (43, 3), 'sơ bộ 44'],
                                 ['X', 'B', 'dự báo 1', 'ước', 'ước 3 (p)', '4', (5, 7)]], []),
    'status-heading-mark': sheet([['indicator', 'area', '2020', '2021*', '2022**'], ['X', 'A', 40, 41, '42**'],
                                  [None, 'B', 43, '44*', 45], ['(*) Số liệu ước tính'], ['Ghi chú: (**) sơ bộ']], ['A2:A3']),
}


def cut(p, at):
    """The wide sheet padded so that its list's name 'mergeCells' starts at byte `at`."""
    t = sheet(WIDE, ['A2:A4', 'A5:A6'], p=p, pad=1000)
    return sheet(WIDE, ['A2:A4', 'A5:A6'], p=p, pad=1000 + at - t.index('mergeCells'))


# text typed in TCVN3 fonts (fuzz_xlsx.c's cell formats 8-10: .VnTime, .VnTimeH, a year showing '(­íc)'): shared
# strings with rich-text runs naming their fonts, an inline string's runs, a Unicode cell in .VnTime
xlsx['tcvn3-fonts'] = (
    f'<worksheet {NS}><sheetData><row r="1"><c r="A1" s="8" t="s"><v>0</v></c><c r="B1" s="9" t="s"><v>1</v></c>'
    '<c r="C1" s="10"><v>2023</v></c><c r="D1" s="8" t="s"><v>2</v></c></row><row r="2"><c r="A2" s="8" t="s"><v>3</v>'
    '</c><c r="B2" s="9" t="s"><v>3</v></c><c r="C2" s="8"><v>4.5</v></c><c r="D2" t="inlineStr"><is><r><rPr><rFont '
    'val=".VnTimeH"/></rPr><t>t\u00e6ng</t></r><r><t> s\u00b6n</t></r></is></c></row></sheetData></worksheet>\0'
    f'<sst {NS}><si><t>indicator</t></si><si><t>m\u00b7 ch\u00d8 ti\u00aau</t></si><si><t>T\u1ed5ng</t></si>'
    '<si><r><t>X </t></r><r><rPr><rFont val=".VnTime"/></rPr><t>\u00adíc t\u00ddnh</t></r><r><rPr><rFont val="Arial"/>'
    '</rPr><t> Cà Mau</t></r></si></sst>')
xlsx['merge-cut'] = cut('', 65536 - 5)             # '<mer' | 'geCells'
xlsx['merge-cut-prefix'] = cut('x:', 65536 + 1)   # '<x:' | 'mergeCells'
for name, text in xlsx.items():
    with open(f'fuzz/corpus/xlsx/{name}', 'w', encoding='utf-8') as f:
        f.write(text)

load = {
    'status-in-value': 'X,A,2021,"3,0 (ước)",,,\nX,B,2021,12.5*,,,\nX,C,2021,(sơ bộ) 7.1,,,\nY,A,2021,6.8 (e),E,,\n'
                       'Y,B,2021,1.0 (p),A,,\nY,C,2021,2.5**,,,\nY,A,2022,2.5 (*),,,\nX,A,2022,1 (chính thức),,,\n'
                       'X,A,2023,1 (foo),,,\nX,A,2024,"(3,0)",,,\n"(*) Số liệu ước tính",,,,,,\n** sơ bộ\n',
    'status-lead': 'X,A,2021,ước 3,0,,,\nX,B,2021,"Ước tính 3,5",,,\nX,C,2021,ƯTH 7.1,E,,\nY,A,2021,sơ bộ 6.8,E,,\n'
                   'Y,B,2021,chính thức 1,,,\nY,C,2021,ước ..,,,\nX,A,2022,dự báo 2.5,,,\nX,A,2023,ước 1 (p),,,\n'
                   'X,A,2024,ước,,,\nX,B,2024,năm 2024,,,\n',
    'status-no-note': 'X,A,2021,12.5*,,,\nX,A,2022,12.5****,,,\nX,A,2023,*,,,\nX,A,2024,(,,,\n',
    'status-notes-only': '(*) Số liệu ước tính\nChú thích: (**) provisional\nnote: *** estimate and preliminary\n',
}
for name, text in load.items():
    with open(f'fuzz/corpus/load/{name}', 'w', encoding='utf-8') as f:
        f.write(text)
