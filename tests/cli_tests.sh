#!/bin/sh
# Command-line behaviour that golden files cannot show: rendering, safe
# output files, devices, determinism, and DOT that Graphviz's own `dot`
# reads back.  Each check prints "ok" or "FAIL"; the last line counts them.
set -u
kgraph=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A tangled 400-node graph: dot needs minutes on it.
tangle() {
    awk 'BEGIN { srand(7); print "source,target";
                 for (i = 0; i < 1600; i++)
                     printf "n%d,n%d\n", int(rand() * 400), int(rand() * 400) }'
}

. "$here/check.sh"

# ---- the bundled example renders ----
render_bundled() {
    "$kgraph" build "$root/input" -q -o "$work/r.dot" &&
    "$kgraph" build "$root/input" -q -o "$work/r.svg" &&
    "$kgraph" build "$root/input" -q -o "$work/r.png" &&
    "$kgraph" build "$root/input" -q -T pdf -o "$work/r.out" &&
    grep -q '<svg' "$work/r.svg" &&
    grep -q 'Mohammed Dkhissi' "$work/r.svg" &&
    grep -q 'Operation Neptune II' "$work/r.svg" &&
    [ "$(head -c 8 "$work/r.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
    [ "$(head -c 5 "$work/r.out")" = "%PDF-" ]
}
check "bundled example renders to DOT, SVG, PNG and PDF" render_bundled

every_entity_in_svg() {
    tail -n +2 "$root/input/entities.csv" | cut -d, -f2 | while read -r name; do
        esc=$(printf '%s' "$name" | sed 's/&/\&amp;/g; s/'"'"'/\&#39;/g; s/-/\&#45;/g')
        grep -qF ">$esc<" "$work/r.svg" || { echo "missing: $name"; exit 1; }
    done
}
check "every bundled entity is drawn in the SVG" every_entity_in_svg

dkhissi_is_one_node() {
    [ "$(grep -c 'Dkhissi' "$work/r.dot")" -ge 1 ] &&
    ! grep -q '^  D[hk]*issi ' "$work/r.dot" &&
    [ "$(grep -c '^  mohammed_dkhissi \[' "$work/r.dot")" = 1 ]
}
check "Dkhissi and Dhkissi are one node" dkhissi_is_one_node

committed_example_is_current() {
    example=$(make -s --no-print-directory -C "$root" print-example) &&
    (cd "$root" && eval "\"\$kgraph\" build input/ $example -q" \
        -o "$work/now.dot" --merge-report "$work/now.csv") &&
    cmp "$work/now.dot" "$root/output/relations.dot" &&
    cmp "$work/now.csv" "$root/output/merges.csv" || return 1
    for f in relations.graphml relations.gexf relations.cyjs; do
        (cd "$root" && eval "\"\$kgraph\" build input/ $example -q" -o "$work/$f") &&
        cmp "$work/$f" "$root/output/$f" || return 1
    done
    (cd "$root" && "$kgraph" build input/ -q -o "$work/now.ftm.json") &&
    cmp "$work/now.ftm.json" "$root/output/relations.ftm.json" &&
    (cd "$root" && "$kgraph" build input/ -T neo4j -q -o "$work/neo4j") &&
    diff -r "$work/neo4j" "$root/output/neo4j" &&
    (cd "$root" && eval "SOURCE_DATE_EPOCH=1767225600 \"\$kgraph\" report input/ $example -q" \
        -o "$work/report.html") &&
    cmp "$work/report.html" "$root/output/report.html" &&
    (cd "$root" && "$kgraph" diff --old input/ --new input/entities.csv \
        input/relations.csv input/update/ -q >"$work/diff.txt"; [ $? = 1 ]) &&
    cmp "$work/diff.txt" "$root/output/diff.txt"
}
check "output/relations.dot, merges.csv, the exports, report.html and diff.txt are what 'make run' makes now" committed_example_is_current

# ---- issue 24: the Neo4j folder's names ----
neo4j_one_statement_per_type() ( # in a subshell: it moves to $work
    cd "$work" || return 1
    # 70 relation types, two relations each; three types that are one
    # relationship type spelled three ways
    awk 'BEGIN { print "source,target,relation";
                 for (i = 0; i < 140; i++) printf "a,b,type_%d\n", i % 70;
                 print "a,b,took part in"; print "a,b,TOOK_PART_IN";
                 print "b,a,took-part-in"; print "b,a,took-part-in" }' >types.csv &&
    printf '%s\n' id,name,type a,A,person b,B,person >types_ents.csv &&
    "$kgraph" build types_ents.csv types.csv -q -T neo4j -o types || return 1
    n=$(grep -c '^CREATE (a)-\[r:' types/load.cypher)
    echo "$n statements"
    [ "$n" = 73 ] || return 1
    # each relationship type once, and once in relations.csv's :TYPE
    grep '^WITH row WHERE row.`:TYPE` = ' types/load.cypher | sort | uniq -d >dup.txt
    [ ! -s dup.txt ] || { cat dup.txt; return 1; }
    grep -q "^WITH row WHERE row.\`:TYPE\` = 'TOOK_PART_IN_2'$" types/load.cypher &&
    [ "$(grep -c ',TOOK_PART_IN_3,took-part-in$' types/relations.csv)" = 2 ] &&
    # and kgraph reads the folder back to the same graph
    "$kgraph" build types_ents.csv types.csv -q --no-legend -o t0.dot &&
    "$kgraph" build types -q --no-legend -o t1.dot && cmp t0.dot t1.dot
)
check "issue 24, finding 3: load.cypher has one statement per relationship type, past 64 types and when spellings meet" neo4j_one_statement_per_type

# A Neo4j date column holds real calendar days only (the one date rule):
# neo4j-admin refuses 2014-02-31 as a :date, so such a column is text
neo4j_dates_are_days() (
    mkdir -p "$work/nd" && cd "$work/nd" || exit 1
    printf 'source,target,relation,date\na,b,met,2014-02-28\nb,c,met,2014-02-31\n' >bad.csv
    printf 'source,target,relation,date\na,b,met,2014-02-28\nb,c,met,2016-02-29\n' >good.csv
    "$kgraph" build bad.csv -q --max-warnings 1 -T neo4j -o bad 2>/dev/null &&
    "$kgraph" build good.csv -q --max-warnings 1 -T neo4j -o good 2>/dev/null &&
    head -n 1 bad/relations.csv | grep -q ',date$' &&
    head -n 1 good/relations.csv | grep -q ',date:date$'
)
check "issue 24, finding 22: the Neo4j folder types a date column :date only when every value is a real day" neo4j_dates_are_days

# ... and only days written YYYY-MM-DD: the folder keeps each value as it
# is, and Neo4j's date() refuses `March 2015` and `2015/03/25`, ten bytes
# each that kgraph reads as a month and as a day (found in review, 2026-12-07)
neo4j_dates_are_iso_days() (
    mkdir -p "$work/nd" && cd "$work/nd" || exit 1
    for v in 'March 2015' 2015/03/25; do
        printf 'source,target,relation,date\na,b,met,2014-02-28\nb,c,met,%s\n' "$v" >other.csv
        rm -rf other
        "$kgraph" build other.csv -q -T neo4j -o other 2>/dev/null &&
            head -n 1 other/relations.csv | grep -q ',date$' &&
            grep -q "^b,c,met,$v\$" other/relations.csv || return 1
    done
)
check "the Neo4j folder types a date column :date only when every value is written YYYY-MM-DD" neo4j_dates_are_iso_days

# Each date column is typed on its own, on entities and on relations, and
# load.cypher reads each as its header typed it (the columns are marked
# in one walk over the graph, 2026-12-07)
neo4j_date_columns_each_their_own() (
    mkdir -p "$work/nd2" && cd "$work/nd2" || exit 1
    printf 'id,name,type,start_date,end_date\na,A,person,2014-02-28,2015\nb,B,person,2014-03-01,2016-01-01\n' >e.csv
    printf 'source,target,relation,start_date,end_date\na,b,met,2014-02-28,March 2015\nb,a,met,2016-02-29,2016-03-01\n' >r.csv
    "$kgraph" build e.csv r.csv -q -T neo4j -o o 2>/dev/null &&
        head -n 1 o/entities.csv | grep -q ',start_date:date,end_date$' &&
        head -n 1 o/relations.csv | grep -q ',start_date:date,end_date$' &&
        [ "$(grep -c 'start_date` = date(row.`start_date:date`), [nr].`end_date` = (row.`end_date`)' o/load.cypher)" = 2 ]
)
check "the Neo4j folder types each date column on its own, the same in its header and load.cypher" neo4j_date_columns_each_their_own

neo4j_property_names_unique() ( # in a subshell: it moves to $work
    cd "$work" || return 1
    printf '%s\n' 'id,name,a:b,a_b,"a""b"," a_b",data_id' 'x,X,1,2,3,4,5' 'y,Y,6,7,8,9,10' >props.csv &&
    printf '%s\n' 'source,target,relation,directed,id,a:b,a_b' 'x,y,knows,false,r1,1,2' >props_rel.csv &&
    "$kgraph" build props.csv props_rel.csv -q -T neo4j -o props || return 1
    head -1 props/entities.csv props/relations.csv
    for f in entities relations; do
        head -1 "props/$f.csv" | tr ',' '\n' | sed 's/:[a-z]*$//' | sort | uniq -d >dup.txt
        [ ! -s dup.txt ] || { cat dup.txt; return 1; }
    done
    # load.cypher names each property as the header does
    grep -q 'n.`a_b_2` = toInteger(row.`a_b_2:long`)' props/load.cypher &&
    grep -q 'r.`data_directed` = toBoolean(row.`data_directed:boolean`)' props/load.cypher &&
    "$kgraph" build props -q -o props.dot
)
check "issue 24, finding 15: Neo4j property names are unique (a:b and a_b), and kgraph reads the folder back" neo4j_property_names_unique

# ---- kgraph report: one file, the same bytes every time, data as text ----
report_is_one_safe_file() ( # in a subshell: it moves to $work
    cd "$work" || return 1
    mkdir -p rep && printf '%s\n' 'id,name,type' \
        '"a","</script><script>alert(1)</script>",person' >rep/entities.csv &&
    printf '"b","x\342\200\250y <!-- -->",person\n' >>rep/entities.csv &&
    printf '%s\n' 'source,target,relation' 'a,b,knows' >rep/relations.csv &&
    SOURCE_DATE_EPOCH=0 "$kgraph" report rep -q -o rep1.html &&
    SOURCE_DATE_EPOCH=0 "$kgraph" report rep -q -o rep2.html &&
    cmp rep1.html rep2.html || return 1
    # our two script elements and no other; the data block is JSON with
    # the names exact; no comment survives from the SVG
    [ "$(grep -o '<script' rep1.html | wc -l)" = 2 ] &&
    [ "$(grep -o '</script>' rep1.html | wc -l)" = 2 ] &&
    ! grep -q '<!--' rep1.html &&
    grep -q 'on 1970-01-01 00:00 UTC' rep1.html &&
    python3 - rep1.html <<'PY'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1)
assert "<" not in block and ">" not in block and "\u2028" not in block, "raw markup in the data"
data = json.loads(block)
names = [e[data["entities"]["fields"].index("name")] for e in data["entities"]["rows"]]
assert names == ["</script><script>alert(1)</script>", "x\u2028y <!-- -->"], names
PY
)
check "kgraph report: deterministic, two scripts only, the data block JSON with every name exact" report_is_one_safe_file

# issue 28: the data block names each kind's fields once and gives its
# items as rows, each ending at its last field that is not empty (the
# script reads a field past the end as empty); no entity's SVG id, which
# the script makes from its id
report_data_is_rows() ( # in a subshell: it moves to $work
    cd "$work" && mkdir rows && cd rows || return 1
    printf '%s\n' 'id,name,type,aliases,country' 'a,Ann,person,Annie,FR' \
        'b,Bob,,,' 'c,Cy,person,,' >entities.csv &&
    printf '%s\n' 'source,target,relation,evidence,citation,confidence,date,weight' \
        'a,b,knows,they met,https://example.org/x?a=1&b=2,high,2020-01-02,3' \
        'b,c,,,,,,' 'c,a,met,at lunch,,,,' 'a,c,paid,,a book,,,' >relations.csv &&
    SOURCE_DATE_EPOCH=0 "$kgraph" report . -q -o r.html &&
    python3 - r.html <<'PY'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1)
data = json.loads(block)
assert data["entities"]["rows"] == [
    ["a", "Ann", "person", 3, 0.0, ["Annie"], [["country", "FR"]]],
    ["b", "Bob", "", 2, 0.0], ["c", "Cy", "person", 3, 0.0]], data["entities"]
