#!/usr/bin/python3
"""Fills XLSX moderation forms the way a moderator would in Excel, through each form's identity sheet (never by
row). Usage: fill_forms.py STORE FORM.xlsx... Moderator 'P. Moderator' moves every grade above the worst one
down one grade (over-generous, with a reason) on the overall judgement; every other grade is agreed. The
auditor's grades come from the store (the blind form does not have them)."""
import datetime, sqlite3, sys
import openpyxl

db = sqlite3.connect(sys.argv[1])
for path in sys.argv[2:]:
    wb = openpyxl.load_workbook(path)
    ident = {r[0].value: r[1].value for r in wb["Form"].iter_rows(min_row=2) if r[0].value}
    ws = wb[ident["sheet"]]
    grades = [r[0] for r in db.execute(
        "SELECT label FROM (SELECT DISTINCT computed_grade AS label, computed_rank AS rank FROM judgement "
        "WHERE computed_rank IS NOT NULL) ORDER BY rank")]
    ws[ident["cell.moderated_date"]] = datetime.date(2026, 12, 2)
    moderator = ws[ident["cell.moderator"]].value
    for key, cell in ident.items():
        if not key.startswith("moderator_grade."):
            continue
        d = key.split(".", 1)[1]
        (g,) = db.execute("SELECT COALESCE(j.auditor_grade, j.computed_grade) FROM audit_latest a JOIN judgement j "
                          "ON j.audit_id = a.id WHERE a.form_id = ? AND j.domain = ?",
                          (ident["audit_form_id"], d)).fetchone()
        i = grades.index(g) if g in grades else 0
        if moderator == "P. Moderator" and d == "_overall" and i > 0:
            ws[cell] = grades[i - 1]
            ws[ident["reason_code." + d]] = "over-generous"
            ws[ident["reason." + d]] = "Drift in planning not weighed"
            ws[ident["agreed_grade." + d]] = grades[i - 1]
        else:
            ws[cell] = g
            ws[ident["reason_code." + d]] = "agreed"
            ws[ident["agreed_grade." + d]] = g
    wb.save(path)
