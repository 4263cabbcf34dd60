#!/bin/sh
# Issue 27, part 1: workbooks as inputs.  The same small case as CSV and
# as workbooks written by openpyxl and by LibreOffice (.xlsx, .ods, .xls:
# tests/data/workbooks/, made by its make.py) builds to the same graph,
# byte for byte but for the inputs' names; openpyxl, a reader that is not
# kgraph's, reads the same cells as the CSV from LibreOffice's .xlsx; a
# damaged workbook and a zip bomb give positioned errors, a non-zero
# status and bounded memory.  Each check prints "ok" or "FAIL"; the last
# line counts them.
set -u
kgraph=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data/workbooks
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3
CHECK_IN=$data

. "$here/check.sh"

# The DOT of `kgraph build ARGS`, each "BOOK:Sheet" written as the CSV's
# name csv/Sheet.csv.
dot_of() {
    book=$1
    shift
    "$kgraph" build "$@" -o "$work/g.dot" 2>"$work/g.err" || return 1
    sed "s|$book:\([A-Za-z0-9]*\)|csv/\1.csv|g" "$work/g.dot"
}

# The CSV case's DOT, with column COL of People.csv emptied when given
# (what a producer cannot save: see the checks).
csv_dot() {
    mkdir -p "$work/csv"
    cp csv/Links.csv csv/Countries.csv csv/Met.csv "$work/csv/"
    if [ -n "${1:-}" ]; then
        "$py" - "$1" <<'PY' >"$work/csv/People.csv"
import csv, sys
cols = [int(c) - 1 for c in sys.argv[1].split(",")]
w = csv.writer(sys.stdout, lineterminator="\n")
for i, row in enumerate(csv.reader(open("csv/People.csv", encoding="utf-8"))):
    w.writerow([("" if i and j in cols else v) for j, v in enumerate(row)])
PY
    else
        cp csv/People.csv "$work/csv/People.csv"
    fi
    (cd "$work" && "$kgraph" build csv/People.csv csv/Links.csv \
        csv/Countries.csv -o "$work/c.dot" 2>/dev/null) &&
        cat "$work/c.dot"
}

same_graph() {
    book=$1
    blank=${2:-}
    csv_dot "$blank" >"$work/want.dot" &&
        dot_of "$book" "$book" >"$work/got.dot" &&
        diff "$work/want.dot" "$work/got.dot"
}

check "LibreOffice's .xlsx builds the graph of the CSV, byte for byte" \
    same_graph case-lo.xlsx
check "LibreOffice's .ods builds the graph of the CSV, byte for byte" \
    same_graph case-lo.ods

# FreeXL 1.0.6 gives no formula's value and no boolean of an .xls
# (LibreOffice saves both as formulas): the `active` and `total` columns
# (10, 11) read empty, as a warning says; everything else is the CSV's
xls_but_formulas() {
    same_graph case-lo.xls 10,11 &&
        grep -q "^case-lo.xls: warning: FreeXL, which reads .xls workbooks, gives no formula's value and no TRUE or FALSE" "$work/g.err"
}
check "LibreOffice's .xls builds the graph of the CSV but its formulas and booleans, which FreeXL does not give (said)" \
    xls_but_formulas

# openpyxl saves a formula without its value: the `total` column (11) of
# its workbook reads empty, with one warning at the cell
openpyxl_formula() {
    same_graph case-openpyxl.xlsx 11 &&
        grep -q '^case-openpyxl.xlsx:People:2:11: warning: the formula in this cell has no value saved with it' "$work/g.err" &&
        [ "$(grep -c 'formula' "$work/g.err")" = 1 ]
}
check "openpyxl's .xlsx: the graph of the CSV; its formula without a value is one warning at People:2:11, the cell empty" \
    openpyxl_formula

