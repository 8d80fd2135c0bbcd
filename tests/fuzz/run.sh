#!/bin/bash
# Long fuzzing runs (not in CI): builds the targets with clang, libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-fuzz/ (once; then incrementally), and runs each target for SECONDS, one
# after another, on one core at the lowest priority. New inputs go to build-fuzz/corpus/<target>/ (the seed
# corpus in the repo is read, never written); crashes to build-fuzz/findings/<target>/.
#   tests/fuzz/run.sh SECONDS [TARGET...]
# Needs clang and libclang-rt-dev (Debian: apt-get install clang libclang-rt-14-dev).
set -euo pipefail
seconds=${1:?usage: tests/fuzz/run.sh SECONDS [TARGET...]}
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${AUDIT_FUZZ_BUILD:-$root/build-fuzz}
command -v clang++ >/dev/null || { echo "run.sh: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 69; }
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in "$root"/tests/fuzz/targets/*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAUDIT_FUZZ=ON >/dev/null
fi
for t in "${targets[@]}"; do nice -n 19 cmake --build "$build" -j1 --target "fuzz_$t" >/dev/null; done
export AUDIT_HOME=$root
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "${targets[@]}"; do
    mkdir -p "$build/corpus/$t" "$build/findings/$t"
    echo "== $t: $seconds s"
    status=0
    nice -n 19 "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$build/findings/$t/" -print_final_stats=1 \
        "$build/corpus/$t" "$root/tests/fuzz/corpus/$t" 2>"$build/findings/$t/log.txt" || status=$?
    grep -E "^(stat::number_of_executed_units|stat::new_units_added|#[0-9]+ +DONE)" "$build/findings/$t/log.txt" || true
    if [ "$status" -ne 0 ]; then
        echo "$t: FINDING (exit $status): see $build/findings/$t/log.txt"
        grep -E "ERROR|SUMMARY|runtime error|terminate|uncaught" "$build/findings/$t/log.txt" | head -5
    fi
done
