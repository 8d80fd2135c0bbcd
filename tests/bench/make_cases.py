#!/usr/bin/python3
"""A synthetic case list in the generic layout (the toolkit's contract names), seeded: cases.csv in the
current folder. usage: make_cases.py ROWS (benchmarks only)."""
import random, sys
n = int(sys.argv[1])
rng = random.Random(2026)
teams = [f"Team {c}" for c in "ABCDEFGHIJKLMNOPQRST"]
cats = ["CIN", "CP", "CLA", "Care leaver", "Early help"]
cw = [0.35, 0.15, 0.2, 0.1, 0.2]
with open("cases.csv", "w", newline="") as f:
    f.write("case_ref,child_ref,team,service_area,category,worker,team_manager,open_date,last_audit_date,flags\n")
    for i in range(n):
        t = rng.randrange(20)
        cat = rng.choices(cats, cw)[0]
        w = f"SW{t:02d}{rng.randrange(40):02d}"
        y = 2020 + rng.randrange(6)
        f.write(f"C{1000000+i},P{2000000+i},{teams[t]},Area {t//5},{cat},{w},TM {t:02d},"
                f"{y}-{1+rng.randrange(12):02d}-{1+rng.randrange(28):02d},,\n")
