#!/bin/sh
# Runs every test against the build in $1 (a folder with kgraph and the
# test programs) and ends with one line: "N passed, N failed".  With
# KG_CHECK=1 (make check, for packagers) the C tests, the golden files,
# the CLI checks and the untrusted-data checks (Python's standard library
# judges the SVGs), but not the exports read by networkx, igraph and the
# npm packages.
set -u
build=$1
here=$(cd "$(dirname "$0")" && pwd)
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
passed=0
failed=0

# Adds up a "NAME: N passed, N failed" line; a program that dies without
# one counts as one failure.
count() {
    line=$(grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1))
        return
    fi
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
    passed=$((passed + p))
    failed=$((failed + f))
}

log=$(mktemp)
for t in unit roundtrip suite safety; do
    "$build/${t}_tests" >"$log" 2>&1
    status=$?
    cat "$log"
    count "$log"
    if [ $status -ne 0 ] && ! grep -q ' [1-9][0-9]* failed$' "$log"; then
        failed=$((failed + 1)) # crashed after printing its line
    fi
done
# every input that once made a fuzzer fail, replayed without libFuzzer
# (tests/fuzz/regression_driver.c): one check per fuzzer
rp=0
rf=0
for r in "$build"/replay/fuzz_*; do
    case $r in *.*) continue ;; esac # a coverage build's notes beside them
    if [ -x "$r" ] && "$r" "$here/fuzz/regressions" >"$log" 2>&1; then
        rp=$((rp + 1))
        echo "ok   $(cat "$log")"
    else
        rf=$((rf + 1))
        echo "FAIL $(basename "$r") on tests/fuzz/regressions:"
        tail -n 20 "$log" | sed 's/^/     /'
    fi
done
echo "regressions: $rp passed, $rf failed" >"$log"
cat "$log"
count "$log"
scripts="golden cli untrusted realdata figure mapping workbook speed"
for t in $scripts; do
    "$here/${t}_tests.sh" "$build/kgraph" >"$log" 2>&1
    cat "$log"
    count "$log"
done
if [ "${KG_CHECK:-0}" = 1 ]; then
    rm -f "$log"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi
# the exports, read by networkx and igraph (Debian's Python has them)
/usr/bin/python3 "$here/export_tests.py" "$build/kgraph" >"$log" 2>&1
grep -v -e 'RuntimeWarning: Ignoring <key' -e 'Graph.Read_GraphML' "$log"
count "$log"
# and by graphology and Cytoscape.js (make test installs them in build/npm)
node "$here/export_tests.js" "$build/kgraph" "$here/../build/npm/node_modules" \
    >"$log" 2>&1
cat "$log"
count "$log"
# and the HTML report, in Chromium (playwright-core, from the same place)
shots=$(mktemp -d)
node "$here/report_tests.js" "$build/kgraph" "$here/../build/npm/node_modules" \
    "$shots" >"$log" 2>&1
cat "$log"
count "$log"
rm -rf "$shots"
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
