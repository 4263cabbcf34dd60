#!/bin/sh
# The Debian packages, built as a packager builds them and checked as a
# user of them would: make package (dpkg-buildpackage -us -uc -b on a
# copy of the tracked files, with src/dist/debian as debian/; Debian's
# hardening flags through CFLAGS, CPPFLAGS and LDFLAGS; make check as the
# test step), the packages unpacked in a
# scratch root, the hardening found in the binary, a program compiled
# with pkg-config against the unpacked library and run, lintian.
# Each check prints "ok" or "FAIL"; the last line counts them.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's/^#define KGRAPH_VERSION_\(MAJOR\|MINOR\|PATCH\) *\([0-9]*\)$/\2/p' \
    "$root/include/kgraph.h" | paste -sd.)
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
src=$work/kgraph-$version
sysroot=$work/root

CHECK_SHOW=tail
. "$here/check.sh"

changelog_matches_header() {
    v=$(dpkg-parsechangelog -l "$root/src/dist/debian/changelog" -S Version) &&
    [ "$v" = "$version" ] || { echo "src/dist/debian/changelog $v, kgraph.h $version"; return 1; }
}
check "src/dist/debian/changelog is at kgraph.h's version ($version)" changelog_matches_header

builds() {
    make -C "$root" --no-print-directory package PACKAGE_DIR="$work" >"$work/build.log" 2>&1 ||
        { grep -A 12 '^FAIL' "$work/build.log"; tail -n 15 "$work/build.log"; return 1; }
    for p in kgraph libkgraph0 libkgraph-dev; do
        deb=$(ls "$work/${p}_${version}_"*.deb 2>/dev/null) || { echo "no $p"; return 1; }
        dpkg-deb -x "$deb" "$sysroot" || return 1
    done
    grep -q '^install: [0-9]* passed, 0 failed$' "$work/build.log" ||
        { echo "make check did not run the install tests"; return 1; }
}
check "dpkg-buildpackage -us -uc -b builds kgraph, libkgraph0 and libkgraph-dev (make check passing)" builds

package_contents() {
    for f in usr/bin/kgraph usr/share/man/man1/kgraph.1.gz \
        usr/share/bash-completion/completions/kgraph \
        "usr/lib/$arch/libkgraph.so.$version" usr/include/kgraph.h \
        "usr/lib/$arch/libkgraph.a" "usr/lib/$arch/pkgconfig/kgraph.pc" \
        usr/share/man/man3/kgraph.3.gz; do
        [ -e "$sysroot/$f" ] || { echo "missing: /$f"; return 1; }
    done
    [ "$(readlink "$sysroot/usr/lib/$arch/libkgraph.so")" = libkgraph.so.0 ] &&
    "$sysroot/usr/bin/kgraph" --version | grep -q "$version"
}
check "the packages hold the command, the library, the header, the .pc and the man pages" package_contents

hardened() {
    bin=$sysroot/usr/bin/kgraph
    nm -D "$bin" | grep -q '__[a-z]*_chk' || { echo "no _chk functions (fortify)"; return 1; }
    readelf -d "$bin" | grep -q 'BIND_NOW\|FLAGS_1.*NOW' || { echo "no BIND_NOW"; return 1; }
    readelf -l "$bin" | grep -q GNU_RELRO || { echo "no RELRO"; return 1; }
    readelf -h "$bin" | grep -q 'DYN' || { echo "not PIE"; return 1; }
    readelf -d "$sysroot/usr/lib/$arch/libkgraph.so.$version" | grep -q 'BIND_NOW\|FLAGS_1.*NOW'
}
check "Debian's hardening flags reach the binary and the library: _chk functions, BIND_NOW, RELRO, PIE" hardened

program_against_package() {
    pcdir=$sysroot/usr/lib/$arch/pkgconfig
    flags=$(PKG_CONFIG_PATH=$pcdir pkg-config --define-variable=prefix="$sysroot/usr" \
        --cflags --libs kgraph) || return 1
    # shellcheck disable=SC2086
    cc "$root/tests/examples/list.c" $flags -o "$work/list" &&
    LD_LIBRARY_PATH="$sysroot/usr/lib/$arch" "$work/list" "$root/input" |
        tail -n 1 | grep -q '^41 entities, 62 relations, 0 errors$'
}
check "tests/examples/list.c builds with pkg-config against the unpacked libkgraph-dev and runs" program_against_package

lintian_clean() {
    command -v lintian >/dev/null || { echo "skipped: no lintian"; return 0; }
    lintian --fail-on error --suppress-tags-from-file /dev/null "$work"/kgraph_"$version"_*.changes \
        >"$work/lintian.log" 2>&1
    status=$?
    cat "$work/lintian.log"
    [ $status -eq 0 ]
}
check "lintian finds no error in the packages" lintian_clean

finish package