url = "https://example.org/x?a=1&b=2"
assert data["relations"]["rows"] == [
    [1, 0, 1, 1, "knows", "2020-01-02", "they met", [["weight", "3"]], "high", url, url],
    [0, 1, 2, 1], [2, 2, 0, 1, "met", "", "at lunch"],
    [3, 0, 2, 1, "paid", "", "", [], "", "a book"]], data["relations"]
assert data["entities"]["fields"] == ["id", "name", "type", "degree", "betweenness", "aliases", "attrs"]
assert data["relations"]["fields"] == ["n", "s", "t", "dir", "relation", "date", "quote",
                                       "attrs", "confidence", "citation", "href"]
assert '"svg"' not in block and "n-a" not in block
PY
)
check "kgraph report: the data block gives fields once and rows that end at their last field not empty" report_data_is_rows

# issue 28: the report's SHA-256 of an input is sha256sum's of the bytes
# the graph was built from, taken as they were read, not of the file read
# again: ent.csv is rewritten once read, while kgraph waits on a FIFO
report_hashes_the_bytes_read() ( # in a subshell: it moves to $work
    cd "$work" && mkdir hashed && cd hashed || return 1
    printf 'id,name,type\na,Ann,person\nb,Bob,person\n' >ent.csv &&
    want=$(sha256sum ent.csv | cut -d' ' -f1) && mkfifo rel.csv || return 1
    SOURCE_DATE_EPOCH=0 timeout 60 "$kgraph" report ent.csv rel.csv -q \
        -o out.html &
    timeout 60 sh -c 'exec 3>rel.csv &&
        printf "id,name,type\nc,Cy,person\n" >ent.csv &&
        printf "source,target,relation\na,b,met\n" >&3' &&
    wait $! &&
    grep -q "ent.csv</td><td class=\"num\">39</td><td class=\"hash\">$want<" \
        out.html
)
check "kgraph report: an input's size and SHA-256 are of the bytes read, not of the file rewritten since" report_hashes_the_bytes_read

# ---- kgraph diff -o PICTURE: the newer graph, the changes marked ----
diff_picture_marks_changes() (
    cd "$root/tests/golden/diff_crafted" || return 1
    "$kgraph" diff old new -q -o "$work/d.dot" >"$work/d.txt"
    [ $? = 1 ] || return 1
    grep -q '^- entity "x1" "Gone Agency"' "$work/d.txt" || return 1
    dot="$work/d.dot"
    # a node's attributes, on one line (a value may hold a line end)
    line() { tr '\n' ' ' <"$dot" | grep -o "  $1 \[[^]]*\]"; }
    # removed: a grey dashed ghost; added: the highlight, bold; changed:
    # outlined; unchanged: none of these
    line x1 | grep -q 'color="#9e9e9e".*style=dashed' &&
    line n1 | grep -q 'color="#c51b7d".*penwidth="3"' &&
    line p1 | grep -q 'color="#e66101".*peripheries="2"' &&
    ! line a1 | grep -q '#c51b7d\|#9e9e9e\|#e66101' &&
    grep -q 'n1 -> a1 .*color="#c51b7d"' "$dot" &&
    grep -q 'x1 -> a1 .*style=dashed' "$dot" &&
    grep -q 'entity added' "$dot" && grep -q 'relation removed' "$dot" &&
    dot -Tsvg "$dot" >/dev/null || return 1
    # --changed-only: the changes and their neighbours, not the rest
    "$kgraph" diff old new -q --changed-only -o "$work/c.dot" >/dev/null
    [ $? = 1 ] && grep -q '^  a1 \[' "$work/c.dot" &&
    grep -q '^  x1 \[' "$work/c.dot" && grep -q '^  z9 \[' "$dot" &&
    ! grep -q '^  z9 \[' "$work/c.dot" || return 1
    # nothing changed: nothing marked, exit 0
    "$kgraph" diff new new -q -o "$work/s.dot" >/dev/null &&
    ! grep -q '#c51b7d\|#e66101\|entity added' "$work/s.dot"
)
check "kgraph diff -o: removed as grey dashed ghosts, added bold, changed outlined, keyed; --changed-only" diff_picture_marks_changes

# ---- --timeline: positions checked as numbers ----
timeline_positions() (
    cd "$root/tests/golden/timeline_crafted" || return 1
    "$kgraph" timeline . -q -o "$work/tl.dot" &&
    "$kgraph" timeline . -q --time-scale even -o "$work/tle.dot" &&
    "$kgraph" timeline . -q --page a4-landscape -o "$work/tlp.svg" &&
    grep -q '^<svg width="24\.[0-9]*cm" height="[0-9.]*cm"' "$work/tlp.svg" &&
    "$kgraph" timeline . -q -o "$work/tl.pdf" && [ "$(head -c 5 "$work/tl.pdf")" = "%PDF-" ] &&
    grep -q 'xlink:title="phone records suggest"' "$work/tlp.svg" &&
    python3 - "$work/tl.dot" "$work/tle.dot" <<'PY'
import re, sys
def marks(path):
    dot = open(path, encoding="utf-8").read()
    pos = {m.group(1): tuple(map(float, m.group(2).split(",")))
           for m in re.finditer(r'^  (m[sd]\d+) \[.*?pos="([^"!]+)!"', dot, re.M)}
    labels = re.findall(r'^  ms(\d+) -> md\1 \[xlabel="([^"]*)"', dot, re.M)
    return pos, [l for _, l in labels]
pos, labels = marks(sys.argv[1])
# in date order (and input order within a date); year-only 2022 is 1 January
assert labels == ["director of", "works for", "meets", "ships via", "calls",
                  "pays", "visits", "opens account at", "pays"], labels
xs = [pos["ms%d" % i][0] for i in range(len(labels))]
for i, x in enumerate(xs):
    assert pos["md%d" % i][0] == x, "a connector is not vertical"
for a, b in zip(xs, xs[1:]):
    assert b - a >= 18 - 1e-6, "two marks closer than 18 pt: %s" % xs
# to scale where nothing was spread: 2021-03-01, 2021-05-10, 2021-09-14
g1, g2 = xs[1] - xs[0], xs[2] - xs[1]
assert abs(g1 / g2 - 70 / 127) < 0.03, (g1, g2)
# even: each distinct date the same room
pos, labels = marks(sys.argv[2])
xs = sorted(set(round(pos["ms%d" % i][0], 1) for i in range(len(labels))))
steps = [round(b - a, 1) for a, b in zip(xs, xs[1:])]
assert steps[0] == 72 and steps[1] == 72, steps
PY
)
check "--timeline: marks in date order, to scale, connectors vertical, none closer than 18 pt; --time-scale even; --page; PDF" timeline_positions

two_sources_one_graph() {
    # the second source (mentions.csv) adds no node: every mention merges
    "$kgraph" build "$root/input/entities.csv" "$root/input/relations.csv" \
        -q -o "$work/one.dot" &&
    nodes() { grep -v kgraph_legend "$1" | grep -c '^ *[^ ]* \[label='; }
    [ "$(nodes "$work/one.dot")" = "$(nodes "$work/now.dot")" ] &&
    [ "$(nodes "$work/one.dot")" = 41 ] &&
    [ "$(grep -c ',entity,' "$root/output/merges.csv")" = \
      "$(($(wc -l <"$root/input/mentions.csv") - 1))" ]
}
check "the bundled mentions all merge into the bundled entities" two_sources_one_graph

# ---- Graphviz's own dot reads every DOT kgraph wrote ----
dot_reads_goldens() {
    for f in "$root"/tests/golden/*/expected.out "$work/r.dot"; do
        head -c 7 "$f" | grep -q '^digraph' || continue
        dot -Tcanon "$f" >/dev/null 2>"$work/dot.err" || { echo "$f"; cat "$work/dot.err"; exit 1; }
        if grep -v '%' "$work/dot.err" | grep -q .; then echo "$f"; cat "$work/dot.err"; exit 1; fi
    done
}
check "dot -Tcanon reads every golden DOT without a complaint" dot_reads_goldens

# ---- the same input gives the same bytes ----
deterministic() {
    "$kgraph" build "$root/input" -q -o "$work/a.dot" &&
    "$kgraph" build "$root/input" -q -o "$work/b.dot" &&
    cmp "$work/a.dot" "$work/b.dot"
}
check "output is byte-identical across runs" deterministic

# An entity id starting with '%' is nameless to cgraph once read: plain,
# xdot and canon spelt that node <%1> or "%1" by where ASLR put the heap
# (aghtmlstr reads the 16 bytes before agnameof's static "%1", an
# address), about half the runs each way; every render called it "%1",
# and an export's positions lost it.  render/dotread.c keeps its name.
# Six runs of each format alike by chance: 1 in 32, and 1 in 32768 for
# the three together (ASLR is on unless the machine turned it off).
percent_id_same_bytes() {
    d=$root/tests/golden/tricky_names_in_dot
    for f in plain xdot canon svg; do
        for i in 1 2 3 4 5 6; do
            "$kgraph" build "$d" -q --undirected --no-legend -T $f \
                -o "$work/pct$i.$f" 2>/dev/null || return 1
        done
        for i in 2 3 4 5 6; do
            cmp "$work/pct1.$f" "$work/pct$i.$f" || return 1
        done
    done
    "$kgraph" build "$d" -q -T cyjs -o "$work/pct.cyjs" 2>/dev/null &&
    grep -q '^node "%s" ' "$work/pct1.plain" &&
    grep -q '^	"%s"	\[' "$work/pct1.xdot" &&
    grep -q '<title>%s</title>' "$work/pct1.svg" &&
    grep '"id": "%s"' "$work/pct.cyjs" | grep -q '"position": {"x"'
}
check "an id starting with '%': the same bytes every run, called by its id" percent_id_same_bytes

# An id kgraph writes HTML-like, <C:\path\> (it ends in a backslash), is
# spelled so in Graphviz's plain output too; the exports read their
# positions from it and left such nodes without one (render/positions.c).
every_tricky_node_has_a_position() {
    d=$root/tests/golden/tricky_names_in_dot
    "$kgraph" build "$d" -q -T cyjs -o "$work/tricky.cyjs" 2>/dev/null &&
    python3 - "$work/tricky.cyjs" <<'PY'
import json, sys
nodes = json.load(open(sys.argv[1]))["elements"]["nodes"]
ids = [n["data"]["id"] for n in nodes]
assert "C:\\path\\" in ids and 'slash\\"quote' in ids, ids
missing = [n["data"]["id"] for n in nodes if "position" not in n]
assert len(nodes) == 11 and not missing, missing
PY
}
check "exports place every node, those whose id kgraph writes as <...> too" every_tricky_node_has_a_position

# ---- issue 26: a figure on a page is the same bytes every time ----
# Krebs' 9/11 network on A4 landscape gave three different SVGs in three
# runs (neato's ipsep mode orders nodes by address), the bundled example
# clustered by type a different one every run (fdp's clusters, likewise);
# the bundled example on A4 landscape is a close choice between layouts.  Two busy loops keep
# both cores loaded: the choice counts, it never looks at the clock.
figure_same_bytes() {
    k911=$root/tests/data/krebs_911
    busy() { nice sh -c 'while :; do :; done' & }
    busy; b1=$!; busy; b2=$!
    ok=0
    for i in 1 2 3; do
        "$kgraph" build --header source,target,strength,layer \
            "$k911/9_11_edgelist.txt" --header id,flight "$k911/9_11_attrib.txt" \
            -q --page a4-landscape -o "$work/k$i.svg" &&
        "$kgraph" build "$root/input" -q --page a4-landscape -o "$work/e$i.svg" &&
        "$kgraph" build "$root/input" -q --cluster-by type --page a4 \
            -o "$work/c$i.svg" || ok=1
    done
    kill "$b1" "$b2"
    [ $ok -eq 0 ] || return 1
    for i in 2 3; do
        cmp "$work/k1.svg" "$work/k$i.svg" && cmp "$work/e1.svg" "$work/e$i.svg" &&
            cmp "$work/c1.svg" "$work/c$i.svg" || return 1
    done
}
check "issue 26: the same figure on a page, byte for byte, three runs under load" figure_same_bytes

# The Mohamed Atta focus came out two ways in eight runs: Graphviz
# 2.43's fdp, a candidate then, lays the same DOT out differently in
# kgraph's child (though not alone); it is no longer tried for a page.
focus_same_bytes() {
    k911=$root/tests/data/krebs_911
    for i in 1 2 3 4 5 6 7 8 9 10; do
        "$kgraph" build --header source,target,strength,layer \
            "$k911/9_11_edgelist.txt" --header id,flight "$k911/9_11_attrib.txt" \
            --focus 'Mohamed Atta' -q --page a4 -o "$work/atta$i.svg" || return 1
    done
    for i in 2 3 4 5 6 7 8 9 10; do
        cmp "$work/atta1.svg" "$work/atta$i.svg" || return 1
    done
}
check "issue 26: a focus on a page, byte for byte, ten runs" focus_same_bytes

# ---- issue 26: an overview that reads, turned to fill the page ----
# The 8-community overview of a 353-person list came out wider than
# tall on A4 portrait at 5.9 pt, its xN labels over each other; turned a
# quarter, or spread to the page's shape, it prints larger, and the
# summary line says every collision.
overview_fills_the_page() {
    "$kgraph" build "$root/tests/data/opensanctions-sa-peps/entities.ftm.json" \
        --communities --collapse-by community --page a4 -o "$work/peps.svg" \
        2>"$work/peps.err" || return 1
    line=$(grep '^kgraph: figure:' "$work/peps.err") || return 1
    echo "$line"
    pt=$(printf '%s\n' "$line" | sed -n 's/.*names print at \([0-9.]*\) pt.*/\1/p')
    awk -v p="$pt" 'BEGIN { exit !(p >= 6.5) }' &&
    printf '%s\n' "$line" | grep -q 'figure: [a-z KK]* \(turned\|spread[a-z ]*\), ' &&
    printf '%s\n' "$line" | grep -q '; drawn over each other: 0 pairs of entities, 0 pairs of texts, 0 relation labels on entities, 0 names outside their shapes, 0 pairs of cluster boxes, 0 entities under a cluster box not their own; [0-9]* of 25 lines through entities they do not end at, [0-9]* crossings$'
}
check "issue 26: the community overview of a list is turned or spread to fill A4, nothing drawn over anything" overview_fills_the_page

