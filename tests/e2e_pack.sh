#!/usr/bin/env bash
# e2e_pack.sh — the review pack of the shipped datasets (real plans and figures, loaded as `make demo`
# loads them), in Vietnamese and in English, read as a reviewer reads it: in the visible text of
# index.html (and in every text of the SVG charts but their source line) no code word (snake_case
# shape or status names, indicator or plan codes) and no machine number (more than 4 decimals, a
# decimal point in Vietnamese text or a decimal comma in English text, nan/inf); every target row is
# phrased; the pack names its plans' documents; `assess --format table` obeys the same rules.
set -u
. "$(dirname "$0")/e2e-lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$T" || exit 1
export CHITIEU_DB="$T/d.db"
"$BIN" init > /dev/null
(cd "$ROOT" && "$BIN" load datasets/*/*.csv) > /dev/null 2>&1 || bad "load the datasets"
for f in $(cd "$ROOT" && ls datasets/*/releases/*.csv 2>/dev/null | awk -F/ '{ print $NF "\t" $0 }' | sort | cut -f2); do
    (cd "$ROOT" && "$BIN" load "$f") > /dev/null 2>&1 || bad "load $f"
done
"$BIN" indicators --format json > indicators.json
python3 -c 'import json; print("\n".join(i["code"] for i in json.load(open("indicators.json"))))' > codes.txt
sqlite3 "$CHITIEU_DB" "SELECT code FROM plans" >> codes.txt
check "codes listed" '[ "$(wc -l < codes.txt)" -gt 50 ]'

run "report vi" 0 "$BIN" report --out vi --no-render
run "report en" 0 "$BIN" report --out en --lang en
"$BIN" assess > table-vi.txt 2>/dev/null
"$BIN" assess --lang en > table-en.txt 2>/dev/null

# readable.py LANG FILE...: print every offending text (exit 1 when any)
cat > readable.py <<'PY'
import html.parser, json, re, sys
lang, files = sys.argv[1], sys.argv[2:]
# names are data ("nhóm 2.1: ..." numbers a section): numbers are checked in what is left without them
names = sorted({n for i in json.load(open("indicators.json")) for n in (i.get("name"), i.get("name_en")) if n},
               key=len, reverse=True)
# a code that is also a word of the names (the area-neutral indicator GRDP) is a word there, not a code
codes = [c.strip() for c in open("codes.txt") if c.strip()
         and not any(re.search(r"(?<![\w-])" + re.escape(c.strip()) + r"(?![\w-])", n) for n in names)]
code_re = re.compile(r"(?<![\w-])(" + "|".join(re.escape(c) for c in codes) + r")(?![\w-])")
snake = re.compile(r"\b(at_least|at_most|each_year|avg_growth|avg_rate|avg_change|ratio_to_base|on_track|at_risk|"
                   r"off_track|no_data)\b")
vi_words = re.compile(r"\b(range|cumulative|exceeds|achieved|missed)\b")
long_dec = re.compile(r"\d[.,]\d{5,}")
machine = re.compile(r"\b(nan|NaN|inf|Infinity)\b|(?<![\d.,])-0(?![\d.,])")
sep = "." if lang == "vi" else ","
group = re.compile(r"\d" + re.escape(sep) + r"(\d+)")

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

class Text(html.parser.HTMLParser):
    """Visible text: data and alt/title outside head, style, script and the sources section (data text)."""
    def __init__(self):
        super().__init__()
        self.stack, self.out = [], []
    def skipping(self):
        return any(self.stack)
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        skip = tag in ("head", "style", "script") or a.get("id") == "sources"
        if not skip and not self.skipping():
            self.out += [a[k] for k in ("alt", "title") if a.get(k)]
        if tag not in VOID:
            self.stack.append(skip)
    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()
    def handle_data(self, d):
        if not self.skipping() and d.strip():
            self.out.append(d.strip())

def texts(path):
    src = open(path, encoding="utf-8").read()
    if path.endswith(".svg"):  # gnuplot's <text> elements, but the source line (URLs, document numbers)
        t = [html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r"<text[^>]*>(.*?)</text>", src, re.S)]
        return [x for x in t if x.strip() and not re.match(r"^\s*(Nguồn|Sources):", x)]
    if path.endswith(".txt"):
        return [l for l in src.splitlines() if l.strip()]
    p = Text(); p.feed(src); return p.out

bad = 0
for f in files:
    for t in texts(f):
        why = []
        if snake.search(t): why.append("shape/status code")
        if lang == "vi" and vi_words.search(t): why.append("English code word")
        if code_re.search(t): why.append("indicator/plan code " + code_re.search(t).group(1))
        for n in names:
            t = t.replace(n, "")
        if long_dec.search(t): why.append("more than 4 decimals")
        if machine.search(t): why.append("machine value")
        for m in group.finditer(t):
            if len(m.group(1)) != 3: why.append("decimal " + ("point" if lang == "vi" else "comma")); break
        if why:
            bad += 1
            if bad <= 15: print("%s: %s: %r" % (f, ", ".join(why), t[:160]))
print("%d texts to fix" % bad)
sys.exit(1 if bad else 0)
PY
check "vi page: no code word, no machine number" 'python3 readable.py vi vi/index.html'
check "en page: no code word, no machine number" 'python3 readable.py en en/index.html'
check "en charts (SVG): no code word, no machine number" 'python3 readable.py en en/charts/*.svg'
check "vi table: no code word, no machine number" 'python3 readable.py vi table-vi.txt'
check "en table: no code word, no machine number" 'python3 readable.py en table-en.txt'
(cd "$T" && "$BIN" report --out vi-img) > /dev/null 2>&1
check "vi charts (SVG): no code word, no machine number" 'python3 readable.py vi vi-img/charts/*.svg'

# every target row says its target in words, and what the plans are
rows=$(grep -c '<tr class="target"' vi/index.html)
check "one row per target ($rows)" '[ "$rows" -eq "$(("$(cd "$ROOT" && "$BIN" assess --format csv | wc -l)" - 1))" ]'
check "the plans' documents and dates, cited as the sources cite them" \
    'grep -q "<p class=\"meta\">Quyết định số 2902/QĐ-UBND ngày 20/12/2021 của UBND tỉnh Bình Dương · " vi/index.html &&
     grep -q "<p class=\"meta\">Decision No. 2902/QĐ-UBND dated 20 December 2021 of the Bình Dương Provincial People&#39;s Committee · " en/index.html'
# under a plan's name the deadline says what is sent ("Hạn gửi" alone did not); the owed tables' column keeps it short
check "a plan's reporting deadline" \
    'grep -q " · Hạn gửi số liệu: 30/11 hằng năm</p>" vi/index.html && grep -q " · Reporting deadline: 30 November every year</p>" en/index.html &&
     ! grep -q " · Hạn gửi: " vi/index.html && grep -q "<th>Hạn gửi</th>" vi/index.html'
check "the English pack names a plan's document in English, dated" \
    'grep -q "Decision No. 2902/QĐ-UBND dated 20 December 2021 of the Bình Dương Provincial People&#39;s Committee" en/index.html &&
     ! grep -q "của UBND" en/index.html'
# the same figure reads the same on every plan's page: Bình Dương's GRDP per person 2024 is 181,2 beside the
# five-year plan's 210–215 as beside the 2024 plan's 185,5; 99,99% of households with power is not "100%"
check "one figure, one reading across plans (181,2 triệu đồng)" \
    '[ "$(grep -c ">181,2 triệu đồng (2024)<" vi/index.html)" -ge 5 ] && ! grep -q ">181 triệu đồng (2024)<" vi/index.html'
check "a latest figure is not rounded onto its target (99,99% beside ≥ 100%)" 'grep -q ">99,99% (2022)<" vi/index.html'
check "a comparison series is named in lower case inside the phrase" \
    'grep -q "tăng nhanh hơn thu nhập bình quân đầu người" vi/index.html && ! grep -q "tăng nhanh hơn Thu nhập" vi/index.html'
check "a Bình Dương growth target as the plan writes it" 'grep -q "bình quân 2021–2025 tăng ≥ 8,5%/năm" vi/index.html'
check "goals in the resolution's order (Bình Dương: economy before smart city)" \
    '[ "$(grep -o "<h3>[^<]*</h3>" vi/index.html | grep -n "Kinh tế\|Đô thị thông minh" | head -2 | cut -d"<" -f2 | tr -d "\n")" = "h3>Kinh tếh3>Đô thị thông minh" ]'
check "goals in natural order (SDG 2 before SDG 10)" \
    '[ "$(grep -o "(SDG [0-9]*)</h3>" vi/index.html | head -3 | tr -d "\n")" = "(SDG 1)</h3>(SDG 2)</h3>(SDG 3)</h3>" ]'
check "an SDG by its official title (622/QĐ-TTg), the number after it (vi, en)" \
    'grep -q "<h3>Chấm dứt mọi hình thức nghèo ở mọi nơi (SDG 1)</h3>" vi/index.html && ! grep -q "Xóa nghèo (SDG" vi/index.html && grep -q "<h3>Life on land (SDG 15)</h3>" en/index.html &&
     ! grep -q "<h3>SDG [0-9]*</h3>" vi/index.html en/index.html'
check "plans named in English in the English pack" \
    'grep -q "<h2>Bình Dương province five-year socio-economic development plan 2021–2025</h2>" en/index.html && ! grep -q "<h2>Kế hoạch" en/index.html'
check "a unit with its own bracket is not bracketed twice" \
    'grep -q "<span class=\"small\">(‰, ca/1.000 trẻ đẻ sống)</span>" vi/index.html && ! grep -q "<span class=\"small\">([^<]*))</span>" vi/index.html'
# the World Bank's English names give their unit in a bracket: no second one ("GDP growth (annual %) (%)", "Life
# expectancy at birth, total (years) (years)"), a per-mille glossed by the name its symbol alone; a name whose
# brackets do not give it keeps it
check "no unit after a name that gives it" \
    'grep -q ">GDP growth (annual %)</a></td>" en/index.html && ! grep -q "(annual %)</a> <span class=\"small\">" en/index.html &&
     grep -q ">Life expectancy at birth, total (years)</a><sup class=\"caveat\"><a [^>]*>[0-9]*</a></sup></td>" en/index.html &&
     grep -qF ">GDP per capita (current US\$)</a> <span class=\"small\">(USD)</span>" en/index.html &&
     grep -q ">Tốc độ tăng trưởng GDP</a> <span class=\"small\">(%)</span>" vi/index.html &&
     grep -q ">Mortality rate, infant (per 1,000 live births)</a><sup class=\"caveat\"><a [^>]*>[0-9]*</a></sup> <span class=\"small\">(‰)</span>" en/index.html &&
     grep -q ">Tỷ suất tử vong trẻ em dưới 1 tuổi</a><sup class=\"caveat\"><a [^>]*>[0-9]*</a></sup> <span class=\"small\">(‰, ca/1.000 trẻ đẻ sống)</span>" vi/index.html'
# the infant mortality row: the gloss once, after the name; the cells' numbers in ‰; the pace in the gloss's words
# (the gloss was repeated in the target, latest, forecast, band and twice in the pace cell)
check "a per-mille's gloss once in a row, its pace in the gloss's words" \
    'grep "<a href=\"#chart-VN_IMR_VN\">Tỷ suất tử vong trẻ em dưới 1 tuổi</a>" vi/index.html |
       grep -q "<td>năm 2030 ≤ 10‰</td><td>14,0‰ (2023)</td><td>năm 2030 (dự báo): 12,3‰<span class=\"sub\">khoảng dự báo 80%: 9,3–15,2‰</span></td><td>cần giảm 0,571 ca/1.000 trẻ đẻ sống mỗi năm đến 2030; xu hướng giảm 0,225 ca/1.000 trẻ đẻ sống mỗi năm</td>" &&
     [ "$(grep -c "ca/1.000 trẻ đẻ sống)</span></td><td>[^<]*(ca/1.000" vi/index.html)" -eq 0 ] &&
     grep -q "<td>≤ 10‰ in 2030</td><td>14.0‰ (2023)</td>" en/index.html'
# a simulated probability is never 0% or 100%; every band is named a forecast range; a target without data says why
check "no simulated 0% or 100%" '! grep -q "xác suất đạt \(0\|100\)%" vi/index.html && ! grep -q "probability \(0\|100\)%" en/index.html'
check "below 1% instead of 0%" 'grep -q "xác suất đạt dưới 1%" vi/index.html && grep -q "probability below 1%" en/index.html'
check "the band is the 80% forecast range" 'grep -q ">khoảng dự báo 80%: " vi/index.html && grep -q ">80% forecast range: " en/index.html && ! grep -q "khoảng 80%" vi/index.html'
check "Bến Tre's exports (growth 2019–2030): the base year 2018 is missing" \
    'grep -A3 "Kim ngạch xuất khẩu" vi/index.html | grep -q "<span class=\"sub\">chưa có số liệu năm 2018</span>"'
# the status says which base year is missing ("chưa có số liệu năm 2018"): the pace cell does not say it again
check "a missing base year is said once in a row, the pace cell keeps the trend" \
    'grep -A4 "Kim ngạch xuất khẩu" vi/index.html | grep -q "<td>xu hướng tăng 11,6%/năm</td>" &&
     ! grep -q "không tính được nhịp độ cần" vi/index.html && ! grep -q "pace needed unknown" en/index.html &&
     grep -A4 "Poverty\|poor households" en/index.html | grep -q "<td>trend -17.4%/yr</td>"'
check "every target without data says why" \
    '[ "$(grep -c "data-status=\"no_data\"" vi/index.html)" -eq "$(grep "data-status=\"no_data\"" vi/index.html | grep -c "class=\"sub\">\(chưa có số liệu\|mới có số liệu\|chưa đủ số liệu\)")" ]'
check "a status Thiếu số liệu is not followed by its own words" \
    'grep -q "Thiếu số liệu</span></a><span class=\"sub\">chưa có số liệu năm" vi/index.html &&
     ! grep -q "Thiếu số liệu</span>\(</a>\)\?<span class=\"sub\">thiếu số liệu" vi/index.html'
cat > short.py <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
tables = re.findall(r'<table class="(score[^"]*)">(.*?)</table>', page, re.S)
bad = ["%d rows, class %r" % (n, c) for c, body in tables for n in [body.count('<tr class="target"')] if (n <= 3) != (c == "score short")]
css = re.search(r"@media print\{.*?table\.score\.short[^{]*\{break-inside:avoid", page)
print("\n".join(bad[:3]) if bad else "%d short of %d" % (sum(c == "score short" for c, _ in tables), len(tables)))
sys.exit(1 if bad or not css or not tables else 0)
PY
check "printed, a scorecard table of at most 3 rows is kept on one page ($(python3 short.py vi/index.html))" \
    'python3 short.py vi/index.html > /dev/null && python3 short.py en/index.html > /dev/null'
check "a chart for two figures or more: a lone figure is said by its row, not drawn beside its target" \
    '[ ! -e vi/charts/BD_ELEC_HH_BD.gp ] && [ ! -e en/charts/GRDP_VL25.svg ] && [ -s en/charts/BD_EXPORTS_BD.svg ] &&
     grep -q "<td>Tỷ lệ hộ dân sử dụng điện <span class=\"small\">(%)</span></td><td>năm 2025 ≥ 100%</td><td>99,99% (2022)</td>" vi/index.html &&
     [ "$(ls vi/charts/*.gp | grep -vc overview)" -eq 28 ]'
check "figures owed listed by agency" 'grep -q "<th class=\"agency\" colspan=\"3\">Sở Y tế</th>" vi/index.html'
# printed, a page break inside an agency's list repeats its name and the column heads: both are the table's head
check "each agency heading and the column heads are a table head (repeated after a page break)" \
    '[ "$(grep -c "<thead><tr><th class=\"agency\" colspan=\"3\">" vi/index.html)" -eq "$(grep -c "<th class=\"agency\"" vi/index.html)" ] &&
     grep -A1 "<thead><tr><th class=\"agency\" colspan=\"3\">Sở Y tế</th></tr>" vi/index.html | grep -q "^<tr><th>Chỉ tiêu</th><th>Năm còn thiếu</th><th>Hạn gửi</th></tr></thead>"'
check "print CSS repeats table heads" 'grep -q "thead{display:table-header-group}" vi/index.html'
# printed, a plan's name, document and counts were left at a page's foot, its first table on the next page
# (make demo: Bình Dương's 2023 plan, HCMC's 2025-2030 targets, the SDG roadmap): the head keeps with what follows
# (a head with its overview chart may end a page: kept with a table's first row too, it left half a page blank)
check "print CSS keeps a plan's short head with its first table" \
    'grep -q "\.plan-head\.short{break-after:avoid" vi/index.html && ! grep -q "\.plan-head{[^}]*break-after" vi/index.html &&
     grep -q "<div class=\"plan-head short\">" vi/index.html && grep -q "<div class=\"plan-head\">" vi/index.html'

# on a phone (400 px) the six columns broke words inside syllables and pushed the badges off the screen: each
# target is a card, every cell after its column's name in the pack's language
check "phone: the scorecard is cards, each cell named" \
    'grep -q "@media screen and (max-width:640px){body{padding:0 .7em}table.score,table.score tbody,table.score tr,table.score td{display:block" vi/index.html &&
     grep -q "table.score td:nth-child(2)::before{content:\"Mục tiêu: \"}table.score td:nth-child(3)::before{content:\"Số liệu gần nhất: \"}" vi/index.html &&
     grep -q "table.score td:nth-child(6)::before{content:\"Đánh giá: \"}}" vi/index.html &&
     grep -q "table.score td:nth-child(5)::before{content:\"Pace needed and trend: \"}" en/index.html'
# printed in two columns, Chromium drew the list markers of the second column only: the sources have none, each
# source hangs out of what it gives (the same in both columns)
check "sources: no list markers, a hanging indent" \
    'grep -q "ul.sources{list-style:none;padding-left:0}ul.sources li{[^}]*padding-left:1.2em;text-indent:-1.2em}" vi/index.html &&
     grep -q "ul.sources .sub{[^}]*text-indent:0}" vi/index.html && ! grep -q "ul.sources{[^}]*padding-left:1em" vi/index.html'
# the sources name what they are the source of
# The sources read as a reader's citations (the document's kind, number, date, issuer and what it is about, from
# the plans' records), each target source a line under its plan's document: where in it ("bản chép 002, dòng 261"
# for a seed reference, an address as a link named by its publisher) and the targets it sets; a source of figures
# an item of its own, an address linked the same way, naming the indicators it gives figures for
check "a source names its indicators; a World Bank source in the reader's words (stored as the WDI import wrote it: history shows that)" \
    'grep -q "<li>Ngân hàng Thế giới, Chỉ số Phát triển Thế giới (WDI), mã SP.URB.TOTL.IN.ZS, cập nhật ngày 07/10/2025<span class=\"sub\">Số liệu về: Tỷ lệ dân số thành thị (Việt Nam)</span></li>" vi/index.html &&
     grep -q "<li>World Bank, World Development Indicators, series SP.URB.TOTL.IN.ZS, updated 7 October 2025<span class=\"sub\">" en/index.html &&
     grep -q "^set label 2 '"'"'Nguồn: mục tiêu: Nghị quyết 306/NQ-CP · số liệu: Ngân hàng Thế giới, Chỉ số Phát triển Thế giới (WDI), mã SP.DYN.TFRT.IN, cập nhật ngày 07/10/2025'"'"'" vi/charts/VN_FERTILITY_VN.gp &&
     ! grep -q "World Bank WDI" vi/index.html en/index.html vi/charts/*.gp en/charts/*.gp &&
     "$BIN" history VN_URBAN --area VN --format csv | grep -q "World Bank WDI SP.URB.TOTL.IN.ZS, updated 2025-10-07"'
check "a plan's document cited in full (vi): kind, number, date, issuer, what it is about; then where, and the targets" \
    'grep -q "^<li class=\"doc\">Quyết định số 2699/QĐ-UBND ngày 14/12/2018 của UBND tỉnh Bến Tre về Kế hoạch hành động phát triển bền vững tỉnh Bến Tre đến năm 2030<span class=\"sub\">bản chép 002, dòng 261 — Mục tiêu về: Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều" vi/index.html &&
     grep -q "^<li class=\"doc\">Nghị quyết số 16/2021/QH15 ngày 27/07/2021 của Quốc hội về Kế hoạch phát triển kinh tế - xã hội 5 năm 2021-2025 (cả nước)<span class=\"sub\">Mục tiêu về: " vi/index.html &&
     grep -q "^<li class=\"doc\">Kế hoạch hành động số 1847/KH-UBND ngày 04/05/2018 của UBND tỉnh Bình Dương về " vi/index.html'
check "a plan's document cited in full (en)" \
    'grep -q "^<li class=\"doc\">Decision No. 2699/QĐ-UBND dated 14 December 2018 of the Bến Tre Provincial People&#39;s Committee on “Bến Tre province action plan for sustainable development to 2030”<span class=\"sub\">stored copy 002, line 261 — Targets for: " en/index.html'
check "a date the document states is not repeated, nor a date made up (no date of issue: none shown)" \
    'grep -q "^<li class=\"doc\">Nghị quyết của Quốc hội về kế hoạch phát triển kinh tế - xã hội năm 2022 (thông qua 12/11/2021)<span" vi/index.html &&
     grep -q "^<li class=\"doc\">Nghị quyết của HĐND tỉnh Bình Dương về kế hoạch năm 2020 (chỉ tiêu như UBND tỉnh nêu ngày 14/11/2020, tienphong.vn)<span" vi/index.html'
check "no seed reference left as it is in the sources (\"002:261\"), none in Vietnamese words in English" \
    '! sed -n "/id=\"sources\"/,\$p" vi/index.html en/index.html | grep -q "[0-9]\{3\}:[0-9]" && ! grep -q "bản chép" en/index.html &&
     grep -q "<p class=\"small\">“Bản chép NNN, dòng N”: dòng N của văn bản trong bản chép lưu kèm bộ dữ liệu" vi/index.html'
# printed in two columns, a plan's document with its many lines breaks between them: kept whole, Bình Dương's 2902
# (50 lines) was moved past the rest of a column and a page
check "sources: a plan's document in bold; in print it breaks between its lines, a line does not" \
    'grep -q "ul.sources li.doc{break-inside:auto;orphans:3;widows:2}ul.sources .sub{break-inside:avoid}" vi/index.html &&
     grep -q "ul.sources li.doc{font-weight:bold}ul.sources li.doc .sub{font-weight:normal}" vi/index.html &&
     [ "$(grep -c "^<li class=\"doc\">" vi/index.html)" -ge 20 ]'
check "an address as a link named by its publisher; printed, the address after it" \
    'grep -q "^<li><a class=\"src\" href=\"https://voh.com.vn/thoi-su/ben-tre-chi-so-cai-cach-hanh-chinh-tang-7-bac-466815.html\">voh.com.vn</a><span class=\"sub\">Số liệu về: " vi/index.html &&
     grep -q "<span class=\"sub\">theo <a class=\"src\" href=\"https://www.vietnamplus.vn/xay-dung-vinh-long[^\"]*\">vietnamplus.vn</a> (07/11/2025) — Mục tiêu về: " vi/index.html &&
     grep -q "<span class=\"sub\">as reported by <a class=\"src\" href=\"https://www.vietnamplus.vn/xay-dung-vinh-long" en/index.html &&
     grep -q "ul.sources a.src::after{content:\" <\" attr(href) \">\"" vi/index.html'
cat > sources-lines.py <<'PY'
import html, re, sys, sqlite3, os
page, word, fig = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], sys.argv[3]
section = page[page.index('<section id="sources">'):page.index("</ul>", page.index('<section id="sources">'))]
items = [l for l in section.split("\n") if l.startswith("<li")]
sub = r'<span class="sub">(?:(?:[^<]|<a [^>]*>[^<]*</a>)* — )?(?:%s|%s): [^<]+ \([^<]+\)</span>' % (re.escape(word), re.escape(fig))
bad = 0
for it in items:  # every item ends in lines naming what it is the source of
    if not re.search("(%s)+</li>$" % sub, it): print("item without its targets or figures: %r" % it[:160]); bad = 1
db = sqlite3.connect(os.environ["CHITIEU_DB"])
pairs = db.execute("SELECT DISTINCT p.code, t.source FROM targets t JOIN plans p ON p.id = t.plan WHERE t.source <> ''").fetchall()
lines = len(re.findall('<span class="sub">(?:(?:[^<]|<a [^>]*>[^<]*</a>)* — )?%s: ' % re.escape(word), section))
if lines != len(pairs): print("%d lines of targets for %d (plan, source) pairs" % (lines, len(pairs))); bad = 1
for plan, src in pairs:
    m = re.search(r", (\d{3}):(\d+)$", src)
    if m:
        w = ("stored copy %s, line %s" if word == "Targets for" else "bản chép %s, dòng %s") % m.groups()
        if section.count('<span class="sub">%s — %s: ' % (w, word)) != 1: print("%s %r: not once as %r" % (plan, src, w)); bad = 1
    elif src.startswith("http"):
        if not re.search('href="%s">[^<]*</a> — %s: ' % (re.escape(html.escape(src)), re.escape(word)), section):
            print("%s %r: no link with its targets" % (plan, src)); bad = 1
sys.exit(bad)
PY
check "every target source is in the sources section once per plan, with its targets; every item names what it gives (vi)" \
    '[ "$(sqlite3 "$CHITIEU_DB" "SELECT count(DISTINCT source) FROM targets WHERE source <> '"''"'")" -gt 80 ] && python3 sources-lines.py vi/index.html "Mục tiêu về" "Số liệu về"'
check "every target source is in the sources section once per plan, with its targets; every item names what it gives (en)" \
    'python3 sources-lines.py en/index.html "Targets for" "Figures for"'
check "a source of a target and of figures is one item, both lines" \
    'grep -q "<span class=\"sub\"><a class=\"src\" href=\"https://bnews.vn/binh-duong-dat-tang-truong-grdp-thuoc-nhom-cao-nhat-ca-nuoc/180305.html\">bnews.vn</a> — Mục tiêu về: Tốc độ tăng chỉ số sản xuất công nghiệp (IIP) (Bình Dương)</span><span class=\"sub\">Số liệu về: Tốc độ tăng trưởng GRDP; [^<]*(Bình Dương)</span>" vi/index.html'
check "a target without figures (no chart, no footnote) has its source listed" \
    'grep -q "<span class=\"sub\">bản chép 002, dòng 701 — Mục tiêu về: Tỷ lệ cơ quan Đảng" vi/index.html'
check "a source shared by two plans is under each plan's document (kienthuc.net.vn: 2021 and 2022 plans)" \
    '[ "$(grep -c "<span class=\"sub\"><a class=\"src\" href=\"https://kienthuc.net.vn/kinh-doanh/sap-nhieu[^\"]*\">kienthuc.net.vn</a> — Mục tiêu về: Tốc độ tăng trưởng GRDP" vi/index.html)" = 2 ]'
# Two plans' 2025 targets inside a chart, close in value (Viet Nam's GDP per person ≥ 4.700 and ≥ 4.900 USD; agricultural
# labour ≤ 25% and ≤ 26%): side by side within the year, a triangle and a diamond, each named in the key, in vi and en,
# drawn (SVG)
check "close targets of one year inside a chart: side by side, their own shapes, named in the key (vi, en)" \
    'grep -q "using (\$1-0.220):2 with points ls 7 pt 9 ps 1.4 title '"'"'Mục tiêu: năm 2025 ≥ 4.700 USD'"'"'" vi/charts/VN_GDP_PC_VN.gp &&
     grep -q "using (\$1+0.220):2 with points ls 7 pt 13 ps 1.4 title '"'"'Mục tiêu: năm 2025 ≥ 4.900 USD'"'"'" vi/charts/VN_GDP_PC_VN.gp &&
     grep -q "using (\$1-0.220):2 with points ls 7 pt 9 ps 1.4 title '"'"'Mục tiêu: năm 2025 ≤ 25%'"'"'" vi/charts/VN_AGR_EMP_VN.gp &&
     grep -q "using (\$1+0.220):2 with points ls 7 pt 13 ps 1.4 title '"'"'Mục tiêu: năm 2025 ≤ 26%'"'"'" vi/charts/VN_AGR_EMP_VN.gp &&
     grep -q ">Target: ≥ 4,900 USD in 2025<" en/charts/VN_GDP_PC_VN.svg && grep -q ">Target: ≤ 26% in 2025<" en/charts/VN_AGR_EMP_VN.svg &&
     [ "$(grep -l "ps 1.4 title" vi/charts/*.gp | wc -l)" = 2 ]'
# A chart's footnote names its sources short, as the sources section does: a seed reference in words, an article by
# its publisher (once), no web address (printed on paper it told nothing and took the line)
check "a chart's footnote: seed references in words, articles by publisher once, no address (vi, en)" \
    'grep -q "^set label 2 '"'"'Nguồn: mục tiêu: 2699/QĐ-UBND, bản chép 002, dòng 261; 2699/QĐ-UBND, bản chép 002, dòng 257 · số liệu: vietnamnet.vn; thoibaotaichinhvietnam.vn; molisa.gov.vn'"'"'" vi/charts/BT_POOR_HH_BT.gp &&
     grep -q "^set label 2 '"'"'Nguồn: mục tiêu: 2699/QĐ-UBND, bản chép 002, dòng 2343 · số liệu: vacne.org.vn; thiennhien.net'"'"'" vi/charts/BT_FOREST_COVER_VN.gp &&
     grep -q "^set label 2 '"'"'Sources: target: 2699/QĐ-UBND, stored copy 002, line 261; " en/charts/BT_POOR_HH_BT.gp &&
     ! grep -h "^set label 2 '"'"'\(Nguồn\|Sources\):" vi/charts/*.gp en/charts/*.gp | grep -q "https\?://\|[0-9]\{3\}:[0-9]"'
check "the section is named for both" 'grep -q "<h2>Nguồn mục tiêu và số liệu</h2>" vi/index.html && grep -q "<h2>Sources of the targets and figures</h2>" en/index.html'
check "an overview for a plan with open targets, none for a yearly plan whose targets are all settled" \
    '[ -s vi-img/charts/overview-BD-2021-2025.svg ] && ! ls vi-img/charts/overview-BD-2022.* > /dev/null 2>&1'
check "an area with its own bracket is not bracketed twice after a name (Vĩnh Long (mới))" \
    'grep -q "(Vĩnh Long, mới)" vi/index.html && ! grep -q "(mới))" vi/index.html && ! grep -q "(mới))" en/index.html'
check "no chart for a target without figures" '! ls vi-img/charts/BD_SC_EHR_BD.* > /dev/null 2>&1'

# An English-speaking reader meets no Vietnamese label: areas by their English names ("Bình Dương province",
# "Viet Nam", "(new)"), plans' documents and lead agencies in English; what stays Vietnamese is names (of places)
# and document numbers ("2902/QĐ-UBND"); the sources cite the plans' documents in English.
sqlite3 "$CHITIEU_DB" "SELECT name FROM areas UNION SELECT name_en FROM areas WHERE name_en IS NOT NULL" > area-names.txt
cat > english.py <<'PY'
import html, re, sys
files = sys.argv[1:]
names = sorted({re.sub(r"^Thành phố | \(mới\)$| (province|city|City)( \(new\))?$", "", l.strip())
                for l in open("area-names.txt", encoding="utf-8") if l.strip()}, key=len, reverse=True)
vi = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
def bare(t):  # the text without place names, document numbers and addresses
    t = re.sub(r"\S*/\S*", "", t)
    for n in names: t = t.replace(n, "")
    return t
bad = 0
for f in files:
    src = open(f, encoding="utf-8").read()
    if f.endswith(".svg"):
        items = [html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r"<text[^>]*>(.*?)</text>", src, re.S)]
        items = [t for t in items if not t.strip().startswith("Sources:")]
        srcs = []
    else:
        body = re.sub(r"<(style|script)\b.*?</\1>", "", src, flags=re.S)
        cut = body.index('<section id="sources">')
        items = [html.unescape(t) for t in re.split(r"<[^>]+>", body[:cut])]
        srcs = [html.unescape(m) for m in re.findall(r"<li(?: class=\"doc\")?>([^<]*)<span", body[cut:])]
    for t in items:
        if vi.search(bare(t)): bad += 1; print("%s: Vietnamese label %r" % (f, t.strip()[:120]))
    for t in srcs:
        if vi.search(bare(t)) and " — " not in t: bad += 1; print("%s: source without English %r" % (f, t[:120]))
