"""Fills a blank moderation return: auditor A2 is moved down one grade on every _overall and assessment grade
it can be; the others agree, except every third form's plan moved up. Grades come from the store."""
import csv, sqlite3, sys
G = ["Inadequate", "Requires improvement", "Good", "Outstanding"]
db = sqlite3.connect("audit.db")
rows = list(csv.DictReader(open(sys.argv[1])))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["form_id", "domain", "moderator", "moderator_grade", "reason_code", "reason", "agreed_grade", "moderated_date"])
for k, r in enumerate(rows):
    auditor, grade = db.execute("SELECT a.auditor, j.auditor_grade FROM audit_latest a JOIN judgement j ON "
                                "j.audit_id = a.id AND j.domain = ? WHERE a.form_id = ?", (r["domain"], r["form_id"])).fetchone()
    g = G.index(grade)
    m, code, reason = g, "agreed", ""
    if auditor == "A2" and r["domain"] != "plan" and g > 0:
        m, code, reason = g - 1, "over-generous", "Planning drift not weighed"
    elif r["domain"] == "plan" and k % 3 == 0 and g < 3:
        m, code, reason = g + 1, "evidence-missed", "Direct work recorded in case notes"
    w.writerow([r["form_id"], r["domain"], r["moderator"], G[m], code, reason, G[m], sys.argv[2] + "-24"])
