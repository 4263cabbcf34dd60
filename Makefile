# kgraph - CSV files in, a knowledge graph out as Graphviz DOT.
#
#   make            build ./kgraph, libkgraph.a and libkgraph.so
#   make run        turn input/*.csv into output/relations.{dot,svg,png,pdf},
#                   the exports and output/report.html
#   make test       every test, then again under ASan+UBSan, TSan, fuzz runs
#   make check      the light run for packagers: unit, golden and CLI tests,
#                   and the example program built against a staged install
#   make deps       install the Debian packages kgraph needs (as root); the
#                   only target that installs anything, with run and test
#   make install    PREFIX (/usr/local), DESTDIR, BINDIR, LIBDIR,
#                   INCLUDEDIR, MANDIR, PKGCONFIGDIR, COMPLETIONDIR;
#                   make uninstall removes the same files
#   make conformance  the public CSV suites, case by case
#   make fuzz       each libFuzzer target for FUZZ_TIME seconds (tests/fuzz/README.md)
#   make leakcheck  the CLI under valgrind
#   make figures    the printed figures of issue 26 against its targets
#   make bench      kgraph against a floor and the Python tools, and how its
#                   figures read on paper (make legibility; tests/bench/README.md)

CC      ?= cc
PKGS    := libcgraph libgvc libutf8proc yaml-0.1 libzip expat freexl
PC_REQUIRES := libcgraph libgvc libutf8proc jansson yaml-0.1 libzip expat freexl
DEB_PKGS := gcc libc6-dev pkg-config libcsv-dev libgraphviz-dev graphviz \
            fonts-dejavu-core libjansson-dev libutf8proc-dev libyaml-dev \
            libzip-dev libexpat1-dev libfreexl-dev python3-openpyxl \
            python3-networkx python3-igraph python3-fonttools time \
            mandoc man-db bash-completion

# CC, CFLAGS, CPPFLAGS and LDFLAGS are the builder's (Debian passes its
# hardening flags through them); kgraph's own flags are added around them.
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wshadow \
           -Wformat=2 -Wno-format-nonliteral
CPPFLAGS_ALL = -D_XOPEN_SOURCE=700 -Iinclude -Isrc \
               $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CPPFLAGS)
LIBS    = -lcsv -ljansson $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread

BUILD   ?= build

# The version, read from include/kgraph.h (its one place).
version_part = $(shell sed -n 's/^\#define KGRAPH_VERSION_$(1) *\([0-9][0-9]*\)$$/\1/p' include/kgraph.h)
VERSION_MAJOR := $(call version_part,MAJOR)
VERSION       := $(VERSION_MAJOR).$(call version_part,MINOR).$(call version_part,PATCH)
SONAME        := libkgraph.so.$(VERSION_MAJOR)
SHARED        := libkgraph.so.$(VERSION)

# Where make install puts things.
PREFIX        ?= /usr/local
BINDIR        ?= $(PREFIX)/bin
LIBDIR        ?= $(PREFIX)/lib
INCLUDEDIR    ?= $(PREFIX)/include
DATAROOTDIR   ?= $(PREFIX)/share
MANDIR        ?= $(DATAROOTDIR)/man
PKGCONFIGDIR  ?= $(LIBDIR)/pkgconfig
COMPLETIONDIR ?= $(shell pkg-config --define-variable=prefix=$(PREFIX) \
  --variable=completionsdir bash-completion 2>/dev/null || \
  echo $(DATAROOTDIR)/bash-completion/completions)