dates_1904() {
    "$kgraph" build csv/Met.csv -o "$work/m.dot" 2>/dev/null &&
        for b in dates1904-openpyxl.xlsx dates1904-lo.xlsx dates1904-lo.ods \
            dates1904-lo.xls; do
            dot_of "$b" "$b" >"$work/m2.dot" &&
                diff "$work/m.dot" "$work/m2.dot" || return 1
        done
}
check "1904-system workbooks (openpyxl; LibreOffice .xlsx, .ods, .xls) give the CSV's dates" \
    dates_1904

# openpyxl reads LibreOffice's .xlsx to the CSV's cells: the fixture's
# CSV says what is in the workbook, not what kgraph reads
openpyxl_reads_the_csv() {
    "$py" - <<'PY'
import csv, datetime, openpyxl, sys
wb = openpyxl.load_workbook("case-lo.xlsx", data_only=True)
def text(c):
    v = c.value
    if v is None: return ""
    if isinstance(v, bool): return "TRUE" if v else "FALSE"
    if isinstance(v, datetime.datetime):
        return v.isoformat() if "h" in c.number_format else v.date().isoformat()
    if isinstance(v, float) and v == int(v): return str(int(v))
    return repr(v) if isinstance(v, float) else str(v)
bad = 0
for sheet in ("People", "Links", "Countries"):
    want = list(csv.reader(open("csv/%s.csv" % sheet, encoding="utf-8")))
    got = [[text(c) for c in row][:len(want[0])]
           for row in wb[sheet].iter_rows() if any(c.value is not None for c in row)]
    if got != want:
        bad += 1
        print(sheet, got, want)
print("hidden:", wb["Countries"].sheet_state)
sys.exit(bad or wb["Countries"].sheet_state != "hidden")
PY
}
check "openpyxl reads LibreOffice's .xlsx to the CSV's cells (dates, numbers, booleans, the formula's value)" \
    openpyxl_reads_the_csv

hidden_and_empty_sheets_said() {
    "$kgraph" build case-lo.ods -o "$work/h.dot" 2>"$work/h.err" &&
        grep -q '^case-lo.ods:Notes: warning: the sheet has no cells; passed over$' "$work/h.err" &&
        grep -q '^case-lo.ods:Countries: warning: the workbook hides this sheet; it is read like the others' "$work/h.err" &&
        grep -q 'germany' "$work/h.dot"
}
check "an empty sheet is passed over with a warning; a hidden one is read, with a warning" \
    hidden_and_empty_sheets_said

one_sheet() {
    "$kgraph" build 'case-lo.xlsx#Links' -o "$work/l.dot" 2>"$work/l.err" &&
        [ "$(grep -c -- ' -> ' "$work/l.dot")" = 4 ] &&
        ! grep -q 'Jürgen' "$work/l.dot" &&
        ! "$kgraph" build 'case-lo.ods#Nope' -o "$work/n.dot" 2>"$work/n.err" &&
        grep -q "^case-lo.ods: error: the workbook has no sheet 'Nope'; its sheets are 'People', 'Links', 'Notes', 'Countries'$" "$work/n.err"
}
check "case.xlsx#Links reads that sheet alone; an unknown sheet is an error naming those there are" \
    one_sheet

folder_reads_workbooks() {
    mkdir -p "$work/dir" &&
        cp case-lo.ods csv/Met.csv "$work/dir/" &&
        : >"$work/dir/~\$case.xlsx" && # Excel's lock file: never read
        "$kgraph" build "$work/dir" -o "$work/d.dot" 2>"$work/d.err" &&
        grep -q 'Jürgen' "$work/d.dot" && grep -q '"c" -> "a"\|c -> a' "$work/d.dot" &&
        ! grep -q 'lock\|~' "$work/d.err"
}
check "a folder's workbooks are read as its CSVs are (Excel's ~\$ lock files not)" \
    folder_reads_workbooks

# ---- untrusted workbooks ----

