#!/usr/bin/python3
"""An attacker on a published partnership workbook: reads it back with openpyxl, writes down every sum the
workbook's structure implies (a row's moderated number is its agreements plus its moderated down and up; the
months of the period, the auditors and the teams each add up to the period's counts, which the Summary and the
"overall grade" row show; a table's grade counts add up to their row's total and to the column totals another
table shows), takes every number it shows as known, and tries to work out each suppressed count exactly (linear
algebra over the rationals). Prints every suppressed count it recovers; exit 1 if any, 0 if none.

usage: recover_suppressed.py PUBLISHED.xlsx [--marker [c]] [--verbose]
Shares shown with an interval are taken to give away their counts (a reader can solve the Wilson interval for n);
a share alone gives the equation k = share x n.
"""
import sys
from fractions import Fraction

import openpyxl


class System:
    def __init__(self):
        self.names = []       # unknown index -> description
        self.index = {}
        self.known = {}       # name -> value
        self.equations = []   # list of dict name -> coefficient, = 0

    def value(self, name, cell, marker):
        """A count shown in a cell (a number), or hidden (the marker): registers it."""
        if cell is None:
            return
        if isinstance(cell, str):
            if cell.strip() == marker:
                if name not in self.index:
                    self.index[name] = len(self.names)
                    self.names.append(name)
            return
        self.known[name] = Fraction(int(round(cell)))

    def has(self, name):
        return name in self.known or name in self.index

    def equation(self, coefficients):
        if all(self.has(n) for n in coefficients):
            self.equations.append(coefficients)

    def determined(self):
        """The unknowns whose value the equations fix, with that value."""
        V = len(self.names)
        rows = []
        for eq in self.equations:
            row = [Fraction(0)] * V
            rhs = Fraction(0)
            any_unknown = False
            for n, c in eq.items():
                if n in self.index:
                    row[self.index[n]] += Fraction(c)
                    any_unknown = True
                else:
                    rhs -= Fraction(c) * self.known[n]
            if any_unknown:
                rows.append(row + [rhs])
        # Reduced row echelon form.
        pivots = []
        r = 0
        for c in range(V):
            p = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
            if p is None:
                continue
            rows[r], rows[p] = rows[p], rows[r]
            pv = rows[r][c]
            rows[r] = [x / pv for x in rows[r]]
            for i in range(len(rows)):
                if i != r and rows[i][c] != 0:
                    f = rows[i][c]
                    rows[i] = [a - f * b for a, b in zip(rows[i], rows[r])]
            pivots.append(c)
            r += 1
        out = []
        for i, c in enumerate(pivots):
            if all(rows[i][j] == 0 for j in range(V) if j != c):
                out.append((self.names[c], rows[i][V]))
        return out


def moderation(wb, s, marker):
    ws = wb["Moderation and accuracy"]
    header = None
    rows = []
    for row in ws.iter_rows(values_only=True):
        if header is None:
            if row and row[0] == "Breakdown":
                header = list(row)
            continue
        if not row or row[0] is None:
            continue
        rows.append(dict(zip(header, row)))
    fields = {"n": "Moderated", "d": "Moderated down", "u": "Moderated up"}
    groups = {}
    for r in rows:
        key = (r["Breakdown"], r["Name"])
        groups.setdefault(r["Breakdown"], []).append(r["Name"])
        for f, col in fields.items():
            s.value(("mod", key, f), r[col], marker)
        if not s.has(("mod", key, "n")):
            continue
        # k and w: from their shares. A shown share with its interval gives the count; k = share x n.
        for f, col in (("k", "Exact agreement"), ("w", "Within one")):
            share = r[col]
            if isinstance(share, (int, float)):
                if ("mod", key, "n") in s.known:
                    s.known[("mod", key, f)] = Fraction(round(share * s.known[("mod", key, "n")]))
                else:
                    s.value(("mod", key, f), marker, marker)
                    q = Fraction(share).limit_denominator(10000)
                    s.equation({("mod", key, f): 1, ("mod", key, "n"): -q})
            else:
                s.value(("mod", key, f), marker, marker)
        s.equation({("mod", key, "n"): -1, ("mod", key, "k"): 1, ("mod", key, "d"): 1, ("mod", key, "u"): 1})
    return groups


def summary_period(wb, s, marker, period_months):
    """The Summary's 'Audits moderated in the period' is the period's n."""
    ws = wb["Summary"]
    for row in ws.iter_rows(values_only=True):
        if row and row[0] == "Audits moderated in the period (overall grade)":
            s.value(("mod", ("Domain", "overall grade"), "n"), row[1], marker)


def margins(s, groups, period_months):
    total = ("Domain", "overall grade")
    for breakdown in ("Auditor", "Team"):
        names = groups.get(breakdown, [])
        if names:
            for f in "nkwdu":
                s.equation({**{("mod", (breakdown, n), f): 1 for n in names}, ("mod", total, f): -1})
    months = [m for m in groups.get("Month", []) if m in period_months]
    if months and len(months) == len(period_months):
        for f in "nkwdu":
            s.equation({**{("mod", ("Month", m), f): 1 for m in months}, ("mod", total, f): -1})


