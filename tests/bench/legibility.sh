#!/bin/bash
# legibility.sh BUILD - how kgraph's figures read on paper, beside the same
# graphs drawn by plain Graphviz (make legibility; tests/bench/README.md).
#
# For each figure and page (A4 portrait, A4 landscape): the layout kgraph
# chose, its time, and what tests/figure_check.py (a reader of the SVG that
# owes nothing to kgraph's code) measures on it: the size at 100%, the
# smallest name and relation label as printed on the page's text block,
# entities over entities (or over the key), texts over texts, relation
# labels over entities, names outside their shapes, cluster boxes over
# each other and entities across a cluster's edge, lines through entities
# they do not end at, crossings.  The anchors are plain dot, neato and sfdp
# on kgraph's DOT with Graphviz's defaults (dot -Tsvg), measured the same
# way.  A Markdown table on stdout.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root="$here/../.."
data="$root/tests/data"
kgraph="$build/kgraph"
check=$here/../figure_check.py
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 50 200 500 2000; do
    mkdir -p "$work/g$n" && "$build/bench_gen" "$n" "$work/g$n"
done
# a hand-made chart's shape: 80 entities, 200 pairs, none repeated
"$py" "$here/gen_distinct.py" 80 200 "$work/d80"

k911="--header source,target,strength,layer \"$data/krebs_911/9_11_edgelist.txt\" --header id,flight \"$data/krebs_911/9_11_attrib.txt\""

# name|arguments (eval'd)|more arguments for kgraph only|the anchors' data set
cases=(
    "bundled example, numbered|\"$root/input\"|--cite|example"
    "focus on Dkhissi|\"$root/input\" --focus Dkhissi||focus"
    "path Stock to Paris Call|\"$root/input\" --path 'Jürgen Stock' --to 'Paris Call'||path"
    "Krebs 9/11, 69 entities|$k911||krebs"
    "Krebs 9/11, focus on Mohamed Atta|$k911 --focus 'Mohamed Atta'||krebs_atta"
    "Montagna, 155 entities, by familia|\"$data/montagna\"|--cluster-by familia|montagna"
    "NYC Mafia 1960, 298 entities: overview|\"$data/nyc_mafia\"|--communities --collapse-by community|nyc"
    "generated, 50 entities|\"$work/g50\"||g50"
    "generated, 80 entities, 200 distinct pairs|\"$work/d80\"||d80"
    "generated, 200 entities|\"$work/g200\"||g200"
    "generated, 500 entities (the issue's 5 s)|\"$work/g500\"||g500"
    "generated, 200: overview|\"$work/g200\"|--communities --collapse-by community|g200"
    "generated, 2,000: overview|\"$work/g2000\"|--communities --collapse-by community|g2000"
)

now() { date +%s.%N; }
secs() { awk "BEGIN { printf \"%.1f\", $2 - $1 }"; }

# row NAME PAGE DRAWN-BY TIME SVG: one row of the table, as figure_check.py
# measures the SVG
row() {
    "$py" - "$1" "$2" "$3" "$4" "$5" <<'PY'
import json, os, subprocess, sys
name, page, by, t, svg = sys.argv[1:6]
r = subprocess.run([sys.executable, os.environ["CHECK"], "--block", page, svg],
                   capture_output=True, text=True)
try:
    m = json.loads(r.stdout)
except ValueError:
    print("| %s | %s | %s | %s s | not measured | | | | | | | | | | |" % (name, page, by, t))
    sys.exit(0)
def v(k):
    x = m[k]
    return "-" if x is None else str(x)
print("| %s | %s | %s | %s s | %.0f x %.0f | **%s pt** | %s | %d | %s | %s | %s | %s | %s | %s of %s | %s |" % (
    name, page, by, t, m["width_pt"], m["height_pt"], v("names_pt"),
    "none" if m["labels_pt"] is None else "%s pt" % m["labels_pt"],
    m["entity_overlaps"] + m["key_overlaps"], v("text_overlaps"), v("labels_over_entities"),
    v("names_outside"), v("cluster_overlaps"), v("entities_over_clusters"),
    v("lines_through_entities"), v("relations"), v("crossings")))
PY
}
export CHECK="$check"

echo "| figure | page | drawn by | time | size at 100% (pt) | names | relation labels | entity overlaps | texts over texts | labels over entities | names outside | cluster overlaps | entities across clusters | lines through entities | crossings |"
declare -A shown
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for c in "${cases[@]}"; do
    IFS='|' read -r name args more set <<<"$c"
    # the anchors: the same data, as kgraph writes it for Graphviz
    eval "\"\$kgraph\" build $args --max-warnings 0 -q -o \"\$work/\$set.dot\"" 2>/dev/null
    nodes=$(grep -c '^  [^ ]* \[label=' "$work/$set.dot")
    for page in a4 a4-landscape; do
        start=$(now)
        eval "\"\$kgraph\" build $args $more --max-warnings 0 --page $page -o \"\$work/fig.svg\"" \
            2>"$work/fig.err"
        rc=$?
        end=$(now)
        engine=$(sed -n 's/.*figure: \([^,]*\),.*/\1/p' "$work/fig.err")
        if [ $rc != 0 ]; then
            printf '| %s | %s | kgraph | %s s | failed (exit %s) | | | | | | | | | | |\n' \
                "$name" "$page" "$(secs "$start" "$end")" "$rc"
        else
            row "$name" "$page" "kgraph: ${engine:-?}" "$(secs "$start" "$end")" "$work/fig.svg"
        fi
        # the anchors once per data set and page
        [ -n "${shown[$set $page]:-}" ] && continue
        shown[$set $page]=1
        for engine in dot neato sfdp; do
            # dot past 300 entities (the generated 500: 349 s) and neato
            # past 500 take minutes
            if { [ "$engine" = dot ] && [ "$nodes" -gt 300 ]; } ||
               { [ "$engine" = neato ] && [ "$nodes" -gt 500 ]; }; then
                continue
            fi
            # drawn once for both pages (plain Graphviz knows no page)
            a="$work/$set.$engine"
            if [ ! -e "$a.time" ]; then
                start=$(now)
                "$engine" -Tsvg "$work/$set.dot" -o "$a.svg" 2>/dev/null || rm -f "$a.svg"
                end=$(now)
                secs "$start" "$end" >"$a.time"
            fi
            if [ -e "$a.svg" ]; then
                row "${name%%:*} (plain Graphviz)" "$page" "$engine" "$(cat "$a.time")" "$a.svg"
            else
                printf '| %s (plain Graphviz) | %s | %s | - | failed | | | | | | | | | | |\n' \
                    "${name%%:*}" "$page" "$engine"
            fi
        done
    done
done
