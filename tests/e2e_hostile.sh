#!/usr/bin/env bash
# e2e_hostile.sh — hostile text in every text field of every file kind (area, indicator, plan,
# target and observation text; synthetic), then every command that writes data out, in every
# format: JSON parses and carries the text unchanged, no CSV field starts a spreadsheet formula
# and stripping the guard gives the text back, the HTML pack holds no live markup, gnuplot runs
# nothing (marker files never appear), and export -> load -> export is the identity.
set -u
. "$(dirname "$0")/e2e-lib.sh"
cd "$T" || exit 1

# One hostile text per field; each starts differently so the CSV guard sees every prefix.
python3 - "$T" <<'PY'
import csv, json, sys
t = sys.argv[1]
H = {
 "ind_name": "=cmd|' /C calc'!A0 `touch %s/M1` Chỉ tiêu" % t,
 "ind_name_en": "+SUM(1) <script>alert(1)</script>",
 "ind_unit": "-2+3 \"%%\" \\",
 "ind_goal": "@goal\nsecond line $(touch %s/M2)" % t,
 "ind_agency": "'); DROP TABLE observations;-- ",
 "ind_note": "=note, \"quoted\"; `touch %s/M4`\nsecond line <b>x</b> & 50%%" % t,
 "ind_note_en": "-note en\twith a tab, 'q' $(touch %s/M5) \\" % t,
 "area_name": "=HYPERLINK(\"http://x\") <img src=x onerror=alert(1)>",
 "plan_name": "@plan '; system('touch %s/M3'); ' Kế hoạch" % t,
 "plan_doc": "-doc & </td></tr><script>x()</script>",
 "tgt_source": "+src \"quoted\" ''",
 "tgt_note": "-note\nnew line `id` %s %n",
 "obs_source": "=src,with,commas",
 "obs_note": "@n <b>",
}
H["ind_agency"] = H["ind_agency"].strip()
json.dump(H, open(t + "/hostile.json", "w"))
def w(name, header, rows):
    with open(t + "/" + name, "w", newline="") as f:
        c = csv.writer(f)
        c.writerow(header)
        c.writerows(rows)
w("areas.csv", ["code", "name", "level", "parent"], [["HA", H["area_name"], "province", ""]])
w("ind.csv", ["code", "name", "name_en", "unit", "direction", "min", "max", "goal", "agency", "note", "note_en"],
  [["H1", H["ind_name"], H["ind_name_en"], H["ind_unit"], "up", "", "", H["ind_goal"], H["ind_agency"],
    H["ind_note"], H["ind_note_en"]]])
w("plans.csv", ["plan", "name", "document", "issued"], [["HP", H["plan_name"], H["plan_doc"], "2021-01-01"]])
w("targets.csv", ["plan", "indicator", "area", "shape", "year", "low", "source", "note"],
  [["HP", "H1", "HA", "at_least", "2030", "50", H["tgt_source"], H["tgt_note"]]])
w("obs.csv", ["indicator", "area", "year", "value", "status", "source", "note"],
  [["H1", "HA", str(y), str(30 + y - 2010), "A", H["obs_source"], H["obs_note"]] for y in range(2010, 2025)])
PY
"$BIN" --db h.db load areas.csv ind.csv plans.csv targets.csv obs.csv >load.out 2>&1
check "hostile text loads ($(cat load.out))" '[ $? = 0 ]'

# Every reading command in every format.
cmds=("indicators" "series H1 --area HA" "history H1 --area HA" "missing --year 2025" "assess"
      "project H1 --area HA --to 2030")
for c in "${cmds[@]}"; do
  for f in table csv json; do
    o="out-${c%% *}.$f"
    # shellcheck disable=SC2086
    "$BIN" --db h.db $c --format "$f" >"$o" 2>"$o.err"
    check "$c --format $f exits 0 ($(head -c 200 "$o.err"))" '[ $? = 0 ]'
  done
