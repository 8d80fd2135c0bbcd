#!/usr/bin/python3
"""A sample of N cases over a few teams and auditors (the sample CSV contract's columns), for
`audit-demo-data returns`. usage: make_return_sample.py FILE N (benchmarks only)."""
import sys
path, n = sys.argv[1], int(sys.argv[2])
teams = ["CP East", "CP West", "CIN North", "CIN South", "Assessment 1", "Assessment 2"]
with open(path, "w") as f:
    f.write("case_ref,stratum,team,category,worker,inclusion_probability,design_weight,auditor\n")
    for k in range(n):
        team = teams[k % len(teams)]
        cat = "CP" if team.startswith("CP") else "CIN"
        f.write(f"C{100000 + k},{team}|{cat},{team},{cat},Worker {k % 60},0.1,10,Auditor {k % 25}\n")
