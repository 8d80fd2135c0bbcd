# Bad moderation forms, made from a rendered one with openpyxl: an unknown grade typed into a grade cell, a
# changed grade without a reason, an audit form, a foreign workbook, a form cut short, a text file named .xlsx.
import glob, shutil, openpyxl
form = sorted(glob.glob("moderation/forms/*/*.xlsx"))[0]
wb = openpyxl.load_workbook(form)
ident = {r[0].value: r[1].value for r in wb["Form"].iter_rows(min_row=2) if r[0].value}
ws = wb["Moderation"]
for key, cell in ident.items():
    if key.startswith("moderator_grade."):
        d = key.split(".", 1)[1]
        ws[cell] = ws[ident["agreed_grade." + d]] = "Inadequate"
        ws[ident["reason_code." + d]] = "over-generous"
        ws[ident["reason." + d]] = "Not evidenced"
ws[ident["moderator_grade._overall"]] = "Brilliant"
ws[ident["reason.assessment"]] = None
wb.save("bad/grades.xlsx")
shutil.copy(sorted(glob.glob("returns/**/*.xlsx", recursive=True))[0], "bad/audit-form.xlsx")
wb = openpyxl.Workbook()
wb.active["A1"] = "form_id"
wb.save("bad/foreign.xlsx")
data = open(form, "rb").read()
open("bad/truncated.xlsx", "wb").write(data[: len(data) // 2])
open("bad/text.xlsx", "w").write("form_id,domain\n")