# ---- issue 26: on paper, names sit close in their shapes ----
# Graphviz's least height (half an inch) and the theme's margin (0.12 x
# 0.06 in) suit a screen; on A4 they cost the Stock -> Paris Call path
# its 8 pt (7.4).  On paper a shape is as tall as its name needs and its
# margin at most 0.05 x 0.025 in; a style sheet's own height, or a type's
# own margin, is kept; off paper nothing changes.
ellipse_ry() { # SVG: the ry of each ellipse, one line
    grep -o '<ellipse[^>]*' "$1" | sed -n 's/.* ry="\([0-9.]*\)".*/\1/p' | tr '\n' ' '
}
paper_names_close_in_shapes() {
    printf 'source,target,relation\nAnna,Bert,knows\nBert,Carl,knows\n' >"$work/abc.csv"
    printf 'kind,type,height\nnode,*,0.4\n' >"$work/tall.csv"
    printf 'kind,type,height,margin\nnode,?,0.5,"0.2,0.1"\n' >"$work/own.csv"
    "$kgraph" build "$work/abc.csv" --page a4 -q -o "$work/abc-page.svg" &&
    "$kgraph" build "$work/abc.csv" -q -o "$work/abc-screen.svg" &&
    "$kgraph" build "$work/abc.csv" --page a4 -q --style "$work/tall.csv" -o "$work/abc-tall.svg" &&
    "$kgraph" build "$work/abc.csv" --page a4 -q --style "$work/own.csv" -o "$work/abc-own.svg" ||
        return 1
    echo "page: $(ellipse_ry "$work/abc-page.svg"); screen: $(ellipse_ry "$work/abc-screen.svg");" \
        "height 0.4: $(ellipse_ry "$work/abc-tall.svg"); own margin: $(ellipse_ry "$work/abc-own.svg")"
    [ "$(ellipse_ry "$work/abc-page.svg")" = "11.13 11.13 11.13 " ] &&
        [ "$(ellipse_ry "$work/abc-screen.svg")" = "18 18 18 " ] &&
        [ "$(ellipse_ry "$work/abc-tall.svg")" = "14.5 14.5 14.5 " ] &&
        [ "$(ellipse_ry "$work/abc-own.svg")" = "18.27 18.27 18.27 " ] || return 1
    "$kgraph" build "$root/input" --path 'Jürgen Stock' --to 'Paris Call' --page a4 \
        -o "$work/path.svg" 2>"$work/path.err" || return 1
    pt=$(sed -n 's/.*figure: .*names print at \([0-9.]*\) pt.*/\1/p' "$work/path.err")
    echo "path: $pt pt"
    awk -v p="$pt" 'BEGIN { exit !(p >= 8) }'
}
check "issue 26: on paper, names sit close in their shapes (a sheet's own height and margin kept)" paper_names_close_in_shapes

# ---- issue 26: a drawing spread to the page's shape ----
# Krebs' 9/11 network (69 entities, 159 lines) on A4 portrait: neato's
# overlap removal (vpsc) makes a column twice as tall as wide, and its
# names printed at 4.8 pt.  Spread to the page's shape first, then
# moved apart, they print larger, the same bytes each time, with nothing
# over anything (6.2 pt when 2 labels lay over names; the room its 31
# "x4" labels take, kept clear, costs the rest: issue 26 is open there).
page_spread_to_shape() {
    k911=$root/tests/data/krebs_911
    for i in 1 2; do
        "$kgraph" build --header source,target,strength,layer \
            "$k911/9_11_edgelist.txt" --header id,flight "$k911/9_11_attrib.txt" \
            --page a4 -o "$work/kp$i.svg" 2>"$work/kp$i.err" || return 1
    done
    line=$(grep '^kgraph: figure:' "$work/kp1.err") || return 1
    echo "$line"
    pt=$(printf '%s\n' "$line" | sed -n 's/.*names print at \([0-9.]*\) pt.*/\1/p')
    printf '%s\n' "$line" | grep -Eq '^kgraph: figure: neato spread( dense)?, ' &&
        printf '%s\n' "$line" | grep -q ': 0 pairs of entities, 0 pairs of texts, 0 relation labels on entities,' &&
        awk -v p="$pt" 'BEGIN { exit !(p >= 5.2) }' &&
        cmp "$work/kp1.svg" "$work/kp2.svg"
}
check "issue 26: a force layout spread to the page's shape (Krebs' 9/11 network on A4: 4.8 pt before, now 5.2 or more, nothing over anything)" page_spread_to_shape

# ---- issue 26: dot's separations on paper ----
# The theme's nodesep and ranksep (0.35 and 0.5 in) suit a screen, and
# hid the page's own (0.12 and 0.3): Montagna's network clustered by
# family printed at 1.6 pt.  On paper they are at most the page's; a
# style sheet's smaller ones are kept.
dot_separations_on_paper() {
    # dot left to right, as the page chose it before kgraph's own cluster
    # layout (packed.h) read better
    printf 'kind,type,rankdir\ngraph,*,LR\n' >"$work/lr.csv"
    printf 'kind,type,rankdir,nodesep\ngraph,*,LR,0.05\n' >"$work/sep.csv"
    "$kgraph" build "$root/tests/data/montagna" --cluster-by familia --page a4 \
        -K dot --style "$work/lr.csv" -o "$work/m.svg" 2>"$work/m.err" &&
    "$kgraph" build "$root/tests/data/montagna" --cluster-by familia --page a4 \
        -K dot --style "$work/sep.csv" -o "$work/m2.svg" 2>"$work/m2.err" || return 1
    line=$(grep '^kgraph: figure:' "$work/m.err") && line2=$(grep '^kgraph: figure:' "$work/m2.err") ||
        return 1
    echo "$line"
    echo "$line2"
    pt=$(printf '%s\n' "$line" | sed -n 's/.*names print at \([0-9.]*\) pt.*/\1/p')
    h=$(printf '%s\n' "$line" | sed -n 's/^kgraph: figure: [^,]*, [0-9]* x \([0-9]*\) pt.*/\1/p')
    h2=$(printf '%s\n' "$line2" | sed -n 's/^kgraph: figure: [^,]*, [0-9]* x \([0-9]*\) pt.*/\1/p')
    awk -v p="$pt" -v h="$h" -v h2="$h2" 'BEGIN { exit !(p >= 3 && h2 < h) }'
}
check "issue 26: on paper dot's separations are at most the page's (a sheet's smaller kept)" dot_separations_on_paper

# ---- issue 26: each layout is judged with the key it will print with ----
# UCINET's 9/11 network on A4 landscape: judged without its key, Kamada-
# Kawai turned looked best and printed at 9.4 pt once the key was added
# under it; judged with the key, neato turned prints at 9.8 pt, with
# nothing over anything either way.
page_judged_with_key() {
    "$kgraph" build "$root/tests/data/ucinet_911" --page a4-landscape \
        -o "$work/ucinet.svg" 2>"$work/ucinet.err" || return 1
    line=$(grep '^kgraph: figure:' "$work/ucinet.err") || return 1
    echo "$line"
    pt=$(printf '%s\n' "$line" | sed -n 's/.*names print at \([0-9.]*\) pt.*/\1/p')
    awk -v p="$pt" 'BEGIN { exit !(p >= 9.7) }' &&
    printf '%s\n' "$line" | grep -q '; drawn over each other: 0 pairs of entities, 0 pairs of texts, 0 relation labels on entities, 0 names outside'
}
check "issue 26: a page's layouts are judged with the key under them" page_judged_with_key


# ---- issue 26: a page never fails while an engine can draw it ----
# Montagna's network clustered by family, with every relation at least
# 100 ranks long (a style sheet may ask minlen up to 100): dot, which
# alone draws clusters on paper, runs past the time; before, the run
# failed after --timeout, as sfdp followed only an engine kgraph chose as
# dot (here its size rule chose sfdp); now sfdp draws it, without the
# boxes, and a warning says so
page_falls_back_when_dot_is_late() {
    printf 'kind,type,minlen\nedge,*,100\n' >"$work/minlen.csv"
    "$kgraph" build --type-from-file "$root/tests/data/montagna" \
        --cluster-by familia --page a4 --style "$work/minlen.csv" --timeout 12 \
        -o "$work/late.svg" 2>"$work/late.err" || { cat "$work/late.err"; return 1; }
    grep -q '<svg' "$work/late.svg" &&
    grep -q '^kgraph: warning: layout with dot took longer than 9 seconds; drawn with sfdp instead, without the cluster boxes$' "$work/late.err" &&
    ! grep -q '^kgraph: error' "$work/late.err"
}
check "issue 26: --page with clusters, dot past the time: drawn by sfdp without the boxes, with a warning" page_falls_back_when_dot_is_late

# ---- a failed run never touches an existing output ----
printf 'id,name\nx,"unterminated\n' >"$work/bad.csv"
keeps_old_output() {
    echo "precious" >"$work/keep.dot"
    "$kgraph" build "$work/bad.csv" -q -o "$work/keep.dot"
    [ $? -eq 1 ] && [ "$(cat "$work/keep.dot")" = precious ]
}
check "input errors leave the existing output untouched" keeps_old_output

no_temp_left() {
    # the second build replaces the first (the old file is exchanged for
    # the new one, then removed), the third fails and writes nothing
    mkdir -p "$work/out" &&
    "$kgraph" build "$root/input" -q -o "$work/out/g.dot" &&
    echo stale >"$work/out/g.dot" &&
    "$kgraph" build "$root/input" -q -o "$work/out/g.dot" &&
    grep -q digraph "$work/out/g.dot" &&
    "$kgraph" build "$work/bad.csv" -q -o "$work/out/g.dot"
    [ "$(ls -A "$work/out")" = g.dot ] && grep -q digraph "$work/out/g.dot"
}
check "no temporary file is left beside the output, replaced or not" no_temp_left

unwritable_dir() {
    "$kgraph" build "$root/input" -q -o "$work/no/such/dir/g.dot" 2>"$work/err"
    [ $? -eq 2 ] && grep -q 'error:.*No such file or directory' "$work/err"
}
check "an output folder that does not exist is exit 2 with a reason" unwritable_dir

output_is_dir() {
    mkdir -p "$work/adir"
    "$kgraph" build "$root/input" -q -o "$work/adir" 2>"$work/err"
    [ $? -eq 2 ] && grep -q 'Is a directory' "$work/err" && [ -d "$work/adir" ]
}
check "an output path that is a folder is exit 2" output_is_dir

keeps_mode_and_link() {
    echo old >"$work/target.dot" && chmod 640 "$work/target.dot" &&
    ln -sf "$work/target.dot" "$work/link.dot" &&
    "$kgraph" build "$root/input" -q -o "$work/link.dot" &&
    [ -L "$work/link.dot" ] && grep -q digraph "$work/target.dot" &&
    [ "$(stat -c %a "$work/target.dot")" = 640 ]
}
check "replacing keeps the file's mode and a symbolic link" keeps_mode_and_link

