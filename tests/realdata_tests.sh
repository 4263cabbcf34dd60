#!/bin/sh
# Public data sets in the layouts they are published in (tests/data/*/,
# each with its SOURCE.md): kgraph reads them without the analyst editing
# a file.  Counts are checked against an independent reader (Python's csv
# module on the same bytes).  Each check prints "ok" or "FAIL"; the last
# line counts them.
set -u
kgraph=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$here/check.sh"

# "ENTITIES RELATIONS" from kgraph's summary line in file $1.
summary_counts() {
    sed -n 's/^kgraph: .* rows: \([0-9]*\) entities, \([0-9]*\) relations.*/\1 \2/p' "$1"
}

# "NODES EDGES" of edge lists read by Python's csv module: the distinct
# names in the first two columns of every row, and the rows; then, with
# `--ids FILE...` after the edge lists, the first column of those files
# counted as nodes too.
python_counts() {
    python3 - "$@" <<'PY'
import csv, sys
nodes, edges, ids = set(), 0, False
for path in sys.argv[1:]:
    if path == "--ids":
        ids = True
        continue
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.reader(f):
            if ids:
                nodes.add(row[0])
            else:
                nodes.update(row[:2])
                edges += 1
print(len(nodes), edges)
PY
}

# ---- headers ----

# Krebs' 9/11 edge list has no header row: read as source,target,... with
# one warning that shows the --header that names its columns.
krebs_headerless() {
    e=$data/krebs_911/9_11_edgelist.txt
    "$kgraph" check "$e" >"$work/k.out" 2>&1 || return 1
    [ "$(grep -c 'has no header row' "$work/k.out")" = 1 ] &&
    grep -q '9_11_edgelist.txt:1: warning: .*--header source,target,column3,column4' "$work/k.out" &&
    [ "$(summary_counts "$work/k.out")" = "$(python_counts "$e")" ]
}
check "Krebs' headerless 9/11 edge list: read as an edge list, warned once, counts as Python's csv" krebs_headerless

# The UCINET 9/11 files are headerless comma-separated .txt: a folder of
# them is read.
ucinet_folder() {
    d=$data/ucinet_911
    "$kgraph" check "$d" >"$work/u.out" 2>&1 || return 1
    grep -q '^kgraph: 2 files' "$work/u.out" &&
    [ "$(grep -c 'has no header row' "$work/u.out")" = 2 ] &&
    [ "$(summary_counts "$work/u.out")" = \
      "$(python_counts "$d/before_9_11_attrib.txt" "$d/before_9_11_edgelist.txt")" ]
}
check "a folder of UCINET's headerless .txt files is read, counts as Python's csv" ucinet_folder

# --header names the columns of the paths after it, up to the next one.
krebs_two_headers() {
    d=$data/krebs_911
    "$kgraph" build -o "$work/k.dot" \
        --header source,target,strength,layer "$d/9_11_edgelist.txt" \
        --header id,flight "$d/9_11_attrib.txt" >"$work/k2.out" 2>&1 || return 1
    ! grep -q 'has no header row' "$work/k2.out" &&
    [ "$(summary_counts "$work/k2.out")" = \
      "$(python_counts "$d/9_11_edgelist.txt" --ids "$d/9_11_attrib.txt")" ] &&
    grep -q '^  "Hani Hanjour" \[label="Hani Hanjour", flight="77_Pentagon"' "$work/k.dot" &&
    grep -q '^  "Hani Hanjour" -> "Majed Moqed" \[strength="5", data_layer="1"' "$work/k.dot"
}
check "--header scopes: two files, each named by the --header before it" krebs_two_headers

# ...and for a folder, every table in it; for diff, the paths after it in
# --old and --new alike.
header_folder_and_diff() {
    d=$data/krebs_911
    e=$d/9_11_edgelist.txt
    "$kgraph" diff --header source,target,strength,layer --old "$e" \
        --new "$e" >"$work/d.out" 2>&1 || return 1
    grep -q 'relations: 0 added, 0 removed, 0 changed' "$work/d.out" || return 1
    "$kgraph" diff "$e" --header source,target,strength,layer "$e" \
        >"$work/d2.out" 2>&1
    [ $? = 1 ] && grep -q 'column3: "5" -> ""' "$work/d2.out" || return 1
    mkdir "$work/edges" && cp "$e" "$work/edges/" &&
    "$kgraph" check --header source,target,strength,layer "$work/edges" \
        >"$work/f.out" 2>&1 &&
    ! grep -q 'has no header row' "$work/f.out"
}
check "--header names a folder's tables, and diff's --old and --new paths after it" header_folder_and_diff

# A count of names that is not the file's is an error naming the file.
header_wrong_count() {
    e=$data/krebs_911/9_11_edgelist.txt
    "$kgraph" check --header source,target "$e" >"$work/w.out" 2>&1
    [ $? = 1 ] &&
    grep -q '9_11_edgelist.txt:1: error: --header gives 2 column names but this file.s rows have 4 fields; no row of this file is used' "$work/w.out" &&
    grep -q ' 0 relations, .* 382 rows rejected' "$work/w.out"
}
check "--header with the wrong count of names: an error naming the file" header_wrong_count

# Montagna: `node` for the id, `i,j` for the ends (the sightings, with
# classic Mac line ends), three relation files without a type column.
montagna_typed_by_file() {
    d=$data/montagna
    "$kgraph" stats --type-from-file "$d" >"$work/m.out" 2>&1 || return 1
    grep -q ' 0 unknown, 0 rows rejected.* 0 errors, 0 warnings' "$work/m.out" &&
    want=$(python3 - "$d" <<'PY'
import csv, sys
for name in ("meetings", "phone", "sightings"):
    with open(f"{sys.argv[1]}/montagna_{name}.csv", newline="",
              encoding="utf-8-sig") as f:
        print(name, sum(1 for _ in csv.reader(f)) - 1)
PY
) &&
    got=$(sed -n 's/^  \(meetings\|phone\|sightings\)  *\([0-9]*\)$/\1 \2/p' "$work/m.out" | sort) &&
    [ "$got" = "$(echo "$want" | sort)" ] &&
    ! sed -n '/^Relations by type/,/^$/p' "$work/m.out" | grep -q '(no type)' ||
        return 1
    "$kgraph" build -o "$work/m.dot" "$d" 2>/dev/null &&
    grep -q '^  N2 \[label="N2", familia="barcellona pozzo di gotto", title=boss' "$work/m.dot"
}
check "Montagna: node and i,j read, --type-from-file types meetings, phone, sightings" montagna_typed_by_file

# A .txt in a folder is read when it is a table; prose is passed over.
txt_sniffed() {
    mkdir "$work/mixed" &&
    cp "$data/ucinet_911/before_9_11_edgelist.txt" "$work/mixed/" &&
    printf 'These files come from UCINET.\nSee the web site, for more.\n' \
        >"$work/mixed/README.txt" &&
    "$kgraph" check "$work/mixed" >"$work/t.out" 2>&1 &&
    grep -q '^kgraph: 1 file,' "$work/t.out" &&
    grep -q 'README.txt: warning: not read: it does not look like a table' "$work/t.out"
}
check "a folder's .txt is read when it sniffs as a table, prose passed over" txt_sniffed

finish realdata
