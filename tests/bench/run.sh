#!/bin/sh
# make bench: the table of the "Fast everywhere" issue (28), each ratio
# measured against its reference in the same run, the two taking turns
# (A B A B ...), so that a slow spell of a shared machine falls on both:
# per round the ratio A/B, then the median of the rounds with their
# min-max.  Each row is printed (a Markdown table row) as soon as it is
# measured, and kept in BUILD_DIR/bench/table.md with the machine, the
# date and the load.
#
#   tests/bench/run.sh BUILD_DIR
#   BENCH_SIZES="100000 1000000"  entity counts (relations are twice that)
#   BENCH_RUNS=3                  rounds of each pair
#   BENCH_ROWS="..."              the rows to measure (default all):
#       floor busy memory pygraphviz stats report diff graphml gexf cyjs ftm
#   BENCH_BASELINES=1             0 skips pygraphviz
#
# The rows (n the size; the build is `kgraph build` of the bench data to
# DOT; the floor is tests/bench/floor.c, libcsv reading both files and
# writing a DOT statement per row, keeping nothing):
#   floor      the build / the floor, both cores free           goal <= 2x
#   busy       the same with a second process busy on one core  goal <= 2x
#   memory     the build's peak RSS per entity or relation      <= 80 B
#   pygraphviz pygraphviz's build (100k only) / kgraph's         >= 30x
#   stats      `kgraph stats` / the build                       <= 2x
#   report     `kgraph report` / the build, and its figure      <= 4x
#   diff       `kgraph diff` against 1% changed / the build     <= 3x
#   graphml gexf cyjs ftm   `-T FMT` / the DOT                   <= 2x
# No timed test is in `make test`: these numbers are for this script.
set -u
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
sizes=${BENCH_SIZES:-"100000 1000000"}
runs=${BENCH_RUNS:-3}
rows=${BENCH_ROWS:-"floor busy memory pygraphviz stats report diff graphml gexf cyjs ftm"}
baselines=${BENCH_BASELINES:-1}
data=$build/bench
mkdir -p "$data"
py=/usr/bin/python3
kg=$build/kgraph
table=$data/table.md

wanted() { case " $rows " in *" $1 "*) return 0 ;; esac; return 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
say() { echo "$*" | tee -a "$table"; }

# run_once TIMES OUTPUT COMMAND...: one timed run, "seconds peak-KB"
# added to TIMES.  Outside the timing, OUTPUT is removed first (replacing
# a large file costs the writer on ext4) and what earlier runs wrote is
# flushed, so that no run pays for another's writeback.  diff exits 1
# when the versions differ: 0 and 1 are both a finished run.
run_once() {
    r_times=$1 r_out=$2
    shift 2
    rm -rf "$r_out"
    sync
    r_t0=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$data/one" "$@" >/dev/null 2>"$data/err"
    r_rc=$?
    r_t1=$(date +%s.%N)
    if [ $r_rc -gt 1 ] || { [ $r_rc = 1 ] && [ "$2" != diff ]; }; then
        echo "failed ($r_rc): $*" >&2
        tail -n 3 "$data/err" >&2
        return 1
    fi
    echo "$r_t0 $r_t1 $(tail -n 1 "$data/one")" |
        awk '{ printf "%.3f %d\n", $2 - $1, $3 }' >>"$r_times"
}