INSTALL       ?= install
# The library is every C file under src/ but the command's (src/cli/), in
# folders by layer (src/README.md); generated sources go to $(BUILD)/gen.
LAYERS   := util text rules graph read analysis draw render export report
LIB_SRC  := $(foreach d,$(LAYERS),$(sort $(wildcard src/$(d)/*.c)))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
LIB_OBJ   = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/theme.o \
            $(BUILD)/obj/gen/report_assets.o
CLI_OBJ   = $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_BIN = $(BUILD)/unit_tests $(BUILD)/roundtrip_tests $(BUILD)/suite_tests \
           $(BUILD)/safety_tests $(REPLAYS)
# Each fuzzer built without libFuzzer, to replay tests/fuzz/regressions/
# in every test run (tests/fuzz/regression_driver.c).
FUZZ_NAMES = fuzz_csv fuzz_ingest fuzz_roundtrip fuzz_render fuzz_views fuzz_workbook fuzz_mapping
REPLAYS    = $(FUZZ_NAMES:%=$(BUILD)/replay/%)

.PHONY: FORCE layers legibility figures leakcheck conformance fuzz fuzz-deps fuzz-lib fuzz-smoke tsan all run screenshot bench test deps unit asan clean format format-check lint \
        check install-check package package-tools package-check compilers coverage install uninstall install-bin install-lib install-include install-pc install-man install-completion
all: kgraph $(BUILD)/$(SHARED) $(BUILD)/kgraph.pc

# Building never installs: without the libraries, say what to run.
ifeq ($(filter deps clean format format-check,$(MAKECMDGOALS)),)
ifneq ($(shell pkg-config --exists $(PKGS) jansson && [ -e /usr/include/csv.h ] && echo ok),ok)
$(info kgraph needs libraries this machine lacks: run make deps (as root))
endif
endif

# ---- dependencies ----
# Installs what a fresh Debian machine lacks; prints the command when not
# root.  Runs only when a package is missing.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "kgraph needs:$$missing"; \
	  echo "as root, run: apt-get install -y$$missing"; exit 1; fi; \
	echo "installing:$$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends $$missing >/dev/null

# The JavaScript readers the export tests load (tests/export_tests.js):
# Node and npm from Debian when missing, the packages from npm, pinned.
NPM_PKGS = graphology@0.26.0 graphology-graphml@0.5.2 graphology-gexf@0.13.2 \
           cytoscape@3.35.0 @alephdata/followthemoney@3.8.4 playwright-core@1.65.1
build/npm/.installed:
	@command -v node >/dev/null && command -v npm >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; } || \
	  { echo "as root, run: apt-get install -y nodejs npm"; exit 1; }
	@mkdir -p build/npm && npm install --silent --no-audit --no-fund \
	  --prefix build/npm $(NPM_PKGS) >/dev/null && touch $@

# Debian's Chromium, which tests/report_tests.js drives through
# playwright-core; without it (not root, no registry) those tests say so
# and skip.
build/.chromium:
	@mkdir -p build
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  --no-install-recommends chromium >/dev/null; } || \
	  echo "note: no Chromium: the report's browser tests will be skipped (apt-get install chromium)"
	@touch $@

$(BUILD):
	@mkdir -p $(BUILD)

# ---- build ----
# Position-independent, so that the same objects make both libraries.
# Each object's headers come from the compiler (-MMD -MP): a change to a
# header rebuilds what includes it, and nothing else.
$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) -MMD -MP -fPIC -c $< -o $@

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# The built-in theme is input/theme/style.csv, compiled in as a string.
$(BUILD)/gen/theme.c: input/theme/style.csv
	@mkdir -p $(@D)
	@{ echo '/* generated from input/theme/style.csv: do not edit */'; \
	  echo 'const char kg_theme_csv[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$$/\\n"/' $<; \
	  echo '    ;'; } > $@

$(BUILD)/obj/gen/theme.o: $(BUILD)/gen/theme.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -c $< -o $@

# The HTML report's script and style sheet (src/report/), compiled in as
# strings, byte for byte: the page allows them by their SHA-256.
$(BUILD)/gen/report_assets.c: src/report/report.js src/report/report.css
	@mkdir -p $(@D)
	@{ echo '/* generated from src/report/: do not edit */'; \
	  for f in js css; do echo "const char kg_report_$$f[] ="; \
	    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$$/\\n"/' \
	      src/report/report.$$f; echo '    ;'; done; } > $@

$(BUILD)/obj/gen/report_assets.o: $(BUILD)/gen/report_assets.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -c $< -o $@

# Made anew, also when a module comes or goes (the list of objects is
# rewritten then): a module removed from src/ must not live on in it.
$(BUILD)/libkgraph.a: $(LIB_OBJ) $(BUILD)/obj/objects.list
	rm -f $@ && $(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/obj/objects.list: FORCE
	@mkdir -p $(@D) && echo '$(LIB_OBJ)' | cmp -s - $@ || echo '$(LIB_OBJ)' >$@

FORCE:

# The shared library exports what kgraph.h declares and nothing else: the
# version script lists those functions (a test compares it with nm).
$(BUILD)/kgraph.map: include/kgraph.h Makefile | $(BUILD)
	@{ echo 'KGRAPH_$(VERSION_MAJOR) {'; echo '  global:'; \
	  sed -n '/^typedef/d; s/^[A-Za-z].*[ *]\(kg_[a-z0-9_]*\)(.*/    \1;/p' $<; \
	  echo '  local: *;'; echo '};'; } > $@

$(BUILD)/$(SHARED): $(LIB_OBJ) $(BUILD)/kgraph.map
	$(CC) -shared $(CFLAGS) $(LDFLAGS) -Wl,-soname,$(SONAME) \
	  -Wl,--version-script=$(BUILD)/kgraph.map -Wl,--no-undefined \
	  $(LIB_OBJ) $(LIBS) -o $@
	ln -sf $(SHARED) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/libkgraph.so

# The command links the library in statically, as zstd's does: it runs
# from the source folder and needs no libkgraph at run time.
$(BUILD)/kgraph: $(CLI_OBJ) $(BUILD)/libkgraph.a
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LIBS) -o $@

# pkg-config's file, from its template: libcsv has none, so it is named in
# Libs.private; the others by their own .pc files.
$(BUILD)/kgraph.pc: src/dist/kgraph.pc.in include/kgraph.h Makefile | $(BUILD)
	@sed -e 's|@PREFIX@|$(PREFIX)|' \
	  -e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
	  -e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|' \
	  -e 's|@VERSION@|$(VERSION)|' -e 's|@REQUIRES@|$(PC_REQUIRES)|' $< > $@

# ---- install ----
install: install-bin install-lib install-include install-pc install-man install-completion

install-bin: $(BUILD)/kgraph
	$(INSTALL) -d $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 755 $(BUILD)/kgraph $(DESTDIR)$(BINDIR)/kgraph

install-lib: $(BUILD)/libkgraph.a $(BUILD)/$(SHARED)
	$(INSTALL) -d $(DESTDIR)$(LIBDIR)
	$(INSTALL) -m 644 $(BUILD)/libkgraph.a $(DESTDIR)$(LIBDIR)/libkgraph.a
	$(INSTALL) -m 755 $(BUILD)/$(SHARED) $(DESTDIR)$(LIBDIR)/$(SHARED)
	ln -sf $(SHARED) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libkgraph.so

install-include:
	$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR)
	$(INSTALL) -m 644 include/kgraph.h $(DESTDIR)$(INCLUDEDIR)/kgraph.h

# The .pc is made again here: PREFIX and LIBDIR may differ from the build's.
install-pc:
	@rm -f $(BUILD)/kgraph.pc && $(MAKE) --no-print-directory $(BUILD)/kgraph.pc
	$(INSTALL) -d $(DESTDIR)$(PKGCONFIGDIR)
	$(INSTALL) -m 644 $(BUILD)/kgraph.pc $(DESTDIR)$(PKGCONFIGDIR)/kgraph.pc

install-man:
	$(INSTALL) -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	$(INSTALL) -m 644 src/cli/kgraph.1 $(DESTDIR)$(MANDIR)/man1/kgraph.1
	$(INSTALL) -m 644 src/dist/kgraph.3 $(DESTDIR)$(MANDIR)/man3/kgraph.3

install-completion:
	$(INSTALL) -d $(DESTDIR)$(COMPLETIONDIR)
	$(INSTALL) -m 644 src/cli/kgraph.bash $(DESTDIR)$(COMPLETIONDIR)/kgraph

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kgraph $(DESTDIR)$(LIBDIR)/libkgraph.a \
	  $(DESTDIR)$(LIBDIR)/$(SHARED) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	  $(DESTDIR)$(LIBDIR)/libkgraph.so $(DESTDIR)$(INCLUDEDIR)/kgraph.h \
	  $(DESTDIR)$(PKGCONFIGDIR)/kgraph.pc $(DESTDIR)$(MANDIR)/man1/kgraph.1 \
	  $(DESTDIR)$(MANDIR)/man3/kgraph.3 $(DESTDIR)$(COMPLETIONDIR)/kgraph

kgraph: $(BUILD)/kgraph
	cp $< $@

# ---- the bundled example ----
EXAMPLE = --cluster-by country \
          --title "Interpol and the MENA police chiefs, Marrakesh"

# The figure for a report: A4 portrait, relations numbered, and their
# sources.  The PDF carries a fixed date (2026-01-01), so that it is the
# same file on every machine and after every commit.
REPORT = --title "Interpol and the MENA police chiefs, Marrakesh" \
         --page a4 --cite
export SOURCE_DATE_EPOCH ?= 1767225600

run:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory kgraph
	@mkdir -p output
	./kgraph build input/ $(EXAMPLE) -o output/relations.dot --merge-report output/merges.csv
	./kgraph build input/ $(EXAMPLE) -o output/relations.svg -q
	./kgraph build input/ $(EXAMPLE) -o output/relations.png -q
	./kgraph build input/ $(REPORT) -o output/relations.pdf --sources output/sources.md
	./kgraph build input/ $(REPORT) -o output/relations-a4.svg -q
	./kgraph build input/ $(EXAMPLE) -o output/relations.graphml -q
	./kgraph build input/ $(EXAMPLE) -o output/relations.gexf -q
	./kgraph build input/ $(EXAMPLE) -o output/relations.cyjs -q
	./kgraph build input/ -T neo4j -o output/neo4j -q
	./kgraph build input/ -o output/relations.ftm.json -q
	./kgraph build input/ --focus Dkhissi --page a4 -o output/focus-dkhissi.png -q
	./kgraph build input/ --path "Jürgen Stock" --to "Paris Call" --page a4 \
	  -o output/path-stock-paris-call.png -q
	./kgraph build input/ --types agency,organization,group,country \
	  --min-degree 1 --page a4 -o output/agencies-and-countries.png -q
	./kgraph stats input/ --top 5 -o output/stats.txt -q
	./kgraph report input/ $(EXAMPLE) -o output/report.html -q
	./kgraph timeline input/ --title "Interpol and the MENA police chiefs: what happened when" \
	  -o output/timeline.svg -q
	./kgraph timeline tests/golden/timeline_crafted --title "A crafted case: who met whom, when" \
	  -o output/timeline-crafted.png -q
	./kgraph diff --old input/ --new input/entities.csv input/relations.csv \
	  input/update/ -o output/diff.txt -q || [ $$? = 1 ]
	./kgraph diff --old input/ --new input/entities.csv input/relations.csv \
	  input/update/ $(EXAMPLE) -o output/diff.svg -q >/dev/null || [ $$? = 1 ]
	./kgraph diff --old input/ --new input/entities.csv input/relations.csv \
	  input/update/ --changed-only --title "What changed since the first brief" \
	  -o output/diff-changes.png -q >/dev/null || [ $$? = 1 ]
	@ls -l output/

# the flags of the bundled example, for tests/cli_tests.sh
print-example:
	@echo '$(EXAMPLE)'

# ---- a browser's view of the SVGs, for the README: the graph at its
# natural size, and the report figure on an A4 page with its sources ----
# Headless Chromium from Debian; installed here only, not for make test.
screenshot: run
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
	  || { echo "as root, run: apt-get install -y chromium"; exit 1; }
	@page=$$(mktemp -d)/view.html; \
	printf '<html><body style="margin:0;background:#fff">%s</body></html>' \
	  '<img src="file://$(CURDIR)/output/relations.svg" style="width:100%">' \
	  > $$page; \
	chromium --headless --no-sandbox --disable-gpu --disable-quic \
	  --no-first-run --disable-background-networking \
	  --disable-component-update --disable-sync --hide-scrollbars \
	  --allow-file-access-from-files --user-data-dir="$$(mktemp -d)" \
	  --window-size=1800,$$(sed -n 's/^<svg width="\([0-9]*\)pt" height="\([0-9]*\)pt".*/\2 \1/p' \
	    output/relations.svg | awk '{ printf "%d", 1800 * $$1 / $$2 + 1 }') \
	  --screenshot="$(CURDIR)/output/relations-chromium.png" \
	  "file://$$page" 2>/dev/null
	@dir=$$(mktemp -d); \
	./kgraph build input/ $(REPORT) --sources $$dir/sources.html -o /dev/null -q; \
	printf '%s' '<html><body style="margin:0;background:#fff">' \
	  '<div style="width:21cm;padding:2.85cm 2.5cm 0;box-sizing:border-box">' \
	  '<img src="file://$(CURDIR)/output/relations-a4.svg" style="display:block">' \
	  '<p style="font:9pt DejaVu Sans,sans-serif;margin:8px 0">Figure 1. ' \
	  'Interpol and the MENA police chiefs, Marrakesh. The numbers on the ' \
	  'lines are the rows of Table 1.</p>' \
	  '<p style="font:bold 9pt DejaVu Sans,sans-serif;margin:12px 0 4px">' \
	  'Table 1. Sources</p><iframe src="file://'"$$dir"'/sources.html" ' \
	  'style="width:16cm;height:9cm;border:0"></iframe></div></body></html>' \
	  > $$dir/page.html; \
	chromium --headless --no-sandbox --disable-gpu --disable-quic \
	  --no-first-run --disable-background-networking \
	  --disable-component-update --disable-sync --hide-scrollbars \
	  --allow-file-access-from-files --user-data-dir="$$(mktemp -d)" \
	  --window-size=794,1380 --force-device-scale-factor=1.5 \
	  --screenshot="$(CURDIR)/output/report-page.png" \
	  "file://$$dir/page.html" 2>/dev/null
	@$(MAKE) --no-print-directory build/npm/.installed
	@dir=$$(mktemp -d); \
	tests/cytoscape_page.sh $(CURDIR)/output/relations.cyjs \
	  $(CURDIR)/build/npm/node_modules/cytoscape/dist/cytoscape.min.js $$dir; \
	chromium --headless --no-sandbox --disable-gpu --disable-quic \
	  --no-first-run --disable-background-networking \
	  --disable-component-update --disable-sync --hide-scrollbars \
	  --allow-file-access-from-files --user-data-dir="$$(mktemp -d)" \
	  --window-size=1600,900 --virtual-time-budget=5000 \
	  --screenshot="$(CURDIR)/output/cytoscape-chromium.png" \
	  "file://$$dir/page.html" 2>/dev/null
	@$(MAKE) --no-print-directory build/.chromium
	@node tests/report_shots.js $(CURDIR)/output/report.html $(CURDIR)/build/npm/node_modules \
	  $(CURDIR)/output
	@ls -l output/relations-chromium.png output/report-page.png \
	  output/cytoscape-chromium.png output/report-screen.png output/report-print.png

# ---- benchmarks (not part of make test) ----
$(BUILD)/bench_gen: tests/bench/gen.c | $(BUILD)
	$(CC) -O2 $< -o $@

$(BUILD)/bench_floor: tests/bench/floor.c | $(BUILD)
	$(CC) -O2 $< -lcsv -o $@

# How figures read on paper, beside plain dot, neato and sfdp, measured
# by tests/figure_check.py.
legibility: $(BUILD)/kgraph $(BUILD)/bench_gen
	@$(MAKE) --no-print-directory deps
	@tests/bench/legibility.sh $(BUILD)

# The printed figures of issue 26 against its targets, measured by
# tests/figure_check.py (also in check; targets not met yet are listed
# as open in tests/figure_tests.sh).
figures: $(BUILD)/kgraph
	@$(MAKE) --no-print-directory deps
	@tests/figure_tests.sh $(BUILD)/kgraph

bench: $(BUILD)/kgraph $(BUILD)/bench_gen $(BUILD)/bench_floor legibility
	@if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends time python3-pygraphviz \
	  python3-networkx python3-pydot >/dev/null 2>&1 || true; fi
	@tests/bench/run.sh $(BUILD)
	@$(MAKE) --no-print-directory build/npm/.installed build/.chromium
	@node tests/bench/report.js $(BUILD)/kgraph build/npm/node_modules

# ---- tests ----
$(BUILD)/%_tests: tests/%_tests.c tests/harness.h tests/csv_echo.h $(BUILD)/libkgraph.a
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libkgraph.a \
	  $(LIBS) -o $@

$(BUILD)/replay/%: tests/fuzz/%.c tests/fuzz/regression_driver.c \
                   tests/fuzz/fuzz_input.h tests/csv_echo.h $(BUILD)/libkgraph.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) $(LDFLAGS) $< \
	  tests/fuzz/regression_driver.c $(BUILD)/libkgraph.a $(LIBS) -o $@

unit: $(BUILD)/kgraph $(TEST_BIN) build/npm/.installed build/.chromium
	@tests/run_all.sh $(BUILD)

# Line coverage of the library (not the command) under make check's
# tests, by gcovr: build/cov/index.html, and the summary on the terminal.
coverage:
	@command -v gcovr >/dev/null || { [ "$$(id -u)" = 0 ] && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  gcovr >/dev/null; } || { echo "as root, run: apt-get install -y gcovr"; exit 1; }
	@rm -rf build/cov
	@$(MAKE) --no-print-directory BUILD=build/cov CFLAGS="-O0 -g --coverage -fprofile-update=atomic -DKG_COVERAGE" \
	  LDFLAGS="--coverage" build/cov/kgraph build/cov/unit_tests \
	  build/cov/roundtrip_tests build/cov/suite_tests build/cov/safety_tests \
	  $(FUZZ_NAMES:%=build/cov/replay/%) >/dev/null
	@KG_CHECK=1 tests/run_all.sh build/cov >build/cov/tests.log 2>&1 || \
	  { tail -n 30 build/cov/tests.log; exit 1; }
	@tail -n 1 build/cov/tests.log
	@gcovr --root . --object-directory build/cov --filter 'src/' \
	  --exclude src/cli/ --gcov-ignore-parse-errors \
	  --print-summary \
	  --html-details build/cov/index.html | tail -n 3

# For packagers (dh_auto_test): installs nothing, needs no network, no
# sanitizer, no Node or Python readers.
check: $(BUILD)/kgraph $(TEST_BIN) $(BUILD)/$(SHARED)
	@KG_CHECK=1 tests/run_all.sh $(BUILD)
	@$(MAKE) --no-print-directory install-check

# make install into a scratch folder, then what a user of it does: the
# files, pkg-config, the example programs compiled and run against it,
# the exported symbols, the man pages, the completion, make uninstall.
install-check: $(BUILD)/kgraph $(BUILD)/$(SHARED)
	@tests/install_tests.sh $(BUILD)

# The Debian packages (kgraph, libkgraph0, libkgraph-dev): make package
# stages the tracked files in $(PACKAGE_DIR)/kgraph-VERSION with the
# recipe, src/dist/debian, at its root as dpkg-buildpackage wants it, and
# builds them there; the .deb files land in $(PACKAGE_DIR).
# make package-check builds them so, unpacks them and uses them (CI).
PACKAGE_TOOLS = debhelper dpkg-dev fakeroot lintian
PACKAGE_DIR  ?= build/package
package-tools:
	@missing=""; for p in $(PACKAGE_TOOLS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	[ -z "$$missing" ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  $$missing >/dev/null; } || { echo "as root, run: apt-get install -y$$missing"; exit 1; }

package: package-tools
	@tree=$(PACKAGE_DIR)/kgraph-$(VERSION); rm -rf $$tree && mkdir -p $$tree && \
	{ git ls-files -z --cached --others --exclude-standard 2>/dev/null || \
	  find . -path ./build -prune -o -type f -print0; } | \
	  tar --null -T - -cf - | tar -xf - -C $$tree && \
	cp -r src/dist/debian $$tree/debian && \
	cd $$tree && dpkg-buildpackage -us -uc -b
	@ls $(PACKAGE_DIR)/*.deb

package-check: package-tools
	@tests/package_tests.sh

test:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory install-check
	@echo "== again with AddressSanitizer and UndefinedBehaviorSanitizer"
	@$(MAKE) --no-print-directory unit BUILD=build/asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
	@echo "== the unit tests with ThreadSanitizer (files are read, and graphs written, on two threads)"
	@$(MAKE) --no-print-directory tsan
	@echo "== each fuzzer for $(FUZZ_RUNS) runs (libFuzzer, ASan, UBSan; tests/fuzz/README.md)"
	@$(MAKE) --no-print-directory fuzz-smoke

# The library's second thread (csv_pipe.c, writer_split.c) under ThreadSanitizer.
tsan:
	@$(MAKE) --no-print-directory BUILD=build/tsan CFLAGS="-O1 -g -fsanitize=thread" \
	  build/tsan/unit_tests
	@TSAN_OPTIONS="halt_on_error=1 die_after_fork=0 suppressions=$(CURDIR)/tests/tsan.supp" build/tsan/unit_tests

# ---- memory: the CLI under valgrind (tests/leakcheck.sh) ----
leakcheck: $(BUILD)/kgraph
	@command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  valgrind >/dev/null; } || { echo "as root, run: apt-get install -y valgrind"; exit 1; }
	@tests/leakcheck.sh $(BUILD)/kgraph

# ---- CSV conformance: every case of ../shared/testdata/csv-suites ----
conformance: $(BUILD)/suite_tests
	@$(BUILD)/suite_tests -v

# ---- fuzzing (tests/fuzz/README.md) ----
# libFuzzer, with clang: the library built with coverage and sanitizers.
FUZZ_SAN   = address,undefined
FUZZ_FLAGS = -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZERS    = $(FUZZ_NAMES:%=build/fuzz/%)
FUZZ_TIME ?= 60

fuzz-deps:
	@command -v clang >/dev/null && \
	  ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends clang libclang-rt-dev >/dev/null; } || \
	  { echo "as root, run: apt-get install -y clang libclang-rt-dev"; exit 1; }

build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_input.h tests/csv_echo.h fuzz-lib
	clang $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) $(CPPFLAGS_ALL) \
	  $< build/fuzz/libkgraph.a $(LIBS) -o $@

fuzz-lib: fuzz-deps
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang \
	  CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN)" build/fuzz/libkgraph.a

# The seed corpus: the test fixtures and the bundled data (and
# build/fuzz/seeds-NAME for a target of another input form, which then
# takes those alone; fuzz_workbook's inputs are whole workbooks: longer).
build/fuzz/seeds: tests/fuzz/make_seeds.sh $(wildcard tests/golden/*/*.csv) \
                  $(wildcard tests/data/workbooks/*.*) $(wildcard tests/data/*/*.yml) | fuzz-lib
	@rm -rf $@ $@-* && tests/fuzz/make_seeds.sh $@
FUZZ_SEEDS = s=build/fuzz/seeds; [ -d $$s-$$n ] && s=$$s-$$n; \
	  ml=8192; [ $$n = fuzz_workbook ] && ml=65536;

# make fuzz: each fuzzer for FUZZ_TIME seconds, its corpus kept in
# build/fuzz/corpus-NAME between runs; what fails is left in
# build/fuzz/artifacts/ (crash-*, leak-*, timeout-*, oom-*): add it to
# tests/fuzz/regressions/ with its fix.
fuzz: $(FUZZERS) build/fuzz/seeds
	@mkdir -p build/fuzz/artifacts
	@for f in $(FUZZERS); do n=$$(basename $$f); mkdir -p build/fuzz/corpus-$$n; \
	  $(FUZZ_SEEDS) echo "== $$n for $(FUZZ_TIME) s"; \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  $$f build/fuzz/corpus-$$n $$s tests/fuzz/regressions \
	    -artifact_prefix=build/fuzz/artifacts/ -max_total_time=$(FUZZ_TIME) -max_len=$$ml -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 >build/fuzz/$$n.log 2>&1; \
	  rc=$$?; grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|artifact)|INITED' \
	    build/fuzz/$$n.log; [ $$rc -eq 0 ] || exit 1; done

# For make test: each fuzzer over the seeds and a fixed number of runs.
fuzz-smoke: $(FUZZERS) build/fuzz/seeds
	@mkdir -p build/fuzz/artifacts
	@for f in $(FUZZERS); do n=$$(basename $$f); t=$$(mktemp -d); $(FUZZ_SEEDS) \
	  if LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    $$f $$t $$s tests/fuzz/regressions -artifact_prefix=build/fuzz/artifacts/ -runs=$(FUZZ_RUNS) -seed=1 -max_len=$$ml -timeout=10 \
	    >$$t.log 2>&1; then echo "fuzz: $$n ok, $$(sed -n 's/^Done \([0-9]*\) runs.*/\1 runs/p' $$t.log)"; \
	  else tail -n 30 $$t.log; rm -rf $$t $$t.log; exit 1; fi; rm -rf $$t $$t.log; done
FUZZ_RUNS ?= 3000

asan:
	@$(MAKE) --no-print-directory unit BUILD=build/asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

FORMAT_STYLE = {BasedOnStyle: LLVM, IndentWidth: 4, BreakBeforeBraces: Linux, \
  AllowShortFunctionsOnASingleLine: None, AllowShortIfStatementsOnASingleLine: Never, \
  AllowShortCaseLabelsOnASingleLine: true, AlignConsecutiveMacros: true}
SOURCES = src/*/*.c src/*/*.h include/*.h tests/*.c tests/*.h tests/fuzz/*.c \
          tests/fuzz/*.h tests/examples/*.c

format:
	clang-format -i -style='$(FORMAT_STYLE)' $(SOURCES)

format-check:
	clang-format --dry-run -Werror -style='$(FORMAT_STYLE)' $(SOURCES)

# The house rules of src/ (src/README.md): each folder uses only those
# below it, no circle between files, no file over 1,200 lines; and a test
# that the check catches what it is for (tests/layers_tests.sh).
layers: $(LIB_OBJ) $(CLI_OBJ)
	@python3 tests/layers.py src $(BUILD)/obj
	@tests/layers_tests.sh $(BUILD)

# cppcheck, and clang-tidy with the Clang Static Analyzer (.clang-tidy:
# warnings are errors), a file per process.
lint:
	@for t in cppcheck clang-tidy; do command -v $$t >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $$t >/dev/null; } || \
	  { echo "as root, run: apt-get install -y $$t"; exit 1; }; done
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	  --inline-suppr -Iinclude -Isrc src tests
	@echo "clang-tidy (clang-analyzer-*) on src/*/*.c tests/examples/*.c"
	@ls src/*/*.c tests/examples/*.c | xargs -P $$(nproc) -I{} clang-tidy --quiet {} -- \
	  -std=c11 $(CPPFLAGS_ALL) 2>&1 | grep -v '^[0-9]* warnings\? generated' \
	  | { ! grep . ; }
	@echo "no merge conflict markers in tracked files"
	@! git grep -n -I -E '^(<<<<<<<|>>>>>>>) ' -- . 2>/dev/null

# Both compilers, warnings as errors: each must build kgraph cleanly.
compilers:
	@for c in gcc clang; do echo "== $$c -Werror"; \
	  $(MAKE) --no-print-directory BUILD=build/$$c CC=$$c \
	    CFLAGS="-O2 -g -Werror" build/$$c/kgraph build/$$c/$(SHARED) \
	    build/$$c/unit_tests >/dev/null || exit 1; done; echo "gcc and clang: no warnings"

clean:
	rm -rf build kgraph
