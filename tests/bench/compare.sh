#!/usr/bin/env bash
# Benchmark (on demand, never in ctest): every job of issue 18's table, ours against the peers and against the
# machine's limit, whole processes, N rounds in a rotating order (a different contender first each round), the
# median and spread (min-max) of each, the ratios, and `uptime` before and after.
#
#   tests/bench/compare.sh [BUILD] [ROUNDS] [JOBS]
#       BUILD   the build folder (default build; its bin/ is accepted too)
#       ROUNDS  rounds per job (default 5)
#       JOBS    which rows, space-separated (default "sample sample-store agreement import render report")
#   COMPARE_SIZE=small  inputs a tenth the size (a quick check of the script itself)
#
# Peers: pandas, openpyxl, XlsxWriter and statsmodels from Debian (/usr/bin/python3; installed when missing and run
# as root, else skipped with a note: apt-get install python3-pandas python3-openpyxl python3-xlsxwriter
# python3-statsmodels); DuckDB (npm @duckdb/node-api) and
# SheetJS (npm xlsx), installed with npm into a temporary folder, each skipped with a note when unavailable.
# Limits: `cat` of the input (a page-cache read), `unzip -p` inflating every part of every return, a minimal C
# libxlsxwriter writer (limit_xlsxwriter.c: one process, and two over the halves), stepping the report's four
# SELECTs in C (limit_report.c). Wall times swing with the load: read them beside the load averages printed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(cd "${1:-$root/build}" && pwd)
[ -d "$bin/bin" ] && bin=$bin/bin
rounds=${2:-5}
jobs=${3:-sample sample-store agreement import render report}
py=/usr/bin/python3
export AUDIT_HOME=$root AUDIT_NOW=2026-11-23T09:00:00Z
work=$(mktemp -d /tmp/bench-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT
times=$work/times  # job|contender|kind|wall|cpu|rss_kb per run
notes=$work/notes
: >"$times"
: >"$notes"
if [ "${COMPARE_SIZE:-}" = small ]; then cases=100000 pairs=100000 returns=100 forms=100 audits=10000
else cases=1000000 pairs=1000000 returns=1000 forms=1000 audits=100000; fi

note() { echo "note: $*" | tee -a "$notes" >&2; }
have_py() { "$py" -c "import $1" 2>/dev/null; }

# ---- peers from Debian: installed when missing and this runs as root (as tools/quickstart installs the build's
# packages); otherwise each missing one is skipped with a note below.
debian_peers=(python3-pandas python3-openpyxl python3-xlsxwriter python3-statsmodels)
missing=()
for p in "${debian_peers[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        echo "compare: installing the peers ${missing[*]}" >&2
        { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$work/apt.log" 2>&1 ||
            { apt-get update -qq >>"$work/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >>"$work/apt.log" 2>&1; }; } ||
            note "apt-get install ${missing[*]} failed ($(tail -1 "$work/apt.log")): those peers are skipped"
    else
        note "not root: the peers ${missing[*]} are skipped where missing (sudo apt-get install -y ${missing[*]})"
    fi
fi

# timed JOB CONTENDER KIND CMD...: one run, whole process; KIND is ours, peer or limit.
timed() {
    local job=$1 who=$2 kind=$3
    shift 3
    if ! /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>"$work/err"; then
        echo "compare: $job / $who failed:" >&2
        tail -5 "$work/err" >&2
        return 1
    fi
    read -r wall user sys rss <"$work/t"
    echo "$job|$who|$kind|$wall|$(echo "$user + $sys" | bc -l)|$rss" >>"$times"
}

# ---- peers from npm, into a temporary folder
node_ok=no
if command -v npm >/dev/null && command -v node >/dev/null; then
    if (cd "$work" && timeout 300 npm install --silent --no-audit --no-fund @duckdb/node-api xlsx >"$work/npm.log" 2>&1); then
        export NODE_PATH=$work/node_modules
        node_ok=yes
    else
        note "npm install @duckdb/node-api xlsx failed (offline?): DuckDB and SheetJS skipped ($(tail -1 "$work/npm.log"))"
    fi
else
    note "node/npm not installed: DuckDB and SheetJS skipped"
fi
duck() { [ "$node_ok" = yes ] && [ -d "$work/node_modules/@duckdb/node-api" ]; }
sheetjs() { [ "$node_ok" = yes ] && [ -d "$work/node_modules/xlsx" ]; }

# ---- the C limits
cc -O2 -o "$work/limit_xlsxwriter" "$here/limit_xlsxwriter.c" -lxlsxwriter 2>"$work/cc.log" ||
    note "limit_xlsxwriter did not compile (libxlsxwriter-dev?): $(head -1 "$work/cc.log")"
cc -O2 -o "$work/limit_report" "$here/limit_report.c" -lsqlite3 2>"$work/cc.log" ||
    note "limit_report did not compile (libsqlite3-dev?): $(head -1 "$work/cc.log")"

# ---- jobs: setup_JOB makes the input (untimed); contenders_JOB lists "name" functions run_JOB_name
setup_sample() {
    (cd "$work" && "$py" "$here/make_cases.py" "$cases")
    echo "sample: 5,000 from $cases cases, $(du -m "$work/cases.csv" | cut -f1) MB CSV" >>"$notes"
}
sample_args() { echo --cases "$work/cases.csv" --strata team,category --size 5000 --seed 1 --as-of 2026-11-23 --quiet; }
contenders_sample() {
    echo ours
    have_py pandas && echo pandas || note "python3-pandas missing: pandas skipped"
    duck && echo duckdb
    echo cat
}
run_sample_ours() { timed sample audit-sample ours "$bin/audit-sample" $(sample_args) --no-store --out "$work/s.csv"; }
run_sample_pandas() { (cd "$work" && timed sample pandas peer "$py" "$here/sample_pandas.py"); }
run_sample_duckdb() { timed sample "DuckDB (window)" peer node "$here/duckdb_jobs.js" sample "$work/cases.csv" "$work/d.csv"; }
run_sample_cat() { timed sample cat limit cat "$work/cases.csv"; }

setup_sample_store() { [ -f "$work/cases.csv" ] || setup_sample; }
contenders_sample_store() { echo ours; echo cat; }
run_sample_store_ours() {
    rm -f "$work"/sample.db*
    mkdir -p "$work/none" && "$bin/audit-score" import "$work/none" --store "$work/sample.db" --quiet
    timed sample-store "audit-sample --store" ours "$bin/audit-sample" $(sample_args) --store "$work/sample.db" --out "$work/s2.csv"
}
run_sample_store_cat() { timed sample-store cat limit cat "$work/cases.csv"; }

setup_agreement() {
    "$py" "$here/make_pairs.py" "$work/pairs.csv" "$pairs"
    echo "agreement: $pairs pairs, $(du -m "$work/pairs.csv" | cut -f1) MB CSV" >>"$notes"
}
contenders_agreement() {
    echo ours
    have_py statsmodels && have_py pandas && echo pandas || note "pandas/statsmodels missing: skipped"
    duck && echo duckdb
    echo cat
}
run_agreement_ours() { timed agreement "audit-reconcile stats" ours "$bin/audit-reconcile" stats --pairs "$work/pairs.csv" --json; }
run_agreement_pandas() { timed agreement "pandas + statsmodels" peer "$py" "$here/kappa_pandas.py" "$work/pairs.csv"; }
run_agreement_duckdb() { timed agreement "DuckDB crosstab" peer node "$here/duckdb_jobs.js" agreement "$work/pairs.csv"; }
run_agreement_cat() { timed agreement cat limit cat "$work/pairs.csv"; }

setup_import() {
    "$py" "$here/make_return_sample.py" "$work/rsample.csv" "$returns"
    "$bin/audit-demo-data" returns --sample "$work/rsample.csv" --out "$work/returns" --seed 2026 --as-of 2026-11-20 --quiet
    cat >"$work/openpyxl_load.py" <<'PY'
import sys, glob, openpyxl
for p in sorted(glob.glob(sys.argv[1] + "/*.xlsx")):
    openpyxl.load_workbook(p)
PY
    echo "import: $returns returns, $(du -sm "$work/returns" | cut -f1) MB, into a store on disk ($work)" >>"$notes"
}
contenders_import() {
    echo ours
    have_py openpyxl && echo openpyxl
    sheetjs && echo sheetjs
    command -v unzip >/dev/null && echo unzip || note "unzip missing: the inflating limit skipped"
}
run_import_ours() {
    rm -f "$work"/import.db*
    # --unsampled: the store holds no draw (a return of a case in no audit draw is refused otherwise)
    timed import "audit-score import" ours "$bin/audit-score" import "$work/returns" --unsampled --store "$work/import.db" --quiet
}
run_import_openpyxl() { timed import "openpyxl load only" peer "$py" "$work/openpyxl_load.py" "$work/returns"; }
run_import_sheetjs() { timed import "SheetJS read only" peer node "$here/sheetjs_read.js" "$work/returns"; }
run_import_unzip() { timed import "inflating every part" limit unzip -p -qq "$work/returns/*.xlsx"; }

setup_render() {
    {
        echo "case_ref,stratum,inclusion_probability,design_weight,auditor,team,worker,category,child_ref,draw_id"
        for ((i = 1; i <= forms; i++)); do
            printf 'C%06d,CP,0.05,20,Auditor %02d,Team %d,W%04d,CP,P%06d,D-2026-03\n' "$i" $((i % 10)) $((i % 7)) $((i % 300)) "$i"
        done
    } >"$work/sample.csv"
    "$bin/audit-template" render cin-cp --sample "$work/sample.csv" --out "$work/cpp" --quiet  # the model for XlsxWriter
    # The limit writes as many cells per workbook as our form has (all its sheets).
    cells=$("$py" -c '
import glob, openpyxl, sys
wb = openpyxl.load_workbook(sorted(glob.glob(sys.argv[1] + "/*/*.xlsx"))[0])
print(sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None))' "$work/cpp")
    echo "render: $forms forms of cin-cp ($cells cells each)" >>"$notes"
}
contenders_render() {
    echo ours
    have_py xlsxwriter && have_py openpyxl && echo xlsxwriter || note "python3-xlsxwriter missing: skipped"
    [ -x "$work/limit_xlsxwriter" ] && { echo limit1; echo limit2; }
}
run_render_ours() {
    rm -rf "$work/r"
    timed render "audit-template render" ours "$bin/audit-template" render cin-cp --sample "$work/sample.csv" --out "$work/r" --quiet
}
run_render_xlsxwriter() { rm -rf "$work/py"; timed render "Python XlsxWriter" peer "$py" "$here/render_xlsxwriter.py" "$work" "$forms"; }
run_render_limit1() {
    rm -rf "$work/l" && mkdir "$work/l"
    timed render "libxlsxwriter, 1 process" limit "$work/limit_xlsxwriter" "$work/l" 0 "$forms" "$cells"
}
run_render_limit2() {
    rm -rf "$work/l" && mkdir "$work/l"
    timed render "libxlsxwriter, 2 processes" limit bash -c '"$1" "$2" 0 "$3" "$5" & "$1" "$2" "$3" "$4" "$5" & wait -n && wait -n' _ \
        "$work/limit_xlsxwriter" "$work/l" $((forms / 2)) "$forms" "$cells"
}

setup_report() {
    local db=$work/report.db per=$(((audits + 2) / 3))
    mkdir -p "$work/none" && "$bin/audit-score" import "$work/none" --store "$db" --quiet
    "$py" "$root/tests/support/fill_report_store.py" "$db" --months 2026-01,2026-02,2026-03 --audits-per-month "$per" --seed 1 >/dev/null
    "$bin/audit-demo-data" kpis --from 2026-01 --months 3 --seed 1 --out "$work/kpis.csv" --quiet
    "$bin/audit-demo-data" self-assessments --period 2025-26 --seed 1 --out "$work/s11.csv" --quiet
    "$bin/audit-report" lscb --period 2026-Q1 --kpis "$work/kpis.csv" --self-assessments "$work/s11.csv" --out "$work/warm.xlsx" --store "$db" --quiet
    if duck; then
        mkdir -p "$work/tables"
        for t in audit judgement moderation action draw_member draw_stratum; do
            sqlite3 -header -csv "$db" "SELECT * FROM $t" >"$work/tables/$t.csv"
        done
        node "$here/duckdb_jobs.js" load "$work/tables" "$work/report.duckdb" || { note "DuckDB load failed"; rm -f "$work/report.duckdb"; }
    fi
    echo "report: the partnership workbook from $audits audits ($(du -m "$db" | cut -f1) MB store)" >>"$notes"
}
contenders_report() {
    echo ours
    [ -f "$work/report.duckdb" ] && echo duckdb
    [ -x "$work/limit_report" ] && echo limit
}
run_report_ours() {
    timed report "audit-report lscb" ours "$bin/audit-report" lscb --period 2026-Q1 --kpis "$work/kpis.csv" \
        --self-assessments "$work/s11.csv" --store "$work/report.db" --out "$work/lscb.xlsx" --quiet
}
run_report_duckdb() { timed report "DuckDB, its own tables (4 SELECTs)" peer node "$here/duckdb_jobs.js" report "$work/report.duckdb"; }
run_report_limit() { timed report "4 SELECTs stepped in C" limit "$work/limit_report" "$work/report.db"; }

# ---- the rounds
echo "before: $(uptime)" | tee -a "$notes"
for job in $jobs; do
    fn=${job//-/_}
    "setup_$fn"
    mapfile -t who < <("contenders_$fn")
    for ((r = 0; r < rounds; r++)); do
        for ((k = 0; k < ${#who[@]}; k++)); do
            "run_${fn}_${who[$(((k + r) % ${#who[@]}))]}"
        done
    done
done
echo "after:  $(uptime)" | tee -a "$notes"

# ---- the table: median and spread of each, peers and limits against ours
"$py" - "$times" "$rounds" <<'PY'
import statistics, sys
rows = {}
order = []
for line in open(sys.argv[1]):
    job, who, kind, wall, cpu, rss = line.rstrip("\n").split("|")
    key = (job, who)
    if key not in rows:
        rows[key] = (kind, [], [], [])
        order.append(key)
    rows[key][1].append(float(wall)); rows[key][2].append(float(cpu)); rows[key][3].append(int(rss))
print(f"\n{'job':<13} {'contender':<36} {'kind':<5} {'wall median':>11} {'spread':>15} {'CPU median':>10} {'peak RSS':>9}  ratio")
ours = {}
for key in order:
    kind, w, c, m = rows[key]
    if kind == "ours": ours[key[0]] = statistics.median(w)
for key in order:
    kind, w, c, m = rows[key]
    med = statistics.median(w)
    base = ours.get(key[0])
    if kind == "ours": ratio = "1.0x (ours)"
    elif kind == "peer": ratio = f"{med / base:.1f}x slower than ours" if med >= base else f"{base / med:.1f}x faster than ours"
    elif med > 0: ratio = f"ours is {base / med:.1f}x the limit"
    else: ratio = f"ours is over {base / 0.005:.0f}x the limit (it took under the timer's 0.01 s)"
    print(f"{key[0]:<13} {key[1]:<36} {kind:<5} {med:>9.2f} s {min(w):>6.2f}-{max(w):<6.2f} s {statistics.median(c):>8.2f} s "
          f"{max(m) // 1024:>6} MB  {ratio}")
print(f"({sys.argv[2]} rounds each, rotating order; spread = fastest-slowest round; CPU = user + system)")
PY
cat "$notes"
