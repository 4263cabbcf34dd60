#!/bin/sh
# make_seeds.sh DIR: the fuzzers' seed corpus, from the test fixtures and
# the bundled data, in their input form (fuzz_input.h): an options byte,
# then a file, or two cut by "\n%%\n".
set -eu
out=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
n=0
seed() { # seed FLAGS FILE [FILE]
    n=$((n + 1))
    {
        printf "\\$(printf %o "$1")"
        cat "$2"
        if [ $# -gt 2 ]; then printf '\n%%%%\n'; cat "$3"; fi
    } >"$out/seed-$n"
}
for f in "$here"/tests/golden/*/*.csv "$here"/tests/fixtures/*/*.csv; do
    seed 0 "$f"
done
for d in "$here"/tests/golden/*/ "$here"/tests/fixtures/*/; do
    set -- "$d"*.csv
    [ $# -ge 2 ] && [ -f "$1" ] && seed 0 "$1" "$2" && seed 36 "$1" "$2" && seed 24 "$1" "$2"
done
seed 0 "$here/input/entities.csv" "$here/input/relations.csv"
seed 33 "$here/input/entities.csv" "$here/input/relations.csv"
seed 1 "$here/tests/golden/encoding_latin1_and_cp1252/latin1.csv"
seed 2 "$here/tests/golden/encoding_latin1_and_cp1252/cp1252.csv"
seed 0 "$here/tests/golden/encoding_utf16_with_bom/le.csv" "$here/tests/golden/encoding_utf16_with_bom/be.tsv"
echo "fuzz seeds: $n in $out"