interrupt_leaves_nothing() {
    # dot needs minutes on a tangled 400-node graph: time enough to Ctrl-C
    mkdir -p "$work/int" && tangle >"$work/int/tangle.csv" &&
    echo old >"$work/int/out.svg" || return 1
    # (sh starts a background command with SIGINT ignored, and kgraph
    # keeps an interrupt its caller ignores: python3 gives it back)
    python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$kgraph" build "$work/int/tangle.csv" -q --max-warnings 1 -K dot \
        -o "$work/int/out.svg" 2>/dev/null &
    pid=$!
    sleep 2
    if ! ls -A "$work/int" | grep -q kgraph-; then
        echo "no temporary file while rendering: nothing was tested"
        kill $pid
        return 1
    fi
    kill -INT $pid
    wait $pid
    status=$?
    [ $status -eq 130 ] && [ "$(cat "$work/int/out.svg")" = old ] &&
    [ "$(ls -A "$work/int" | sort | tr '\n' ' ')" = "out.svg tangle.csv " ]
}
check "Ctrl-C while rendering keeps the old file and leaves no temporary" interrupt_leaves_nothing

# ---- devices and pipes are written directly, never replaced ----
device_full() {
    if ! mknod "$work/full" c 1 7 2>/dev/null; then
        echo "skipped: making a device needs root"
        return 0
    fi
    "$kgraph" build "$root/input" -q -o "$work/full" 2>"$work/err"
    [ $? -eq 2 ] && [ -c "$work/full" ] && grep -q 'No space left' "$work/err"
}
check "a full device is exit 2 and stays a device" device_full

device_null() {
    if ! mknod "$work/null" c 1 3 2>/dev/null; then
        echo "skipped: making a device needs root"
        return 0
    fi
    "$kgraph" build "$root/input" -q -o "$work/null" && [ -c "$work/null" ]
}
check "a device is written directly and stays a device" device_null

fifo_output() {
    mkfifo "$work/fifo" &&
    { cat "$work/fifo" >"$work/fifo.out" & } &&
    "$kgraph" build "$root/input" -q -o "$work/fifo" && wait &&
    [ -p "$work/fifo" ] && grep -q '^digraph' "$work/fifo.out"
}
check "a FIFO is written directly" fifo_output

stdout_forms() {
    "$kgraph" build "$root/input" -q >"$work/s1" &&
    "$kgraph" build "$root/input" -q -o - >"$work/s2" &&
    "$kgraph" build "$root/input" -q -o /dev/stdout >"$work/s3" &&
    cmp "$work/s1" "$work/s2" && cmp "$work/s1" "$work/s3" &&
    { echo first; "$kgraph" build "$root/input" -q -o /dev/stdout; } >"$work/s4" &&
    head -n 1 "$work/s4" | grep -q '^first$' && [ ! -L "$work/s4" ]
}
check "standard output, '-' and /dev/stdout give the same DOT" stdout_forms

# ---- formats ----
format_choice() {
    "$kgraph" build "$root/input" -q -o "$work/f.gv" &&
    head -c 7 "$work/f.gv" | grep -q digraph &&
    "$kgraph" build "$root/input" -q -T svg -o "$work/f.dot" &&
    grep -q '<svg' "$work/f.dot" &&
    "$kgraph" build "$root/input" -q -K neato -T svg >"$work/f.svg" &&
    grep -q '<svg' "$work/f.svg"
}
check "-T wins over the extension; -K picks the engine" format_choice

# ---- pictures ----
svg_tooltips_and_links() {
    (cd "$root/tests/golden/confidence_tooltips_and_links" &&
     "$kgraph" build . -q --title "Case 7" -o "$work/case.svg" 2>/dev/null) &&
    grep -q '<title>Case 7</title>' "$work/case.svg" &&
    # the edge a -> b: its group, then a link to its source with the
    # evidence, date and citation as the tooltip
    grep -A3 '<g id="e&#45;a&#45;b&#45;1" class="edge">' "$work/case.svg" |
        grep -q 'xlink:href="https://example.org/report7" xlink:title="Seen together, &quot;twice&quot;&#10;Date: 2019&#45;05&#45;01&#10;Source: Police report 7"' &&
    grep -q 'xlink:href="people/cleo.html"' "$work/case.svg" &&
    ! grep -qi 'javascript' "$work/case.svg" &&
    ! grep -qi 'data:text' "$work/case.svg" &&
    ! grep -q "$root" "$work/case.svg" && ! grep -q "$work" "$work/case.svg"
}
check "SVG: title, tooltip and link of a known edge; no javascript:, no paths" svg_tooltips_and_links

big_graph_draws_without_K() {
    awk 'BEGIN { srand(11); print "source,target,type";
        for (i = 1; i < 3000; i++) printf "n%d,n%d,links\n", int(rand() * i), i;
        for (i = 0; i < 300; i++)
            printf "n%d,n%d,links\n", int(rand() * 3000), int(rand() * 3000) }' \
        >"$work/big.csv" &&
    start=$(date +%s) &&
    "$kgraph" build "$work/big.csv" --warnings all --timeout 120 \
        -o "$work/big.svg" 2>"$work/big.err" &&
    end=$(date +%s) &&
    echo "3,000 nodes drawn in $((end - start)) s" &&
    [ $((end - start)) -le 120 ] &&
    [ "$(grep -c 'class="node"' "$work/big.svg")" -ge 3000 ] &&
    # the warning that matters on paper: how small its names print, with
    # what to do (it survives -q)
    grep -q '^kgraph: warning: A4 portrait, names print at 0.[0-9] pt, below the 6 pt .*--collapse-by' "$work/big.err"
}
check "a 3,000-node graph draws (sfdp) within the time bound, with a warning" big_graph_draws_without_K

timeout_is_a_clear_error() {
    tangle >"$work/tangle.csv"
    "$kgraph" build "$work/tangle.csv" -q --warnings all -K dot \
        --timeout 1 -o "$work/slow.svg" 2>"$work/slow.err"
    [ $? -eq 2 ] && grep -q 'took longer than 1 seconds' "$work/slow.err" &&
    [ ! -e "$work/slow.svg" ] || return 1
    # without -K (here on a page, where kgraph tries several layouts),
    # the message names the engine kgraph chose: it said "layout with
    # (null)"
    "$kgraph" build "$work/tangle.csv" -q --warnings all --page a4 \
        --timeout 1 -o "$work/slow.svg" 2>"$work/slow.err"
    [ $? -eq 2 ] && grep -q '^kgraph: error: .*layout with [a-zA-Z ]* took longer than 1 seconds' \
        "$work/slow.err" && ! grep -q null "$work/slow.err"
}
check "--timeout stops a layout that takes too long, with a clear error" timeout_is_a_clear_error

deep_tree_draws_without_K() {
    # each node a child of one of the three before it, and 100 links
    # across: a 7 KB file that dot could not lay out in a minute
    awk 'BEGIN { srand(24); print "source,target,relation";
        for (i = 1; i < 500; i++) {
            p = i - 1 - int(rand() * 3); if (p < 0) p = 0
            printf "n%d,n%d,r\n", p, i }
        for (i = 0; i < 100; i++)
            printf "n%d,n%d,x\n", int(rand() * 500), int(rand() * 500) }' \
        >"$work/deep.csv" &&
    start=$(date +%s) &&
    "$kgraph" build "$work/deep.csv" --warnings all --timeout 20 \
        -o "$work/deep.svg" 2>"$work/deep.err"
    rc=$? end=$(date +%s)
    echo "drawn in $((end - start)) s, exit $rc"
    grep -v 'names no entity' "$work/deep.err"
    [ $rc = 0 ] && [ $((end - start)) -le 20 ] &&
    [ "$(grep -c 'class="node"' "$work/deep.svg")" = 500 ] &&
    grep -q '^kgraph: figure: sfdp, ' "$work/deep.err"
}
check "a deep tree with links across draws without -K within the time bound, naming the engine" deep_tree_draws_without_K

png_width() { od -An -tu1 -j16 -N4 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4 }'; }
dpi_scales_png() {
    "$kgraph" build "$root/input" -q --dpi 150 -o "$work/hi.png" &&
    "$kgraph" build "$root/input" -q --dpi 75 -o "$work/lo.png" &&
    hi=$(png_width "$work/hi.png") && lo=$(png_width "$work/lo.png") &&
    [ $((hi * 10 / lo)) -ge 19 ] && [ $((hi * 10 / lo)) -le 21 ]
}
check "--dpi sets the PNG resolution" dpi_scales_png

# a picture's size in points: an SVG's width and height ("16.00cm" or "453pt")
svg_points() {
    sed -n 's/^<svg width="\([0-9.]*\)\([a-z]*\)" height="\([0-9.]*\)[a-z]*".*/\1 \3 \2/p' "$1" |
        awk '{ k = $3 == "cm" ? 72 / 2.54 : 1; printf "%.1f %.1f\n", $1 * k, $2 * k }'
}
png_height() { od -An -tu1 -j20 -N4 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4 }'; }
# whether PNG $1 is the size of SVG $2 at $3 dpi, give or take 1%
png_at_dpi() {
    w=$(png_width "$1") && h=$(png_height "$1") && pts=$(svg_points "$2") &&
    echo "$pts $w $h $3" | awk '{ ew = $1 * $5 / 72; eh = $2 * $5 / 72;
        exit !($3 > ew * .99 && $3 < ew * 1.01 && $4 > eh * .99 && $4 < eh * 1.01) }'
}
page_bitmaps_print_at_300_dpi() {
    # with a page a PNG is for print: 300 dpi unless --dpi says; without
    # one it stays at the screen's 96; a style sheet's dpi still counts;
    # --dpi sizes bitmaps only (an SVG or a PDF is in points whatever it
    # says)
    "$kgraph" build "$root/input" -q --page a4 -o "$work/page.svg" &&
    "$kgraph" build "$root/input" -q --page a4 -o "$work/page.png" &&
    "$kgraph" build "$root/input" -q --page a4 --dpi 150 -o "$work/page150.png" &&
    "$kgraph" build "$root/input" -q -o "$work/screen.svg" &&
    "$kgraph" build "$root/input" -q -o "$work/screen.png" &&
    "$kgraph" build "$root/input" -q --dpi 150 -o "$work/screen150.svg" &&
    printf 'kind,type,dpi\ngraph,*,50\n' >"$work/dpi.csv" &&
    "$kgraph" build "$root/input" -q --page a4 --style "$work/dpi.csv" -o "$work/page50.png" ||
        return 1
    echo "A4: $(svg_points "$work/page.svg") pt, PNG $(png_width "$work/page.png") x $(png_height "$work/page.png") px"
    png_at_dpi "$work/page.png" "$work/page.svg" 300 &&
    png_at_dpi "$work/page150.png" "$work/page.svg" 150 &&
    png_at_dpi "$work/page50.png" "$work/page.svg" 50 &&
    png_at_dpi "$work/screen.png" "$work/screen.svg" 96 &&
    cmp -s "$work/screen.svg" "$work/screen150.svg"
}
check "--page: a PNG prints at 300 dpi unless --dpi says; --dpi sizes bitmaps only" page_bitmaps_print_at_300_dpi

# ---- statistics against an independent implementation ----
centrality_matches_networkx() {
    py=/usr/bin/python3
    if ! [ -x "$py" ] || ! "$py" -c 'import networkx' 2>/dev/null; then
        echo "skipped: no networkx for $py (Debian python3-networkx)"
        return 0
    fi
    for input in "$root/input" "$root/tests/fixtures/crafted"; do
        "$kgraph" build "$input" -q --no-legend -o "$work/nx.dot" &&
        "$kgraph" stats "$input" -q --format csv -o "$work/nx.csv" &&
        "$py" - "$work/nx.dot" "$work/nx.csv" <<'PY' || return 1
import csv, re, sys
import networkx as nx
edges = [m.groups() for m in
         (re.match(r'\s+(\S+) -> (\S+) \[', l) for l in open(sys.argv[1]))
         if m]
rows = list(csv.DictReader(open(sys.argv[2])))
g = nx.Graph()
g.add_nodes_from(r["id"] for r in rows)
g.add_edges_from((a, b) for a, b in edges if a != b)
btw = nx.betweenness_centrality(g, normalized=False)
clo = nx.closeness_centrality(g, wf_improved=False)
bad = [r["id"] for r in rows
       if abs(float(r["betweenness"]) - btw[r["id"]]) > 1e-4
       or abs(float(r["closeness"]) - clo[r["id"]]) > 1e-4]
print("networkx agrees on %d nodes" % (len(rows) - len(bad)))
sys.exit(1 if bad or not rows else 0)
PY
    done
}
check "betweenness and closeness agree with networkx" centrality_matches_networkx

