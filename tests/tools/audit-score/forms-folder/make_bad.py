# Bad files among the good returns: a workbook that is not a form, a form cut short, a text file named .xlsx,
# and a form with an answer that is not on the scale (changed with openpyxl).
import shutil, openpyxl
wb = openpyxl.Workbook()
wb.active["A1"] = "case_ref"
wb.save("returns/zz-foreign.xlsx")
data = open("returns/C2001.xlsx", "rb").read()
open("returns/zz-truncated.xlsx", "wb").write(data[: len(data) // 2])
open("returns/zz-notazip.xlsx", "w").write("case_ref,answer\nC2001,Yes\n")
wb = openpyxl.load_workbook("returns/C3005.xlsx")
ident = {r[0].value: r[1].value for r in wb["Form"].iter_rows() if r[0].value}
wb["Audit"][ident["answer.hist-chronology"]] = "Maybe"
wb.save("returns/C3005.xlsx")
