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

# --- TCVN3 (fuzz6): text typed in ABC fonts.  xlsx: a sheet, NUL, its shared strings, NUL, its styles (the
# fixtures' own parts, and sheets in fuzz_xlsx.c's fixed styles: formats 8 .VnTime, 9 .VnTimeH, 10 ".VnArial
# NarrowH " with 0" (ước)", 11 .VnTime with "Năm "0, 12 a font id past the list), each also padded with blanks
# after its last part to a length of 2 modulo 4 (every text cell read as TCVN3) and to 0 modulo 4 (fonts only).
import zipfile  # noqa: E402


def t3_table():
    """engine/tcvn3.c's table inverted: each letter ABC fonts type (VN3; not VN1's capitals) to its byte."""
    import re
    src = open('engine/tcvn3.c', encoding='utf-8').read()
    src = src[src.index('static const uint16_t high'):src.index("VN1's capitals in the bytes")]
    return {chr(int(cp, 16)): int(b, 16) for b, cp in re.findall(r'B\((0x[0-9A-F]{2}), (0x[0-9A-F]{4})\)', src)}


T3 = t3_table()


def t3(u):
    """Unicode text as the TCVN3 bytes an ABC font types, each byte a Latin-1 character (what a cell stores);
    capitals the table lacks are typed as the lower-case letter (what a capital font .VnTimeH shows)."""
    return ''.join(chr(T3.get(ch, T3.get(ch.lower(), ord(ch)))) if ord(ch) > 0x7F else ch for ch in u)


def xml_text(s):
    return s.replace('&', '&amp;').replace('<', '&lt;')


def padded(b, mod):
    """b (bytes) with newlines after its last part, to a length of mod modulo 4."""
    return b + b'\n' * ((mod - len(b)) % 4)


def harness_input(sheet_xml, sst_xml=None, styles_xml=None):
    b = sheet_xml.encode('utf-8')
    if sst_xml is not None or styles_xml is not None:
        b += b'\0' + (sst_xml or '').encode('utf-8')
    if styles_xml is not None:
        b += b'\0' + styles_xml.encode('utf-8')
    return b


SST_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sst(items):
    """Shared strings: a str is plain, a list of (font or None, text) is rich runs."""
    x = [f'<sst {SST_NS}>']
    for it in items:
        if isinstance(it, str):
            x.append(f'<si><t>{xml_text(it)}</t></si>')
        else:
            x.append('<si>' + ''.join(
                (f'<r><rPr><b/><rFont val="{f}"/><sz val="12"/></rPr>' if f else '<r>') +
                f'<t xml:space="preserve">{xml_text(t)}</t></r>' for f, t in it) + '<rPh sb="0" eb="1"><t>x</t></rPh></si>')
    x.append('</sst>')
    return ''.join(x)


def scell(ref, i, s=None):
    return f'<c r="{ref}" t="s"' + (f' s="{s}"' if s is not None else '') + f'><v>{i}</v></c>'


def icell(ref, runs, s=None):
    """An inline string; runs as in sst()."""
    body = ''.join((f'<r><rPr><rFont val="{f}"/></rPr>' if f else '<r>') + f'<t>{xml_text(t)}</t></r>' for f, t in runs)
    return f'<c r="{ref}" t="inlineStr"' + (f' s="{s}"' if s is not None else '') + f'><is>{body}</is></c>'


def ncell(ref, v, s=None):
    return f'<c r="{ref}"' + (f' s="{s}"' if s is not None else '') + f'><v>{v}</v></c>'


def wsheet(rows):
    return f'<worksheet {NS}><sheetData>' + ''.join(
        f'<row r="{r}">' + ''.join(cells) + '</row>' for r, cells in enumerate(rows, 1)) + '</sheetData></worksheet>'


t3x = {}
# the fixtures of tests/fixtures/intake, part by part
for fx in ('tcvn3', 'tcvn3-calc', 'tcvn3-fonts-lost', 'tcvn3-unicode'):
    with zipfile.ZipFile(f'tests/fixtures/intake/{fx}.xlsx') as z:
        parts = [z.read(p) for p in ('xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/styles.xml')]
    t3x[f'tcvn3-fixture-{fx}'] = parts[0] + b'\0' + parts[1] + b'\0' + parts[2]