# A copy of case-lo.xlsx with part NAME's bytes replaced by Python's
# expression EXPR (of `old`, the part's bytes), to OUT.
patched() {
    "$py" - "$1" "$2" "$3" <<'PY'
import sys, zipfile
name, expr, out = sys.argv[1:]
with zipfile.ZipFile("case-lo.xlsx") as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
    for i in src.infolist():
        old = src.read(i.filename)
        dst.writestr(i.filename, eval(expr) if i.filename == name else old)
PY
}

# rich-text runs are joined; a phonetic guide (rPh) is no part of the text
rich_text() {
    patched xl/sharedStrings.xml \
        "old.replace(b'<si><t xml:space=\"preserve\">Interpol</t></si>', b'<si><r><t>Inter</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">pol</t></r><rPh sb=\"0\" eb=\"1\"><t>\\xe3\\x82\\xa4</t></rPh></si>', 1)" \
        "$work/r.xlsx" &&
        unzip -p "$work/r.xlsx" xl/sharedStrings.xml | grep -q '<rPh' &&
        "$kgraph" build "$work/r.xlsx" -o "$work/r.dot" 2>/dev/null &&
        grep -q 'interpol \[label="Interpol"' "$work/r.dot" &&
        ! grep -q "$(printf '\343\202\244')" "$work/r.dot"
}
check "a shared string's rich-text runs are joined, its phonetic guide left out" rich_text

missing() {
    for b in no.xlsx no.ods no.xls 'no.xlsx#Links' 'no.xls#Links'; do
        ! "$kgraph" build "$work/$b" -o "$work/m.dot" 2>"$work/m.err" &&
            grep -q "^$work/no.xlsx*: error: cannot read: no such file\|^$work/no.[a-z]*: error: cannot read: No such file" "$work/m.err" ||
            { echo "$b:"; cat "$work/m.err"; return 1; }
    done
}
check "a workbook that is not there cannot be read, as any path (whole or one sheet)" missing

truncated_zip() {
    head -c 4000 case-lo.xlsx >"$work/cut.xlsx" &&
        ! "$kgraph" build "$work/cut.xlsx" -o "$work/t.dot" 2>"$work/t.err" &&
        grep -q "cut.xlsx: error: not a workbook that can be read: its zip archive is damaged or cut short" "$work/t.err"
}
check "a workbook cut short is an error at its name, exit status 1" truncated_zip

# the cell at Links' row 4, column 2 names a shared string there is not
bad_cell() {
    patched xl/worksheets/sheet2.xml \
        "old.replace(b'<c r=\"B4\" s=\"0\" t=\"s\"><v>', b'<c r=\"B4\" s=\"0\" t=\"s\"><v>9999')" \
        "$work/case.xlsx" &&
        cd "$work" &&
        ! "$kgraph" build case.xlsx -o "$work/b.dot" 2>"$work/b.err" &&
        grep -q "^case.xlsx:Links:4:2: error: the cell names shared string '9999[0-9]*', which the workbook does not have" "$work/b.err" &&
        grep -q "rows rejected\|1 row rejected" "$work/b.err"
}
check "a bad cell is an error at case.xlsx:Links:4:2, its row rejected" bad_cell

bad_xml() {
    patched xl/worksheets/sheet2.xml "old.replace(b'<row r=\"3\"', b'<row r=\"3\" <')" \
        "$work/x.xlsx" &&
        ! "$kgraph" build "$work/x.xlsx" -o "$work/x.dot" 2>"$work/x.err" &&
        grep -q "x.xlsx:Links:2: error: the workbook's part 'xl/worksheets/sheet2.xml' is not well-formed XML (line 2, column [0-9]*): not well-formed (invalid token); the rest of the sheet is not read" "$work/x.err"
}
check "a sheet that is not well-formed XML is an error at its sheet and row" bad_xml

