#!/bin/sh
# make leakcheck: the CLI under valgrind on the bundled data (DOT, SVG with
# a layout in the render child, stats) and on every golden test's input,
# the bad ones included.  Any leak of kgraph's own memory, or any memory
# error, fails (tests/valgrind.supp lists Graphviz's and its libraries'
# leaks at exit).
set -u
kgraph=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=0
failed=0
vg() { # vg NAME DIR ARGS...: kgraph under valgrind, run from DIR
    name=$1 dir=$2
    shift 2
    runs=$((runs + 1))
    (cd "$dir" && eval "valgrind -q --trace-children=yes --leak-check=full \
        --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
        --error-exitcode=99 --suppressions='$here/valgrind.supp' \
        '$kgraph' $*" >"$work/out" 2>"$work/err" </dev/null)
    if [ $? -eq 99 ] || grep -q '^==[0-9]*== ' "$work/err"; then
        failed=$((failed + 1))
        echo "FAIL $name"
        grep '^==' "$work/err" | head -n 40
    fi
}
vg "bundled DOT and merge report" "$root" build input -q -o "$work/r.dot" --merge-report "$work/m.csv"
vg "bundled SVG (render child)" "$root" build input -q --cluster-by country -o "$work/r.svg"
vg "bundled SVG fitted to a page, layouts compared" "$root" build input -q --page auto --no-legend -o "$work/p.svg"
vg "bundled PDF for a report, numbered, with its sources and key apart" "$root" build input -q --page a4 --cite --sources "$work/s.html" --legend "$work/k.svg" -o "$work/p.pdf"
vg "bundled overview by community" "$root" build input -q --communities --collapse-by community --top 30 --page a4-landscape -o "$work/o.svg"
vg "bundled stats" "$root" stats input -q --format json
vg "bundled focus" "$root" build input -q --focus Dkhissi --depth 2 -o "$work/f.dot"
for dir in "$here"/golden/*/; do
    vg "golden $(basename "$dir")" "$dir" "$(cat "$dir/cmd")"
done
echo "leakcheck: $runs runs, $failed with leaks or memory errors"
[ "$failed" -eq 0 ]
