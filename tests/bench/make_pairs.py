#!/usr/bin/python3
"""Synthetic grade pairs, seeded: about 75% exact agreement, most disagreements one grade, a few blanks.
usage: make_pairs.py FILE PAIRS (benchmarks only)."""
import random, sys
path, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261123)
labels = ["Inadequate", "Requires improvement", "Good", "Outstanding"]
with open(path, "w") as f:
    f.write("auditor_grade,moderator_grade,auditor,team,domain,period\n")
    for k in range(n):
        a = rng.choices(range(4), [1, 3, 5, 1])[0]
        r = rng.random()
        if r < 0.75: m = a
        elif r < 0.95: m = max(0, min(3, a + rng.choice([-1, 1])))
        else: m = rng.randrange(4)
        if r > 0.999: m = None  # a few blanks
        f.write(f"{labels[a]},{'' if m is None else labels[m]},A{k % 40},T{k % 7},plan,2026-{k % 12 + 1:02d}\n")
