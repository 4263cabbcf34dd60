#!/bin/bash
# legibility.sh BUILD - how kgraph's figures read on paper, beside the same
# graphs drawn by plain Graphviz (make legibility; BENCHMARKS.md).
#
# For each figure and page (A4 portrait, A4 landscape): the layout kgraph
# chose, its time, its size at 100%, the smallest name and relation label
# as printed on the page's text block, relation labels over entities,
# lines through names and crossings.  kgraph's figures are measured by
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

# name|arguments (eval'd)|more arguments for kgraph only|the anchors' data set
cases=(
    "bundled example, numbered|\"$root/input\"|--cite|example"
    "focus on Dkhissi|\"$root/input\" --focus Dkhissi||focus"
    "path Stock to Paris Call|\"$root/input\" --path 'Jürgen Stock' --to 'Paris Call'||path"
    "generated, 50 entities|\"$work/g50\"||g50"
    "generated, 200 entities|\"$work/g200\"||g200"
    "generated, 200: overview|\"$work/g200\"|--communities --collapse-by community|g200"
    "generated, 2,000: overview|\"$work/g2000\"|--communities --collapse-by community|g2000"
)
block() { [ "$1" = a4 ] && echo "453.5 680.3" || echo "700.2 453.5"; }

echo "| figure | page | drawn by | time | size at 100% (pt) | names | relation labels | labels over entities | lines through names | crossings |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
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
        over=$(sed -n 's/.*; \([0-9]*\) labels\{0,1\} over entities.*/\1/p' <<<"$line")
        through=$(sed -n 's/.*, \([0-9]*\) lines\{0,1\} through names.*/\1/p' <<<"$line")
        crossings=$(sed -n 's/.*, \([0-9]*\) crossings\{0,1\}.*/\1/p' <<<"$line")
        printf '| %s | %s | kgraph: %s | %.1f s | %s | **%s pt** | %s | %s | %s | %s |\n' \
            "$name" "$page" "$engine" "$(echo "$end - $start" | bc)" "$size" \
            "$names" "${labels:-none}" "${over:--}" "${through:--}" "${crossings:--}"
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
            read -r w h np lp on th cr <<<"$m"
            printf '| %s (as plain Graphviz draws it) | %s | %s | %.1f s | %s x %s | %s pt | %s | %s | %s | %s |\n' \
                "${name%%:*}" "$page" "$engine" "$(echo "$end - $start" | bc)" "$w" "$h" \
                "$np" "$lp" "$on" "$th" "$cr" | sed 's/| -1 /| - /g'
        done
    done
done
