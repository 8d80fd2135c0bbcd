"""Writes three moderation returns of audit F-2026-11-100 (case C202611100): the moderator's grades only (blind),
the agreed grades, and one naming another case."""
import csv, sqlite3
db = sqlite3.connect("audit.db")
grades = dict(db.execute("SELECT j.domain, j.auditor_grade FROM judgement j JOIN audit a ON a.id = j.audit_id "
                         "WHERE a.form_id = 'F-2026-11-100'").fetchall())
head = ["form_id", "case_ref", "domain", "moderator", "moderator_grade", "moderated_date", "agreed_grade",
        "reason_code", "reason"]
def write(name, case, agreed):
    with open(name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        for d in sorted(grades):
            w.writerow(["F-2026-11-100", case, d, "M1", grades[d], "2026-11-24", grades[d] if agreed else "",
                        "agreed" if agreed else "", ""])
write("blind.csv", "C202611100", False)
write("agreed.csv", "C202611100", True)
write("wrong-case.csv", "C999", True)
