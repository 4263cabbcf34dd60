# check.sh - sourced by the shell test scripts (cli, untrusted, install,
# package): `check NAME COMMAND...` runs COMMAND, counts it, and prints
# "ok   NAME" (with any "skipped: ..." lines it printed) or "FAIL NAME"
# and its output; `finish SUITE` prints "SUITE: N passed, N failed" and
# returns the suite's status.  Set before sourcing: work (a scratch
# folder); may set CHECK_IN (run each command there, in a subshell) and
# CHECK_SHOW (head or tail: which lines of a failure to show; head).
passed=0
failed=0

check() {
    name=$1
    shift
    if if [ -n "${CHECK_IN:-}" ]; then (cd "$CHECK_IN" && "$@"); else "$@"; fi \
        >"$work/check.log" 2>&1; then
        passed=$((passed + 1))
        echo "ok   $name"
        grep '^skipped' "$work/check.log" | sed 's/^/     /'
    else
        failed=$((failed + 1))
        echo "FAIL $name"
        "${CHECK_SHOW:-head}" -n 25 "$work/check.log" | sed 's/^/     /'
    fi
}

finish() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
