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

# fuzz_workbook's own (fuzz_workbook.c): each workbook whole (0: .xlsx,
# 1: .ods), and the XML parts of each .xlsx sheet (2) and each .ods (3)
wb=$out-fuzz_workbook
mkdir -p "$wb"
n=0
part() { unzip -p "$1" "$2" 2>/dev/null || true; }
for f in "$here"/tests/data/workbooks/*.xlsx "$here"/tests/data/workbooks/*.ods; do
    n=$((n + 1))
    case $f in *.xlsx) k=0 ;; *) k=1 ;; esac
    { printf "\\$k"; cat "$f"; } >"$wb/seed-$n"
done
for f in "$here"/tests/data/workbooks/*.xlsx; do
    for s in $(unzip -Z1 "$f" 'xl/worksheets/sheet*.xml'); do
        n=$((n + 1))
        {
            printf '\2'
            for p in "$s" xl/sharedStrings.xml xl/styles.xml; do
                part "$f" "$p"
                printf '\n%%%%\n'
            done
            part "$f" xl/workbook.xml | sed 's/r:id="[^"]*"/r:id="rId2"/'
        } >"$wb/seed-$n"
    done
done
for f in "$here"/tests/data/workbooks/*.ods; do
    n=$((n + 1))
    { printf '\3'; part "$f" content.xml; } >"$wb/seed-$n"
done
echo "fuzz seeds: $n in $wb"

# fuzz_mapping's own (fuzz_mapping.c): each mapping of the test data,
# its csv_url made data.csv, and the start of its CSV
mp=$out-fuzz_mapping
mkdir -p "$mp"
n=0
for y in "$here"/tests/data/*/*.yml; do
    d=$(dirname "$y")
    c=$(sed -n 's/^[ -]*csv_url: *//p' "$y" | head -n 1)
    n=$((n + 1))
    {
        printf '\0'
        sed 's/^\([ -]*csv_url:\).*/\1 data.csv/' "$y"
        if [ -n "$c" ] && [ -f "$d/$c" ]; then
            printf '\n%%%%\n'
            head -n 30 "$d/$c"
        fi
    } >"$mp/seed-$n"
done
echo "fuzz seeds: $n in $mp"
