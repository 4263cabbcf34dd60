#!/bin/sh
# Issue 28, "Fast everywhere": what measuring and speed must not change.
# --timings says each phase on standard error and changes no output's
# bytes; centralities are the same bytes on 1 and 2 threads; a report
# too large for Graphviz's overview still has a figure.  No timed test:
# the numbers are for `make bench` on a quiet machine.
set -u
kgraph=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000

. "$here/check.sh"

# every --timings line is "kgraph: timings: PHASE[ SUBJECT]: W s wall, C s
# cpu, M MiB peak[, name N pt][, K collisions]"
timing_lines_parse() {
    grep '^kgraph: timings: ' "$1" >"$1.t" || { echo "no timings in $1"; return 1; }
    if grep -v -E '^kgraph: timings: [a-z][a-z ]*( [^:]+)?: [0-9]+\.[0-9]{3} s wall, [0-9]+\.[0-9]{3} s cpu, [0-9]+\.[0-9] MiB peak(, name [0-9]+\.[0-9] pt)?(, -?[0-9]+ collisions)?$' "$1.t"; then
        echo "lines above do not parse"
        return 1
    fi
}

# runs kgraph twice, with and without --timings: `same NAME OUT ARGS...`
# (OUT the output file, or - for standard output); the outputs and the
# rest of standard error are the same bytes, and the timings parse
same() {
    sn=$1 out=$2
    shift 2
    for t in plain timed; do
        flag=
        [ $t = timed ] && flag=--timings
        if [ "$out" = - ]; then
            "$kgraph" "$@" $flag >"$work/$sn.$t" 2>"$work/$sn.$t.err"
        else
            "$kgraph" "$@" $flag -o "$work/$t.$out" 2>"$work/$sn.$t.err"
            rc=$?
            mv "$work/$t.$out" "$work/$sn.$t" 2>/dev/null
            (exit $rc)
        fi
        rc=$?
        # diff says 1 when the versions differ
        [ $rc = 0 ] || [ $rc = "${SAME_RC:-0}" ] ||
            { echo "$t run failed:"; cat "$work/$sn.$t.err"; return 1; }
    done
    cmp "$work/$sn.plain" "$work/$sn.timed" || return 1
    ! grep -q timings "$work/$sn.plain.err" || return 1
    grep -v '^kgraph: timings: ' "$work/$sn.timed.err" >"$work/$sn.rest"
    cmp "$work/$sn.plain.err" "$work/$sn.rest" || return 1
    timing_lines_parse "$work/$sn.timed.err"
}

has() { grep -q "^kgraph: timings: $2" "$work/$1.timed.err" || { echo "no '$2' in $1"; return 1; }; }

timings_build() {
    same dot g.dot build "$root/input" &&
    has dot "read $root/input/entities.csv: " &&
    has dot "read $root/input/relations.csv: " && has dot "resolve: " &&
    has dot "write dot: " &&
    same filtered g.dot build "$root/input" --since 2000 --merge-edges &&
    has filtered "filter: " && has filtered "merge edges: " &&
    same svg g.svg build "$root/input" --page a4 &&
    has svg "render svg: " &&
    same overview g.dot build "$root/input" --communities --collapse-by community &&
    has overview "communities: " && has overview "overview community: "
}
check "--timings: build (DOT, a figure on a page, an overview) the same bytes, each phase a line that parses" timings_build

timings_commands() {
    same stats - stats "$root/input" --format json && has stats "centralities: " &&
    has stats "write stats: " &&
    same report r.html report "$root/input" && has report "report: " &&
    has report "render svg: " &&
    same timeline t.svg timeline "$root/input" && has timeline "write timeline: " &&
    SAME_RC=1 same diff - diff --old "$root/input/entities.csv" \
        "$root/input/relations.csv" --new "$root/input" &&
    has diff "diff: " && has diff "write diff: " &&
    SAME_RC=0 && for f in graphml gexf cyjs ftm.json; do
        same "x$f" "g.$f" build "$root/input" || return 1
    done &&
    has xgraphml "write graphml: " && has xftm.json "write ftm: "
}
check "--timings: stats, report, timeline, diff and the exports the same bytes, each phase a line" timings_commands

# a random graph of 1,000 entities and 3,000 relations: its centralities
# are exact (under the sampling bound) and their searches several pieces
# (centrality.c), so that two threads share them
random_graph() {
    awk 'BEGIN { srand(28); print "source,target";
                 for (i = 0; i < 3000; i++)
                     printf "n%d,n%d\n", int(rand() * 1000), int(rand() * 1000) }'
}

