#!/bin/sh
# FollowTheMoney mappings (kgraph build --mapping, kgraph mapping): the
# Northwind tables as Neo4j publishes them, checked entity by entity by
# an independent reader (tests/mapping_check.py, Python's csv module);
# FtM's own mapping fixtures against what FtM's tests assert; the draft
# read back; bad mappings, each a positioned diagnostic and exit 1.  Each
# check prints "ok" or "FAIL"; the last line counts them.
set -u
kgraph=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$here/check.sh"

# ---- Northwind: customers with their contacts, employees and bosses ----

northwind_entity_by_entity() {
    (cd "$data/northwind" &&
        "$kgraph" build --mapping northwind.yml -T ftm -o "$work/nw.jsonl") \
        2>"$work/nw.err" || { cat "$work/nw.err"; return 1; }
    grep -q '191 entities, 99 relations' "$work/nw.err" &&
    grep -q '0 errors, 0 warnings' "$work/nw.err" &&
    /usr/bin/python3 "$here/mapping_check.py" "$data/northwind" "$work/nw.jsonl"
}
check "Northwind: 91 companies, 91 contacts, 9 employees; 91 jobs and 8 reports-to, as Python reads the CSVs (ids FtM's SHA-1)" northwind_entity_by_entity

# the mapping named from another folder: its tables are beside it
northwind_from_elsewhere() {
    "$kgraph" build --mapping "$data/northwind/northwind.yml" -T ftm \
        -o "$work/nw2.jsonl" 2>"$work/nw2.err" &&
    (cd "$data/northwind" &&
        "$kgraph" build --mapping northwind.yml -T ftm -o "$work/nw1.jsonl") \
        2>/dev/null &&
    cmp "$work/nw1.jsonl" "$work/nw2.jsonl" &&
    grep -q "$data/northwind/customers.csv" "$work/nw2.err" ||
        grep -q '191 entities' "$work/nw2.err"
}
check "Northwind: the same graph, byte for byte, when the mapping is named from another folder" northwind_from_elsewhere

# a contact's job is a relation with its title as type, in the DOT too
northwind_jobs_are_relations() {
    (cd "$data/northwind" && "$kgraph" build --mapping northwind.yml) \
        >"$work/nw.dot" 2>/dev/null &&
    grep -q 'label="Owner"' "$work/nw.dot" &&
    grep -q 'label="reports to"' "$work/nw.dot" &&
    grep -q '"Alfreds Futterkiste"' "$work/nw.dot"
}
check "Northwind: jobs (Owner...) and reports-to are relations of the drawn graph" northwind_jobs_are_relations

# ---- FtM's own fixtures (tests/data/ftm_mapping/SOURCE.md) ----

