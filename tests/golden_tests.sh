#!/bin/sh
# Golden tests: each folder in tests/golden holds CSV inputs, a `cmd` file
# (the arguments, run from inside the folder), and the expected standard
# output, standard error and exit status.  With UPDATE=1 the expected
# files are rewritten: review every change by eye before committing it.
set -u
kgraph=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
passed=0
failed=0
out=$(mktemp)
err=$(mktemp)
for dir in "$here"/golden/*/; do
    name=$(basename "$dir")
    args=$(cat "$dir/cmd")
    (cd "$dir" && eval "\"\$kgraph\" $args" >"$out" 2>"$err" </dev/null;
     echo $? >"$out.status")
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$out" "$dir/expected.out"
        cp "$err" "$dir/expected.err"
        cp "$out.status" "$dir/expected.status"
    fi
    ok=1
    for part in out err status; do
        case $part in out) got=$out ;; err) got=$err ;; status) got=$out.status ;; esac
        if ! cmp -s "$got" "$dir/expected.$part"; then
            echo "golden $name: $part differs:"
            diff "$dir/expected.$part" "$got" | head -n 20
            ok=0
        fi
    done
    if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
rm -f "$out" "$err" "$out.status"
echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