print("%d texts in Vietnamese" % bad)
sys.exit(1 if bad else 0)
PY
check "en page and charts: no Vietnamese label (names and document numbers aside)" 'python3 english.py en/index.html en/charts/*.svg'
check "vi page: the check above does see Vietnamese" '! python3 english.py vi/index.html > /dev/null'
check "areas, documents and agencies by their English names" \
    'grep -q "Area: Viet Nam" en/index.html && grep -q "(Vĩnh Long province, new)" en/index.html &&
     grep -q "<th class=\"agency\" colspan=\"3\">Department of Labour, Invalids and Social Affairs</th>" en/index.html &&
     grep -q "<li class=\"doc\">Resolution No. 16/2021/QH15 dated 27 July 2021 of the National Assembly on “Five-year socio-economic development plan 2021–2025 (whole country)”<span" en/index.html &&
     grep -q "<span class=\"sub\">stored copy 003, line 73 — Targets for: " en/index.html && ! grep -q "Việt Nam\|(mới)\|Sở Y tế" en/index.html'

# Indicators whose figures measure something else than the plans' indicator (datasets/vietnam-wdi: the ILO's
# modelled agricultural employment, FAO forest area, the UN's urban share and estimates) carry a caveat: every
# scorecard row of such an indicator has a mark linking to its note under its plan's tables, each note once per
# plan, in the pack's language (English: note_en, else note); no other row is marked; the chart says it too.
sqlite3 -separator $'\t' "$CHITIEU_DB" "SELECT name, replace(note, char(10), ' ') FROM indicators WHERE note IS NOT NULL" > notes-vi.tsv
sqlite3 -separator $'\t' "$CHITIEU_DB" "SELECT coalesce(name_en, name), replace(coalesce(note_en, note), char(10), ' ')
    FROM indicators WHERE note IS NOT NULL" > notes-en.tsv
