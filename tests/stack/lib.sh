# shellcheck shell=bash
# Shared by the tests/stack/ scripts: where things live, which ports a mode
# uses, and how started processes are recorded and found again.
#
# Every process a stack starts is recorded in STATE/pids as "NAME PID START"
# (START = its start time from /proc, so a reused pid is never mistaken for
# ours). Each runs in its own session (setsid), so its process group id is its
# pid and any child it leaves behind can still be found and stopped.

# shellcheck disable=SC2034 # used by the scripts that source this file
{
    ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
    STACK=$ROOT/tests/stack
    LAUNCHLINE_BIN=$ROOT/build/launchline
}

# die MESSAGE...: the one way these scripts fail.
die() {
    printf '%s: %s\n' "${0##*/}" "$*" >&2
    exit 1
}

# say MESSAGE...: progress, on stderr so stdout stays for results.
say() {
    printf '[stack] %s\n' "$*" >&2
}

# stack_mode MODE: sets MODE, STATE, HTTP_PORT, SIM_PORT, MAIL_PORT,
# SMTP_PORT, SIM_PROVISIONING and SIM_TAIL. Each mode has its own base port (env PORT,
# TEST_PORT, BENCH_PORT), so all three can run at once: base+1 is the provider
# simulator, base+2 the mail sink's web page, base-55 its SMTP port
# (8080 -> 8025, 18080 -> 18025, 28080 -> 28025); base+3 and base-54 are
# taken by the second mail sink tests/api/mail-tls.test.js starts (web, SMTP).
# SIM_PROVISIONING is the
# simulator's --provisioning-seconds: 20-90 for a person watching (run), 1-3
# for test and bench; SIM_TAIL its --provisioning-tail, run only (a tenth of
# the assignments take 10 minutes to 3 hours, as carriers' sometimes do; POST
# /_sim/clock/advance skips ahead); FIRST_POLL and POLL_CAP are the provisioner's polling
# back-off to match (seconds), LEASE its lease on a number, PROVISIONERS how
# many run (two in test and bench: every test also checks they never clash),
# PROVIDER_TIMEOUT_MS the client's total timeout per provider call.
# RECONCILE how long the sender waits for a webhook about a message whose
# POST went unanswered before it searches the provider's records, and
# between searches; RECORDS_WAIT how long after the first POST it searches
# before the message is marked unknown (seconds). NUMBER_PER_MINUTE paces
# each number (sender_number_per_minute: 0, none, as Telnyx documents; 600
# in test, so tests/api/texting-pacing.test.js can see it held).
# UC_RECHECK and UC_INTERVAL: a use case's 10DLC campaign status is asked
# again before a number is bought when older than UC_RECHECK seconds, and
# every UC_INTERVAL seconds anyway (short in test, so its tests need not wait).
# PURGE how often expired sessions and old failed sign-ins are deleted
# (seconds; short in test so its test need not wait).
# MAILERS is how many mailer roles run (two in test: every email test also
# checks they never send one twice); MAIL_LEASE, MAIL_RETRY_FIRST,
# MAIL_RETRY_CAP (seconds), MAIL_ATTEMPTS and SMTP_TIMEOUT_MS their lease,
# back-off, attempts and patience with the sink. EXPORT_LEASE: a running
# export's lease (seconds; short in test, so the crash test need not wait).
#
# CLUSTER=1 (env) makes it the cluster stack of that mode (var/cluster/MODE,
# default bases run 8180, test 19080, bench 29080): three Galera nodes and
# two application hosts, see up.sh. Node N (1..3) listens for clients on
# base+4N, for Galera on base+4N+1, IST base+4N+2, SST base+4N+3
# (node_ports sets them).
# shellcheck disable=SC2034 # the variables are for the caller
stack_mode() {
    local base
    MODE=${1:-}
    SIM_TAIL=
    case $MODE in
        run) base=${PORT:-8080} SIM_PROVISIONING=20-90 SIM_TAIL=0.1:600-10800 FIRST_POLL=10 POLL_CAP=30 LEASE=120 PROVISIONERS=1 PROVIDER_TIMEOUT_MS=15000
            MAILERS=1 MAIL_LEASE=60 MAIL_RETRY_FIRST=5 MAIL_RETRY_CAP=60 MAIL_ATTEMPTS=12 SMTP_TIMEOUT_MS=10000 RECONCILE=30 RECORDS_WAIT=300 NUMBER_PER_MINUTE=0 PURGE=600
            UC_RECHECK=300 UC_INTERVAL=3600 EXPORT_LEASE=60 ;;
        test) base=${TEST_PORT:-18080} SIM_PROVISIONING=1-3 FIRST_POLL=1 POLL_CAP=8 LEASE=30 PROVISIONERS=2 PROVIDER_TIMEOUT_MS=2000
            MAILERS=2 MAIL_LEASE=12 MAIL_RETRY_FIRST=1 MAIL_RETRY_CAP=2 MAIL_ATTEMPTS=8 SMTP_TIMEOUT_MS=3000 RECONCILE=2 RECORDS_WAIT=8 NUMBER_PER_MINUTE=600 PURGE=2
            UC_RECHECK=2 UC_INTERVAL=8 EXPORT_LEASE=4 ;;
        bench) base=${BENCH_PORT:-28080} SIM_PROVISIONING=1-3 FIRST_POLL=1 POLL_CAP=2 LEASE=30 PROVISIONERS=2 PROVIDER_TIMEOUT_MS=5000
            MAILERS=2 MAIL_LEASE=30 MAIL_RETRY_FIRST=1 MAIL_RETRY_CAP=5 MAIL_ATTEMPTS=12 SMTP_TIMEOUT_MS=5000 RECONCILE=5 RECORDS_WAIT=60 NUMBER_PER_MINUTE=0 PURGE=600
            UC_RECHECK=300 UC_INTERVAL=3600 EXPORT_LEASE=60 ;;
        *) die "usage: ${0##*/} run|test|bench" ;;
    esac
    CLUSTER=${CLUSTER:-0}
    case $CLUSTER in
        0 | '') CLUSTER=0 ;;
        1)
            # Its own default ports, so a cluster stack runs beside the
            # single-node one of the same mode.
            case $MODE in
                run) base=${PORT:-8180} ;;
                test) base=${TEST_PORT:-19080} ;;
                bench) base=${BENCH_PORT:-29080} ;;
            esac
            ;;
        *) die "CLUSTER must be 0 or 1, not '$CLUSTER'" ;;
    esac
    if ! [[ $base =~ ^[0-9]+$ ]] || ((base < 1024 || base > 65000)); then
        die "the base port of $MODE must be a number in 1024..65000, not '$base'"
    fi
    STATE=$ROOT/var/$MODE
    ((CLUSTER)) && STATE=$ROOT/var/cluster/$MODE
    HTTP_PORT=$base
    SIM_PORT=$((base + 1))
    MAIL_PORT=$((base + 2))
    SMTP_PORT=$((base - 55))
}

