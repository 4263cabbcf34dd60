#!/bin/bash
# legibility.sh BUILD - how kgraph's figures read on paper, beside the same
# graphs drawn by plain Graphviz (make legibility; BENCHMARKS.md).
#
# For each figure and page (A4 portrait, A4 landscape): the layout kgraph
# chose, its time, its size at 100%, the smallest name and relation label
# as printed on the page's text block, what is drawn over what (pairs of
# entities, pairs of texts, relation labels on entities, names outside
# their shapes, crossing cluster boxes, entities under a cluster box not
# theirs), lines through entities they do not end at (of the lines drawn)
# and crossings.  kgraph's figures are measured by
# kgraph on Graphviz's own layout (its summary line); the anchors, plain
# dot, neato and sfdp on kgraph's DOT with Graphviz's defaults, by
# tests/bench/measure.c with the same code.  A Markdown table on stdout.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root="$here/../.."
kgraph="$build/kgraph"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 50 200 2000; do
    mkdir -p "$work/g$n" && "$build/bench_gen" "$n" "$work/g$n"
done
# a hand-made link chart's shape: no pair joined twice (bench_gen's
# always are), 80 entities and 200 relations
mkdir -p "$work/d80" && awk 'BEGIN {
    srand(26); print "id,name,type" > "'"$work"'/d80/entities.csv"
    for (i = 0; i < 80; i++)
        printf "p%d,Person %d,%s\n", i, i, i % 4 ? "person" : "company" \
            > "'"$work"'/d80/entities.csv"
    print "source,target,type" > "'"$work"'/d80/relations.csv"
    while (n < 200) {
        a = int(rand() * 80); b = int(rand() * 80)
        if (a == b || (a "," b) in seen || (b "," a) in seen) continue
        seen[a "," b] = 1; n++
        printf "p%d,p%d,knows\n", a, b > "'"$work"'/d80/relations.csv"
    } }'
data="$root/tests/data"
k911="--header source,target,strength,layer \"$data/krebs_911/9_11_edgelist.txt\" --header id,flight \"$data/krebs_911/9_11_attrib.txt\""

# name|arguments (eval'd)|more arguments for kgraph only|the anchors' data set
cases=(
    "bundled example, numbered|\"$root/input\"|--cite|example"
    "focus on Dkhissi|\"$root/input\" --focus Dkhissi||focus"
    "path Stock to Paris Call|\"$root/input\" --path 'Jürgen Stock' --to 'Paris Call'||path"
    "generated, 50 entities|\"$work/g50\"||g50"
    "generated, 200 entities|\"$work/g200\"||g200"
    "generated, 200: overview|\"$work/g200\"|--communities --collapse-by community|g200"
    "generated, 2,000: overview|\"$work/g2000\"|--communities --collapse-by community|g2000"
    "generated, 80 entities, 200 distinct pairs|\"$work/d80\"||d80"
    "Krebs' 9/11 network|$k911||k911"
    "Krebs' 9/11, focus on Mohamed Atta|$k911 --focus 'Mohamed Atta'||k911f"
    "Montagna, clustered by familia|--type-from-file \"$data/montagna\" --cluster-by familia||mont"
    "a 353-person list: community overview|\"$data/opensanctions-sa-peps/entities.ftm.json\"|--communities --collapse-by community|peps"
)
block() { [ "$1" = a4 ] && echo "453.5 680.3" || echo "700.2 453.5"; }

echo "| figure | page | drawn by | time | size at 100% (pt) | names | relation labels | entity pairs over each other | text pairs over each other | relation labels on entities | names outside their shapes | cluster box pairs crossing | entities under a cluster box not theirs | lines through entities | crossings |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
declare -A done_anchor
for c in "${cases[@]}"; do
    IFS='|' read -r name args more data <<<"$c"
    eval "set -- $args"
    # the anchors: the same data, as kgraph writes it for Graphviz
    "$kgraph" build "$@" --max-warnings 0 -q -o "$work/$data.dot" 2>/dev/null
    nodes=$(grep -c '^  [^ ]* \[label=' "$work/$data.dot")
    eval "set -- $args $more"
    for page in a4 a4-landscape; do
        start=$(date +%s.%N)
        "$kgraph" build "$@" --max-warnings 0 --page "$page" -o "$work/fig.svg" \
            2>"$work/fig.err"
        end=$(date +%s.%N)
        line=$(grep 'kgraph: figure:' "$work/fig.err")
        engine=$(sed -n 's/.*figure: \([^,]*\),.*/\1/p' <<<"$line")
        size=$(sed -n 's/.*, \([0-9]*\) x \([0-9]*\) pt (.*/\1 x \2/p' <<<"$line")
        names=$(sed -n 's/.*names print at \([0-9.]*\) pt.*/\1/p' <<<"$line")
        labels=$(sed -n 's/.*relation labels at \([0-9.]*\) pt.*/\1/p' <<<"$line")
        n() { sed -n "s/.*[;:,] \([0-9]*\) $1.*/\1/p" <<<"$line"; }
        ent=$(n 'pairs\{0,1\} of entities')
        txt=$(n 'pairs\{0,1\} of texts')
        over=$(n 'relation labels\{0,1\} on')
        out=$(n 'names\{0,1\} outside')
        clu=$(n 'pairs\{0,1\} of cluster boxes')
        under=$(n 'entit[a-z]* under')
        through=$(sed -n 's/.*; \([0-9]* of [0-9]*\) lines\{0,1\} through.*/\1/p' <<<"$line")
        crossings=$(n 'crossings\{0,1\}')
        printf '| %s | %s | kgraph: %s | %.1f s | %s | **%s pt** | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
            "$name" "$page" "$engine" "$(echo "$end - $start" | bc)" "$size" \
            "$names" "${labels:-none}" "${ent:--}" "${txt:--}" "${over:--}" \
            "${out:--}" "${clu:--}" "${under:--}" "${through:--}" "${crossings:--}"
        key="$data $page"
        [ -n "${done_anchor[$key]:-}" ] && continue
        done_anchor[$key]=1
        for engine in dot neato sfdp; do
            # dot past 800 entities and neato past 500 take minutes
            if { [ "$engine" = dot ] && [ "$nodes" -gt 800 ]; } ||
               { [ "$engine" = neato ] && [ "$nodes" -gt 500 ]; }; then
                continue
            fi
            start=$(date +%s.%N)
            m=$("$build/bench_measure" "$engine" "$work/$data.dot" $(block "$page") 2>/dev/null)
            end=$(date +%s.%N)
            read -r w h np lp en tx on no co cu th rel cr <<<"$m"
            printf '| %s (as plain Graphviz draws it) | %s | %s | %.1f s | %s x %s | %s pt | %s | %s | %s | %s | %s | %s | %s | %s of %s | %s |\n' \
                "${name%%:*}" "$page" "$engine" "$(echo "$end - $start" | bc)" "$w" "$h" \
                "$np" "$lp" "$en" "$tx" "$on" "$no" "$co" "$cu" "$th" "$rel" "$cr" | sed 's/| -1 /| - /g'
        done
    done
done
