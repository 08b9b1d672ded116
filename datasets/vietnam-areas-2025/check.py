#!/usr/bin/env python3
"""Consistency check of staged/areas.csv and staged/successions.csv (run from this folder or give the folder).

Checks what Resolution 202/2025/QH15 implies, independently of chitieu's loader: 63 provinces on 30 June 2025,
34 on 1 July 2025, 52 former provinces each succeeded by exactly one of 23 new ones (clauses 1..23 of Article 1),
11 unchanged provinces without validity bounds, and GSO codes unique among the areas valid on any one day."""
import csv, os, re, sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
stage = os.path.join(root, "staged") if os.path.isdir(os.path.join(root, "staged")) else root
areas = list(csv.DictReader(open(os.path.join(stage, "areas.csv"), encoding="utf-8")))
succ = list(csv.DictReader(open(os.path.join(stage, "successions.csv"), encoding="utf-8")))
prov = {a["code"]: a for a in areas if a["level"] == "province"}

def valid_on(a, day):
    return (a["valid_from"] or "0000") <= day and day <= (a["valid_to"] or "9999")

before = [a for a in prov.values() if valid_on(a, "2025-06-30")]
after = [a for a in prov.values() if valid_on(a, "2025-07-01")]
assert len(before) == 63, len(before)
assert len(after) == 34, len(after)
for day, group in (("2025-06-30", before), ("2025-07-01", after)):
    codes = [a["gso_code"] for a in group]
    assert len(set(codes)) == len(codes), f"GSO code repeated among areas valid on {day}"
    assert all(re.fullmatch(r"\d\d", c) for c in codes), "GSO codes are two digits"
assert all(a["parent"] == "VN" for a in prov.values())

sources = {s["from_area"] for s in succ}
targets = {s["to_area"] for s in succ}
assert len(succ) == 52 and len(sources) == 52, "each former province succeeded once"
assert targets == {a["code"] for a in after if a["valid_from"] == "2025-07-01"}, "successors are the new areas"
for s in succ:
    f, t = prov[s["from_area"]], prov[s["to_area"]]
    assert s["date"] == t["valid_from"] == "2025-07-01" and f["valid_to"] == "2025-06-30", s
    assert s["share"] == "", "whole provinces merged"
clauses = {}
for s in succ:
    m = re.fullmatch(r"Nghị quyết 202/2025/QH15, Điều 1, khoản (\d+)", s["source"])
    assert m, s["source"]
    clauses.setdefault(int(m.group(1)), set()).add(s["to_area"])
assert sorted(clauses) == list(range(1, 24)) and all(len(v) == 1 for v in clauses.values())
unchanged = [a for a in after if not a["valid_from"]]
assert len(unchanged) == 11 and all(not a["valid_to"] for a in unchanged)
print(f"ok: {len(before)} provinces to 2025-06-30, {len(after)} from 2025-07-01 "
      f"({len(targets)} new, {len(unchanged)} unchanged), {len(succ)} successions in 23 clauses")