most_central_in_example() {
    "$kgraph" stats "$root/input" -q --top 3 >"$work/top.txt" &&
    sed -n '/Top 3 by betweenness/,/^$/p' "$work/top.txt" | grep -q 'Morocco' &&
    sed -n '/Top 3 by betweenness/,/^$/p' "$work/top.txt" | grep -q 'Interpol'
}
check "stats names Morocco and Interpol among the most central" most_central_in_example

progress_only_on_a_terminal() {
    command -v script >/dev/null || return 0
    # long enough to read for well over the first quarter second (1.5M
    # rows took 0.25 s to read here: the line came only some of the time)
    awk 'BEGIN { print "id,name"; for (i = 0; i < 4000000; i++) printf "n%d,name %d\n", i, i }' \
        >"$work/long.csv" &&
    script -qc "'$kgraph' check '$work/long.csv'" /dev/null \
        >"$work/tty.out" </dev/null &&
    grep -q 'rows, .* MB read' "$work/tty.out" &&
    script -qc "'$kgraph' check '$work/long.csv' -q" /dev/null \
        >"$work/tty-q.out" </dev/null &&
    ! grep -q 'MB read' "$work/tty-q.out" &&
    "$kgraph" check "$work/long.csv" 2>"$work/pipe.err" &&
    ! grep -q 'MB read' "$work/pipe.err"
}
check "a progress line on a terminal only, and not with -q" progress_only_on_a_terminal

# ---- hostile and broken input ----
unwritable_folder() {
    # root writes anywhere: the check runs as nobody
    if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
        echo "skipped: needs root and setpriv to run as another user"
        return 0
    fi
    mkdir -p "$work/ro" && cp -r "$root/input" "$work/ro-in" &&
    chmod 711 "$work" && chmod 555 "$work/ro" && chmod -R a+rX "$work/ro-in" ||
        return 1
    as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    if ! as_nobody "$kgraph" --version >/dev/null 2>&1; then
        echo "skipped: nobody cannot run $kgraph from here"
        return 0
    fi
    as_nobody "$kgraph" build "$work/ro-in" -q -o "$work/ro/g.dot" 2>"$work/err"
    [ $? -eq 2 ] && grep -q 'Permission denied' "$work/err" &&
    [ -z "$(ls -A "$work/ro")" ]
}
check "an output folder nobody may write to is exit 2, nothing left" unwritable_folder

fifos_and_folders_as_input() {
    mkdir -p "$work/mixed/sub.csv" && cp "$root/input/entities.csv" "$work/mixed/" &&
    mkfifo "$work/mixed/pipe.csv" "$work/named.csv" || return 1
    # in a folder: skipped with a warning (a FIFO could wait forever)
    timeout 20 "$kgraph" build "$work/mixed" -o "$work/mixed.dot" 2>"$work/err" &&
    grep -q 'pipe.csv: warning: not a regular file (a FIFO): skipped' "$work/err" &&
    grep -q 'sub.csv: warning: not a regular file (a folder): skipped' "$work/err" || return 1
    # named: read as a stream, like a pipe from process substitution
    { cat "$root/input/entities.csv" >"$work/named.csv" & } &&
    timeout 20 "$kgraph" build "$work/named.csv" -q -o "$work/named.dot" && wait &&
    cmp "$work/mixed.dot" "$work/named.dot" || return 1
    # a folder of nothing readable is an error, not a hang
    mkdir -p "$work/only" && mkfifo "$work/only/p.csv" &&
    timeout 20 "$kgraph" build "$work/only" -q -o "$work/only.dot" 2>"$work/err"
    [ $? -eq 1 ] && grep -q 'the folder has no .csv or .tsv files' "$work/err"
}
check "FIFOs and folders named *.csv in a folder are skipped; a named FIFO is read" fifos_and_folders_as_input

peak_kb() { # peak_kb COMMAND...: runs it; its peak RSS in KB on fd 3
    /usr/bin/time -f %M -o "$work/rss" "$@"
    rc=$?
    tail -n 1 "$work/rss" >&3
    return $rc
}

limits() {
    if [ ! -x /usr/bin/time ]; then echo "skipped: no /usr/bin/time"; return 0; fi
    # a 1 MB field, a 100,000-column header, a million rows: they work
    { printf 'id,name,note\na,A,'; head -c 1048576 /dev/zero | tr '\0' x; echo; } \
        >"$work/field.csv" &&
    "$kgraph" check -q "$work/field.csv" || return 1
    awk 'BEGIN { printf "id,name"; for (i = 0; i < 99998; i++) printf ",c%d", i;
                 printf "\nw,W"; for (i = 0; i < 99998; i++) printf ",%d", i; print "" }' \
        >"$work/wide.csv" &&
    "$kgraph" check -q "$work/wide.csv" || return 1
    awk 'BEGIN { print "name"; for (i = 0; i < 1000000; i++) print "N" i }' \
        >"$work/rows.csv" &&
    "$kgraph" check "$work/rows.csv" 2>"$work/err" &&
    grep -q '1000000 entities' "$work/err" || return 1
    # a 100 MB line: a clear error, in bounded memory (64 MiB by default)
    { printf 'id,name\na,'; head -c 104857600 /dev/zero | tr '\0' y; printf '\nb,B\n'; } \
        >"$work/line.csv" &&
    kb=$(peak_kb "$kgraph" check -q "$work/line.csv" 3>&1 2>"$work/err")
    [ $? -eq 1 ] && grep -q 'line.csv:2: error: a row longer than 64 MiB' "$work/err" &&
    [ "$kb" -lt 200000 ] || { echo "peak $kb KB"; cat "$work/err"; return 1; }
    # and a limit of one's own
    "$kgraph" check -q --max-row-size 1M "$work/field.csv" 2>"$work/err"
    [ $? -eq 1 ] && grep -q 'longer than 1 MiB' "$work/err" &&
    "$kgraph" check -q --max-columns 1000 "$work/wide.csv" 2>"$work/err"
    [ $? -eq 1 ] && grep -q 'more than 1000 fields' "$work/err"
}
check "limits: a 1 MB field, 100,000 columns, 10^6 rows work; a 100 MB line is a clear error" limits

no_way_in() {
    mkdir -p "$work/inj" && cd "$work/inj" || return 1
    cat >inj.csv <<'CSV'
id,name,type,description,url
dot,"x""]; evil [label=""pwned",person,"} digraph g { injected",http://example.org/a
html,<b>bold</b> & <i>it</i>,person,</title><script>alert(1)</script>,javascript:alert(1)
svg,"<svg onload=alert(1)>",person,"<![CDATA[ ]]> -->","data:text/html;base64,PHNjcmlwdD4="
fmt,%s%n%x%p,person,%99999999d,file:///etc/passwd
sh,$(touch pwned-by-shell),person,`touch pwned-by-backtick`,https://example.org/ok
CSV
    "$kgraph" build inj.csv -q --no-legend -o inj.dot &&
    "$kgraph" build inj.csv -q -o inj.svg &&
    dot -Tplain inj.dot >plain.txt || return 1
    # DOT: one graph of five nodes and nothing else; the text is data
    [ "$(grep -c '^node ' plain.txt)" -eq 5 ] && ! grep -q '^node evil ' plain.txt &&
    [ "$(grep -c '^digraph' inj.dot)" -eq 1 ] &&
    grep -q 'label="x\\"\]; evil \[label=\\"pwned"' inj.dot || return 1
    # SVG: no script, no event handler, no unsafe link; < and & escaped
    ! grep -qi '<script' inj.svg && ! grep -qi '<svg onload' inj.svg &&
    ! grep -qi 'javascript:' inj.svg && ! grep -q 'href="data:' inj.svg &&
    ! grep -q 'href="file:' inj.svg && grep -q 'href="https://example.org/ok"' inj.svg &&
    grep -q '&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;it&lt;/i&gt;' inj.svg || return 1
    # no shell ran, no format was expanded
    [ ! -e pwned-by-shell ] && [ ! -e pwned-by-backtick ] &&
    grep -q '%s%n%x%p' inj.svg && grep -q '\$(touch pwned-by-shell)' inj.dot
}
check "names built to inject DOT, HTML, SVG script, formats or shell stay text" no_way_in

page_chooses_what_reads_best() {
    awk 'BEGIN { print "source,target,relation";
                 for (i = 0; i < 60; i++) printf "hub,Leaf person %d,knows\n", i }' \
        >"$work/star.csv" &&
    "$kgraph" build "$work/star.csv" --warnings all --page a4 \
        -o "$work/star.svg" 2>"$work/star.err" &&
    "$kgraph" build "$work/star.csv" --warnings all --page a4 -K dot \
        -o "$work/star-dot.svg" 2>"$work/star-dot.err" || return 1
    # the key hides nothing and nothing hides it, wherever it went (under
    # the drawing, or in a corner the drawing leaves empty), as an SVG
    # reader of its own measures it
    /usr/bin/python3 "$root/tests/figure_check.py" --block a4 "$work/star.svg" >"$work/star.json" &&
        /usr/bin/python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
sys.exit(not (m["entities"] == 61 and m["key_overlaps"] == 0 and m["text_overlaps"] == 0
              and m["entity_overlaps"] == 0))' "$work/star.json" || return 1
    # a star: not dot's one wide rank, and larger names than dot's
    grep -q 'kgraph: figure: \(dot LR\|neato\|neato spread\|neato spread dense\),' "$work/star.err" &&
    grep -q 'kgraph: figure: dot,' "$work/star-dot.err" || return 1
    chosen=$(sed -n 's/.*names print at \([0-9.]*\) pt.*/\1/p' "$work/star.err" | head -n 1)
    forced=$(sed -n 's/.*names print at \([0-9.]*\) pt.*/\1/p' "$work/star-dot.err" | head -n 1)
    awk -v a="$chosen" -v b="$forced" 'BEGIN { exit !(a > 2 * b) }' || return 1
    # fitted: the SVG is no larger than A4's text block (16 x 24 cm)
    sed -n 's/^<svg width="\([0-9.]*\)pt" height="\([0-9.]*\)pt".*/\1 \2/p' "$work/star.svg" |
        awk '{ exit !($1 <= 453.6 && $2 <= 680.4 && ($1 > 450 || $2 > 677)) }' || return 1
    # below 6 pt (a star of 300, which the 60 no longer are once spread
    # to the page), a warning that -q does not hide; the figure line it does
    awk 'BEGIN { print "source,target,relation";
                 for (i = 0; i < 300; i++) printf "hub,Leaf person %d,knows\n", i }' \
        >"$work/star300.csv" &&
    "$kgraph" build "$work/star300.csv" --warnings all --page a4 -q -o "$work/star-q.svg" \
        2>"$work/star-q.err" &&
    grep -q '^kgraph: warning: A4 portrait, names print at [0-9.]* pt, below the 6 pt' "$work/star-q.err" &&
    ! grep -q 'figure:' "$work/star-q.err" &&
    "$kgraph" build "$work/star.csv" --page nonsense -o "$work/x.svg" 2>/dev/null
    [ $? -eq 2 ]
}
check "--page: a star is laid out as what reads best, fitted to the page, and told" page_chooses_what_reads_best

