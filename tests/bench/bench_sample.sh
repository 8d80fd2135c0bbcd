#!/usr/bin/env bash
# Benchmark (on demand, not in ctest): draw 5,000 cases from a 1,000,000-case CSV (about 70 MB), stratified
# by team × category with proportional largest-remainder allocation, with audit-sample and with the same job
# in pandas (Debian's python3-pandas: read_csv, largest-remainder allocation, groupby sample, to_csv), in one
# run. Prints both times and the ratio.
#   tests/bench/bench_sample.sh [BIN_DIR] [ROWS]      (BIN_DIR default build/bin, ROWS default 1000000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-$here/../../build/bin}" && pwd)
[ -d "$bin/bin" ] && bin=$bin/bin  # the build folder works as well as its bin/
rows=${2:-1000000}
work=$(mktemp -d /tmp/bench-sample.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

# A synthetic case list in the generic layout (the toolkit's contract names).
/usr/bin/python3 - "$rows" <<'PY'
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
PY
size=$(du -m cases.csv | cut -f1)
echo "case list: $rows rows, ${size} MB"

/usr/bin/time -f "%e %U %S" -o ours_time "$bin/audit-sample" --cases cases.csv --strata team,category --size 5000 \
    --seed 1 --as-of 2026-11-23 --no-store --quiet --out sample.csv
read -r ours ours_user ours_sys < ours_time

cat > pandas_job.py <<'PY'
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
PY
/usr/bin/time -f "%e %U %S" -o pandas_time /usr/bin/python3 pandas_job.py
read -r theirs their_user their_sys < pandas_time
ours_rows=$(($(wc -l < sample.csv) - 1))
their_rows=$(($(wc -l < pandas_sample.csv) - 1))
printf 'audit-sample: %6.2f s wall, %6.2f s CPU (user+sys) (%d rows)\n' "$ours" "$(echo "$ours_user + $ours_sys" | bc -l)" "$ours_rows"
printf 'pandas:       %6.2f s wall, %6.2f s CPU (user+sys) (%d rows)\n' "$theirs" "$(echo "$their_user + $their_sys" | bc -l)" "$their_rows"
printf 'ratio:        %.1fx (wall), %.1fx (CPU) faster than pandas\n' "$(echo "$theirs / $ours" | bc -l)" \
    "$(echo "($their_user + $their_sys) / ($ours_user + $ours_sys)" | bc -l)"