done
"$BIN" --db h.db export >out-export.csv 2>export.err
check "export exits 0" '[ $? = 0 ]'
"$BIN" --db h.db report --out pack >/dev/null 2>report.err
check "report exits 0 ($(cat report.err))" '[ $? = 0 ] && [ -s pack/index.html ]'
"$BIN" --db h.db chart H1 --area HA --out ch --format svg >/dev/null 2>chart.err
check "chart exits 0 and renders ($(cat chart.err))" '[ $? = 0 ] && [ -s ch/H1_HA.svg ]'
(cd ch && gnuplot H1_HA.gp) 2>/dev/null
check "the kept script runs again in gnuplot" '[ $? = 0 ]'

# The checker: JSON valid and faithful, CSV guarded and faithful, tables one line per row, HTML inert.
python3 - "$T" >check.out 2>&1 <<'PY'
import csv, glob, json, os, re, sys
t = sys.argv[1]; os.chdir(t)
H = json.load(open("hostile.json"))
texts = set(H.values())
bad = []
def walk(x, seen):
    if isinstance(x, dict):
        for v in x.values(): walk(v, seen)
    elif isinstance(x, list):
        for v in x: walk(v, seen)
    elif isinstance(x, str):
        seen.add(x)
# the outputs that must carry hostile text unchanged (CSV: once the ' guard is removed)
carries = {"out-indicators": ("ind_name", "ind_name_en", "ind_unit", "ind_goal", "ind_agency", "ind_note", "ind_note_en"),
           "pack/scorecard": ("ind_note",),
           "out-history": ("obs_source", "obs_note"), "out-export": ("obs_source", "obs_note")}
def faithful(f, seen):
    for k in carries.get(f.rsplit(".", 1)[0], ()):
        if H[k] not in seen: bad.append("%s: %s not carried unchanged" % (f, k))
for f in sorted(glob.glob("out-*.json")) + ["pack/scorecard.json"]:
    try:
        seen = set(); walk(json.load(open(f, encoding="utf-8")), seen)
    except Exception as e:
        bad.append("%s: not JSON: %s" % (f, e)); continue
    faithful(f, seen)
# a text field may not start with = + - @ tab CR (the CLI writes a ' before them); numbers may be negative
formula = re.compile(r"^[=+\-@\t\r]")
number = re.compile(r"^-?[0-9.]+(e[-+]?[0-9]+)?$")
for f in sorted(glob.glob("out-*.csv")) + ["pack/scorecard.csv"]:
    seen = set()
    for row in csv.reader(open(f, newline="", encoding="utf-8")):
        for x in row:
            if formula.match(x) and not number.match(x): bad.append("%s: field starts a formula: %r" % (f, x[:40]))
            seen.add(x[1:] if x[:1] == "'" and formula.match(x[1:]) else x)
    faithful(f, seen)
for f in sorted(glob.glob("out-*.table")):
    for line in open(f, encoding="utf-8"):
        if any(ord(ch) < 32 and ch != "\n" for ch in line): bad.append("%s: control character in a table" % f)
html = open("pack/index.html", encoding="utf-8").read()
for live in ("<script", "<img src=x", "<b>", "</td></tr><script"):
    if live in html: bad.append("index.html: live markup %r" % live)
for k in ("area_name", "ind_name", "ind_unit"):
    esc = H[k].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")
    if esc not in html: bad.append("index.html: %s not shown escaped" % k)
print("\n".join(bad) if bad else "clean")
PY
check "outputs: $(cat check.out)" '[ "$(cat check.out)" = clean ]'
check "no marker file: nothing from data ran" '[ -z "$(ls "$T" | grep "^M[0-9]")" ]'

# export -> load into a fresh store -> export gives the same bytes.
"$BIN" --db h2.db load areas.csv ind.csv plans.csv >/dev/null 2>&1 && "$BIN" --db h2.db load out-export.csv >/dev/null 2>&1
check "the export loads back" '[ $? = 0 ]'
"$BIN" --db h2.db export >out2-export.csv 2>/dev/null
check "export -> load -> export is the identity" 'cmp -s out-export.csv out2-export.csv'

e2e_finish e2e_hostile