paper_folds_keys_and_cites() {
    cat >"$work/ties.csv" <<'CSV'
source,target,relation,evidence,citation
Ann,Bob,calls,log 1,"=HYPERLINK(""http://x"")"
Bob,Ann,calls,log 2,"<script>alert(1)</script>"
Ann,Bob,calls,log 3,https://example.org/a?b=1&c=2
Ann,Cy,pays,ledger,
Cy,Dee,meets,,
CSV
    "$kgraph" build "$work/ties.csv" --warnings all --page a4 --cite -K dot \
        -T canon -o "$work/ties.gv" --sources "$work/ties.md" -q 2>/dev/null || return 1
    # a bug report: Graphviz wrote names as HTML-like (<Cy>) at random, as
    # it read a header kgraph's names did not have (dotread.c)
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        "$kgraph" build "$work/ties.csv" --warnings all --page a4 --cite -K dot \
            -T canon -q 2>/dev/null | grep -q '<kgraph>\|<Cy>\|<Ann>\|<Bob>\|<Dee>' &&
            return 1
    done
    tr '\n\t' '  ' <"$work/ties.gv" | sed 's/\];/];\n/g' >"$work/ties.one"
    # the three calls between Ann and Bob are one line, both ways, in the
    # colour of their type (keyed: drawn three times), numbered 1-3
    [ "$(grep -c -- '->' "$work/ties.one")" = 3 ] &&
    grep -q 'Ann -> Bob .*color="#0072B2", *dir=both,.*label="\[1.3\]"' "$work/ties.one" &&
    grep -q 'Ann -> Cy .*label="pays \[4\]"' "$work/ties.one" || return 1
    # Cy -> Dee has no source: its type as label, no number, not in the table
    grep -q 'Cy -> Dee .*label=meets' "$work/ties.one" &&
    [ "$(grep -c '^| [0-9]' "$work/ties.md")" = 4 ] &&
    grep -q '^| 2 | Bob | Ann | calls |  |  | log 2 | \\<script\\>alert(1)\\</script\\> |$' "$work/ties.md" ||
        return 1
    # CSV: a formula is quoted with "'"; HTML: text, and links only http(s)
    "$kgraph" build "$work/ties.csv" --warnings all --sources "$work/ties.csv.out.csv" \
        -o /dev/null -q 2>/dev/null &&
    grep -q "^1,Ann,Bob,calls,,,log 1,\"'=HYPERLINK" "$work/ties.csv.out.csv" &&
    "$kgraph" build "$work/ties.csv" --warnings all --sources "$work/ties.html" \
        -o /dev/null -q 2>/dev/null &&
    ! grep -q '<script>' "$work/ties.html" &&
    grep -q '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">' "$work/ties.html" || return 1
    # clusters: with a page, only dot is tried; an engine that draws no
    # boxes holding just their members draws none, and says so
    "$kgraph" build "$work/ties.csv" --warnings all --page a4 --cluster-by relation \
        -o "$work/cl.svg" 2>"$work/cl.err" &&
    grep -q 'kgraph: figure: dot' "$work/cl.err" &&
    printf 'id,name,country\nAnn,Ann,X\nBob,Bob,X\n' >"$work/people.csv" &&
    "$kgraph" build "$work/ties.csv" "$work/people.csv" --warnings all \
        --cluster-by country -K neato -o "$work/cl2.svg" 2>"$work/cl2.err" &&
    grep -q '^kgraph: warning: --cluster-by: neato draws no cluster boxes' "$work/cl2.err" &&
    ! grep -q 'class="cluster"' "$work/cl2.svg" &&
    "$kgraph" build "$work/ties.csv" "$work/people.csv" --warnings all \
        --cluster-by country -K dot -o "$work/cl3.svg" 2>/dev/null &&
    grep -q 'class="cluster"' "$work/cl3.svg" || return 1
    # --legend FILE: the key apart, and not under the graph
    "$kgraph" build "$work/ties.csv" --warnings all --page a4 --cite -q \
        --legend "$work/key.svg" -o "$work/nokey.svg" 2>/dev/null &&
    grep -q '>calls</text>' "$work/key.svg" && ! grep -q 'class="node"' "$work/key.svg" &&
    ! grep -q '>calls</text>' "$work/nokey.svg" && grep -q 'class="node"' "$work/nokey.svg" ||
        return 1
    # without a page the DOT keeps every row as its edge
    "$kgraph" build "$work/ties.csv" --warnings all --cite -q 2>/dev/null |
        grep -c -- '->' | grep -qx 5
}
check "--page folds a pair's rows into one line; --cite numbers it; --sources lists them" paper_folds_keys_and_cites

paper_one_row_each_way_has_no_count() {
    # a bug report: Krebs' 9/11 edge list gives every tie both ways, and
    # each of its 128 lines carried "x2" over the figure; one row each way
    # is the line's two arrowheads, a third row is counted
    cat >"$work/both.csv" <<'CSV'
source,target,relation
Ann,Bob,knows
Bob,Ann,knows
Cy,Dee,knows
Dee,Cy,knows
Cy,Dee,knows
CSV
    "$kgraph" build "$work/both.csv" --page a4 -K dot -T canon -q \
        -o "$work/both.gv" 2>/dev/null || return 1
    tr '\n\t' '  ' <"$work/both.gv" | sed 's/\];/];\n/g' >"$work/both.one"
    grep 'Ann -> Bob' "$work/both.one" | grep -q 'dir=both' &&
    times=$(printf '\303\227') # "×"; $'...' is not sh's
    ! grep 'Ann -> Bob' "$work/both.one" | grep -q "$times" &&
    grep 'Cy -> Dee' "$work/both.one" | grep -q "label=\"*${times}3"
}
check "--page: a line of one row each way has arrows both ways and no count" paper_one_row_each_way_has_no_count

paper_wraps_relation_labels() {
    # on paper a relation's label is wrapped at a name's line width, as
    # names are: a label a line long found no spot clear of names on a
    # full page, and the drawing was moved apart for it (the path from
    # Stock to the Paris Call printed at 7.1 pt, now 8 or more); the DOT
    # without a page keeps it whole
    printf 'source,target,relation\nAnn,Bob,seeks information exchange with\n' \
        >"$work/wrap.csv"
    "$kgraph" build "$work/wrap.csv" --page a4 -K dot -T canon -q \
        -o "$work/wrap.gv" 2>/dev/null &&
    grep -q 'label="seeks\\ninformation\\nexchange with"' "$work/wrap.gv" &&
    "$kgraph" build "$work/wrap.csv" -o "$work/wrap.dot" -q 2>/dev/null &&
    grep -q 'label="seeks information exchange with"' "$work/wrap.dot"
}
check "--page wraps a long relation label as names are wrapped" paper_wraps_relation_labels

paper_cite_keeps_short_names() {
    # on paper a numbered line keeps its relation's name when it is no
    # longer than a line of a name (14 characters); a longer one leaves
    # the number alone, and the sources table names it; a keyed type's
    # line (calls: its colour in the key) has the numbers alone
    cat >"$work/cites.csv" <<'CSV'
source,target,relation,evidence,label
Ann,Bob,calls,log 1,
Bob,Ann,calls,log 2,
Ann,Bob,calls,log 3,
Ann,Cy,pays,ledger,
Cy,Dee,meets,,
Dee,Eve,secretary_general_of,minutes,
Eve,Fay,knows,chat,a label far too long
CSV
    "$kgraph" build "$work/cites.csv" --page a4 --cite -K dot -T canon -q \
        -o "$work/cites.gv" --sources "$work/cites.md" 2>/dev/null || return 1
    tr '\n\t' '  ' <"$work/cites.gv" | sed 's/\];/];\n/g' >"$work/cites.one"
    grep -q 'Ann -> Bob .*color="#0072B2",.*label="\[1.3\]"' "$work/cites.one" &&
    grep -q 'Ann -> Cy .*label="pays \[4\]"' "$work/cites.one" &&
    grep -q 'Cy -> Dee .*label=meets' "$work/cites.one" &&
    grep -q 'Dee -> Eve .*label="\[5\]"' "$work/cites.one" &&
    grep -q 'Eve -> Fay .*label="\[6\]"' "$work/cites.one" &&
    grep -q '^| 5 | Dee | Eve | secretary general of |' "$work/cites.md" &&
    # without a page the whole name stays
    "$kgraph" build "$work/cites.csv" --cite -q 2>/dev/null |
        grep -q 'label="secretary general of \[5\]"'
}
check "--page --cite: a line keeps a short relation name before its numbers" paper_cite_keeps_short_names

key_shows_shapes_and_lines() {
    # the key shows each type by its shape, filled, in its outline colour
    # (a grey print keeps the shapes) and each keyed relation type by a
    # line as drawn: a pen of 1 and an arrowhead; none when undirected
    printf 'id,name,type\nAnn,Ann,person\nc,Chad,country\nr,Rabat,city\nd,Deal,treaty\n' >"$work/kinds.csv"
    "$kgraph" build "$work/cites.csv" "$work/kinds.csv" --page a4 -K dot -T canon -q \
        -o "$work/key.gv" 2>/dev/null &&
    tr -d '\n' <"$work/key.gv" >"$work/key.one" &&
    grep -q '<font point-size="14" color="#3b6e8f">●</font></td><td[^>]*>person' "$work/key.one" &&
    grep -q '<font point-size="14" color="#357a38">⬣</font></td><td[^>]*>country' "$work/key.one" &&
    grep -q '<font point-size="14" color="#5a8f5a">⬟</font></td><td[^>]*>city' "$work/key.one" &&
    grep -q '<font point-size="14" color="#9c6b30">▤</font></td><td[^>]*>treaty' "$work/key.one" &&
    grep -q '<font color="#0072B2">───▶</font></td><td[^>]*>calls' "$work/key.one" &&
    ! grep -q 'bgcolor=' "$work/key.one" || return 1
    "$kgraph" build "$work/cites.csv" --page a4 -K dot -T canon -q --undirected 2>/dev/null |
        tr -d '\n' | grep -q '<font color="#0072B2">───</font></td><td[^>]*>calls'
}
check "the key: a shape for each entity type, relation lines as drawn" key_shows_shapes_and_lines

overviews_top_communities_collapse() {
    # two cliques of four, joined by one tie
    {
        echo "source,target,relation"
        for c in a b; do
            for i in 1 2 3 4; do for j in 1 2 3 4; do
                [ "$i" -lt "$j" ] && echo "$c$i,$c$j,knows"
            done; done
        done
        echo "a4,b1,met"
    } >"$work/cliques.csv"
    "$kgraph" build "$work/cliques.csv" --warnings all --communities -q \
        -o "$work/comm1.dot" 2>/dev/null &&
    "$kgraph" build "$work/cliques.csv" --warnings all --communities -q \
        -o "$work/comm2.dot" 2>/dev/null &&
    cmp -s "$work/comm1.dot" "$work/comm2.dot" || return 1
    # each clique is a community; the first met is 1 (sizes tie)
    for i in 1 2 3 4; do
        grep -q "^  a$i \[.*community=\"1\"" "$work/comm1.dot" &&
        grep -q "^  b$i \[.*community=\"2\"" "$work/comm1.dot" || return 1
    done
    # one node per community, named by its best connected member, and
    # the tie between them; none within
    "$kgraph" build "$work/cliques.csv" --warnings all --communities \
        --collapse-by community -o "$work/coll.dot" 2>"$work/coll.err" || return 1
    [ "$(grep -c -- '->' "$work/coll.dot")" = 1 ] &&
    grep -q '"community=1" -> "community=2" \[type=met' "$work/coll.dot" &&
    grep -q '"community=1" \[label="a4 and 3 more"' "$work/coll.dot" &&
    grep -q 'overview: 2 nodes and 1 relations for 8 entities and 13 relations' "$work/coll.err" ||
        return 1
    # --collapse-by an attribute: the bundled example by country
    "$kgraph" build "$here/../input" --collapse-by country -q -o "$work/country.dot" &&
    grep -q '"country=Morocco" \[label="Morocco (13)"' "$work/country.dot" || return 1
    # past 40 groups, the smallest (here: the last met) are one node
    awk 'BEGIN { print "id,name,country";
                 for (i = 1; i <= 50; i++) printf "e%d,E %d,c%d\n", i, i, i }' \
        >"$work/many.csv"
    "$kgraph" build "$work/many.csv" --collapse-by country -q -o "$work/many.dot" &&
    [ "$(grep -c '^  "country=' "$work/many.dot")" = 40 ] &&
    grep -q '^  "country=c39" \[' "$work/many.dot" &&
    grep -q '^  "country=" \[label="11 smaller groups (11)"' "$work/many.dot" || return 1
    # --top: the most central (betweenness), and the relations among them
    "$kgraph" build "$work/cliques.csv" --warnings all --top 2 -q -o "$work/top.dot" \
        2>/dev/null &&
    [ "$(grep -c '^  [ab][0-9] \[' "$work/top.dot")" = 2 ] &&
    grep -q '^  a4 -> b1 ' "$work/top.dot"
}
check "--communities are deterministic; --collapse-by draws one node per group; --top keeps the most central" overviews_top_communities_collapse

