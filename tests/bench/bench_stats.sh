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
"$py" "$root/tests/bench/make_pairs.py" "$file" "$pairs"


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
theirs=$(best "$py" "$root/tests/bench/kappa_pandas.py" "$file")
their_kappa=$(cat "$work/out")
their_parts=$(cat "$work/err")
compute=$(sed -n 's/.*pandas_compute=\([0-9.]*\).*/\1/p' "$work/err")

echo "pairs:                      $pairs ($(du -h "$file" | cut -f1) CSV)"
echo "audit-reconcile stats:      ${ours} s   ($our_kappa)"
echo "pandas + statsmodels:       ${theirs} s   ($their_kappa; $their_parts)"
echo "ratio (whole processes):    $(echo "$theirs / $ours" | bc -l | xargs printf '%.1f')x"
echo "ratio (pandas compute only): $(echo "$compute / $ours" | bc -l | xargs printf '%.1f')x"