cat > caveats.py <<'PY'
import html, re, sys
page, notes = open(sys.argv[1], encoding="utf-8").read(), dict(l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8"))
bad, marked = [], 0
for sec in re.findall(r'<section class="plan" id="plan-(\d+)">(.*?)</section>', page, re.S):
    p, body = sec
    listed = dict(re.findall(r'<li id="caveat-' + p + r'-(\d+)"><strong>(.*?)</strong>: ', body))
    for row in re.findall(r'<tr class="target".*?</tr>', body, re.S):
        name = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<td>(?:<a [^>]*>)?(.*?)(?:</a>)?(?:<sup|<span|</td>)", row).group(1))).strip()
        mark = re.search(r'<sup class="caveat"><a href="#caveat-' + p + r'-(\d+)"', row)
        if name in notes:
            if not mark: bad.append("plan %s: %r without a mark" % (p, name)); continue
            marked += 1
            if html.unescape(listed.get(mark.group(1), "")) != name: bad.append("plan %s: mark %s of %r lists %r" % (p, mark.group(1), name, listed.get(mark.group(1))))
        elif mark: bad.append("plan %s: %r marked without a note" % (p, name))
    for k, name in listed.items():
        want = html.escape(notes.get(html.unescape(name), "?"), quote=True).replace("&#x27;", "&#39;")
        if body.count('<strong>%s</strong>: %s</li>' % (name, want)) != 1: bad.append("plan %s: note %s of %r not once, escaped" % (p, k, name))
print("\n".join(bad) if bad else "%d marked rows" % marked)
sys.exit(1 if bad or marked < 15 else 0)
PY
check "caveats (vi): each row of a noted indicator marked, its note once under its plan ($(python3 caveats.py vi/index.html notes-vi.tsv | head -3 | tr '\n' ' '))" \
    'python3 caveats.py vi/index.html notes-vi.tsv > /dev/null'
check "caveats (en) ($(python3 caveats.py en/index.html notes-en.tsv | head -3 | tr '\n' ' '))" 'python3 caveats.py en/index.html notes-en.tsv > /dev/null'
check "caveats: a plan of Viet Nam lists the ILO's note under 'Lưu ý về số liệu' / 'About the figures'" \
    'grep -q "<div class=\"caveats\"><p>Lưu ý về số liệu</p>" vi/index.html && grep -q "<div class=\"caveats\"><p>About the figures</p>" en/index.html &&
     grep -q "<strong>Tỷ trọng lao động nông nghiệp trong tổng việc làm (ước tính mô hình của ILO)</strong>: Số liệu là ước tính theo mô hình của Tổ chức Lao động Quốc tế (ILO)" vi/index.html &&
     grep -q "</strong>: These figures are the International Labour Organization&#39;s modelled estimate" en/index.html'
check "caveats: the off-track agricultural labour rows are the marked ones" \
    'grep "VN_AGR_EMP_VN\">Tỷ trọng lao động nông nghiệp" vi/index.html | grep "<sup class=\"caveat\">" | grep -q "Chệch hướng"'
cat > scorenotes.py <<'PY'
import csv, json, sys
lang, pack = sys.argv[1], sys.argv[2]
ind = {i["code"]: i for i in json.load(open("indicators.json"))}
def want(code):
    i = ind[code]
    return (i.get("note_en") or i.get("note") if lang == "en" else i.get("note")) or None
rows, objs = list(csv.DictReader(open(pack + "/scorecard.csv", encoding="utf-8"))), json.load(open(pack + "/scorecard.json"))
bad = ["csv %s: %r" % (r["indicator"], r["note"][:30]) for r in rows if (r["note"] or None) != want(r["indicator"])]
bad += ["json %s: %r" % (o["indicator"], (o["note"] or "")[:30]) for o in objs if o["note"] != want(o["indicator"])]
noted = sum(1 for o in objs if o["note"])
print("\n".join(bad) if bad else "%d rows noted" % noted)
sys.exit(1 if bad or noted < 15 or len(rows) != len(objs) else 0)
PY
check "caveats: scorecard.csv and .json carry each row's note in the pack's language ($(python3 scorenotes.py vi vi | head -2 | tr '\n' ' '); $(python3 scorenotes.py en en | head -2 | tr '\n' ' '))" \
    'python3 scorenotes.py vi vi > /dev/null && python3 scorenotes.py en en > /dev/null'
check "indicators lists the notes: the ILO's in Vietnamese and English" \
    'python3 -c "import json, sys; i = {x[\"code\"]: x for x in json.load(open(\"indicators.json\"))}[\"VN_AGR_EMP\"]
sys.exit(0 if i[\"note\"].startswith(\"Số liệu là ước tính theo mô hình của Tổ chức Lao động Quốc tế (ILO)\") and
         i[\"note_en\"].startswith(\"These figures are the International Labour Organization\") else 1)"'
check "caveats: under the chart (vi script, en image)" \
    'grep -q "^set label 4 '"'"'Lưu ý: Số liệu là ước tính theo mô hình của Tổ chức Lao động Quốc tế (ILO)" vi/charts/VN_AGR_EMP_VN.gp &&
     grep -q "Note: These figures are the International Labour Organization" en/charts/VN_AGR_EMP_VN.svg &&
     ! grep -q "set label 4 " vi/charts/VN_GDP_GROWTH_VN.gp'

# Every target and pace whose marker is at a chart's right edge is labelled with its value right of the frame, no
# two labels on top of each other (Viet Nam's GDP growth: five markers within 3 points at 2030).
cat > edge.py <<'PY'
import glob, re, sys
bad, n = [], 0
for gp in sorted(glob.glob("en/charts/*.gp")):
    labels = re.findall(r"^set label 2\d '([^']*)' at first", open(gp, encoding="utf-8").read(), re.M)
    if not labels: continue
    svg = open(gp[:-3] + ".svg", encoding="utf-8").read()
    ys = []
    for l in labels:
        m = re.search(r'translate\(([\d.]+),([\d.]+)\)[^>]*>\s*<text>%s</text>' % re.escape(l), svg)
        if not m: bad.append("%s: %r not drawn" % (gp, l)); continue
        ys.append(float(m.group(2)))
    ys.sort()
    n += len(ys)
    bad += ["%s: labels %.1f px apart" % (gp, b - a) for a, b in zip(ys, ys[1:]) if b - a < 12]
print("\n".join(bad) if bad else "%d labels" % n)
sys.exit(1 if bad or n < 30 else 0)
PY
check "charts: the targets at the right edge labelled, none on another ($(python3 edge.py | head -3 | tr '\n' ' '))" \
    'python3 edge.py > /dev/null'
cat > gdplabels.py <<'PY'
import re, sys
want = {"vi": ["≥ 7%", "7,82%", "≥ 8%", "9,50%", "≥ 10%"], "en": ["≥ 7%", "7.82%", "≥ 8%", "9.50%", "≥ 10%"]}
got = {l: re.findall(r"^set label 2\d '([^']*)' at first 2030,", open(l + "/charts/VN_GDP_GROWTH_VN.gp", encoding="utf-8").read(), re.M)
       for l in want}
print(got)
sys.exit(0 if got == want else 1)
PY
check "charts: Viet Nam's GDP growth labels its five 2030 markers, bottom to top ($(python3 gdplabels.py))" \
    'python3 gdplabels.py > /dev/null'

# Hostile text in every field the pack shows (synthetic): names, units, goals, agencies, areas, plan, document,
# sources of targets and figures.  The page holds no live markup in either language, and each text is shown,
# escaped; the charts render.
mkdir -p hostile && cd hostile || exit 1
export CHITIEU_DB="$T/hostile/h.db"
python3 - <<'PY'
import csv, json
H = {"area": "Tỉnh <img src=x onerror=alert(1)>", "name": "Chỉ tiêu <script>alert(1)</script> & \"x\"",
     "name_en": "Indicator <b>bold</b>", "unit": "tỷ <i>đồng</i>", "goal": "Mục <u>tiêu</u>",
     "agency": "Sở <iframe src=x></iframe> & 'Y'", "plan": "Kế hoạch <svg onload=alert(1)>",
     "doc": "Quyết định </p><script>x()</script>", "tsrc": "văn bản <a href=x>1</a>",
     "osrc": "https://x.vn/?a=1&b=<2>",
     "note": "Ghi chú \"trích\" <script>alert(2)</script> `touch pwned1` $(touch pwned2)\ndòng 'hai' & </li></ol>",
     "note_en": "Note <b>en</b> & `touch pwned3` $(touch pwned4) 'q'"}
json.dump(H, open("hostile.json", "w"))
def w(name, header, rows):
    with open(name, "w", newline="") as f:
        c = csv.writer(f); c.writerow(header); c.writerows(rows)
w("areas.csv", ["code", "name", "level", "parent"], [["HA", H["area"], "province", ""]])
w("ind.csv", ["code", "name", "name_en", "unit", "direction", "min", "max", "goal", "agency", "note", "note_en"],
  [["H1", H["name"], H["name_en"], H["unit"], "up", "", "", H["goal"], H["agency"], H["note"], H["note_en"]],
   ["H2", H["name"] + " 2", H["name_en"] + " 2", H["unit"], "up", "", "", H["goal"], H["agency"], "", ""]])
w("plans.csv", ["plan", "name", "document", "issued"], [["HP", H["plan"], H["doc"], "2021-01-01"]])
w("targets.csv", ["plan", "indicator", "area", "shape", "from", "year", "low", "source"],
  [["HP", "H1", "HA", "at_least", "", "2030", "50", H["tsrc"]], ["HP", "H2", "HA", "avg_growth", "2021", "2030", "5", H["tsrc"]]])
w("obs.csv", ["indicator", "area", "year", "value", "status", "source"],
  [["H1", "HA", str(y), str(30 + y - 2010), "A", H["osrc"]] for y in range(2010, 2025) if y != 2017])
PY
"$BIN" init > /dev/null && "$BIN" load areas.csv ind.csv plans.csv targets.csv obs.csv > load.out 2>&1
check "hostile text loads ($(tail -1 load.out))" '[ $? = 0 ]'
run "hostile report vi" 0 "$BIN" report --out vi
run "hostile report en" 0 "$BIN" report --out en --lang en
cat > inert.py <<'PY'
import html, json, sys
H = json.load(open("hostile.json"))
bad = []
for lang in ("vi", "en"):
    page = open(lang + "/index.html", encoding="utf-8").read()
    for live in ("<script", "<img src=x", "<b>", "<i>", "<u>", "<iframe", "<svg", "<a href=x", "</p><script", "</li></ol>"):
        if live in page: bad.append("%s: live markup %r" % (lang, live))
    if 'href="https://x.vn/?a=1&amp;b=">x.vn</a>&lt;2&gt;' not in page: bad.append("%s: osrc not linked, escaped" % lang)
    keys = ["area", "unit", "agency", "plan", "doc"] + (["name_en", "note_en"] if lang == "en" else ["name", "goal", "note"])
    for k in keys:
        if html.escape(H[k], quote=True).replace("&#x27;", "&#39;") not in page: bad.append("%s: %s not shown escaped" % (lang, k))
svg = open("vi/charts/H1_HA.svg", encoding="utf-8").read()  # the target's source is in the chart's footnote
if "&lt;a href=x>1&lt;/a>" not in svg or "<a href=x>" in svg: bad.append("svg: tsrc not shown escaped")
if "&lt;script>alert(2)&lt;/script> `touch pwned1` $(touch pwned2) dòng" not in svg: bad.append("svg: the note not shown escaped")
import os
bad += ["%s: the note's command ran" % f for f in ("pwned1", "pwned2", "pwned3", "pwned4", "vi/charts/pwned1", "en/charts/pwned3") if os.path.exists(f)]
print("\n".join(bad) if bad else "clean")
PY
check "hostile pack: no live markup, every text shown escaped ($(python3 inert.py | head -3 | tr '\n' ' '))" \
    '[ "$(python3 inert.py)" = clean ]'
check "hostile pack: the chart rendered" '[ -s vi/charts/H1_HA.svg ]'
check "hostile pack: the observed line stops at the missing 2017" 'grep -q "^2016 36$" vi/charts/H1_HA.gp && [ "$(grep -A1 "^2016 36$" vi/charts/H1_HA.gp | head -2 | tail -1)" = "" ]'
cd "$T" || exit 1

# Long names (synthetic: an area, an indicator, its unit, agency and goal, a plan and its document, the sources,
# each of 100 to 400 letters of three bytes) outgrow the text buffers: each is cut at a whole character, so the
# page, the charts and the forms (their file names too) stay UTF-8.
mkdir -p long && cd long || exit 1
export CHITIEU_DB="$T/long/l.db"
python3 - <<'PY'
import csv
def w(name, header, rows):
    with open(name, "w", newline="") as f:
        c = csv.writer(f); c.writerow(header); c.writerows(rows)
w("areas.csv", ["code", "name", "level"], [["LA", "ộ" * 400, "province"]])
w("ind.csv", ["code", "name", "unit", "direction", "agency", "goal"], [["L1", "ệ" * 400, "ữ" * 100, "up", "ạ" * 300, "ố" * 200]])
w("plans.csv", ["plan", "name", "document"], [["LP", "ữ" * 400, "ẫ" * 300]])
w("targets.csv", ["plan", "indicator", "area", "shape", "year", "low", "source"], [["LP", "L1", "LA", "at_least", "2030", "50", "ự" * 400]])
w("obs.csv", ["indicator", "area", "year", "value", "source"], [["L1", "LA", str(y), str(30 + y - 2010), "ở" * 400] for y in range(2010, 2025)])
PY
"$BIN" init > /dev/null && "$BIN" load areas.csv ind.csv plans.csv targets.csv obs.csv > load.out 2>&1
check "long names load" '[ $? = 0 ]'
run "long names: report" 0 "$BIN" report --out vi
check "one target, one chart, one image: said in the singular" \
    'grep -q "^chitieu: report: vi/index.html: 1 target, 1 chart (1 image rendered)$" err'
mkdir -p vi/forms
run "long names: forms" 0 "$BIN" template --year 2025 --out vi/forms/
cat > utf8.py <<'PY'
import glob, sys, zipfile
bad = []
for p in sorted(glob.glob(b"vi/**/*.*", recursive=True)):
    try: p.decode("utf-8")
    except UnicodeDecodeError as e: bad.append("file name %r: %s" % (p, e)); continue
    if p.endswith((b".html", b".svg", b".gp", b".csv")):
        try: open(p, "rb").read().decode("utf-8")
        except UnicodeDecodeError as e: bad.append("%s: %s" % (p.decode(), e))
    if p.endswith(b".xlsx"):
        z = zipfile.ZipFile(p.decode())
        for n in z.namelist():
            try: z.read(n).decode("utf-8")
            except UnicodeDecodeError as e: bad.append("%s %s: %s" % (p.decode(), n, e))
if not glob.glob("vi/forms/*.xlsx"): bad.append("no form written")
print("\n".join(bad) if bad else "clean")
PY
check "long names: every page, chart and script is UTF-8 ($(python3 utf8.py | head -3 | tr '\n' ' '))" '[ "$(python3 utf8.py)" = clean ]'
check "long names: the charts rendered" '[ -s vi/charts/L1_LA.svg ]'
cd "$T" || exit 1

e2e_finish e2e_pack