# a catalogue of the harness store (X, Y) in TCVN3: headings in .VnTimeH (style 9), names in .VnTime (8),
# rich runs mixing fonts, statuses beside figures and in year headings whose format shows them (10, 11)
heads = [t3('Mã chỉ tiêu'), t3('Địa bàn'), t3('Năm'), t3('Giá trị'), t3('Trạng thái')]
strings = heads + [t3('Tổng sản phẩm'), [(None, 'X '), ('.VnTimeH', t3('ước tính')), ('.VnTime', t3(' (sơ bộ)'))],
                   [('Arial', 'Y'), ('.VnArial', t3(' đồng'))], t3('3,0 (ước)'), t3('ước 3,0'), t3('ƯTH 32'), '3,0*',
                   t3('(*) Số liệu ước tính'), [('.VnTime', '')], [('.vnTIMEH   ', t3('sơ bộ'))]]
rows = [[scell(f'{c}1', i, 9) for i, c in enumerate('ABCDE')],
        [scell('A2', 5, 8), scell('B2', 6), ncell('C2', 2021), scell('D2', 8, 8), ncell('E2', 1)],
        [ncell('A3', 1, 8), icell('B3', [(None, 'X'), ('.VnTime', t3(' Vùng A'))]), ncell('C3', 2022, 11),
         scell('D3', 9, 8), scell('E3', 7, 12)],
        [icell('A4', [('.VnTimeH', 'x')], 9), icell('B4', [(None, 'A')], 8), ncell('C4', 2023, 10), scell('D4', 10, 10),
         scell('E4', 11, 9)],
        [icell('A5', [(None, 'Y'), ('.VnTime', '')]), icell('B5', [('.VnTimeH', 'b')]), ncell('C5', 2021),
         scell('D5', 12, 9), scell('E5', 13), scell('F5', 14, 8)],
        [scell('A6', 15, 8)]]
t3x['tcvn3-runs'] = harness_input(wsheet(rows), sst(strings))
wide = [[icell('A1', [(None, t3('Mã')), ('.VnTimeH', t3(' chỉ tiêu'))], 9), scell('B1', 1, 9), ncell('C1', 2021, 11),
         ncell('D1', 2022, 10), icell('E1', [('.VnTime', t3('2023 (ước)'))])],
        [icell('A2', [(None, 'X')]), icell('B2', [(None, 'A')]), scell('C2', 8, 8), scell('D2', 9, 10), scell('E2', 10)],
        [icell('A3', [(None, 'Y')]), icell('B3', [(None, 'B')]), ncell('C3', 5, 10), ncell('D3', 6, 11), scell('E3', 11, 9)]]
t3x['tcvn3-wide'] = harness_input(wsheet(wide), sst(strings))
styles = (f'<styleSheet {SST_NS}><numFmts count="2"><numFmt numFmtId="170" formatCode="0.0&quot; (ư&#x1EDB;c)&quot;"/>'
          '<numFmt numFmtId="171" formatCode="&quot;N&#x103;m &quot;0;@"/></numFmts><fonts count="4"><font><sz val="11"/>'
          '<name val="Calibri"/></font><font><name val=".VnTime"/><name val="Arial"/></font><font><b/><sz val="14"/>'
          '<name val=".VnArialH"/></font><font/></fonts><cellXfs count="6"><xf numFmtId="0" fontId="0"/>'
          '<xf numFmtId="170" fontId="1"/><xf numFmtId="0" fontId="2" applyFont="1"/><xf numFmtId="171" fontId="3"/>'
          '<xf fontId="-1"/><xf numFmtId="14" fontId="18446744073709551617"/></cellXfs></styleSheet>')
t3x['tcvn3-own-styles'] = harness_input(wsheet([[scell(f'{c}1', i, 2) for i, c in enumerate('ABCDE')],
                                                [scell('A2', 5, 1), scell('B2', 6, 1), ncell('C2', 2021, 3),
                                                 ncell('D2', 3, 1), scell('E2', 7, 4)],
                                                [scell('A3', 8, 5), scell('B3', 9, 2), ncell('C3', 2022, 5),
                                                 ncell('D3', 4, 6)]]), sst(strings), styles)
for name, b in t3x.items():
    for mod, tag in ((0, ''), (2, '-all')):
        with open(f'fuzz/corpus/xlsx/{name}{tag}', 'wb') as f:
            f.write(padded(b, mod))