ftm_is_read() {
    cat >"$work/os.ftm.json" <<'JSON'
{"id": "p1", "schema": "Person", "properties": {"name": ["Ann Smith", "Anna Smith"], "nationality": ["gb"], "birthDate": ["1970-01-02"]}}
{"id": "c1", "schema": "Company", "properties": {"name": ["Acme \"Ltd\" <&>"], "alias": ["ACME"], "notes": ["sector: steel"]}}
{"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["c1"], "role": ["shareholder"], "startDate": ["2019-05"]}}
{"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relative": ["p2"], "relationship": ["spouse"]}}
{"id": "p2", "schema": "Person", "properties": {"name": ["Bob Smith"]}}
{"id": "x", "schema": "Person", "properties": {"name": ["broken"]}
{"schema": "Person"}
JSON
    "$kgraph" build "$work/os.ftm.json" --no-legend -o "$work/os.dot" 2>"$work/os.err"
    [ $? -eq 1 ] || return 1 # the bad lines are errors
    grep -q 'os.ftm.json:6:[0-9]*: error: not JSON' "$work/os.err" &&
    grep -q 'os.ftm.json:7: error: not a FollowTheMoney entity' "$work/os.err" || return 1
    # without the bad lines: what each line became
    head -n 5 "$work/os.ftm.json" >"$work/good.ftm.json"
    "$kgraph" build "$work/good.ftm.json" --no-legend -q -o "$work/good.dot" &&
    grep -q '^  p1 \[label="Ann Smith", type=person, aliases="Anna Smith", nationality=gb, birthDate="1970-01-02"' "$work/good.dot" &&
    grep -q '^  c1 \[label="Acme \\"Ltd\\" <&>", type=company, aliases=ACME, sector=steel' "$work/good.dot" &&
    grep -q '^  p1 -> c1 \[type=shareholder, label="shareholder", date="2019-05"' "$work/good.dot" &&
    grep -q '^  p1 -> p2 \[type=spouse, label="spouse", .*dir=none' "$work/good.dot" || return 1
    # kgraph's own export reads back: ids (kg- encoded) and names intact
    printf 'id,name,type\n"a b_c",Ann,person\nd,Dee,company\n' >"$work/ids.csv"
    printf 'source,target,relation\n"a b_c",d,owns\n' >"$work/owns.csv"
    "$kgraph" build "$work/ids.csv" "$work/owns.csv" -q -o "$work/ids.ftm.json" &&
    grep -q '"id": "kg-a.20b.5Fc"' "$work/ids.ftm.json" &&
    "$kgraph" build "$work/ids.ftm.json" --no-legend -q -o "$work/ids.dot" &&
    grep -q '^  "a b_c" \[label="Ann", type=person' "$work/ids.dot" &&
    grep -q '^  "a b_c" -> d \[type=owns' "$work/ids.dot"
}
check "FollowTheMoney lines are read: entities, relationships, errors at their lines" ftm_is_read

help_and_version() {
    "$kgraph" --help | grep -q 'Usage: kgraph build' &&
    "$kgraph" --version | grep -q '^kgraph [0-9]'
}
check "--help and --version print to stdout and exit 0" help_and_version

# issue 25, item 9: a newcomer finds every command in --help's list and in
# README's "Using it" block (report, timeline and diff were missing)
every_command_listed() {
    commands=$(sed -n '/^} commands\[\] = {/,/};/p' "$root/src/cli/cmdline.c" |
        grep -o '{"[a-z]*"' | tr -d '{"')
    [ "$(echo "$commands" | wc -l)" -ge 6 ] || { echo "no command table"; return 1; }
    using=$(sed -n '/^## Using it/,/^## /p' "$root/README.md")
    for c in $commands; do
        "$kgraph" --help | sed -n '/^Commands:/,/^$/p' | grep -q "^  $c " ||
            { echo "--help's Commands: no $c"; return 1; }
        echo "$using" | grep -q "^kgraph $c " || { echo "README's Using it: no kgraph $c"; return 1; }
    done
}
check "issue 25, 9: --help's command list and README's Using it name every command" every_command_listed

counts_are_digits_only() {
    # a bug report (issue 16): " -5" and a number past the largest were taken
    for bad in ' -5' '-5' '+5' '99999999999999999999999' '5x' ''; do
        "$kgraph" build "$here/../input" --max-errors "$bad" -o /dev/null -q 2>"$work/count.err"
        [ $? -eq 2 ] && grep -q 'needs a number' "$work/count.err" || return 1
    done
    "$kgraph" build "$here/../input" --max-errors 7 --warnings all -o /dev/null -q
}
check "a count option takes digits only, and none past the largest number" counts_are_digits_only

report_figure_reads_on_paper() {
    # the bundled example for a report: names print at 6 pt or more, with
    # and without numbered lines (which keep short names) no text over
    # another and no relation label over an entity, as a reader of the SVG
    # that is not kgraph measures them (a bug report: kgraph's count said
    # 0 where "coordinated [57]" touched "Police chiefs": Graphviz measures
    # text narrower than DejaVu draws it), the SVG states its printed size
    # in cm
    "$kgraph" build "$root/input" --page a4 --cite -o "$work/fig.svg" 2>"$work/fig.err" &&
    "$kgraph" build "$root/input" --page a4 -o "$work/plain.svg" 2>"$work/plain.err" ||
        return 1
    line=$(grep '^kgraph: figure:' "$work/fig.err") || return 1
    echo "$line"
    pt=$(printf '%s\n' "$line" | sed -n 's/.*names print at \([0-9.]*\) pt.*/\1/p')
    # "2 relation labels on entities", "1 relation label on an entity"
    over=$(printf '%s\n' "$line" | sed -n 's/.* \([0-9]*\) relation labels\{0,1\} on \(entities\|an entity\),.*/\1/p')
    plain=$(sed -n 's/^kgraph: figure:.* \([0-9]*\) relation labels\{0,1\} on \(entities\|an entity\),.*/\1/p' "$work/plain.err")
    echo "labels over entities: $over with --cite, $plain without"
    awk -v p="$pt" 'BEGIN { exit !(p >= 6) }' &&
    [ "$over" = 0 ] && [ "$plain" = 0 ] || return 1
    for f in fig plain; do
        /usr/bin/python3 "$here/figure_check.py" --block a4 "$work/$f.svg" |
            /usr/bin/python3 -c 'import json, sys
d = json.load(sys.stdin)
print(d["text_overlaps"], d["labels_over_entities"], d["names_pt"])
sys.exit(d["text_overlaps"] or d["labels_over_entities"] or d["names_pt"] < 6)' ||
            return 1
    done
    grep -q '^<svg width="[0-9.]*cm" height="[0-9.]*cm"' "$work/fig.svg" &&
    sed -n 's/^<svg width="\([0-9.]*\)cm" height="\([0-9.]*\)cm".*/\1 \2/p' "$work/fig.svg" |
        awk '{ exit !($1 <= 16 + 2.54 / 72 && $2 <= 24 + 2.54 / 72) }' || return 1
    # (Graphviz writes an SVG's size in whole points, rounded up)
    # a PDF carries SOURCE_DATE_EPOCH's date, so two runs a second apart
    # are the same bytes
    SOURCE_DATE_EPOCH=1767225600 "$kgraph" build "$root/input" --page a4 -q \
        -o "$work/fig1.pdf" 2>/dev/null &&
    sleep 1 &&
    SOURCE_DATE_EPOCH=1767225600 "$kgraph" build "$root/input" --page a4 -q \
        -o "$work/fig2.pdf" 2>/dev/null &&
    cmp "$work/fig1.pdf" "$work/fig2.pdf" &&
    grep -aq '/CreationDate (D:20260101000000Z)' "$work/fig1.pdf"
}
check "--page a4: the bundled figure prints names at 6 pt or more, nothing over a text or an entity (figure_check.py), size in cm, PDF reproducible" report_figure_reads_on_paper

# issue 26, item 2: on paper, lines go round the entities they do not
# end at (kgraph routes them after the layout): at most 5% of the lines
# drawn pass through a name, on the bundled example, a path in it, and a
# real 62-entity network on a landscape page (159 lines drawn)
lines_go_round_names() {
    through() { # MAX, then kgraph build's arguments
        max=$1
        shift
        "$kgraph" build "$@" -o "$work/round.svg" 2>"$work/round.err" || return 1
        n=$(sed -n 's/^kgraph: figure: .*; \([0-9]*\) of [0-9]* lines\{0,1\} through entities.*/\1/p' \
            "$work/round.err")
        echo "$n lines through names (at most $max)"
        [ -n "$n" ] && [ "$n" -le "$max" ]
    }
    k911=$root/tests/data/krebs_911
    through 3 "$root/input" --page a4 &&
    through 2 "$root/input" --path 'Jürgen Stock' --to 'Paris Call' --page a4 &&
    through 7 --header source,target,strength,layer "$k911/9_11_edgelist.txt" \
        --header id,flight "$k911/9_11_attrib.txt" --page a4-landscape
}
check "--page: lines go round the names they do not end at (at most 5% through one)" lines_go_round_names

# issue 25, item 6: a report mailed on gives away no folder of the
# analyst's; nor does the merge report
outputs_name_no_absolute_folder() {
    mkdir -p "$work/cases/2026-informant" "$work/elsewhere/secret-op" &&
    cp "$root/input/entities.csv" "$root/input/mentions.csv" "$work/cases/2026-informant/" &&
    cp "$root/input/relations.csv" "$work/elsewhere/secret-op/" &&
    (cd "$work/cases" &&
     "$kgraph" report "$work/cases/2026-informant" "$work/elsewhere/secret-op/relations.csv" \
         -q -o r.html --merge-report m.csv) || return 1
    for f in r.html m.csv; do
        if grep -n "$work\|secret-op" "$work/cases/$f"; then
            echo "$f names an absolute folder"; return 1
        fi
    done
    # inside the working folder: the path from it; outside: the file's name
    grep -q '2026-informant/entities.csv' "$work/cases/r.html" &&
    grep -q '<td>relations.csv</td>' "$work/cases/r.html" &&
    grep -q ',2026-informant/mentions.csv,' "$work/cases/m.csv"
}
check "issue 25, 6: the report and the merge report name inputs from the working folder, never by an absolute path" outputs_name_no_absolute_folder

# issue 25, item 7: an overview by an attribute nobody has is refused
collapse_by_nothing_is_an_error() {
    "$kgraph" build "$root/input" -q --collapse-by community -o "$work/nobody.dot" 2>"$work/nobody.err"
    rc=$?
    cat "$work/nobody.err"
    [ $rc = 2 ] && grep -q -- '--collapse-by community needs --communities' "$work/nobody.err" &&
    [ ! -e "$work/nobody.dot" ] || return 1
    "$kgraph" build "$root/input" -q --collapse-by colour -o "$work/nobody.dot" 2>"$work/nobody.err"
    rc=$?
    cat "$work/nobody.err"
    [ $rc = 2 ] && grep -q "no entity shown has a value of 'colour'" "$work/nobody.err" &&
    [ "$(grep -c error "$work/nobody.err")" = 1 ] && [ ! -e "$work/nobody.dot" ] || return 1
    "$kgraph" build "$root/input" -q --communities --collapse-by community -o "$work/nobody.dot"
}
check "issue 25, 7: --collapse-by an attribute no entity has is an error that says so" collapse_by_nothing_is_an_error
# ---- partial loads ----
# issue 25, item 1: --max-errors N builds from the good rows when at most
# N rows fail; --rejects FILE writes every rejected row, build or not.

# Three bad rows among good ones: an empty id, a stray quote, a ragged row
# (its line a formula, and over two lines).
partial_input() {
    printf 'id,name,type\nada,Ada Lovelace,person\n,Nameless,person\nbab,"Charles "Babbage,person\ncom,Analytical Engine,machine\n=men,"Luigi\nMenabrea"\nlov,Lovelace Hall,place\n' >"$work/people.csv"
}

# The rejects table as Python's csv module reads it: the header, then
# file, line, column, reason, and the row exactly as in the input (a
# formula with its ' in front).
rejects_are() {
    python3 - "$1" "$work/people.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
src = open(sys.argv[2], newline="", encoding="utf-8").read().split("\n")
assert rows[0] == ["file", "line", "column", "reason", "row"], rows[0]
got = [(r[1], r[2], r[4]) for r in rows[1:]]
want = [("3", "", src[2]), ("4", "15", src[3]),
        ("6", "", "'" + src[5] + "\n" + src[6])]
assert got == want, (got, want)
assert all(r[0].endswith("people.csv") for r in rows[1:])
assert rows[1][3].startswith("empty id"), rows[1][3]
assert rows[2][3].startswith("unexpected character after a closing quote")
assert rows[3][3].startswith("this row has 2 fields but the header has 3")
print("rejects ok")
PY
}

strict_names_count_and_options() {
    partial_input
    "$kgraph" build "$work/people.csv" -o "$work/strict.dot" 2>"$work/strict.err"
    [ $? -eq 1 ] || return 1
    cat "$work/strict.err"
    [ ! -e "$work/strict.dot" ] &&
    grep -q '^kgraph: nothing written: 3 rows have errors; --max-errors 3 builds the graph from the other rows, --rejects FILE writes the rejected ones$' "$work/strict.err"
}
check "issue 25: --max-errors 0 (the default) is strict, and the failure counts the rows and names --max-errors and --rejects" strict_names_count_and_options

within_bound_builds_from_good_rows() {
    partial_input
    rm -f "$work/rej.csv"
    "$kgraph" build "$work/people.csv" --max-errors 3 --rejects "$work/rej.csv" \
        -o "$work/part.dot" 2>"$work/part.err" || return 1
    cat "$work/part.err"
    grep -q '3 rows rejected' "$work/part.err" &&
    grep -q '^kgraph: note: built from the rows without errors: 3 rows rejected (--max-errors 3)$' "$work/part.err" &&
    [ "$(grep -c ': error: ' "$work/part.err")" -eq 3 ] &&
    grep -q '^  ada \[' "$work/part.dot" && grep -q '^  com \[' "$work/part.dot" &&
    grep -q '^  lov \[' "$work/part.dot" && ! grep -q 'bab\|Babbage\|Menabrea' "$work/part.dot" &&
    rejects_are "$work/rej.csv"
}
check "issue 25: --max-errors 3 over 3 bad rows builds from the good rows (exit 0, summary), --rejects holds each as read" within_bound_builds_from_good_rows

# a headerless file's first rows are held while kgraph judges its first
# row: a rejected row among them keeps its text too
held_rows_keep_their_text() {
    printf 'alice,bob,5\nbob,carol,2,9\ncarol,dave,3\ndave,eve,4\n' >"$work/held.txt"
    "$kgraph" build "$work/held.txt" -q --max-errors 1 --rejects "$work/held.csv" \
        -o "$work/held.dot" || return 1
    python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[1][1] == "2" and rows[1][4] == "bob,carol,2,9", rows' "$work/held.csv"
}
check "issue 25: a row rejected while a headerless file is judged keeps its text in --rejects" held_rows_keep_their_text

past_bound_writes_nothing_but_rejects() {
    partial_input
    rm -f "$work/rej.csv"
    echo old >"$work/past.dot"
    "$kgraph" build "$work/people.csv" --max-errors 2 --rejects "$work/rej.csv" \
        -o "$work/past.dot" 2>"$work/past.err"
    [ $? -eq 1 ] || return 1
    cat "$work/past.err"
    [ "$(cat "$work/past.dot")" = old ] &&
    grep -q '^kgraph: nothing written: 3 rows have errors, more than --max-errors 2 allows; --max-errors 3 builds' "$work/past.err" &&
    rejects_are "$work/rej.csv"
}
check "issue 25: more rows than --max-errors: nothing written (exit 1), and the rejects file is written all the same" past_bound_writes_nothing_but_rejects

rejects_refused_over_inputs() {
    partial_input
    cp "$work/people.csv" "$work/keep.csv"
    "$kgraph" build "$work/people.csv" --max-errors 9 --rejects "$work/people.csv" \
        -o "$work/x.dot" 2>"$work/over.err"
    [ $? -eq 2 ] && grep -q 'people.csv is also an input' "$work/over.err" &&
    cmp -s "$work/people.csv" "$work/keep.csv" || return 1
    mkdir -p "$work/in" && cp "$work/people.csv" "$work/in/"
    "$kgraph" build "$work/in" --rejects "$work/in/rejects.csv" -o "$work/x.dot" \
        2>"$work/over.err"
    [ $? -eq 2 ] && grep -q 'is in the input folder' "$work/over.err" || return 1
    "$kgraph" build "$work/people.csv" --rejects "$work/x.dot" -o "$work/x.dot" \
        2>"$work/over.err"
    [ $? -eq 2 ] && grep -q 'are the same file' "$work/over.err"
}
check "issue 25: --rejects is refused over an input, in an input folder, or over another output" rejects_refused_over_inputs

garbage_reported_bounded_rejects_whole() {
    awk 'BEGIN { print "id,name"; for (i = 0; i < 5000; i++) print "a\"b,c,d"; print "ok,fine" }' \
        >"$work/garbage.csv"
    "$kgraph" check "$work/garbage.csv" --rejects "$work/g.csv" 2>"$work/g.err"
    [ $? -eq 1 ] || return 1
    tail -n 3 "$work/g.err"
    [ "$(grep -c ': error: ' "$work/g.err")" -eq 101 ] &&
    grep -q 'garbage.csv: error: 4900 more errors in this file are not shown; --rejects lists every rejected row$' "$work/g.err" &&
    grep -q ' 5001 rows: 1 entity, .* 5000 rows rejected; .* 5000 errors' "$work/g.err" &&
    python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],newline=""))); assert len(r)==5001 and all(x[4]=="a\"b,c,d" for x in r[1:]), len(r)' "$work/g.csv"
}
check "issue 25: a file of 5,000 bad rows is read to its end: 100 errors shown, the rest counted, every row in the rejects file" garbage_reported_bounded_rejects_whole

