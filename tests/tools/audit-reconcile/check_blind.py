#!/usr/bin/python3
"""Checks blind moderation forms hold nothing of the auditor's judgement in any part of the zip: no rationale or
strengths text from the store, and no cell (any sheet, inline or shared string, cached value) holding a grade.
Usage: check_blind.py STORE GRADE[,GRADE...] FORM.xlsx..."""
import re, sqlite3, sys, zipfile

db = sqlite3.connect(sys.argv[1])
grades = set(sys.argv[2].split(","))
texts = {r[0] for r in db.execute("SELECT rationale FROM judgement WHERE rationale IS NOT NULL AND rationale <> '' "
                                  "UNION SELECT strengths FROM audit WHERE strengths IS NOT NULL AND strengths <> ''")}
assert texts, "the store should hold some rationales or strengths to look for"
for path in sys.argv[3:]:
    z = zipfile.ZipFile(path)
    for name in z.namelist():
        xml = z.read(name).decode("utf-8", "replace")
        for t in texts:
            assert t[:40] not in xml, (path, name, t)
        if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
            for c in re.findall(r"<c [^>]*>(.*?)</c>", xml, re.S) + re.findall(r"<si>(.*?)</si>", xml, re.S):
                value = "".join(re.findall(r"<[tv][^>]*>([^<]*)</[tv]>", c))
                assert value not in grades, (path, name, value)
print("blind: %d forms, no grade and none of %d rationales in any part" % (len(sys.argv) - 3, len(texts)))
