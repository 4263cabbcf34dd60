#!/bin/bash
# figure_tests.sh KGRAPH - the printed figures of issue 26 ("Must show"),
# measured by tests/figure_check.py, a reader of the SVG that owes nothing
# to kgraph's code (exact shapes and curves, real font metrics).
#
# Each figure is drawn twice for its page (the same bytes both times),
# timed (reported, never failed on: speed lives in the benchmarks), and
# checked against the issue's targets: 0 entity overlaps (nor over the
# key), 0 texts over texts, 0 relation labels over entities, 0 names
# outside their shapes, lines through entities they do not end at at most
# 5% of the relations drawn, names at 6 pt or more (8 pt for a focus and a
# path); clusters neither overlapping nor straddled.  Prints "ok" or
# "FAIL" per check, the table of what it measured, and the count line.
# In make check.  A target not met yet is listed in `open` below: its
# check prints "open" and does not fail the suite, and fails it once it
# is met (take it off the list then), so the list stays true.
# FIGURES_KEEP=DIR keeps each figure's SVG and its measure (JSON) there.
set -u
kgraph=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
data=$root/tests/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3
. "$here/check.sh"

k911="--header source,target,strength,layer '$data/krebs_911/9_11_edgelist.txt' --header id,flight '$data/krebs_911/9_11_attrib.txt'"

# name|page|smallest name (pt)|kgraph build arguments (eval'd)
cases=(
    "bundled example, whole|a4|6|'$root/input'"
    "path Jürgen Stock to Paris Call|a4|8|'$root/input' --path 'Jürgen Stock' --to 'Paris Call'"
    "focus on Dkhissi|a4|8|'$root/input' --focus Dkhissi"
    "Krebs 9/11, whole|a4-landscape|6|$k911"
    "Krebs 9/11, whole, portrait|a4|6|$k911"
    "Krebs 9/11, focus on Mohamed Atta|a4|8|$k911 --focus 'Mohamed Atta'"
    "Krebs 9/11, Atta's neighbourhood by flight|a4|8|$k911 --focus 'Mohamed Atta' --cluster-by flight"
    "Montagna, clustered by familia|a4|6|'$data/montagna' --cluster-by familia"
    "NYC Mafia 1960, community overview|a4|6|'$data/nyc_mafia' --communities --collapse-by community"
)

# Targets of issue 26 not met yet (figure (page): what), each with why:
# Krebs whole on portrait A4: the spread layouts settle at 5.9 pt (a
# denser start is packed apart to the same size), and its long names fill
# the page's width; on landscape, the issue's page for it, it prints at
# 6.8.
# Each with what it reaches today, which it must keep (no quiet loss).
open=(
    "Krebs 9/11, whole, portrait (a4): names|5.9"
)
opened=0

# target NAME COMMAND...: check, or for a target on the open list, "open"
# while it fails and a failure once it passes
target() {
    for entry in "${open[@]}"; do
        o=${entry%|*}
        case $1 in
        "$o"*)
            name=$1
            shift
            if "$@" >/dev/null 2>&1; then
                check "$name: met, but listed as open in figure_tests.sh" false
            else
                opened=$((opened + 1))
                echo "open $name (issue 26)"
            fi
            return
            ;;
        esac
    done
    check "$@"
}

# the reader itself: each count fails on a figure with that one fault
check "figure_check.py finds each fault it counts (tests/figure_check_tests.py)" \
    "$py" "$here/figure_check_tests.py"

field() { # FIELD JSON: one value of figure_check.py's output
    "$py" -c 'import json,sys; v=json.loads(sys.argv[2])[sys.argv[1]]; print("-" if v is None else v)' "$1" "$2"
}

printf '| figure | page | time | size (pt) | names | labels | entity overlaps | text/text | labels over entities | names outside | cluster overlaps | entities over clusters | lines through entities | crossings |\n' >"$work/table"
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' >>"$work/table"