# stat3 FILE COLUMN [SCALE]: "median (min-max)" of a column of numbers
stat3() {
    awk -v c="$2" -v s="${3:-1}" '{ print $c * s }' "$1" | sort -g | awk '
        { v[NR] = $1 }
        END { printf "%.3g (%.3g-%.3g)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

# pair ROW WHAT GOAL-OP GOAL OUT-A CMD-A -- OUT-B CMD-B: RUNS rounds of
# A then B; a row: what, A's and B's median seconds (min-max), the
# ratio A/B per round as median (min-max), A's peak, the goal met or not.
pair() {
    p_row=$1 p_what=$2 p_op=$3 p_goal=$4 p_outa=$5
    shift 5
    p_a=
    while [ "$1" != -- ]; do
        p_a="$p_a '$1'"
        shift
    done
    shift
    p_outb=$1
    shift
    p_b=
    for w in "$@"; do p_b="$p_b '$w'"; done
    : >"$data/a.t"
    : >"$data/b.t"
    l0=$(load)
    i=0
    while [ $i -lt "$runs" ]; do
        eval "run_once '$data/a.t' '$p_outa' $p_a" || return 1
        eval "run_once '$data/b.t' '$p_outb' $p_b" || return 1
        i=$((i + 1))
    done
    paste -d' ' "$data/a.t" "$data/b.t" | awk '{ print $1 / ($3 > 0 ? $3 : 0.001) }' >"$data/r.t"
    p_r=$(sort -g "$data/r.t" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    met=$(awk -v r="$p_r" -v g="$p_goal" -v op="$p_op" \
        'BEGIN { print ((op == "<=" ? r <= g : r >= g) ? "met" : "not met") }')
    say "| $p_what | $(stat3 "$data/a.t" 1) s | $(stat3 "$data/b.t" 1) s |" \
        "$(stat3 "$data/r.t" 1)x | $(stat3 "$data/a.t" 2 0.0009765625) MiB |" \
        "$p_op ${p_goal}x: $met | $l0 / $(load) |"
    cp "$data/a.t" "$data/last.$p_row.t"
}

# the 1%-changed copy of a data set, for diff: every hundredth entity's
# description edited, every hundredth relation removed, as many added
changed_copy() {
    c_old=$1 c_new=$2 c_n=$3
    [ -s "$c_new/relations.csv" ] && return 0
    mkdir -p "$c_new"
    awk 'NR > 1 && NR % 100 == 0 { sub(/record/, "updated record") } { print }' \
        "$c_old/entities.csv" >"$c_new/entities.csv"
    awk 'NR == 1 || NR % 100 != 0' "$c_old/relations.csv" >"$c_new/relations.csv"
    awk -v n="$c_n" 'NR > 1 && NR % 100 == 0 { k = NR % (n - 1)
        print "e" k ",e" k + 1 ",paid,2020-01-01,1,new ledger" }' \
        "$c_old/relations.csv" >>"$c_new/relations.csv"
}

: >"$table"
say "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by tests/bench/run.sh" \
    "($runs rounds a row), kgraph $(git -C "$here" describe --always --dirty 2>/dev/null || echo '?'):" \
    "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), " \
    "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) of memory," \
    "load average $(load) at the start."
say ""
say "| what | A: median (min-max) | B: reference | A/B per round | A's peak | goal | load before / after |"
say "|---|---:|---:|---:|---:|---|---|"

for n in $sizes; do
    dir=$data/$n
    mkdir -p "$dir"
    [ -s "$dir/relations.csv" ] || "$build/bench_gen" "$n" "$dir" || exit 1
    e=$dir/entities.csv r=$dir/relations.csv
    k=$((n / 1000))k
    [ "$n" -ge 1000000 ] && k=$((n / 1000000))M
    echo "== $k: $n entities, $((n * 2)) relations ($(du -m "$e" "$r" | awk '{ s += $1 } END { print s }') MB of CSV)" >&2
    build_dot() { echo "$dir/kgraph.dot" "$kg" build "$e" "$r" -q --max-warnings 0 -o "$dir/kgraph.dot"; }
    if wanted floor || wanted memory; then
        pair floor "$k: build to DOT / the floor, both cores free" "<=" 2 $(build_dot) -- \
            "$dir/floor.dot" sh -c "exec '$build/bench_floor' '$e' '$r' > '$dir/floor.dot'"
    fi
    if wanted memory && [ -s "$data/last.floor.t" ]; then
        say "| $k: the build's peak memory per entity or relation | $(stat3 "$data/last.floor.t" 2 "$(echo "$n" | awk '{ print 1024 / (3 * $1) }')") B | | | |" \
            "<= 80 B: $(sort -n -k2 "$data/last.floor.t" | awk -v n="$n" '{ v[NR] = $2 } END { print (v[int((NR + 1) / 2)] * 1024 / (3 * n) <= 80) ? "met" : "not met" }') | $(load) |"
    fi
    if wanted busy; then
        # a second process busy on one core for the whole pair
        sh -c 'while :; do :; done' &
        hog=$!
        pair busy "$k: the same, a second process busy" "<=" 2 $(build_dot) -- \
            "$dir/floor.dot" sh -c "exec '$build/bench_floor' '$e' '$r' > '$dir/floor.dot'"
        kill "$hog"
        wait "$hog" 2>/dev/null
    fi
    if wanted pygraphviz && [ "$n" -le 100000 ]; then
        if [ "$baselines" = 1 ] && "$py" -c 'import pygraphviz' 2>/dev/null; then
            pair pygraphviz "$k: pygraphviz's build / kgraph's" ">=" 30 \
                "$dir/pgv.dot" "$py" "$here/baseline_pygraphviz.py" "$e" "$r" "$dir/pgv.dot" -- $(build_dot)
        else
            echo "skipped pygraphviz: install Debian python3-pygraphviz (or BENCH_BASELINES=0)" >&2
        fi
    fi
    if wanted stats; then
        pair stats "$k: \`stats\` / the build" "<=" 2 "$dir/stats.txt" \
            "$kg" stats "$e" "$r" -q --max-warnings 0 -o "$dir/stats.txt" -- $(build_dot)
    fi
    if wanted report; then
        pair report "$k: \`report\` / the build" "<=" 4 "$dir/report.html" \
            "$kg" report "$e" "$r" -q --max-warnings 0 -o "$dir/report.html" -- $(build_dot)
        if grep -q '<svg' "$dir/report.html" && ! grep -q 'The figure could not be drawn' "$dir/report.html"; then
            say "| $k: the report has a figure | yes ($(du -m "$dir/report.html" | cut -f1) MB of HTML) | | | | a figure: met | |"
        else
            say "| $k: the report has a figure | NO | | | | a figure: not met | |"
        fi
        rm -f "$dir/report.html"
    fi
    if wanted diff; then
        changed_copy "$dir" "$data/diff-$n" "$n"
        pair diff "$k: \`diff\` against 1% changed / the build" "<=" 3 "$dir/diff.txt" \
            "$kg" diff "$dir" "$data/diff-$n" -q --max-warnings 1 -o "$dir/diff.txt" -- $(build_dot)
    fi
    for x in graphml gexf cyjs ftm; do
        wanted $x || continue
        pair "$x" "$k: \`-T $x\` / the DOT" "<=" 2 "$dir/export.$x" \
            "$kg" build "$e" "$r" -q --max-warnings 0 -T "$x" -o "$dir/export.$x" -- $(build_dot)
        rm -f "$dir/export.$x"
    done
    rm -f "$dir/kgraph.dot" "$dir/floor.dot" "$dir/pgv.dot" "$dir/stats.txt" "$dir/diff.txt"
done
say ""
say "Load average at the end: $(load)."
