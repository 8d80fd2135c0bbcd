#!/usr/bin/env bash
# Benchmark (on demand, not in ctest): the performance indicators of reports/kpis.xml computed from an Ofsted Annex A
# workbook of CHILDREN children (lists 1-11 written by audit-demo-data annex-a; lists 3, 4, 5, 7, 8 and 9 read once
# each, every row counted for each of its list's indicators). Times `audit-report kpis` with /usr/bin/time -v, RUNS
# times, as a terminal table and with the workbook written (--out), and prints elapsed and CPU time and peak RSS.
#   tests/bench/bench_kpis.sh [BIN_DIR] [CHILDREN] [RUNS]   (defaults build/bin, 100000, 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(cd "${1:-$root/build/bin}" && pwd)
[ -d "$bin/bin" ] && bin=$bin/bin
children=${2:-100000}
runs=${3:-3}
work=$(mktemp -d /tmp/bench-kpis.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
export AUDIT_HOME="$root"
/usr/bin/time -f "%e" -o gen_time "$bin/audit-demo-data" annex-a --size "$children" --seed 1 --as-of 2026-01-31 \
    --messy --out annex.xlsx --quiet
echo "workbook of $children children written in $(cat gen_time) s: $(du -m annex.xlsx | cut -f1) MB"
measure() {
    local label=$1
    shift
    for i in $(seq 1 "$runs"); do
        /usr/bin/time -v -o time.txt "$@" > /dev/null
        secs=$(grep "Elapsed (wall clock)" time.txt | awk '{print $NF}')
        rss=$(grep "Maximum resident set size" time.txt | awk '{print $NF}')
        user=$(grep "User time (seconds)" time.txt | awk '{print $NF}')
        sys=$(grep "System time (seconds)" time.txt | awk '{print $NF}')
        printf '%s run %d: elapsed %s (m:ss), CPU %s s user + %s s sys, peak RSS %d MB   (load: %s)\n' "$label" "$i" \
            "$secs" "$user" "$sys" $((rss / 1024)) "$(cut -d' ' -f1-3 /proc/loadavg)"
    done
}
measure "table   " "$bin/audit-report" kpis --annex-a annex.xlsx --as-of 2026-01-31
measure "workbook" "$bin/audit-report" kpis --annex-a annex.xlsx --as-of 2026-01-31 --out kpis.xlsx
"$bin/audit-report" kpis --annex-a annex.xlsx --as-of 2026-01-31 | head -20
