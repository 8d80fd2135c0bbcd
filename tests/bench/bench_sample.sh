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
/usr/bin/python3 "$here/make_cases.py" "$rows"
size=$(du -m cases.csv | cut -f1)
echo "case list: $rows rows, ${size} MB"

/usr/bin/time -f "%e %U %S" -o ours_time "$bin/audit-sample" --cases cases.csv --strata team,category --size 5000 \
    --seed 1 --as-of 2026-11-23 --no-store --quiet --out sample.csv
read -r ours ours_user ours_sys < ours_time

/usr/bin/time -f "%e %U %S" -o pandas_time /usr/bin/python3 "$here/sample_pandas.py"
read -r theirs their_user their_sys < pandas_time
ours_rows=$(($(wc -l < sample.csv) - 1))
their_rows=$(($(wc -l < pandas_sample.csv) - 1))
printf 'audit-sample: %6.2f s wall, %6.2f s CPU (user+sys) (%d rows)\n' "$ours" "$(echo "$ours_user + $ours_sys" | bc -l)" "$ours_rows"
printf 'pandas:       %6.2f s wall, %6.2f s CPU (user+sys) (%d rows)\n' "$theirs" "$(echo "$their_user + $their_sys" | bc -l)" "$their_rows"
printf 'ratio:        %.1fx (wall), %.1fx (CPU) faster than pandas\n' "$(echo "$theirs / $ours" | bc -l)" \
    "$(echo "($their_user + $their_sys) / ($ours_user + $ours_sys)" | bc -l)"
