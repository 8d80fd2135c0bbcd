# A return whose identity sheet names another store's id (as a form rendered by another store would).
import glob, openpyxl
path = sorted(glob.glob("returns/*.xlsx"))[1]
wb = openpyxl.load_workbook(path)
ws = wb["Form"]
rows = {r[0].value: r[0].row for r in ws.iter_rows() if r[0].value}
if "store_id" in rows:
    ws.cell(rows["store_id"], 2).value = "0123456789abcdef0123456789abcdef"
else:
    ws.append(["store_id", "0123456789abcdef0123456789abcdef"])
wb["Audit"]["A1"].value = wb["Audit"]["A1"].value  # keep the workbook otherwise as it was
wb.save("foreign.xlsx")