# node_ports N: sets NODE_DB_PORT, NODE_GCOMM_PORT, NODE_IST_PORT and
# NODE_SST_PORT of cluster node N (1..3), from HTTP_PORT (stack_mode).
# shellcheck disable=SC2034 # the variables are for the caller
node_ports() {
    NODE_DB_PORT=$((HTTP_PORT + 4 * $1))
    NODE_GCOMM_PORT=$((NODE_DB_PORT + 1))
    NODE_IST_PORT=$((NODE_DB_PORT + 2))
    NODE_SST_PORT=$((NODE_DB_PORT + 3))
}

# proc_field PID N: field N of /proc/PID/stat (1-based, as in proc(5)),
# or nothing if there is no such process. The command name (field 2) may
# hold spaces and parentheses, so fields are counted after its last ')'.
proc_field() {
    local n=$2 stat
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 0
    # shellcheck disable=SC2086 # split into fields on purpose
    set -- ${stat##*) }
    shift $((n - 3))
    printf '%s' "$1"
}

# alive PID START: true while that very process runs (zombies count as gone:
# nothing reaps orphans on some machines).
alive() {
    local state
    state=$(proc_field "$1" 3)
    [[ -n $state && $state != Z && $(proc_field "$1" 22) == "$2" ]]
}

# group_alive PGID: true while a live process is in that process group.
group_alive() {
    local pgid=$1 f stat
    for f in /proc/[0-9]*/stat; do
        { read -r stat <"$f"; } 2>/dev/null || continue
        # shellcheck disable=SC2086 # fields 3 (state) and 5 (pgrp)
        set -- ${stat##*) }
        [[ $1 != Z && $3 == "$pgid" ]] && return 0
    done
    return 1
}

# start_bg NAME LOG COMMAND...: starts COMMAND in its own session, output
# appended to LOG, and records it in STATE/pids. Sets STARTED_PID.
start_bg() {
    local name=$1 log=$2 start
    shift 2
    setsid "$@" </dev/null >>"$log" 2>&1 &
    STARTED_PID=$!
    start=$(proc_field "$STARTED_PID" 22)
    printf '%s %s %s\n' "$name" "$STARTED_PID" "$start" >>"$STATE/pids"
}

# wait_until PID SECONDS WHAT COMMAND...: polls COMMAND every 0.1 s until it
# succeeds; fails if PID dies first or SECONDS pass.
wait_until() {
    local pid=$1 seconds=$2 what=$3 i start
    local limit=$((seconds * 10))
    shift 3
    start=$(proc_field "$pid" 22)
    for ((i = 0; i < limit; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        alive "$pid" "$start" || {
            say "$what: the process exited"
            return 1
        }
        sleep 0.1
    done
    say "$what: not ready after $seconds s"
    return 1
}

# port_taken PORT: true if something listens on that TCP port.
port_taken() {
    if command -v ss >/dev/null; then
        [[ -n $(ss -Hltn "sport = :$1") ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

# random_secret: 24 url-safe characters (144 bits) from /dev/urandom.
random_secret() {
    head -c 18 /dev/urandom | base64 | tr '+/' '-_'
}

# show_log FILE: the end of a log, to explain a failure.
show_log() {
    [[ -s $1 ]] || return 0
    printf -- '--- last lines of %s ---\n' "$1" >&2
    tail -n 25 "$1" >&2
    printf -- '---\n' >&2
}
