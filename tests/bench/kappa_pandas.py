#!/usr/bin/python3
"""Agreement on a pairs file with pandas crosstab + statsmodels cohens_kappa (plain and linear weights).
usage: kappa_pandas.py PAIRS.csv. For bench_stats.sh and compare.sh."""
import sys, time
t0 = time.perf_counter()
import pandas as pd
from statsmodels.stats.inter_rater import cohens_kappa
t1 = time.perf_counter()
cats = ["Inadequate", "Requires improvement", "Good", "Outstanding"]
df = pd.read_csv(sys.argv[1], usecols=["auditor_grade", "moderator_grade"])
df = df.dropna()
a = pd.Categorical(df["auditor_grade"], categories=cats)
m = pd.Categorical(df["moderator_grade"], categories=cats)
table = pd.crosstab(a, m, dropna=False).reindex(index=cats, columns=cats, fill_value=0)
k = cohens_kappa(table.values)
kl = cohens_kappa(table.values, wt="linear")
t2 = time.perf_counter()
print(f"n={int(table.values.sum())} kappa={k.kappa:.6f} se={k.std_kappa:.6f} kappa_linear={kl.kappa:.6f}")
print(f"pandas_imports={t1 - t0:.3f} pandas_compute={t2 - t1:.3f}", file=sys.stderr)
