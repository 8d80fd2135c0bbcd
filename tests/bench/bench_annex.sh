#!/usr/bin/env bash
# Benchmark (on demand, not in ctest): building the sampling frame from an Ofsted Annex A workbook of CHILDREN
# children (lists 1-11 written by audit-demo-data annex-a; lists 6-9 read, the open and category rules applied,
# one row per child). Times `audit-sample check` (read, build, count) with /usr/bin/time -v, RUNS times, and
# prints elapsed and CPU time and peak RSS. Goal: under 2 s and under 300 MB for 100,000 children.
#   tests/bench/bench_annex.sh [BIN_DIR] [CHILDREN] [RUNS]   (defaults build/bin, 100000, 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(cd "${1:-$root/build/bin}" && pwd)
[ -d "$bin/bin" ] && bin=$bin/bin
children=${2:-100000}
runs=${3:-3}
work=$(mktemp -d /tmp/bench-annex.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
export AUDIT_HOME="$root"
/usr/bin/time -f "%e" -o gen_time "$bin/audit-demo-data" annex-a --size "$children" --seed 1 --as-of 2026-01-31 \
    --messy --out annex.xlsx --quiet
echo "workbook of $children children written in $(cat gen_time) s: $(du -m annex.xlsx | cut -f1) MB"
for i in $(seq 1 "$runs"); do
    /usr/bin/time -v -o time.txt "$bin/audit-sample" check --cases annex.xlsx --as-of 2026-01-31 --quiet
    secs=$(grep "Elapsed (wall clock)" time.txt | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" time.txt | awk '{print $NF}')
    user=$(grep "User time (seconds)" time.txt | awk '{print $NF}')
    sys=$(grep "System time (seconds)" time.txt | awk '{print $NF}')
    printf 'run %d: elapsed %s (m:ss), CPU %s s user + %s s sys, peak RSS %d MB   (load: %s)\n' "$i" "$secs" "$user" \
        "$sys" $((rss / 1024)) "$(cut -d' ' -f1-3 /proc/loadavg)"
done
"$bin/audit-sample" check --cases annex.xlsx --as-of 2026-01-31 2>/dev/null | head -1