# every kind of warning the library says is one kgraph.3 lists, so that a
# program can group them (issue 25, item 4)
warning_kinds_documented() {
    kinds=$(grep -rhoz 'kg_warn([^,]*,[[:space:]]*"[a-z-]*"' "$root/src" | tr '\0' '\n' |
        grep -o '"[a-z-]*"' | sort -u | tr -d '"')
    [ "$(echo "$kinds" | wc -l)" -ge 20 ] || { echo "found only: $kinds"; return 1; }
    for k in $kinds; do
        grep -q "^\.BR $(echo "$k" | sed 's/-/\\\\-/g')\( \|$\)" "$root/src/dist/kgraph.3" ||
            { echo "kgraph.3 does not list the warning kind $k"; return 1; }
    done
}
check "issue 25: every warning kind the library gives is listed in kgraph.3" warning_kinds_documented

# an FtM name list whose first value is not text: the first text is the
# name, not an alias of a nameless entity
ftm_first_text_is_the_name() {
    printf '%s\n' '{"id": "p1", "schema": "Person", "properties": {"name": [7, "Real Name", "Other"]}}' \
        >"$work/names.ftm.json"
    "$kgraph" build "$work/names.ftm.json" -q -o "$work/names.dot" &&
    grep -q 'p1 \[label="Real Name"' "$work/names.dot" &&
    grep -q 'aliases=Other,' "$work/names.dot"
}
check "an FtM entity's name is its first name that is text" ftm_first_text_is_the_name

# aliases two entities claim are said in the order their keys were made,
# also when one key's first claim is a later entity's name and the
# other's an earlier entity's alias (the name index keeps names apart)
shared_aliases_in_key_order() {
    printf 'id,name,aliases\ne1,Ann,Bo\ne2,Cy,\ne3,Di,Bo;Cy\ne4,Ed,Bo;Cy\n' \
        >"$work/shared.csv"
    "$kgraph" build "$work/shared.csv" -o /dev/null 2>"$work/shared.err"
    [ "$(grep -o "the alias '[A-Za-z]*'" "$work/shared.err" | tr '\n' ' ')" = \
        "the alias 'Bo' the alias 'Cy' " ]
}
check "shared aliases are warned of in the order their keys were made" shared_aliases_in_key_order

# a cell DOT cannot write exactly (an odd backslash at its end, and a '<'
# unbalanced) is warned of, at its row, among cells that are exact (a
# backslash inside, a line end between words)
inexact_cells_warned() {
    printf '%s\n' 'id,name,note,other' 'a,A,plain,x\y' 'b,B,"x<\",z' \
        'c,C,"two' 'lines",w' >"$work/inexact.csv"
    "$kgraph" build "$work/inexact.csv" -o "$work/inexact.dot" 2>"$work/inexact.err" &&
    [ "$(grep -c 'dot-inexact\|cannot be written exactly' "$work/inexact.err")" = 1 ] &&
    grep -q 'inexact.csv:3:.*cannot be written exactly' "$work/inexact.err"
}
check "a cell DOT cannot write exactly is warned of at its row, and only it" inexact_cells_warned

# a type is checked once when it is exact (store.c's type memo), but a
# type DOT cannot write exactly is warned of at every row that has it,
# entity and relation types alike
inexact_types_warned_each_row() {
    printf '%s\n' 'id,name,type' 'a,A,"y<\"' 'b,B,person' 'c,C,"y<\"' \
        >"$work/itypes_e.csv"
    printf '%s\n' 'source,target,relation' 'a,b,knows' 'a,c,"x<\"' \
        'b,c,knows' 'b,a,"x<\"' >"$work/itypes_r.csv"
    "$kgraph" build "$work/itypes_e.csv" "$work/itypes_r.csv" \
        -o "$work/itypes.dot" 2>"$work/itypes.err" &&
    [ "$(grep -c 'cannot be written exactly' "$work/itypes.err")" = 4 ] &&
    grep -q 'itypes_e.csv:2:.*cannot be written exactly' "$work/itypes.err" &&
    grep -q 'itypes_e.csv:4:.*cannot be written exactly' "$work/itypes.err" &&
    grep -q 'itypes_r.csv:3:.*cannot be written exactly' "$work/itypes.err" &&
    grep -q 'itypes_r.csv:5:.*cannot be written exactly' "$work/itypes.err"
}
check "a type DOT cannot write exactly is warned of at each of its rows" inexact_types_warned_each_row

# the scan of the relations' weights and confidences stops a row at what
# it needs (element.c, kg_writer_scan): a confidence after the weight is
# still read, so its scale (1 to 5) gives each line its style
weight_then_confidence() {
    printf '%s\n' 'source,target,relation,weight,confidence' 'a,b,knows,3,1' \
        'b,c,knows,9,5' 'c,a,knows,1,3' >"$work/wc.csv"
    "$kgraph" build "$work/wc.csv" -q -o "$work/wc.dot" &&
    grep -qF 'confidence="1", style=dotted, penwidth="1.8"' "$work/wc.dot" &&
    grep -qF 'confidence="5", style=solid, penwidth="4"' "$work/wc.dot" &&
    grep -qF 'confidence="3", style=dashed, penwidth="1"' "$work/wc.dot"
}
check "a confidence column after the weight still gives the lines their styles" weight_then_confidence

# Graphviz's scanner takes at most 16,383 bytes of a quoted string between
# escapes: a line folding 3,000 rows (its evidence 134 kB) and a 40 kB cell
# of accented text and newlines are read back by dot, every byte
long_strings_read_back() {
    /usr/bin/python3 - "$work" <<'PY' || return 1
import csv, sys
w = sys.argv[1]
with open(w + "/long.csv", "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["source", "target", "relation", "evidence"])
    for i in range(3000):
        out.writerow(["Alice", "Bob", "knows", "ledger entry %d of the ledger" % i])
    out.writerow(["Carol", "Dan", "paid", ("été à Noël\n" * 4000)[:-1]])
PY
    "$kgraph" build "$work/long.csv" --merge-edges -q -o "$work/long.dot" &&
        dot -Tjson "$work/long.dot" >"$work/long.json" &&
        /usr/bin/python3 - "$work" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/long.json"))
got = sorted(e["evidence"] for e in d["edges"])
want = sorted(["; ".join("ledger entry %d of the ledger" % i for i in range(3000)),
               ("été à Noël\n" * 4000)[:-1]])
sys.exit(0 if got == want else 1)
PY
}
check "a line folding 3,000 rows and a 40 kB cell: Graphviz reads the DOT back, every byte" long_strings_read_back

# Data keys are checked once per key and written bare when kg_dot_id
# would (element.c): a keyword, a digit first, a space, and the data_
# prefix of a presentation column or date column whose value is not
# drawn; Graphviz reads each key and value back.
data_keys_read_back() {
    printf 'id,name,Subgraph,1st,color,shape,date,x y,weight\na,A,n1,f1,notacolour,blob,someday,s1,heavy\nb,B,n2,f2,red,box,2020-01-02,s2,3\n' >"$work/dk_e.csv"
    printf 'source,target,relation,strict,date,penwidth,style\na,b,knows,n3,never,wide,zigzag\n' >"$work/dk_r.csv"
    "$kgraph" build "$work/dk_e.csv" "$work/dk_r.csv" -q -o "$work/dk.dot" &&
        grep -qF '  a [label="A", "Subgraph"=n1, "1st"=f1, color=notacolour, data_shape=blob, data_date=someday, "x y"=s1, data_weight=heavy, ' "$work/dk.dot" &&
        dot -Tjson "$work/dk.dot" >"$work/dk.json" &&
        /usr/bin/python3 - "$work/dk.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
nodes = {o["name"]: o for o in d["objects"] if "name" in o}
want = {"a": {"Subgraph": "n1", "1st": "f1", "data_shape": "blob",
              "data_date": "someday", "x y": "s1", "data_weight": "heavy"},
        "b": {"Subgraph": "n2", "1st": "f2", "date": "2020-01-02",
              "x y": "s2", "data_weight": "3", "shape": "box"}}
ok = all(nodes[n].get(k) == v for n, kv in want.items() for k, v in kv.items())
e = d["edges"][0]
ok = ok and all(e.get(k) == v for k, v in {"strict": "n3", "data_date": "never",
    "data_penwidth": "wide", "data_style": "zigzag"}.items())
sys.exit(0 if ok else 1)
PY
}
check "data keys written bare only where DOT reads them so, data_ before a key drawn otherwise; Graphviz reads every key back" data_keys_read_back

finish cli