# text files (fuzz_text.c: the first byte the encoding, 6 "tcvn3", 7 UTF-8 with the rows option tcvn3)
csv_u = 'Mã chỉ tiêu,Địa bàn,Năm,Giá trị\nX,Vùng A,2021,"3,0 (ước)"\nY,Đồng Tháp,2022,ước 3\nX,B,2023,ƯTH 32\n'
csv_t3 = t3(csv_u)
text = {'tcvn3-bytes': b'\x06' + csv_t3.encode('latin-1'), 'tcvn3-utf8': b'\x06' + csv_t3.encode('utf-8'),
        'tcvn3-option': b'\x07' + csv_t3.encode('utf-8'), 'tcvn3-unicode': b'\x06' + csv_u.encode('utf-8'),
        'tcvn3-option-bytes': b'\x07' + csv_t3.encode('latin-1')}
for name, b in text.items():
    with open(f'fuzz/corpus/text/{name}', 'wb') as f:
        f.write(b)

# one cell's text (fuzz_num.c: the first byte its flags -- bit 0 decimal comma, bit 1 capitals, bits 2-4 the
# text parser's flags -- the second the small buffer's size, here half the text's)
num = {'status-lead': (0x05, 'ước 3,0'), 'status-mark': (0x05, '3,0 (ước)'), 'status-uth': (0x01, 'ƯTH 32'),
       'status-stars': (0x01, '3,0*'), 'status-paren-stars': (0x00, '12.5 (**)'), 'status-span': (0x00, 'năm học 2022-23'),
       'status-so-bo': (0x05, '(sơ bộ) 7,1'), 'tcvn3-word': (0x00, t3('Tổng sản phẩm')),
       'tcvn3-capital': (0x02, t3('ước tính 3,0')), 'tcvn3-vn1': (0x02, '\x80\x9f\xff\xb0 \xa0'),
       'tcvn3-unicode': (0x00, 'Tổng'), 'tcvn3-cut': (0x03, t3('đồng đồng đồng đồng'))}
for name, (flags, s) in num.items():
    with open(f'fuzz/corpus/num/{name}', 'wb') as f:
        b = s.encode('utf-8')
        f.write(bytes([flags, len(b) // 2 + 1]) + b)

# observation rows typed in TCVN3 (fuzz_load.c reads an input of length 2 modulo 4 with --encoding tcvn3): as the
# font's bytes (Latin-1) and as Excel's "CSV UTF-8" of them, statuses written in the value
rows_u = ('X,A,2021,"3,0 (ước)",,Tổng cục Thống kê,ước tính\nX,B,2021,ước 3,,,\nY,C,2021,ƯTH 32,,,\n'
          'X,C,2022,"3,0*",,,sơ bộ\n"(*) Số liệu ước tính",,,,,,\n')
for name, b in (('tcvn3-latin1', t3(rows_u).encode('latin-1')), ('tcvn3-utf8', t3(rows_u).encode('utf-8')),
                ('tcvn3-unicode', rows_u.encode('utf-8'))):
    with open(f'fuzz/corpus/load/{name}', 'wb') as f:
        f.write(padded(b, 2))

# statuses after a figure without brackets and year headings with words (main, 2026-12-01): observation rows, a
# wide sheet whose headings carry them (load, xlsx), and cell texts (num)
load2 = {'status-after': 'X,A,2021,"3,0 ước",,,\nX,B,2021,"7,1 sơ bộ",,,\nX,C,2021,32 ƯTH,,,\nY,A,2021,"1 234,5 Ước tính",,,\n'
                         'Y,B,2021,41 chính thức,,,\nY,C,2021,.. ước,,,\nX,A,2022,12 triệu,,,\nX,B,2022,"3,0 ước ước",,,\n'}
for name, text in load2.items():
    with open(f'fuzz/corpus/load/{name}', 'w', encoding='utf-8') as f:
        f.write(text)
with open('fuzz/corpus/xlsx/status-heading-words', 'w', encoding='utf-8') as f:
    f.write(sheet([['indicator', 'area', 'Dự ước năm 2025', 'Dự ước thực hiện 2024', '2023 (dự ước)', 'Dự báo 2026',
                    'Năm 2022 (triệu)', '2021 (KH)'], ['X', 'A', '3,0 ước', '7,1 sơ bộ', '32 ƯTH', 1, 2, 3],
                   ['Y', 'B', '41 chính thức', '.. ước', '12 triệu', 4, 5, 6]], []))
for name, (flags, s) in {'status-after': (0x05, '3,0 ước'), 'status-after-uth': (0x01, '1 234,5 Ước tính'),
                         'status-du-uoc': (0x00, 'Dự ước thực hiện 2025')}.items():
    with open(f'fuzz/corpus/num/{name}', 'wb') as f:
        b = s.encode('utf-8')
        f.write(bytes([flags, len(b) // 2 + 1]) + b)
