#!/usr/bin/env bash
# The module check must be able to fail: copy the project's module table and one module into a scratch tree, give
# the lowest module a header of the highest, and expect check_layers.py to name the file and line and exit 1; then
# take the include away and expect exit 0. Usage: selftest.sh PROJECT_ROOT
set -euo pipefail
root=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tools/core/base/src" "$scratch/tools/core/report/include/audit/report"
cp "$root/tools/core/CMakeLists.txt" "$scratch/tools/core/"
for m in $(grep -oE '^audit_module\(\w+' "$root/tools/core/CMakeLists.txt" | cut -d'(' -f2); do
    mkdir -p "$scratch/tools/core/$m/src"
done
printf '#include "audit/report/report_data.h"\nint x;\n' > "$scratch/tools/core/base/src/wrong.cpp"
if out=$(/usr/bin/python3 "$root/tests/layers/check_layers.py" "$scratch"); then
    echo "FAIL: the check passed a base module that includes a report header"; exit 1
fi
grep -q "tools/core/base/src/wrong.cpp:1: module 'base' includes a header of module 'report'" <<<"$out" \
    || { echo "FAIL: the check did not name the file and line:"; echo "$out"; exit 1; }
printf 'int x;\n' > "$scratch/tools/core/base/src/wrong.cpp"
/usr/bin/python3 "$root/tests/layers/check_layers.py" "$scratch" >/dev/null || { echo "FAIL: a clean tree was refused"; exit 1; }
echo "the module check refuses a wrong include and accepts the tree without it"
