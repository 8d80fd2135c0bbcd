#!/usr/bin/env bash
# Benchmark (on demand, not in ctest): the partnership workbook from a store holding 100,000 audits.
# The store is filled directly (tests/support/fill_report_store.py: draws, audits with 4-8 domain grades and an
# overall grade, moderation of a fifth, actions), all in one quarter, then `audit-report lscb` is timed with
# /usr/bin/time -v (elapsed time and peak RSS), internal and published. Goals: about 3 s and at most 300 MB
# (issue 7); at most 1.3 s and 150 MB on a quiet 2-core machine (issue 18).
#   tests/bench/bench_report.sh [BIN_DIR] [AUDITS]      (BIN_DIR default build/bin, AUDITS default 100000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(cd "${1:-$root/build/bin}" && pwd)
[ -d "$bin/bin" ] && bin=$bin/bin  # the build folder works as well as its bin/
audits=${2:-100000}
work=$(mktemp -d /tmp/bench-report.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
export AUDIT_HOME="$root"

mkdir -p none && "$bin/audit-score" import none --store audit.db --quiet  # makes the store (reading commands do not)
per=$(( (audits + 2) / 3 ))
/usr/bin/time -f "%e" -o fill_time /usr/bin/python3 "$root/tests/support/fill_report_store.py" audit.db \
    --months 2026-01,2026-02,2026-03 --audits-per-month "$per" --seed 1
echo "store filled in $(cat fill_time) s: $(du -m audit.db | cut -f1) MB"
"$bin/audit-demo-data" kpis --from 2026-01 --months 3 --seed 1 --out kpis.csv --quiet
"$bin/audit-demo-data" self-assessments --period 2025-26 --seed 1 --out s11.csv --quiet
# First run imports the KPI and self-assessment files; the timed runs find them imported.
"$bin/audit-report" lscb --period 2026-Q1 --kpis kpis.csv --self-assessments s11.csv --out warm.xlsx --store audit.db --quiet

run() {
    local label=$1; shift
    /usr/bin/time -v -o time.txt "$bin/audit-report" lscb --period 2026-Q1 --kpis kpis.csv --self-assessments s11.csv \
        --store audit.db --quiet "$@"
    local secs rss user sys
    secs=$(grep "Elapsed (wall clock)" time.txt | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" time.txt | awk '{print $NF}')
    user=$(grep "User time (seconds)" time.txt | awk '{print $NF}')
    sys=$(grep "System time (seconds)" time.txt | awk '{print $NF}')
    # CPU time (user + sys) says more than elapsed time on a machine shared with other work.
    printf '%-10s elapsed %s (m:ss), CPU %s s user + %s s sys, peak RSS %d MB\n' "$label" "$secs" "$user" "$sys" \
        $((rss / 1024))
}
run internal --out lscb.xlsx
run published --out published.xlsx --publish
run again --out again.xlsx >/dev/null; cmp lscb.xlsx again.xlsx \
    && echo "byte-identical on a second run"
echo "workbook: $(du -k lscb.xlsx | cut -f1) KB"
