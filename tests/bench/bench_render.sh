#!/usr/bin/env bash
# Benchmark: render 1,000 pre-filled audit forms (one per sampled case) with audit-template, and have Python
# XlsxWriter (Debian's python3-xlsxwriter) write the same cells, formulas, merges, formats and data validations
# for the same 1,000 cases, in one run. Prints both times and the ratio.
#
# Usage: tests/bench/bench_render.sh [BUILD_DIR] [N] [TEMPLATE]     (defaults: build 1000 cin-cp)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build}
n=${2:-1000}
tpl=${3:-cin-cp}
bin=$build/bin
export AUDIT_HOME=${AUDIT_HOME:-$root}
work=$(mktemp -d /tmp/bench-render-XXXXXX)
trap 'rm -rf "$work"' EXIT

# A sample of n cases with 10 auditors (what audit-sample writes, plus the case details).
{
    echo "case_ref,stratum,inclusion_probability,design_weight,auditor,team,worker,category,child_ref,draw_id"
    for ((i = 1; i <= n; i++)); do
        printf 'C%06d,CP,0.05,20,Auditor %02d,Team %d,W%04d,CP,P%06d,D-2026-03\n' "$i" $((i % 10)) $((i % 7)) $((i % 300)) "$i"
    done
} >"$work/sample.csv"

/usr/bin/time -f "%e %U %S" -o "$work/cpp_time" "$bin/audit-template" render "$tpl" --sample "$work/sample.csv" --out "$work/cpp" --quiet
read -r cpp cpp_user cpp_sys <"$work/cpp_time"
cpp_cpu=$(echo "$cpp_user + $cpp_sys" | bc -l)
count=$(find "$work/cpp" -name '*.xlsx' | wc -l)

# Python XlsxWriter: the same workbook for every case (render_xlsxwriter.py).
/usr/bin/python3 "$root/tests/bench/render_xlsxwriter.py" "$work" "$n"
read -r py py_cpu <"$work/py_seconds" || true
pycount=$(find "$work/py" -name '*.xlsx' | wc -l)
printf 'template %s, %d pre-filled forms (load average %s)\n' "$tpl" "$n" "$(cut -d' ' -f1 /proc/loadavg)"
printf 'audit-template render --sample (whole command): %7.2f s wall, %7.2f s CPU  (%d files, %.1f ms CPU per form)\n' \
    "$cpp" "$cpp_cpu" "$count" "$(echo "1000 * $cpp_cpu / $n" | bc -l)"
printf 'Python XlsxWriter (writing loop only):          %7.2f s wall, %7.2f s CPU  (%d files, %.1f ms CPU per form)\n' \
    "$py" "$py_cpu" "$pycount" "$(echo "1000 * $py_cpu / $n" | bc -l)"
printf 'ratio (Python / C++): %.1fx wall, %.1fx CPU\n' "$(echo "$py / $cpp" | bc -l)" "$(echo "$py_cpu / $cpp_cpu" | bc -l)"
