#!/usr/bin/python3
"""Rewrite a demo case list so that case references, workers, team managers and teams begin with '=', '+', '-'
or '@' (as a council's export may hold them, raw), and write a roster of auditors whose names do too."""
import csv, sys

src, out, roster = sys.argv[1:4]
rows = list(csv.DictReader(open(src, encoding="utf-8-sig", newline="")))
cols = {c.lower().replace(" ", "").replace("_", ""): c for c in rows[0]}
marks = "=+-@"
teams = sorted({r[cols["team"]] for r in rows})
team_of = {t: marks[i % 4] + t for i, t in enumerate(teams)}
for i, r in enumerate(rows):
    for key in ("casereference", "caseref", "caseid"):
        if key in cols:
            r[cols[key]] = marks[i % 4] + r[cols[key]]
            break
    else:
        sys.exit("no case reference column in " + ",".join(rows[0]))
    r[cols["team"]] = team_of[r[cols["team"]]]
    for key in ("worker", "socialworker", "allocatedworker"):
        if key in cols and r[cols[key]]:
            r[cols[key]] = marks[(i + 1) % 4] + r[cols[key]]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
with open(roster, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["name", "team", "capacity"])
    for i, name in enumerate(["=Auditor A", "+Auditor B", "-Auditor C", "@Auditor D"]):
        w.writerow([name, "Quality Assurance", 20])