threads_same_bytes() {
    random_graph >"$work/rand.csv"
    for t in 1 2 3; do
        "$kgraph" stats -q --threads $t --format json "$work/rand.csv" \
            -o "$work/rand$t.json" &&
        "$kgraph" stats -q --threads $t --format csv "$work/rand.csv" \
            -o "$work/rand$t.csv" &&
        "$kgraph" stats -q --threads $t "$work/rand.csv" -o "$work/rand$t.txt" &&
        "$kgraph" report -q --threads $t "$work/rand.csv" -o "$work/rand$t.html" &&
        "$kgraph" build -q --threads $t --top 50 "$work/rand.csv" \
            -o "$work/rand$t.dot" || return 1
    done
    grep -q '"exact": true' "$work/rand1.json" || { echo "sampled"; return 1; }
    for f in json csv txt html dot; do
        cmp "$work/rand1.$f" "$work/rand2.$f" &&
        cmp "$work/rand1.$f" "$work/rand3.$f" || return 1
    done
    py=/usr/bin/python3
    if ! "$py" -c 'import networkx' 2>/dev/null; then
        echo "skipped: no networkx for $py (Debian python3-networkx)"
        return 0
    fi
    "$py" - "$work/rand.csv" "$work/rand2.csv" <<'PY'
import csv, sys
import networkx as nx
g = nx.Graph()
rows = list(csv.DictReader(open(sys.argv[2])))
g.add_nodes_from(r["id"] for r in rows)
g.add_edges_from((r["source"], r["target"]) for r in csv.DictReader(open(sys.argv[1]))
                 if r["source"] != r["target"])
btw = nx.betweenness_centrality(g, normalized=False)
clo = nx.closeness_centrality(g, wf_improved=False)
bad = [r["id"] for r in rows
       if abs(float(r["betweenness"]) - btw[r["id"]]) > 1e-4 * max(1, btw[r["id"]])
       or abs(float(r["closeness"]) - clo[r["id"]]) > 1e-6]
print("networkx agrees on %d of %d nodes" % (len(rows) - len(bad), len(rows)))
sys.exit(1 if bad or len(rows) < 900 else 0)
PY
}
check "--threads 1, 2 and 3: stats (text, CSV, JSON), report and --top the same bytes; networkx agrees" threads_same_bytes

# tree_and_paths DIR N PATHS: DIR/relations.csv, a binary tree of N
# entities (n2..nN, each linked to its parent) and PATHS paths of four
# entities each (small components of their own).
tree_and_paths() {
    mkdir -p "$1"
    awk -v n="$2" -v paths="$3" 'BEGIN { print "source,target,type"
                 for (i = 2; i <= n; i++) printf "n%d,n%d,knows\n", i, int(i / 2)
                 for (p = 0; p < paths; p++)
                     for (j = 1; j < 4; j++) printf "p%d_%d,p%d_%d,knows\n", p, j - 1, p, j }' \
        >"$1/relations.csv"
}

# Sampled, the same: a tree of 400,000 entities (each of its searches a
# piece of its own, added to the totals straight from the search's state)
# and 300 small paths searched whole (several searches to a piece); every
# entity's values and errors (CSV) the same bytes on 1, 2 and 3 threads.
sampled_threads_same_bytes() {
    tree_and_paths "$work/big" 400000 300
    for t in 1 2 3; do
        "$kgraph" stats -q --threads $t --format csv "$work/big" -o "$work/big$t.csv" || return 1
    done
    "$kgraph" stats -q --format json "$work/big" | grep -q '"largest_component": {"entities": 400000, "sources": [0-9]*}' ||
        { echo "not sampled"; return 1; }
    cmp "$work/big1.csv" "$work/big2.csv" && cmp "$work/big1.csv" "$work/big3.csv"
}
check "sampled centralities: --threads 1, 2 and 3 give the same values and errors" sampled_threads_same_bytes

# the width of the first SVG in an HTML file, in points
svg_width() {
    grep -o '<svg width="[0-9.]*pt"' "$1" | head -n 1 | grep -o '[0-9.]*'
}

