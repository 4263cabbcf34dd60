#!/bin/sh
# Public data sets in the layouts they are published in (tests/data/*/,
# each with its SOURCE.md): what kgraph makes of data nobody here wrote.
# Each check prints "ok" or "FAIL"; the last line counts them.
set -u
kgraph=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$here/check.sh"

# ---- warnings and lookups ----
# Krebs' 9/11 network (tests/data/ucinet-911) has no header row.  Until
# the command names the columns of a headerless file (issue 25, item 2:
# --header source,target,strength,layer 9_11_edgelist.txt --header
# id,flight 9_11_attrib.txt), these checks give it the header as an
# analyst does by hand, in a copy: the fixture itself stays as published.
# 69 people are named in the edges and 19 in the attributes: 50 relation
# ends name no entity.
nine_eleven() {
    mkdir -p "$work/911" &&
    { echo source,target,strength,layer; cat "$data/ucinet-911/9_11_edgelist.txt"; } \
        >"$work/911/edges.csv" &&
    { echo id,flight; cat "$data/ucinet-911/9_11_attrib.txt"; } >"$work/911/attrib.csv"
}
nine_eleven || exit 1
totals='69 entities, 382 relations, 50 unknown, .* 0 errors, 50 warnings$'

flood_shows_a_few_and_counts_the_rest() {
    "$kgraph" build "$work/911" -o "$work/911.dot" 2>"$work/flood.err" || return 1
    cat "$work/flood.err"
    [ "$(grep -c ': warning: .* names no entity' "$work/flood.err")" = 3 ] &&
    [ "$(grep -c '^kgraph: 47 more relation ends name no entity; --warnings all shows them$' \
        "$work/flood.err")" = 1 ] &&
    [ "$(wc -l <"$work/flood.err")" = 5 ] &&
    grep -q "^kgraph: 2 files, 401 rows: $totals" "$work/flood.err"
}
check "a 50-warning input (9/11 network) shows three and one count line; the summary counts all 50" \
    flood_shows_a_few_and_counts_the_rest

warnings_all_shows_every_one() {
    "$kgraph" build "$work/911" --warnings all -o "$work/911.dot" 2>"$work/all.err" &&
    [ "$(grep -c ': warning: .* names no entity' "$work/all.err")" = 50 ] &&
    ! grep -q 'more relation ends' "$work/all.err" &&
    grep -q "$totals" "$work/all.err"
}
check "--warnings all shows all 50" warnings_all_shows_every_one

quiet_hides_warnings_not_errors() {
    "$kgraph" build "$work/911" -q -o "$work/911.dot" 2>"$work/q.err" &&
    [ ! -s "$work/q.err" ] || return 1
    # an error beside the flood: a quote never closed
    mkdir -p "$work/911bad" && cp "$work/911"/*.csv "$work/911bad/" &&
    printf 'source,target\n"Mohamed Atta,Ziad Jarrah\n' >"$work/911bad/broken.csv" &&
    "$kgraph" build "$work/911bad" -q -o "$work/bad.dot" 2>"$work/qbad.err"
    [ $? -eq 1 ] &&
    grep -q 'broken.csv:2:.*error:' "$work/qbad.err" &&
    ! grep -q 'warning' "$work/qbad.err"
}
check "-q shows no warning, and still every error" quiet_hides_warnings_not_errors

max_warnings_zero_shows_none() {
    "$kgraph" build "$work/911" --max-warnings 0 -o "$work/911.dot" 2>"$work/none.err" &&
    ! grep -q ': warning:' "$work/none.err" &&
    grep -q '^kgraph: 50 warnings not shown (--max-warnings 0)' "$work/none.err" &&
    grep -q "$totals" "$work/none.err" &&
    "$kgraph" build "$work/911" --warnings all --max-warnings 7 -o "$work/911.dot" \
        2>"$work/seven.err" &&
    [ "$(grep -c ': warning:' "$work/seven.err")" = 7 ] &&
    grep -q '^kgraph: 43 more warnings not shown (--max-warnings 7)' "$work/seven.err"
}
check "--max-warnings 0 shows none, N at most N; the summary still counts them" \
    max_warnings_zero_shows_none

focus_suggests_the_nearest() {
    "$kgraph" build "$work/911" -q --focus "Mohammed Atta" -o "$work/f.dot" 2>"$work/f.err"
    [ $? -eq 2 ] && cat "$work/f.err" &&
    grep -q "^kgraph: error: 'Mohammed Atta' names no entity; the nearest: 'Mohamed Atta'" \
        "$work/f.err" &&
    "$kgraph" build "$work/911" -q --path "Hani Hanjor" --to "Ziad Jarah" \
        -o "$work/p.dot" 2>"$work/p.err"
    [ $? -eq 2 ] &&
    grep -q "'Hani Hanjor' names no entity; the nearest: 'Hani Hanjour'" "$work/p.err" &&
    "$kgraph" build "$work/911" -q --focus "Mohamed Atta" -o "$work/f.dot"
}
check "--focus 'Mohammed Atta' suggests Mohamed Atta by its id; --path too" \
    focus_suggests_the_nearest

finish realdata
