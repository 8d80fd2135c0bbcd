#!/usr/bin/env bash
# Benchmark (on demand, not in ctest): `audit-reconcile stats --pairs` on 1,000,000 pairs against
# pandas crosstab + statsmodels cohens_kappa on the same file, in one run.
#
#   tests/bench/bench_stats.sh [BUILD_DIR] [PAIRS]     (defaults: build, 1000000)
#
# Both sides are timed as whole processes (start-up included: what a user waits for), best of 3 runs;
# the pandas side's compute time (read_csv + crosstab + two kappas, imports excluded) is printed too.
# Needs Debian's /usr/bin/python3 with python3-pandas and python3-statsmodels.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build}
pairs=${2:-1000000}
tool=$build/bin/audit-reconcile
[ -x "$tool" ] || { echo "bench_stats: $tool is not built (cmake --build $build --target audit-reconcile)" >&2; exit 1; }
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$work/pairs.csv

# Synthetic pairs, seeded: about 75% exact agreement, most disagreements one grade.
"$py" - "$file" "$pairs" <<'PY'
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
PY

cat > "$work/pandas_kappa.py" <<'PY'
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
PY

best() {  # best wall time of 3 runs of a command, in seconds; the last run's stdout in $work/out
    local b="" t s e
    for _ in 1 2 3; do
        s=$(date +%s.%N)
        "$@" > "$work/out" 2> "$work/err"
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
    done
    printf '%.3f' "$b"
}

ours=$(best "$tool" stats --pairs "$file" --json)
our_kappa=$("$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); print("n=%d kappa=%.6f se=%.6f kappa_linear=%.6f" % (d["n"], d["kappa"]["value"], d["kappa"]["se"], d["kappa_linear"]["value"]))' "$work/out")
theirs=$(best "$py" "$work/pandas_kappa.py" "$file")
their_kappa=$(cat "$work/out")
their_parts=$(cat "$work/err")
compute=$(sed -n 's/.*pandas_compute=\([0-9.]*\).*/\1/p' "$work/err")

echo "pairs:                      $pairs ($(du -h "$file" | cut -f1) CSV)"
echo "audit-reconcile stats:      ${ours} s   ($our_kappa)"
echo "pandas + statsmodels:       ${theirs} s   ($their_kappa; $their_parts)"
echo "ratio (whole processes):    $(echo "$theirs / $ours" | bc -l | xargs printf '%.1f')x"
echo "ratio (pandas compute only): $(echo "$compute / $ours" | bc -l | xargs printf '%.1f')x"
