#!/usr/bin/env bash
# Benchmark (on demand, not in ctest): `audit-demo-data cases` at 1,000,000 cases (CSV), then reading that file
# back with csv::Reader alone and through CaseList::load (bench_case_list.cpp, built here against libaudit_core).
#
#   tests/bench/bench_cases.sh [BUILD_DIR] [CASES]     (defaults: build, 1000000)
#
# Times are whole processes for the generator (wall and CPU from /usr/bin/time), and in-process for the readers.
# On a machine shared with other work, wall times stretch: the CPU times are the steadier figure.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build}
cases=${2:-1000000}
tool=$build/bin/audit-demo-data
core=$build/tools/core/libaudit_core.a
[ -x "$tool" ] || { echo "bench_cases: $tool is not built (cmake --build $build --target audit-demo-data)" >&2; exit 1; }
[ -f "$core" ] || { echo "bench_cases: $core is not built" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export AUDIT_HOME=$root

g++ -std=c++20 -O2 -I"$root/tools/core/include" "$root/tests/bench/bench_case_list.cpp" "$core" \
    $(pkg-config --libs xlsxwriter) -lpugixml -lPocoZip -lPocoXML -lPocoFoundation -o "$work/bench_case_list"

timed() {  # label, command...
    local label=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null
    read -r wall user sys rss < "$work/time"
    printf '%-44s wall %6.2f s  cpu %6.2f s  peak %6.0f MB\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc)"
}

echo "bench_cases: $cases cases, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
timed "audit-demo-data cases (CSV, generic map)" "$tool" cases --size "$cases" --seed 1 --as-of 2026-01-31 --out "$work/cases.csv" --quiet
echo "  file: $(du -m "$work/cases.csv" | cut -f1) MB"
timed "audit-demo-data cases (CSV, lcs map)" "$tool" cases --size "$cases" --seed 1 --as-of 2026-01-31 --map lcs --out "$work/lcs.csv" --quiet
"$work/bench_case_list" "$work/cases.csv" generic
if [ "${BENCH_XLSX:-0}" = 1 ]; then
    timed "audit-demo-data cases (XLSX)" "$tool" cases --size "$cases" --seed 1 --as-of 2026-01-31 --out "$work/cases.xlsx" --quiet
fi
