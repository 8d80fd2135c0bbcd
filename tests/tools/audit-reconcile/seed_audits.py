#!/usr/bin/python3
"""Puts synthetic audits with judgements into a store made by the toolkit (the schema must exist: run any
audit-reconcile command on the store first). Usage: seed_audits.py STORE PERIOD[,PERIOD...] [AUDITS_PER_AUDITOR]
Auditors A1..A4 (teams T1, T2), domains assessment, plan, _overall; grades cycle deterministically.
Form ids F-<period>-<n>, case refs C<period digits><n>."""
import sqlite3, sys

GRADES = ["Inadequate", "Requires improvement", "Good", "Outstanding"]
store, periods = sys.argv[1], sys.argv[2].split(",")
per = int(sys.argv[3]) if len(sys.argv) > 3 else 5
db = sqlite3.connect(store)
n = 0
for period in periods:
    for a in range(4):
        for k in range(per):
            n += 1
            auditor, team = f"A{a + 1}", f"T{a % 2 + 1}"
            form = f"F-{period}-{a + 1}{k:02d}"
            case = f"C{period.replace('-', '')}{a + 1}{k:02d}"
            cur = db.execute(
                "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, team, "
                "period, completed_date, source_hash, imported_at) VALUES (?, 1, ?, 'cin-cp', '1', ?, ?, ?, ?, "
                "'seed', '2026-01-01T00:00:00Z')",
                (form, case, auditor, team, period, period[:4] + "-01-15"))
            aid = cur.lastrowid
            for d, dom in enumerate(["assessment", "plan", "_overall"]):
                g = (n * 7 + d * 3 + a) % 4
                db.execute("INSERT INTO judgement (audit_id, domain, computed_grade, computed_rank, auditor_grade, "
                           "auditor_rank) VALUES (?, ?, ?, ?, ?, ?)", (aid, dom, GRADES[g], g + 1, GRADES[g], g + 1))
db.commit()
