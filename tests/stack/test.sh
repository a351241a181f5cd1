#!/usr/bin/env bash
# `make test`: every test layer against a fresh private stack.
#
#   tests/stack/test.sh        (env TEST_PORT moves it from 18080)
#
# Wipes var/test/, starts the test stack, and runs, in order:
#   unit  every executable build/tests/test_* (cmocka)
#   api   node --test tests/api/
#   e2e   node --test --test-concurrency=1 tests/e2e/
# Each layer's output goes to the terminal and to var/test/<layer>.log. The
# tests get BASE_URL, SEED_FILE, STATE_DIR, LAUNCHLINE_BIN, LAUNCHLINE_CONFIG,
# SIM_URL and MAIL_URL. The very last line is "N passed, N failed" over all
# layers, where a layer that ended without a summary to count (a crash), or a
# stack that did not start, counts as one failure; the exit status is
# non-zero if anything failed.
#
# CLUSTER=1 (`make test-cluster`): the same against the cluster stack of
# up.sh (three Galera nodes, two hosts behind nginx, var/cluster/test/,
# env TEST_PORT moves it from 19080), the api layer only: the unit tests
# know no database and the browser tests add nothing a second node changes.
set -euo pipefail
# shellcheck source=tests/stack/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stack_mode test
cd "$ROOT"

passed=0
failed=0
crashed=() # layers that ended without a countable summary

stack_up=0
stop_stack() {
    ((stack_up)) || return 0
    stack_up=0
    "$STACK/down.sh" test >"$STATE/down.log" 2>&1 || cat "$STATE/down.log" >&2
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

"$STACK/down.sh" test 2>/dev/null || true # leftovers of an interrupted run
rm -rf "$STATE"

stack_up=1
if ! "$STACK/up.sh" test; then
    crashed+=("stack")
    stack_up=0 # up.sh has already stopped what it started
fi
mkdir -p "$STATE"

if ((stack_up)); then
    export BASE_URL=http://127.0.0.1:$HTTP_PORT
    export SEED_FILE=$STATE/seed.json
    export STATE_DIR=$STATE
    export LAUNCHLINE_BIN
    export LAUNCHLINE_CONFIG=$STATE/launchline.conf
    export SIM_URL=http://127.0.0.1:$SIM_PORT
    export MAIL_URL=http://127.0.0.1:$MAIL_PORT
fi

# banner TEXT
banner() {
    printf '\n=== %s ===\n' "$1"
}

# --- unit: cmocka ----------------------------------------------------------

# count_cmocka LOG: adds the "[  PASSED  ] N test(s)." and "[  FAILED  ] N
# test(s), listed below:" lines of LOG to the totals; fails if LOG has
# neither.
count_cmocka() {
    local line n seen=1
    while IFS= read -r line; do
        if [[ $line =~ ^\[\ \ PASSED\ \ \]\ ([0-9]+)\ test ]]; then
            n=${BASH_REMATCH[1]}
            passed=$((passed + n))
            seen=0
        elif [[ $line =~ ^\[\ \ FAILED\ \ \]\ ([0-9]+)\ test\(s\),\ listed ]]; then
            n=${BASH_REMATCH[1]}
            failed=$((failed + n))
            seen=0
        fi
    done <"$1"
    return "$seen"
}

run_unit() {
    local log=$STATE/unit.log t out status
    local -a tests=()
    for t in "$ROOT"/build/tests/test_*; do
        [[ -f $t && -x $t ]] && tests+=("$t")
    done
    if ((${#tests[@]} == 0)); then
        banner "unit: no build/tests/test_* (skipped)"
        return 0
    fi
    banner "unit: ${#tests[@]} cmocka program(s)"
    : >"$log"
    for t in "${tests[@]}"; do
        out=$STATE/unit-${t##*/}.log
        status=0
        "$t" 2>&1 | tee "$out" || status=$?
        cat "$out" >>"$log"
        if ! count_cmocka "$out"; then
            say "${t##*/} exited with status $status and no cmocka summary"
            crashed+=("unit:${t##*/}")
        elif ((status != 0)) && ! grep -q '^\[  FAILED  \]' "$out"; then
            say "${t##*/} exited with status $status after its summary"
            crashed+=("unit:${t##*/}")
        fi
    done
}

# --- api and e2e: node --test ------------------------------------------------

# run_node LAYER DIR NODE-ARGS...: runs node's test runner on DIR, spec
# output to the terminal and LAYER.log, TAP to LAYER.tap for counting.
run_node() {
    local layer=$1 dir=$2 tap=$STATE/$1.tap status=0 p f c
    shift 2
    if [[ ! -d $dir ]] || [[ -z $(find "$dir" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \) -print -quit) ]]; then
        banner "$layer: no tests in ${dir#"$ROOT"/} (skipped)"
        return 0
    fi
    if ((!stack_up)); then
        banner "$layer: not run (the stack did not start)"
        return 0
    fi
    banner "$layer: node --test ${dir#"$ROOT"/}"
    node --test "$@" \
        --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$tap" \
        "$dir" 2>&1 | tee "$STATE/$layer.log" || status=$?
    p=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
    f=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
    c=$(sed -n 's/^# cancelled \([0-9][0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
    if [[ -z $p || -z $f ]]; then
        say "$layer: node exited with status $status and no summary"
        crashed+=("$layer")
        return 0
    fi
    passed=$((passed + p))
    failed=$((failed + f + ${c:-0}))
    if ((status != 0 && f + ${c:-0} == 0)); then
        say "$layer: node exited with status $status though no test failed"
        crashed+=("$layer")
    fi
}

if ((CLUSTER)); then
    run_node api "$ROOT/tests/api"
else
    run_unit
    run_node api "$ROOT/tests/api"
    run_node e2e "$ROOT/tests/e2e" --test-concurrency=1
fi

stop_stack

# A layer that crashed counts as one failure, so the summary never looks
# clean when something did not run.
if ((${#crashed[@]})); then
    say "no countable result from: ${crashed[*]} (logs in $STATE/)"
    failed=$((failed + ${#crashed[@]}))
fi
printf '%d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
