#!/bin/sh
# make install, checked as its users would: the files in a staged root,
# pkg-config, a program compiled and run against the installed library
# (shared and static), the exported symbols, the man pages, the bash
# completion, make uninstall.  $1 is the build folder (make's BUILD).
# Each check prints "ok" or "FAIL"; the last line counts them.
set -u
build=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/stage
version=$(sed -n 's/^#define KGRAPH_VERSION_\(MAJOR\|MINOR\|PATCH\) *\([0-9]*\)$/\2/p' \
    "$root/include/kgraph.h" | paste -sd.)
major=${version%%.*}

. "$here/check.sh"

mk() { make -s --no-print-directory -C "$root" BUILD="$build" "$@"; }

# pkg-config on the staged .pc, its prefix moved to the stage
pc() {
    PKG_CONFIG_PATH="$stage/usr/lib/pkgconfig" \
        pkg-config --define-variable=prefix="$stage/usr" "$@"
}

installs_every_file() {
    mk install DESTDIR="$stage" PREFIX=/usr || return 1
    for f in bin/kgraph lib/libkgraph.a "lib/libkgraph.so.$version" \
        include/kgraph.h lib/pkgconfig/kgraph.pc share/man/man1/kgraph.1 \
        share/man/man3/kgraph.3 share/bash-completion/completions/kgraph; do
        [ -f "$stage/usr/$f" ] || { echo "missing: /usr/$f"; return 1; }
    done
    [ "$(readlink "$stage/usr/lib/libkgraph.so.$major")" = "libkgraph.so.$version" ] &&
    [ "$(readlink "$stage/usr/lib/libkgraph.so")" = "libkgraph.so.$major" ] &&
    [ -x "$stage/usr/bin/kgraph" ] &&
    "$stage/usr/bin/kgraph" --version | grep -q "$version"
}
check "make install DESTDIR PREFIX=/usr: binary, libraries, header, .pc, man pages, completion" installs_every_file

pc_file_is_valid() {
    PKG_CONFIG_PATH="$stage/usr/lib/pkgconfig" pkg-config --validate kgraph &&
    [ "$(pc --modversion kgraph)" = "$version" ] &&
    grep -q '^prefix=/usr$' "$stage/usr/lib/pkgconfig/kgraph.pc" &&
    grep -q '^Libs.private: .*-lcsv' "$stage/usr/lib/pkgconfig/kgraph.pc" &&
    pc --cflags kgraph | grep -q -- "-I$stage/usr/include" &&
    pc --static --libs kgraph | grep -q -- '-lcsv'
}
check "kgraph.pc validates, carries the header's version, -lcsv private" pc_file_is_valid

soname_and_exports() {
    so="$stage/usr/lib/libkgraph.so.$version"
    readelf -d "$so" | grep -q "SONAME.*\[libkgraph.so.$major\]" || return 1
    nm -D --defined-only "$so" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' |
        sort >"$work/exported"
    grep -o '\bkg_[a-z0-9_]*(' "$root/include/kgraph.h" | tr -d '(' | sort -u \
        >"$work/declared"
    diff "$work/declared" "$work/exported" || { echo "(< declared only, > exported only)"; return 1; }
    [ "$(wc -l <"$work/exported")" -gt 50 ] || return 1
    # the Debian recipe's symbols file lists each of them (dpkg-gensymbols
    # fails the package on one it does not know)
    sed -n 's/^ \(kg_[a-z0-9_]*\)@.*/\1/p' "$root/src/dist/debian/libkgraph0.symbols" |
        sort >"$work/listed"
    diff "$work/exported" "$work/listed" || { echo "(< exported only, > listed only)"; return 1; }
}
check "libkgraph.so.$major: its soname, exactly kgraph.h's functions exported, each in the Debian symbols file" soname_and_exports

example_runs_shared() {
    # shellcheck disable=SC2046
    cc -Wall -Wextra -Werror "$root/tests/examples/list.c" $(pc --cflags --libs kgraph) \
        -o "$work/list" || return 1
    LD_LIBRARY_PATH="$stage/usr/lib" ldd "$work/list" | grep -q "libkgraph.so.$major => $stage" &&
    LD_LIBRARY_PATH="$stage/usr/lib" "$work/list" "$root/input" >"$work/list.out" || return 1
    grep -q '^mohammed_dkhissi	Mohammed Dkhissi (person)$' "$work/list.out" &&
    grep -q '^	alias: Dhkissi$' "$work/list.out" &&
    grep -q '^41 entities, 62 relations, 0 errors$' "$work/list.out"
}
check "tests/examples/list.c compiles with pkg-config against the staged install and runs" example_runs_shared

