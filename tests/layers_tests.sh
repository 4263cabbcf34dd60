#!/bin/sh
# layers_tests.sh BUILD - the check of the house rules (tests/layers.py)
# must catch what it is for: on a copy of src/ and of BUILD/obj, each
# planted fault alone must make it fail and be named; the copy as it is
# must pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$here/check.sh"

# A fresh copy of the tree and its objects in $work/t.
fresh() {
    rm -rf "$work/t" && mkdir -p "$work/t" &&
        cp -r "$root/src" "$work/t/src" && cp -r "$root/include" "$work/t/include" &&
        cp -r "$build/obj" "$work/t/obj"
}

# The check on the copy must fail and print a line matching $1.
fails_with() {
    if python3 "$here/layers.py" "$work/t/src" "$work/t/obj" >"$work/out" 2>&1; then
        echo "passed, but should have found: $1"
        return 1
    fi
    grep -q -- "$1" "$work/out" || { cat "$work/out"; return 1; }
}

as_it_is() {
    fresh && python3 "$here/layers.py" "$work/t/src" "$work/t/obj"
}
check "the tree as it is keeps the rules" as_it_is

upward_include() {
    fresh && printf '#include "cli/guard.h"\n' >>"$work/t/src/util/diag.c" &&
        fails_with 'util/diag.c:[0-9]*: #include "cli/guard.h": util/ may not use cli/'
}
check "an #include of a higher folder fails the check" upward_include

upward_call() {
    fresh && printf 'void kg_guard_signals(void);\nvoid kg_planted(void)\n{\n    kg_guard_signals();\n}\n' \
        >"$work/t/src/util/planted.c" &&
        cc -c "$work/t/src/util/planted.c" -o "$work/t/obj/util/planted.o" &&
        fails_with 'util/planted.o: uses kg_guard_signals from cli/guard.c: util/ may not use cli/'
}
check "a call into a higher folder, declared by hand, fails the check" upward_call

headerless() {
    fresh && printf 'int kg_planted_helper(void)\n{\n    return 1;\n}\n' \
        >"$work/t/src/util/planted.c" &&
        cc -c "$work/t/src/util/planted.c" -o "$work/t/obj/util/planted.o" &&
        fails_with 'util/planted.c: no header of its own, yet it gives kg_planted_helper'
}
check "a module without a header that gives others a function fails the check" headerless

circle() {
    fresh && printf '#include "util/planted_b.h"\n' >"$work/t/src/util/planted_a.h" &&
        printf '#include "util/planted_a.h"\n' >"$work/t/src/util/planted_b.h" &&
        fails_with 'a circle: util/planted_a, util/planted_b'
}
check "two files that use each other fail the check" circle

unnamed_folder() {
    fresh && printf '#include "diag.h"\n' >>"$work/t/src/util/version.c" &&
        fails_with 'util/version.c:[0-9]*: #include "diag.h": name its folder'
}
check "an #include that does not name its folder fails the check" unnamed_folder

internal_header() {
    fresh && printf '#include "graph/store_int.h"\n' >>"$work/t/src/read/ingest.c" &&
        fails_with 'read/ingest.c:[0-9]*: #include "graph/store_int.h": internal to graph/'
}
check "a folder's internal header (NAME_int.h) included from another folder fails the check" internal_header

option_in_library() {
    fresh && printf 'const char *kg_planted_message = "use --focus";\n' \
        >>"$work/t/src/analysis/filter.c" &&
        fails_with 'analysis/filter.c:[0-9]*: "--focus": a library message names a command'
}
check "a library message that spells a command's option fails the check" option_in_library

top_level() {
    fresh && : >"$work/t/stray" && git -C "$work/t" init -q &&
        git -C "$work/t" add src include stray &&
        fails_with 'stray: tracked at the top of the tree'
}
check "a file tracked at the top of the tree beside the design card's fails the check" top_level

loose_and_long() {
    fresh && : >"$work/t/src/loose.c" &&
        awk 'BEGIN { for (i = 0; i < 1300; i++) print "/* line */" }' \
            >"$work/t/src/util/long.c" &&
        fails_with 'loose.c: a source file loose at the top' &&
        fails_with 'util/long.c: 1300 lines, more than 1200'
}
check "a C file loose at src/'s top, or over 1,200 lines, fails the check" loose_and_long

finish layers
