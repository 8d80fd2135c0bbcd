#!/usr/bin/python3
"""The sampling job in pandas (read_csv, largest-remainder allocation, groupby sample, to_csv): 5,000 from
cases.csv in the current folder into pandas_sample.csv. For bench_sample.sh and compare.sh."""
import math
import numpy as np
import pandas as pd
df = pd.read_csv("cases.csv", dtype=str, keep_default_na=False)
n = 5000
sizes = df.groupby(["team", "category"]).size()
N = sizes.sum()
target = sizes * n / N
alloc = np.floor(target).astype(int)
rem = target - alloc
left = n - alloc.sum()
keys = sorted(sizes.index, key=lambda k: (-rem[k], -sizes[k], k))
for k in keys[:left]:
    alloc[k] += 1
parts = []
for key, g in df.groupby(["team", "category"]):
    k = int(alloc[key])
    s = g.sample(n=k, random_state=1)
    s = s.assign(stratum=f"{key[0]} / {key[1]}", inclusion_probability=k / len(g), design_weight=len(g) / k)
    parts.append(s)
out = pd.concat(parts)[["case_ref", "stratum", "team", "category", "worker", "inclusion_probability", "design_weight"]]
out.to_csv("pandas_sample.csv", index=False)
