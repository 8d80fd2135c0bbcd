#!/usr/bin/python3
"""Python XlsxWriter writing the same form as audit-template render --sample for every case of WORK/sample.csv:
the cells, formulas, merges, formats, validations, row heights and sheets are taken from one form audit-template
wrote (WORK/cpp/*/*.xlsx, outside the timing), then written N times into WORK/py with the case details changed, as
a Python renderer of the same form would. Writes the loop's wall and CPU seconds to WORK/py_seconds.
usage: render_xlsxwriter.py WORK N. For bench_render.sh and compare.sh."""
import csv, os, sys, time, glob
import openpyxl, xlsxwriter
work, n = sys.argv[1], int(sys.argv[2])
model = sorted(glob.glob(os.path.join(work, "cpp", "*", "*.xlsx")))[0]
wb = openpyxl.load_workbook(model)
sheets = []
for ws in wb.worksheets:
    cells = []
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and not c.has_style:
                continue
            f = c.font; fill = c.fill
            style = (bool(f.b), bool(f.i), f.sz, f.color.rgb if f.color is not None and isinstance(f.color.rgb, str) else None,
                     fill.fgColor.rgb if fill.fill_type == "solid" and isinstance(fill.fgColor.rgb, str) else None,
                     bool(c.alignment.wrap_text), c.alignment.horizontal, c.alignment.vertical, c.protection.locked, c.number_format,
                     bool(c.border.left.style))
            cells.append((c.row - 1, c.column - 1, c.value, style))
    dvs = [(dv.type, dv.formula1, dv.formula2, str(dv.sqref)) for dv in ws.data_validations.dataValidation]
    merges = [str(m) for m in ws.merged_cells.ranges]
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    sheets.append((ws.title, ws.sheet_state, cells, dvs, merges, heights, widths))
rows = list(csv.DictReader(open(os.path.join(work, "sample.csv"))))
from xlsxwriter.utility import xl_cell_to_rowcol, xl_range

def argb(v):
    return "#" + v[-6:] if v else None

t0 = time.perf_counter()
c0 = time.process_time()
for case in rows:
    folder = os.path.join(work, "py", case["auditor"].replace(" ", "-"))
    os.makedirs(folder, exist_ok=True)
    book = xlsxwriter.Workbook(os.path.join(folder, case["case_ref"] + ".xlsx"))
    formats = {}
    def fmt(style):
        if style not in formats:
            b, i, sz, colour, fill, wrap, h, v, locked, numfmt, border = style
            props = {"bold": b, "italic": i, "font_size": sz or 11, "font_name": "Arial", "text_wrap": wrap, "locked": locked}
            if colour: props["font_color"] = argb(colour)
            if fill: props["bg_color"] = argb(fill)
            if h: props["align"] = h
            if v: props["valign"] = {"center": "vcenter"}.get(v, v)
            if numfmt and numfmt != "General": props["num_format"] = numfmt
            if border: props["border"] = 1
            formats[style] = book.add_format(props)
        return formats[style]
    for title, state, cells, dvs, merges, heights, widths in sheets:
        ws = book.add_worksheet(title)
        for col, w in widths.items():
            if w: ws.set_column(f"{col}:{col}", w)
        for r, h in heights.items(): ws.set_row(r - 1, h)
        for m in merges:
            first = m.split(":")[0]
            r, c = xl_cell_to_rowcol(first)
            r2, c2 = xl_cell_to_rowcol(m.split(":")[1])
            ws.merge_range(r, c, r2, c2, "", fmt((False, False, 10, None, None, True, None, None, True, "General", True)))
        for r, c, value, style in cells:
            if title == "Audit" and (r, c) == (1, 2): value = case["case_ref"]
            if title == "Audit" and (r, c) == (1, 4): value = case["auditor"]
            if title == "Form" and c == 1 and r < 14: value = {6: case["case_ref"], 7: case["child_ref"], 8: case["team"], 9: case["worker"],
                                                          10: case["category"], 11: case["draw_id"], 12: case["auditor"]}.get(r, value)
            if isinstance(value, str) and value.startswith("="):
                ws.write_formula(r, c, value, fmt(style), "")
            elif value is None:
                ws.write_blank(r, c, None, fmt(style))
            else:
                ws.write(r, c, value, fmt(style))
        for typ, f1, f2, sqref in dvs:
            for rng in sqref.split():
                opts = {"validate": typ}
                if typ == "list": opts["source"] = f1.strip('"').split(",")
                else: opts.update({"criteria": "between", "minimum": f1, "maximum": f2}); opts["validate"] = "date"
                if typ == "date":
                    import datetime
                    opts["minimum"] = datetime.date(2000, 1, 1); opts["maximum"] = datetime.date(2099, 12, 31)
                ws.data_validation(rng, opts)
        if state == "hidden": ws.hide()
        ws.protect()
        if title == "Audit":
            ws.freeze_panes(6, 0); ws.set_paper(9); ws.set_landscape(); ws.fit_to_pages(1, 0); ws.activate()
    book.close()
t1 = time.perf_counter()
c1 = time.process_time()
open(os.path.join(work, "py_seconds"), "w").write(f"{t1 - t0} {c1 - c0}\n")