# Three groups of 200 entities with 3,000 relations between the groups
# (each with evidence): too many entities to draw whole, so the report
# draws its communities, and a line between two of them folds 1,000
# rows.  Their sources' numbers on that line made a label of 1,000
# numbers (a figure 49,437 pt wide here; 1,014,773 pt at 1M entities,
# where dot refused it as "Edge length ... larger than maximum 65535"):
# an overview's lines carry counts.
report_overview_lines_bounded() {
    awk 'BEGIN { srand(28); print "source,target,relation,evidence";
      for (i = 0; i < 9000; i++) { c = int(rand() * 3); a = c * 200 + int(rand() * 200);
        b = (i % 3 ? c : (c + 1) % 3) * 200 + int(rand() * 200);
        printf "n%d,n%d,knows,seen together %d\n", a, b, i } }' >"$work/groups.csv"
    "$kgraph" report -q "$work/groups.csv" -o "$work/groups.html" || return 1
    w=$(svg_width "$work/groups.html")
    echo "figure: $w pt wide"
    [ -n "$w" ] && awk -v w="$w" 'BEGIN { exit !(w < 2000) }' &&
    grep -q 'the figure is an overview, 3 nodes for its 600' "$work/groups.html"
}
check "report: an overview's lines carry counts, not the numbers of every row they fold (a figure of reasonable width)" report_overview_lines_bounded

# an overview's node names its first 100 members, then how many more (all
# of them made tooltips of 31 MB at the 1M bench: 27 s in Graphviz)
overview_descriptions_bounded() {
    "$kgraph" build -q --communities --collapse-by community "$work/groups.csv" \
        -o "$work/groups.dot" || return 1
    grep -o 'description="[^"]*"' "$work/groups.dot" >"$work/desc.txt"
    [ "$(wc -l <"$work/desc.txt")" = 3 ] &&
    [ "$(grep -c '^description="200 entities: [^"]*; and 100 more"$' "$work/desc.txt")" = 3 ] &&
    awk -F'; ' '{ if (NF != 101) exit 1 }' "$work/desc.txt"
}
check "an overview's node lists its first 100 members and says how many more" overview_descriptions_bounded

# 400 typed entities, 1,600 relations at random: dot needs minutes, so
# with dot named and a 1 s timeout the figure cannot be drawn; the
# report draws a simpler one, its entities by type, and says so
report_falls_back_to_a_simpler_figure() {
    mkdir -p "$work/tangle"
    awk 'BEGIN { print "id,type"; for (i = 0; i < 400; i++) printf "n%d,t%d\n", i, i % 5 }' \
        >"$work/tangle/entities.csv"
    awk 'BEGIN { srand(7); print "source,target";
                 for (i = 0; i < 1600; i++)
                     printf "n%d,n%d\n", int(rand() * 400), int(rand() * 400) }' \
        >"$work/tangle/relations.csv"
    "$kgraph" report -K dot --timeout 1 "$work/tangle" -o "$work/tangle.html" \
        2>"$work/tangle.err" || { cat "$work/tangle.err"; return 1; }
    grep -q 'drawn instead: an overview of the entities by type' "$work/tangle.err" &&
    [ "$(grep -c '<svg' "$work/tangle.html")" = 1 ] &&
    grep -q 'the figure is an overview, 5 nodes for its 400' "$work/tangle.html" &&
    ! grep -q 'The figure could not be drawn' "$work/tangle.html"
}
check "report: a figure Graphviz cannot draw in time gives way to a simpler one (by type), said as a warning" report_falls_back_to_a_simpler_figure

# Past the bound on the work, centralities are estimated from sampled
# sources, and every format says what was sampled, how many sources and
# the expected relative error; igraph's exact values (not kgraph's code)
# must be within four of those standard errors for each of the top ten.
sampled_error_stated() {
    mkdir -p "$work/tree"
    awk 'BEGIN { print "source,target,type"
                 for (i = 2; i <= 9000; i++) printf "n%d,n%d,knows\n", i, int(i / 2) }' \
        >"$work/tree/relations.csv"
    "$kgraph" stats "$work/tree" -q >"$work/tree.txt" &&
    "$kgraph" stats "$work/tree" -q --format csv >"$work/tree.csv" &&
    "$kgraph" stats "$work/tree" -q --format json >"$work/tree.json" &&
    "$kgraph" report "$work/tree" -q -o "$work/tree.html" || return 1
    tr '\n' ' ' <"$work/tree.txt" | sed 's/  */ /g' >"$work/tree.one"
    for f in one html; do
        grep -q 'Sampled: the sources of the breadth-first searches, [0-9]* of 9000 entities' "$work/tree.$f" &&
        grep -q 'Expected relative error (one standard error, from the spread of the sampled searches) of the top 10: betweenness median [0-9.]*%, at most [0-9.]*%; closeness median [0-9.]*%, at most [0-9.]*%' "$work/tree.$f" ||
            { echo "no statement of the error in $f"; return 1; }
    done
    head -n 1 "$work/tree.csv" | grep -q ',component,betweenness_error,closeness_error$' || return 1
    py=/usr/bin/python3
    if ! "$py" -c 'import igraph' 2>/dev/null; then
        echo "skipped the check of the errors: no igraph for $py (Debian python3-igraph)"
        return 0
    fi
    "$py" - "$work/tree/relations.csv" "$work/tree.csv" "$work/tree.json" "$here" <<'PY'
import sys
sys.path.insert(0, sys.argv[4])
from centrality_ref import load
ix, btw, clo, got, c = load(*sys.argv[1:4])
assert c["exact"] is False and 1 < c["sources"] < len(ix), c
assert c["sampled"] == "sources of the breadth-first searches", c
assert c["largest_component"] == {"entities": 9000, "sources": c["sources"]}, c
e = c["relative_error"]
assert e["of_top"] == 10 and 0 < e["betweenness"]["median"] <= e["betweenness"]["max"], e
worst = 0
for key, exact, err in (("betweenness", btw, "betweenness_error"),
                        ("closeness", clo, "closeness_error")):
    top = sorted(got, key=lambda r: -float(r[key]))[:10]
    stated = sorted(float(r[err]) for r in top)
    assert abs(stated[4] - e[key]["median"]) < 1e-6 and abs(stated[-1] - e[key]["max"]) < 1e-6
    for r in top:
        real = abs(float(r[key]) / exact[ix[r["id"]]] - 1)
        worst = max(worst, real / float(r[err]))
print("the top ten's real errors are at most %.1f of their stated standard errors" % worst)
sys.exit(0 if worst <= 4 else 1)
PY
}
check "sampled centralities: text, CSV, JSON and the report say what was sampled, how many sources and the expected relative error; igraph agrees within 4 standard errors" sampled_error_stated