example_runs_static() {
    # shellcheck disable=SC2046
    cc "$root/tests/examples/list.c" $(pc --cflags kgraph) "$stage/usr/lib/libkgraph.a" \
        $(pc --static --libs-only-other --libs-only-l kgraph | sed 's/-lkgraph//') \
        -o "$work/list-static" || return 1
    ! ldd "$work/list-static" | grep -q libkgraph &&
    "$work/list-static" "$root/input" | tail -n 1 | grep -q '^41 entities'
}
check "tests/examples/list.c links statically with pkg-config --static" example_runs_static

# Where each man page is kept: the command's with the command, the
# library's with what ships beside it.
man_page() {
    case $1 in kgraph.1) echo src/cli/kgraph.1 ;; *) echo "src/dist/$1" ;; esac
}

man_pages_lint_clean() {
    command -v mandoc >/dev/null && command -v man >/dev/null ||
        { echo "skipped: no mandoc or man (Debian mandoc, man-db)"; return 0; }
    for p in kgraph.1 kgraph.3; do
        mandoc -Tlint -W warning "$root/$(man_page $p)" || return 1
        [ -z "$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$root/$(man_page $p)" 2>&1 >/dev/null)" ] ||
            { LC_ALL=C.UTF-8 man --warnings -l "$root/$(man_page $p)" 2>&1 >/dev/null; return 1; }
        grep -q "\"kgraph $version\"" "$root/$(man_page $p)" ||
            { echo "$p: not version $version"; return 1; }
    done
}
check "man --warnings and mandoc -Tlint find nothing in kgraph.1 and kgraph.3" man_pages_lint_clean

man_pages_complete() {
    "$build/kgraph" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$work/opts"
    while read -r o; do
        esc=$(printf '%s' "$o" | sed 's/-/\\-/g')
        grep -qF -- "$esc" "$root/src/cli/kgraph.1" || { echo "kgraph.1 lacks $o"; return 1; }
    done <"$work/opts"
    for c in build check stats report diff timeline; do
        grep -q "^\.B $c$" "$root/src/cli/kgraph.1" || { echo "kgraph.1 lacks $c"; return 1; }
    done
    grep -q '^\.SH EXIT STATUS' "$root/src/cli/kgraph.1" &&
    grep -q '^\.SH ENVIRONMENT' "$root/src/cli/kgraph.1" &&
    grep -q '^\.SH EXAMPLES' "$root/src/cli/kgraph.1" &&
    grep -q '^\.SH FILES' "$root/src/cli/kgraph.1" || return 1
    while read -r f; do
        grep -q "\b$f\b" "$root/src/dist/kgraph.3" || { echo "kgraph.3 lacks $f"; return 1; }
    done <"$work/declared"
    [ "$(wc -l <"$work/opts")" -gt 40 ]
}
check "kgraph.1 names every option of --help and every command; kgraph.3 every function" man_pages_complete

completion_completes() {
    [ -f /usr/share/bash-completion/bash_completion ] ||
        { echo "skipped: no bash-completion (Debian bash-completion)"; return 0; }
    while read -r o; do
        grep -q -- "$o\b" "$root/src/cli/kgraph.bash" || { echo "completion lacks $o"; return 1; }
    done <"$work/opts"
    bash -c '
        . /usr/share/bash-completion/bash_completion
        . "$1"
        complete_line() {
            COMP_LINE=$1; COMP_POINT=${#1}
            read -ra COMP_WORDS <<<"$1"
            [ "${1% }" != "$1" ] && COMP_WORDS+=("")
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMPREPLY=(); _kgraph; echo "${COMPREPLY[*]}"
        }
        [ "$(complete_line "kgraph b")" = build ] &&
        [ "$(complete_line "kgraph build --pa")" = "--page --path" ] &&
        [ "$(complete_line "kgraph build -K ne")" = neato ] &&
        [ "$(complete_line "kgraph build --page a4-")" = a4-landscape ]
    ' sh "$stage/usr/share/bash-completion/completions/kgraph"
}
check "bash completion: commands, options and their values" completion_completes

default_prefix_and_uninstall() {
    mk install DESTDIR="$work/local" >/dev/null || return 1
    [ -x "$work/local/usr/local/bin/kgraph" ] &&
    grep -q '^prefix=/usr/local$' "$work/local/usr/local/lib/pkgconfig/kgraph.pc" || return 1
    mk uninstall DESTDIR="$work/local" || return 1
    mk uninstall DESTDIR="$stage" PREFIX=/usr || return 1
    left=$(find "$work/local" "$stage" ! -type d)
    [ -z "$left" ] || { echo "left behind: $left"; return 1; }
}
check "PREFIX defaults to /usr/local; make uninstall removes every file" default_prefix_and_uninstall

finish install