ftm_map() { # YAML [extra YAML appended] -> $work/out.jsonl, stderr $work/err
    cp "$data/ftm_mapping/$1" "$work/ftm.yml"
    cp "$data/ftm_mapping/experts.csv" "$data/ftm_mapping/links.csv" "$work/"
    [ $# -gt 1 ] && printf '%s\n' "$2" >>"$work/ftm.yml"
    "$kgraph" build --mapping "$work/ftm.yml" -T ftm -o "$work/out.jsonl" \
        2>"$work/err"
}

# test_mappings_with_links: 3 entities (a Person, a Company, a
# Directorship: kgraph's relation from the director to the company)
ftm_links() {
    ftm_map links.yml && grep -q '2 entities, 1 relation,' "$work/err" &&
    grep -q '"role": \["founder"\]' "$work/out.jsonl" &&
    # the director's id: sha1 of the key prefix ("links"), no key_literal, "1"
    id=$(printf 'links1' | sha1sum | cut -c1-40) &&
    grep -q "\"subject\": \[\"$id\"\]" "$work/out.jsonl"
}
check "FtM fixtures: test_mappings_with_links (3 entities: director, company, directorship)" ftm_links

# test_mapping_with_literal_keys: 2 entities with different ids
ftm_literal_keys() {
    ftm_map literal_keys.yml && grep -q '2 entities, 0 relations' "$work/err" &&
    a=$(printf 'person1' | sha1sum | cut -c1-40) &&
    b=$(printf 'legalentity1' | sha1sum | cut -c1-40) &&
    grep -q "\"id\": \"$a\", \"schema\": \"Person\"" "$work/out.jsonl" &&
    grep -q "\"id\": \"$b\", \"schema\": \"LegalEntity\"" "$work/out.jsonl"
}
check "FtM fixtures: test_mapping_with_literal_keys (2 entities, ids apart)" ftm_literal_keys

# test_mapping_join and test_mapping_split
ftm_join_split() {
    ftm_map join_split.yml &&
    grep -q 'address: 64, The Desert, 01234' "$work/out.jsonl" &&
    grep -q '"notes: brown", "notes: black", "notes: blue"' "$work/out.jsonl"
}
check "FtM fixtures: test_mapping_join ('64, The Desert, 01234') and test_mapping_split (brown, black, blue)" ftm_join_split

# test_local_csv_load: 14; filters gender male 10; filters_not
# nationality Portugal 7; [Portugal, Spain] 5
ftm_filters() {
    ftm_map experts.yml && grep -q ' 14 entities' "$work/err" &&
    ftm_map experts.yml '    filters: {gender: male}' &&
    grep -q ' 10 entities' "$work/err" &&
    ftm_map experts.yml '    filters: {gender: male}
    filters_not: {nationality: Portugal}' && grep -q ' 7 entities' "$work/err" &&
    ftm_map experts.yml '    filters: {gender: male}
    filters_not: {nationality: [Portugal, Spain]}' &&
    grep -q ' 5 entities' "$work/err"
}
check "FtM fixtures: test_local_csv_load (14 experts; filters 10; filters_not 7 and 5)" ftm_filters

# test_local_csv_load: an entity without keys is InvalidMapping
ftm_no_keys() {
    cp "$data/ftm_mapping/experts.yml" "$work/ftm.yml"
    sed '/key: name/d' "$work/ftm.yml" >"$work/nokey.yml"
    "$kgraph" build --mapping "$work/nokey.yml" -o "$work/o.dot" 2>"$work/err"
    [ $? = 1 ] &&
    grep -q "nokey.yml:[0-9]*:[0-9]*: error: no keys and no id_column for entity 'expert'" "$work/err" &&
    [ ! -e "$work/o.dot" ]
}
check "FtM fixtures: an entity without keys is an error at its line (FtM: InvalidMapping)" ftm_no_keys

# test_http_csv_load: kgraph reads no URL
ftm_http() {
    sed 's|csv_url: experts.csv|csv_url: http://pets.com/experts.csv|' \
        "$data/ftm_mapping/experts.yml" >"$work/http.yml"
    "$kgraph" build --mapping "$work/http.yml" -o "$work/o.dot" 2>"$work/err"
    [ $? = 1 ] &&
    grep -q "http.yml:[0-9]*:14: error: 'http://pets.com/experts.csv' is a remote table: kgraph reads local files only" "$work/err"
}
check "FtM fixtures: test_http_csv_load's remote csv_url is an error at its line, nothing fetched" ftm_http

# ---- the draft, read back ----

draft_round_trip() {
    mkdir -p "$work/draft" &&
    cp "$data/northwind/customers.csv" "$data/northwind/employees.csv" \
        "$work/draft/" &&
    (cd "$work/draft" && "$kgraph" mapping customers.csv employees.csv \
        >draft.yml 2>"$work/err") &&
    head -n 1 "$work/draft/draft.yml" | grep -q '^# A FollowTheMoney mapping drafted' &&
    grep -q 'a draft to edit' "$work/draft/draft.yml" &&
    (cd "$work/draft" &&
        "$kgraph" build --mapping draft.yml -T ftm -o out.jsonl 2>"$work/err") &&
    grep -q '100 entities, 0 relations' "$work/err" &&
    grep -q '0 errors, 0 warnings' "$work/err"
}
check "kgraph mapping drafts one entity a table (91 customers, 9 employees), which build --mapping reads back" draft_round_trip

draft_relations_and_names() {
    printf 'source,target,type\nAlice,Bob,knows\n' >"$work/draft/links.csv"
    printf 'id,name,"odd ""col"": #1"\n1,Alice,x\n' >"$work/draft/people.csv"
    (cd "$work/draft" && "$kgraph" mapping links.csv people.csv >d2.yml &&
        "$kgraph" build --mapping d2.yml -T ftm -o d2.jsonl) 2>"$work/err" &&
    grep -q '3 entities, 1 relation,' "$work/err" &&
    grep -q 'schema: UnknownLink' "$work/draft/d2.yml" &&
    grep -q '"role": \["knows"\]' "$work/draft/d2.jsonl" &&
    grep -q 'odd \\"col\\": #1: x' "$work/draft/d2.jsonl"
}
check "kgraph mapping: a relations file gives two ends and an UnknownLink; odd column names quoted and read back" draft_relations_and_names

draft_needs_files() {
    "$kgraph" mapping 2>"$work/err"
    [ $? = 2 ] && grep -q 'give CSV files' "$work/err" || return 1
    "$kgraph" mapping "$work/none.csv" >"$work/o.yml" 2>"$work/err"
    [ $? = 1 ] && grep -q 'none.csv: error: cannot open' "$work/err" &&
    [ ! -s "$work/o.yml" ]
}
check "kgraph mapping: no file is a usage error (2); a missing one an error (1), nothing written" draft_needs_files

# ---- bad mappings: a positioned diagnostic and exit 1 ----

bad() { # NAME YAML: writes it beside experts.csv, builds, keeps stderr
    mkdir -p "$work/bad"
    cp "$data/ftm_mapping/experts.csv" "$work/bad/"
    printf '%s\n' "$2" >"$work/bad/$1.yml"
    "$kgraph" build --mapping "$work/bad/$1.yml" -o "$work/bad/out.dot" \
        2>"$work/err"
}

missing_column() {
    bad missing 'queries:
  - csv_url: experts.csv
    entities:
      expert:
        schema: Person
        key: name
        properties:
          name: {column: full_name}'
    [ $? = 1 ] &&
    grep -q "missing.yml:8:26: error: no column 'full_name' in '.*experts.csv' (its header is line 1)" "$work/err" &&
    [ ! -e "$work/bad/out.dot" ]
}
check "a column the table lacks: an error at the mapping's line and column, exit 1" missing_column

bad_yaml() {
    bad broken 'queries:
  - csv_url: experts.csv
    entities: [a, b
'
    [ $? = 1 ] && grep -q "broken.yml:5:1: error: not YAML: did not find expected ',' or ']'" "$work/err"
}
check "YAML that does not parse: libyaml's problem at its place, exit 1" bad_yaml

unknown_key_warns() {
    bad unknown 'queries:
  - csv_url: experts.csv
    colour: blue
    entities:
      expert:
        schema: Person
        key: name
        properties:
          name: {column: name, fuzzy: true}'
    [ $? = 0 ] &&
    grep -q "unknown.yml:3:5: warning: 'colour' is not a key of a query that kgraph knows; it is ignored" "$work/err" &&
    grep -q "unknown.yml:9:39: warning: 'fuzzy' asks FtM to clean values by type, which kgraph does not do" "$work/err" &&
    grep -q '14 entities' "$work/err" || return 1
    "$kgraph" build --strict --mapping "$work/bad/unknown.yml" \
        -o "$work/bad/o2.dot" 2>/dev/null
    [ $? = 1 ]
}
check "an unknown key and fuzzy: warnings at their lines, the graph built (exit 1 with --strict)" unknown_key_warns

alias_bomb() {
    bad bomb 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
queries:
  - csv_url: experts.csv
    entities:
      expert: {schema: Person, key: name}'
    [ $? = 1 ] &&
    grep -q "bomb.yml:2:8: error: a YAML alias (\*name): kgraph does not read aliases" "$work/err"
}
check "a billion-laughs alias bomb: refused at its first alias, exit 1" alias_bomb

too_deep() {
    deep=$(awk 'BEGIN { for (i = 0; i < 70; i++) printf "["; for (i = 0; i < 70; i++) printf "]" }')
    bad deep "x: $deep"
    [ $? = 1 ] && grep -q 'deep.yml:1:[0-9]*: error: YAML nested deeper than kgraph reads (64 levels)' "$work/err"
}
check "YAML nested 70 deep: an error at its place, exit 1" too_deep

outside_paths() {
    bad outside 'queries:
  - csv_url: ../experts.csv
    entities:
      expert: {schema: Person, key: name}
  - csv_url: /etc/passwd
    entities:
      expert: {schema: Person, key: name}
  - csv_url: file:///etc/passwd
    entities:
      expert: {schema: Person, key: name}'
    [ $? = 1 ] &&
    grep -q "outside.yml:2:14: error: '../experts.csv': a table is named by its path relative to the mapping's folder" "$work/err" &&
    grep -q "outside.yml:5:14: error: '/etc/passwd': a table is named" "$work/err" &&
    grep -q "outside.yml:8:14: error: 'file:///etc/passwd' is a URL" "$work/err" &&
    ! grep -q 'root' "$work/err"
}
check "a table named outside the mapping's folder (.., absolute, file:) is an error at its line, not read" outside_paths

# A mapping's table may be a workbook's sheet (case.xlsx#People): the same
# entities and relations as the same mapping over the sheets saved as CSV
# (tests/data/workbooks: LibreOffice's and openpyxl's workbooks of one
# case); a sheet that is not there is an error naming the sheets there are.
wb_mapping() { # BOOK: the mapping over BOOK's sheets, or the CSVs (csv)
    if [ "$1" = csv ]; then p=People.csv l=Links.csv; else p="$1#People" l="$1#Links"; fi
    printf 'case:\n  queries:\n    - csv_url: "%s"\n      entities:\n        person: {schema: Person, key_literal: p, keys: [id], properties: {name: {column: name}, birthDate: {column: born}, country: {column: country}}}\n    - csv_url: "%s"\n      entities:\n        a: {schema: Person, key_literal: p, keys: [source]}\n        b: {schema: Person, key_literal: p, keys: [target]}\n        link: {schema: UnknownLink, keys: [source, target, relation], properties: {subject: {entity: a}, object: {entity: b}, role: {column: relation}, date: {column: date}}}\n' "$p" "$l"
}
workbook_tables() {
    mkdir -p "$work/wbm" &&
        cp "$data/workbooks/case-lo.xlsx" "$data/workbooks/case-openpyxl.xlsx" \
            "$data/workbooks/case-lo.ods" "$data/workbooks/csv/People.csv" \
            "$data/workbooks/csv/Links.csv" "$work/wbm/" || return 1
    wb_mapping csv >"$work/wbm/csv.yml"
    (cd "$work/wbm" && "$kgraph" build --mapping csv.yml -T ftm -o csv.jsonl 2>csv.err) ||
        return 1
    for book in case-lo.xlsx case-lo.ods case-openpyxl.xlsx; do
        wb_mapping "$book" >"$work/wbm/$book.yml"
        (cd "$work/wbm" && "$kgraph" build --mapping "$book.yml" -T ftm -o "$book.jsonl" \
            2>"$book.err") || { cat "$work/wbm/$book.err"; return 1; }
        # the same entities, relations and properties; the files' names aside
        /usr/bin/python3 - "$work/wbm/csv.jsonl" "$work/wbm/$book.jsonl" <<'PY' || return 1
import json, sys
def load(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        e = json.loads(line)
        props = {k: sorted(v) for k, v in e.get("properties", {}).items()
                 if k not in ("publisher", "sourceUrl", "notes")}
        out[e["id"]] = (e["schema"], props)
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b or len(a) < 8:
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            print("differs:", k, a.get(k), b.get(k))
    sys.exit(1)
PY
    done
    grep -q "^People.csv\|" "$work/wbm/csv.err" || true
    printf 'queries:\n  - csv_url: "case-lo.xlsx#Nobody"\n    entities:\n      p: {schema: Person, keys: [id]}\n' >"$work/wbm/no.yml"
    (cd "$work/wbm" && "$kgraph" build --mapping no.yml -o no.dot 2>no.err)
    [ $? = 1 ] && grep -q "case-lo.xlsx: error: the workbook has no sheet 'Nobody'; its sheets are 'People'" "$work/wbm/no.err"
}
check "a mapping's tables may be workbook sheets (xlsx by LibreOffice and openpyxl, ods): the same entities as from the CSVs; a missing sheet named" workbook_tables

sql_and_circle() {
    bad sql 'db:
  queries:
    - database: sqlite:///x.db
      entities:
        a: {schema: Person, key: id}
    - csv_url: experts.csv
      entities:
        a: {schema: Person, key: name, properties: {parent: {entity: b}}}
        b: {schema: Person, key: name, properties: {parent: {entity: a}}}'
    [ $? = 1 ] &&
    grep -q "sql.yml:3:7: error: an SQL query: kgraph reads CSV tables only" "$work/err" &&
    grep -q "sql.yml:6:7: error: the entities of this query refer to each other in a circle" "$work/err"
}
check "an SQL query and entities in a circle: errors at their lines (FtM: InvalidMapping)" sql_and_circle

skipped_rows_counted() {
    printf 'id,name,boss\n1,Ann,\n2,Bob,1\n3,,1\n' >"$work/bad/staff.csv"
    bad skip 'queries:
  - csv_url: staff.csv
    entities:
      person:
        schema: Person
        key: id
        properties:
          name: {column: name, required: true}
      boss:
        schema: Person
        key: boss'
    # (the boss of rows 3 and 4 is person 1: the same keys, no key_literal)
    [ $? = 0 ] &&
    grep -q "staff.csv:2: warning: 1 row gives entity 'boss' no id (its keys empty)" "$work/err" &&
    grep -q "staff.csv:4: warning: 1 row has no value for 'name', required for entity 'person'" "$work/err" &&
    grep -q ' 2 entities' "$work/err"
}
check "rows that give an entity no id or no required value: counted warnings at the first row, as FtM skips them" skipped_rows_counted

finish mapping
