#!/bin/sh
# make bench: kgraph diff on the 1M-entity, 2M-relation set against a copy
# with 1% of its rows changed (every hundredth entity's description
# edited, every hundredth relation removed and as many new ones added),
# beside one build of the same set to DOT.  Target: the diff in under 3
# times the build.  Median of three runs each.  $1 is the build folder.
set -u
build=$1
n=${BENCH_DIFF_SIZE:-1000000}
old=$build/bench/$n
new=$build/bench/diff-$n
mkdir -p "$old" "$new"
[ -s "$old/relations.csv" ] || "$build/bench_gen" "$n" "$old" || exit 1
if [ ! -s "$new/relations.csv" ]; then
    awk 'NR > 1 && NR % 100 == 0 { sub(/record/, "updated record") } { print }' \
        "$old/entities.csv" >"$new/entities.csv"
    awk 'NR == 1 || NR % 100 != 0' "$old/relations.csv" >"$new/relations.csv"
    awk -v n="$n" 'NR > 1 && NR % 100 == 0 { k = NR % (n - 1)
        print "e" k ",e" k + 1 ",paid,2020-01-01,1,new ledger" }' \
        "$old/relations.csv" >>"$new/relations.csv"
fi
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
time_of() { # seconds and peak KB of one run
    /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -n 1
}
: >"$new/build.t"
: >"$new/diff.t"
for i in 1 2 3; do
    time_of "$build/kgraph" build "$old" -q --max-warnings 1 -o "$new/old.dot" >>"$new/build.t"
    time_of sh -c "'$build/kgraph' diff '$old' '$new' -q --max-warnings 1 -o '$new/diff.txt'; [ \$? = 1 ]" \
        >>"$new/diff.t"
done
b=$(cut -d' ' -f1 "$new/build.t" | median)
d=$(cut -d' ' -f1 "$new/diff.t" | median)
m=$(cut -d' ' -f2 "$new/diff.t" | median)
echo "diff of $n entities and $((n * 2)) relations, 1% changed: $d s" \
    "(peak $((m / 1024)) MiB) against $b s for one build to DOT:" \
    "$(echo "$d $b" | awk '{ printf "%.2fx", $1 / $2 }'), target under 3x:" \
    "$(echo "$d $b" | awk '{ print ($1 < 3 * $2) ? "met" : "MISSED" }')"
tail -n 1 "$new/diff.txt"