# the billion laughs: refused at its DOCTYPE, before any entity
doctype() {
    patched xl/sharedStrings.xml "b'<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><sst><si><t>&c;</t></si></sst>'" \
        "$work/l.xlsx" &&
        ! "$kgraph" build "$work/l.xlsx" -o "$work/l.dot" 2>"$work/l.err" &&
        grep -q "error: the workbook's part 'xl/sharedStrings.xml' has a DOCTYPE, which no workbook needs; not read" "$work/l.err"
}
check "an XML part with a DOCTYPE (entity expansion) is refused" doctype

# a 120 KB .xlsx whose sheet inflates to 120 MB: stopped at its first MiB,
# in little memory
zip_bomb() {
    "$py" - "$work/bomb.xlsx" <<'PY' &&
import sys, zipfile
rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % rel)
    z.writestr("xl/workbook.xml", '<workbook xmlns:r="%s"><sheets><sheet name="Links" sheetId="1" r:id="s"/></sheets></workbook>' % rel)
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s" Type="%s/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' % rel)
    z.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData>" + " " * (120 << 20) + "</sheetData></worksheet>")
PY
        [ "$(wc -c <"$work/bomb.xlsx")" -lt 200000 ] &&
        ! /usr/bin/time -v "$kgraph" build "$work/bomb.xlsx" -o "$work/z.dot" 2>"$work/z.err" &&
        grep -q "bomb.xlsx:Links: error: the workbook's part 'xl/worksheets/sheet1.xml' inflates over 100 times its size in the archive ([0-9]* bytes): a zip bomb, or damaged; the rest of the sheet is not read" "$work/z.err" &&
        kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/z.err") &&
        echo "max RSS $kb KB" && [ "$kb" -lt 65536 ]
}
check "a zip bomb (120 KB to 120 MB) is an error at its sheet, in under 64 MB of memory" zip_bomb

long_cell() {
    "$py" - "$work/long.xlsx" <<'PY' &&
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Links"
ws.append(["source", "target", "evidence"])
ws.append(["a", "b", "x" * 5000])
wb.save(sys.argv[1])
PY
        ! "$kgraph" build --max-row-size 1K "$work/long.xlsx" -o "$work/o.dot" 2>"$work/o.err" &&
        grep -q "long.xlsx:Links:2:3: error: the cell is longer than 1024 bytes (--max-row-size); the rest of the sheet is not read" "$work/o.err"
}
check "a cell past --max-row-size is an error at its row and column" long_cell

# FreeXL 1.0.6 reads this crafted .xls (crafted/mutate.py) before its
# stack buffer (AddressSanitizer: stack-buffer-underflow in its iconv
# call, under freexl_open): FreeXL runs in a child process, so what it
# does is an error of that workbook alone, the other inputs read
freexl_crash() {
    "$kgraph" build crafted/freexl-iconv-underflow.xls case-lo.ods \
        -o "$work/f.dot" 2>"$work/f.err"
    rc=$?
    cat "$work/f.err"
    [ $rc -eq 1 ] &&
        grep -q "^crafted/freexl-iconv-underflow.xls: error: \(FreeXL could not read the workbook (it crashed: [^)]*); the rest is not read\|not an Excel 97-2003 workbook that can be read: FreeXL says error -[0-9]*\( ([a-z ]*)\)\{0,1\}\)$" "$work/f.err" &&
        ! grep -q "Sanitizer\|runtime error" "$work/f.err" &&
        grep -q "^kgraph: 3 files, 10 rows: 6 entities, 4 relations, .* 1 error, " "$work/f.err"
}
check "a crafted .xls that FreeXL reads out of bounds is an error at its name, exit status 1, the other inputs read" \
    freexl_crash

# and this one makes FreeXL leak: its memory is its child's
freexl_leak() {
    "$kgraph" build crafted/freexl-leak.xls -o "$work/k.dot" 2>"$work/k.err"
    rc=$?
    cat "$work/k.err"
    [ $rc -eq 0 ] && ! grep -q "Sanitizer" "$work/k.err"
}
check "FreeXL's leaks on a crafted .xls are not kgraph's (none under LeakSanitizer)" \
    freexl_leak

finish workbook
