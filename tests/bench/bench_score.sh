#!/usr/bin/env bash
# Benchmark (on demand, not in ctest): `audit-score import` of N completed returns (generated with
# `audit-demo-data returns`, the exact form layout) into a fresh store — reading, validating, scoring and
# storing every one — against openpyxl merely loading the same files (no validation, no scoring, no store),
# in one run.
#
#   tests/bench/bench_score.sh [BUILD_DIR] [RETURNS]     (defaults: build, 1000)
#
# Both sides are timed as whole processes (start-up included: what a user waits for), best of 3 runs by wall
# time, each import into a new store; CPU time (user + system) is shown too, since wall time on a shared
# machine depends on its load. Needs Debian's /usr/bin/python3 with python3-openpyxl.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build}
n=${2:-1000}
score=$build/bin/audit-score
demo=$build/bin/audit-demo-data
for t in "$score" "$demo"; do
    [ -x "$t" ] || { echo "bench_score: $t is not built (cmake --build $build --target $(basename "$t"))" >&2; exit 1; }
done
py=/usr/bin/python3
export AUDIT_HOME=$root
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A sample of n cases over a few teams and auditors (the sample CSV contract's columns).
"$py" "$root/tests/bench/make_return_sample.py" "$work/sample.csv" "$n"
gen_start=$(date +%s.%N)
"$demo" returns --sample "$work/sample.csv" --out "$work/returns" --seed 2026 --as-of 2026-11-20 --quiet
gen_end=$(date +%s.%N)
files=$(find "$work/returns" -name '*.xlsx' | wc -l)

cat > "$work/load.py" <<'PY'
import sys, glob, openpyxl
n = 0
for p in sorted(glob.glob(sys.argv[1] + "/*.xlsx")):
    wb = openpyxl.load_workbook(p)
    n += 1
print(n)
PY

best() {  # best wall time of 3 runs (each into a fresh store), "wall cpu" in seconds; last stdout in $work/out
    local b="" c="" t u
    for _ in 1 2 3; do
        rm -f "$work"/audit.db*
        /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > "$work/out" 2> "$work/err" ||
            { echo "bench_score: $* failed:" >&2; cat "$work/err" >&2; exit 1; }
        read -r t u s < "$work/time"
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; c=$(echo "$u + $s" | bc -l); fi
    done
    printf '%.3f %.3f' "$b" "$c"
}

# --unsampled: the bench's store holds no draw, and a return of a case in no audit draw is refused otherwise.
read -r ours ours_cpu <<< "$(best "$score" import "$work/returns" --unsampled --store "$work/audit.db" --json --quiet)"
imported=$("$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["imported"], "imported,", d["rejected"], "rejected,", d["disagreements"], "departing grades")' "$work/out")
audits=$("$py" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM audit").fetchone()[0])' "$work/audit.db")
read -r theirs theirs_cpu <<< "$(best "$py" "$work/load.py" "$work/returns")"
loaded=$(cat "$work/out")

echo "returns:                 $files forms ($(du -sh "$work/returns" | cut -f1)), generated in $(echo "$gen_end - $gen_start" | bc -l | xargs printf '%.1f') s"
echo "audit-score import:      ${ours} s wall, ${ours_cpu} s CPU   (read, validate, score, store: $imported; $audits audits in the store)"
echo "openpyxl load_workbook:  ${theirs} s wall, ${theirs_cpu} s CPU   ($loaded workbooks merely loaded)"
echo "ratio:                   $(echo "$theirs / $ours" | bc -l | xargs printf '%.1f')x wall, $(echo "$theirs_cpu / $ours_cpu" | bc -l | xargs printf '%.1f')x CPU   (load average now: $(cut -d' ' -f1 /proc/loadavg))"