# A sampled graph of one large component and many small ones: the small
# components are searched whole, so their values are exact (igraph's, not
# kgraph's code, to the last digit printed) with no error stated; the
# sampling budget goes to the large one, whose top ten are within four
# stated standard errors of igraph's exact values.  (Before, every
# component was sampled alike: two sources of each four-entity path, its
# values estimates.)
sampled_small_components_whole() {
    tree_and_paths "$work/forest" 9000 500
    "$kgraph" stats "$work/forest" -q --format csv -o "$work/forest.csv" &&
    "$kgraph" stats "$work/forest" -q --format json -o "$work/forest.json" &&
    "$kgraph" stats "$work/forest" -q -o "$work/forest.txt" || return 1
    tr '\n' ' ' <"$work/forest.txt" | sed 's/  */ /g' |
        grep -q 'every entity of the 500 smallest components (2000 entities, at most 4 in one), whose values are exact' ||
        { echo "the text does not say which components were searched whole"; return 1; }
    py=/usr/bin/python3
    if ! "$py" -c 'import igraph' 2>/dev/null; then
        echo "skipped the comparison: no igraph for $py (Debian python3-igraph)"
        return 0
    fi
    "$py" - "$work/forest/relations.csv" "$work/forest.csv" "$work/forest.json" "$here" <<'PY'
import sys
sys.path.insert(0, sys.argv[4])
from centrality_ref import load
ix, btw, clo, got, c = load(*sys.argv[1:4])
assert c["exact"] is False, c
assert c.get("whole_components") == {"components": 500, "entities": 2000, "largest": 4}, c
assert c["largest_component"]["entities"] == 9000, c
small = [r for r in got if r["id"].startswith("p")]
assert len(small) == 2000
bad = [r["id"] for r in small
       if abs(float(r["betweenness"]) - btw[ix[r["id"]]]) > 5e-7
       or abs(float(r["closeness"]) - clo[ix[r["id"]]]) > 5e-7
       or r["betweenness_error"] != "0.000000" or r["closeness_error"] != "0.000000"]
print("the small components: %d of %d entities exact, no error stated" % (len(small) - len(bad), len(small)))
top = sorted(got, key=lambda r: -float(r["betweenness"]))[:10]
worst = max(abs(float(r["betweenness"]) / btw[ix[r["id"]]] - 1) / float(r["betweenness_error"])
            for r in top)
print("the large one's top ten: real errors at most %.1f of their stated standard errors" % worst)
sys.exit(0 if not bad and worst <= 4 else 1)
PY
}
check "sampled centralities: the small components searched whole (exact, igraph's values), the large one sampled within its stated error" sampled_small_components_whole

finish speed