def grade_tables(wb, s, marker):
    """Findings: grade counts by team, by domain, the overall row; Summary: grades by month. Each row's counts add
    up to its total; the teams' and the period's months' counts add up to the overall row."""
    ws = wb["Findings"]
    header = None
    rows = []
    for row in ws.iter_rows(values_only=True):
        if header is None:
            if row and row[0] == "Breakdown":
                header = list(row)
            continue
        if not row or all(v is None for v in row):
            break  # the end of the table (the questions table follows)
        if row[0] == "Theme":
            continue  # published theme rows show no counts; internal ones repeat domain counts
        rows.append(dict(zip(header, row)))
    grades = header[4:8]
    teams = []
    for r in rows:
        key = ("find", r["Breakdown"], r["Name"])
        for g in grades + ["Grades given"]:
            s.value(key + (g,), r[g], marker)
        s.equation({**{key + (g,): 1 for g in grades}, key + ("Grades given",): -1})
        if r["Breakdown"] == "Team":
            teams.append(key)
    overall = [r for r in rows if r["Breakdown"] == "Overall"]
    if overall and teams:
        o = ("find", "Overall", overall[0]["Name"])
        for g in grades + ["Grades given"]:
            s.equation({**{t + (g,): 1 for t in teams}, o + (g,): -1})
    return grades, (("find", "Overall", overall[0]["Name"]) if overall else None)


def actions(wb, s, marker):
    """Actions: each owner's open = not yet due + the overdue bands; the owners add up to the open total, their
    overdue bands to the overdue total."""
    ws = wb["Actions"]
    header = None
    owners = []
    for row in ws.iter_rows(values_only=True):
        if row and row[0] == "Open (open or in progress)":
            s.value(("act", "open"), row[1], marker)
        if row and row[0] == "Overdue":
            s.value(("act", "overdue"), row[1], marker)
        if header is None:
            if row and row[0] == "Owner":
                header = list(row)
            continue
        if not row or row[0] is None:
            break
        key = ("act", row[0])
        for i, col in enumerate(header[1:7]):
            s.value(key + (col,), row[1 + i], marker)
        s.equation({**{key + (c,): 1 for c in header[2:7]}, key + ("Open",): -1})
        owners.append(key)
    if owners:
        s.equation({**{o + ("Open",): 1 for o in owners}, ("act", "open"): -1})
        s.equation({**{o + (c,): 1 for o in owners for c in header[3:7]}, ("act", "overdue"): -1})


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    marker = "[c]"
    if "--marker" in sys.argv:
        marker = sys.argv[sys.argv.index("--marker") + 1]
        args.remove(marker)
    verbose = "--verbose" in sys.argv
    wb = openpyxl.load_workbook(args[0], data_only=True)
    s = System()
    # The period's months: the Summary's "Period 2026-Q1 (2026-01-01 to 2026-03-31)" line.
    period_line = wb["Summary"]["A2"].value or ""
    first, last = period_line.split("(")[1].split(")")[0].split(" to ")
    y1, m1, y2, m2 = int(first[:4]), int(first[5:7]), int(last[:4]), int(last[5:7])
    period_months = ["%04d-%02d" % (i // 12, i % 12 + 1) for i in range(y1 * 12 + m1 - 1, y2 * 12 + m2)]
    groups = moderation(wb, s, marker)
    summary_period(wb, s, marker, period_months)
    margins(s, groups, period_months)
    grades, overall = grade_tables(wb, s, marker)
    # Grades by month (Summary): the period's months add up to the Findings overall row.
    ws = wb["Summary"]
    in_table = False
    months = []
    for row in ws.iter_rows(values_only=True):
        if row and row[0] == "Month" and row[5] == "Total":
            in_table = True
            continue
        if in_table:
            if not row or row[0] is None:
                break
            key = ("month", row[0])
            for i, g in enumerate(grades + ["Grades given"]):
                s.value(key + (g,), row[1 + i], marker)
            s.equation({**{key + (g,): 1 for g in grades}, key + ("Grades given",): -1})
            if row[0] in period_months:
                months.append(key)
    if overall and len(months) == len(period_months):
        for g in grades + ["Grades given"]:
            s.equation({**{m + (g,): 1 for m in months}, overall + (g,): -1})
    actions(wb, s, marker)
    recovered = s.determined()
    if verbose:
        print("%d suppressed counts, %d equations" % (len(s.names), len(s.equations)))
    for name, value in recovered:
        print("recovered %s = %s" % (name, value))
    if not s.names:
        print("nothing suppressed")
    sys.exit(1 if recovered else 0)


if __name__ == "__main__":
    main()
