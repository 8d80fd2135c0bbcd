#!/usr/bin/python3
"""A small hand-made Annex A workbook (openpyxl) for the audit-report kpis cases, counted by hand at the as-of date
Tuesday 7 April 2026 (Good Friday 3 and Easter Monday 6 April are bank holidays). The same rows as
tests/unit/report/kpi_compute_test.cpp; the expected counts are there, with the reason for each row.

usage: make_annex.py OUT.xlsx [--drop N]... [--rename N:OLD=NEW]... [--shift-days D]
  --drop N           leave list N out
  --rename N:OLD=NEW rename a header of list N
  --shift-days D     move every date D days later (a month's extract for a series)
"""
import datetime
import sys

import openpyxl

LISTS = {
    3: ("List 3", None, ["Child Unique ID", "Date of Referral", "Referral NFA?", "Number of Referrals in Last 12 Months"], [
        ["R1", "2026-04-01", "b) No", 1], ["R2", "2026-03-01", "b) No", 2], ["R3", "2025-11-30", "b) No", 3],
        ["R4", "2025-10-07", "b) No", 4], ["R5", "2026-02-01", "b) No", None], ["R6", "2026-02-02", "b) No", "two"]]),
    4: ("List 4", None, ["Child ID", "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"], [
        ["A1", "2026-01-30", "2026-04-07"], ["A2", "2026-01-29", "2026-04-07"], ["A3", "2025-09-01", "2025-10-07"],
        ["A4", "2025-10-01", "2025-10-08"], ["A5", "2026-03-01", None], ["A6", "2026-03-10", "2026-03-05"]]),
    5: ("List 5", None, ["Child Unique ID", "Strategy Discussion Initiating Section 47 Enquiry Start Date", "Was an ICPC Held?", "Date of ICPC"], [
        ["S1", "2026-03-16", "a) Yes", "2026-04-07"], ["S2", "2026-03-13", "a) Yes", "2026-04-07"],
        ["S3", "2026-03-12", "a) Yes", "2026-04-07"], ["S4", "2025-12-19", "a) Yes", "2026-01-12"],
        ["S5", "2026-03-20", "b) No", None], ["S6", "2025-09-01", "a) Yes", "2025-09-20"]]),
    7: ("List_7", "List 7: Child Protection", ["Child Unique ID", "Child Protection Plan Start Date", "Date of Last Statutory Visit",
                                                "Was the Child Seen Alone?", "Child Protection Plan End Date",
                                                "Number of Previous Child Protection Plans"], [
        ["C1", "2025-10-01", "2026-03-20", "a) Yes", None, 0], ["C2", "2025-11-15", "2026-03-19", "b) No", None, 1],
        ["C3", "2026-01-10", "2026-04-07", "Yes", None, 2], ["C4", "2023-01-05", "2026-02-01", "a) Yes", "2026-02-10", 0],
        ["C5", "2025-06-01", "2026-04-01", "a) Yes", "2026-04-07", 0], ["C6", "2026-04-08", None, None, None, 0],
        ["C7", "2025-12-01", "=#REF!", None, None, "n/k"], ["C8", "2025-10-07", "2026-03-23", "Y", None, 3]]),
    8: ("List8", None, ["Child Unique ID", "Date Started to be Looked After", "Date of the Last Statutory Visit",
                        "Date of Latest Statutory Review", "Date of Last Health Assessment", "Date of Last Dental Check",
                        "Number of Placements in the Last 12 Months", "Date Ceased to be Looked After"], [
        ["L1", "2024-01-10", "2026-03-01", "2025-10-07", "2025-04-07", "2025-04-06", 3, None],
        ["L2", "2025-10-08", "2026-02-24", None, None, None, 1, None],
        ["L3", "2025-04-07", "2026-02-23", "2025-10-06", "2026-01-01", None, 5, None],
        ["L4", "2020-01-01", "2026-02-01", "2026-01-01", "2026-01-01", "2026-01-01", 4, "2026-03-01"],
        ["L5", "2023-05-05", "2026-04-07", "2026-01-01", "=NA()", "2025-12-12", 0, "2026-05-01"]]),
    9: ("List 9", None, ["Child Unique ID", "In Touch", "Activity", "Accommodation Suitability"], [
        ["Y1", "a) Yes", "a) In education, training or employment", "a) Suitable"],
        ["Y2", "b) No", "b) Not in education, training or employment", "b) Unsuitable"],
        ["Y3", "Yes", "F2 Full time education other than higher education", "Suitable"],
        ["Y4", "c) Unknown", "G5 NEET other", None]]),
}


def main(argv):
    out, drop, rename, shift = argv[0], set(), {}, 0
    i = 1
    while i < len(argv):
        if argv[i] == "--drop":
            drop.add(int(argv[i + 1]))
        elif argv[i] == "--rename":
            n, rest = argv[i + 1].split(":", 1)
            old, new = rest.split("=", 1)
            rename[(int(n), old)] = new
        elif argv[i] == "--shift-days":
            shift = int(argv[i + 1])
        else:
            sys.exit("unknown option " + argv[i])
        i += 2
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for n, (name, title, header, rows) in sorted(LISTS.items()):
        if n in drop:
            continue
        ws = wb.create_sheet(name)
        if title:
            ws.append([title])
        ws.append([rename.get((n, h), h) for h in header])
        for row in rows:
            cells = []
            for v in row:
                if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
                    d = datetime.date.fromisoformat(v) + datetime.timedelta(days=shift)
                    cells.append(d)
                else:
                    cells.append(v)
            ws.append(cells)
            for c in ws[ws.max_row]:
                if isinstance(c.value, datetime.datetime):
                    c.number_format = "dd/mm/yyyy"
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1:])