n=0
for c in "${cases[@]}"; do
    IFS="|" read -r fig page min args <<<"$c"
    n=$((n + 1))
    times=""
    ok=1
    for run in 1 2; do
        start=$(date +%s.%N)
        eval "\"\$kgraph\" build $args --page $page --max-warnings 0 -q -o \"\$work/f$n.$run.svg\"" \
            >"$work/f$n.$run.err" 2>&1 || ok=0
        end=$(date +%s.%N)
        times="$times $(awk "BEGIN { printf \"%.1f\", $end - $start }")"
    done
    if [ $ok = 0 ]; then
        check "$fig ($page): drawn" sh -c "cat '$work/f$n.1.err' '$work/f$n.2.err'; exit 1"
        printf '| %s | %s | %s s | failed | | | | | | | | | | |\n' "$fig" "$page" "${times# }" >>"$work/table"
        continue
    fi
    check "$fig ($page): the same bytes on two runs" cmp "$work/f$n.1.svg" "$work/f$n.2.svg"
    # the DOT says who is in which cluster, which the SVG does not
    eval "\"\$kgraph\" build $args --page $page -q -o \"\$work/f$n.dot\"" >/dev/null 2>&1
    m=$("$py" "$here/figure_check.py" --block "$page" --details --members "$work/f$n.dot" \
        "$work/f$n.1.svg" | tr -d '\n')
    echo "$m" >"$work/f$n.json"
    f() { field "$1" "$m"; }
    rel=$(f relations)
    lines=$(f lines_through_entities)
    check "$fig ($page): 0 entity overlaps, none over the key ($(f entity_overlaps), $(f key_overlaps))" \
        test "$(f entity_overlaps)" = 0 -a "$(f key_overlaps)" = 0
    check "$fig ($page): 0 texts over texts ($(f text_overlaps))" test "$(f text_overlaps)" = 0
    check "$fig ($page): 0 relation labels over entities ($(f labels_over_entities))" \
        test "$(f labels_over_entities)" = 0
    check "$fig ($page): 0 names outside their shapes ($(f names_outside))" test "$(f names_outside)" = 0
    check "$fig ($page): lines through entities <= 5% of $rel relations ($lines)" \
        test $((lines * 100)) -le $((rel * 5))
    check "$fig ($page): no line over a cluster's title ($(f lines_over_titles))" \
        test "$(f lines_over_titles)" = 0
    target "$fig ($page): names print at $min pt or more ($(f names_pt) pt)" \
        "$py" -c "import sys; sys.exit(not float('$(f names_pt)') >= $min)"
    for entry in "${open[@]}"; do
        [ "${entry%|*}" = "$fig ($page): names" ] || continue
        check "$fig ($page): names no smaller than the ${entry#*|} pt reached ($(f names_pt) pt)" \
            "$py" -c "import sys; sys.exit(not float('$(f names_pt)') >= ${entry#*|} - 0.05)"
    done
    check "$fig ($page): 0 cluster overlaps, 0 entities over a cluster not their own or across its edge ($(f cluster_overlaps), $(f entities_over_clusters))" \
        test "$(f cluster_overlaps)" = 0 -a "$(f entities_over_clusters)" = 0
    printf '| %s | %s | %s s | %s x %s | %s pt | %s pt | %s | %s | %s | %s | %s | %s | %s of %s | %s |\n' \
        "$fig" "$page" "${times# }" "$(f width_pt)" "$(f height_pt)" "$(f names_pt)" "$(f labels_pt)" \
        "$(($(f entity_overlaps) + $(f key_overlaps)))" "$(f text_overlaps)" "$(f labels_over_entities)" \
        "$(f names_outside)" "$(f cluster_overlaps)" "$(f entities_over_clusters)" "$lines" "$rel" \
        "$(f crossings)" >>"$work/table"
    if [ -n "${FIGURES_KEEP:-}" ]; then
        mkdir -p "$FIGURES_KEEP" && cp "$work/f$n.1.svg" "$FIGURES_KEEP/figure$n.svg" &&
            cp "$work/f$n.json" "$FIGURES_KEEP/figure$n.json"
    fi
done

echo
echo "Measured by tests/figure_check.py (time: the two runs; entity overlaps include the key):"
cat "$work/table"
echo
echo "figures: $opened targets still open (listed in tests/figure_tests.sh)"
finish figures
