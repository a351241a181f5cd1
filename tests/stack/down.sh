#!/usr/bin/env bash
# Stops what up.sh started for a mode, newest first (nginx before the
# application, the application before MariaDB):
#
#   tests/stack/down.sh run|test|bench
#
# Each process gets SIGTERM and some seconds to finish; whatever is left of
# its process group (a worker whose master died, say) then gets SIGKILL.
# Only processes recorded in var/MODE/pids are touched, and only while their
# pid still names the process that was started. Safe to run twice.
set -euo pipefail
# shellcheck source=tests/stack/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stack_mode "${1:-}"

if [[ ! -f $STATE/pids ]]; then
    say "the $MODE stack is not running"
    exit 0
fi

# grace NAME: seconds a process may take to stop cleanly.
grace() {
    case $1 in
        mariadb | mariadb-node*) echo 60 ;;
        launchline | launchline-*) echo 20 ;;
        *) echo 5 ;;
    esac
}

# stop NAME PID START
stop() {
    local name=$1 pid=$2 start=$3 i limit
    if alive "$pid" "$start"; then
        say "stopping $name (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        limit=$(($(grace "$name") * 10))
        for ((i = 0; i < limit; i++)); do
            alive "$pid" "$start" || break
            sleep 0.1
        done
    fi
    # The group is only ours if its leader was: a leader that died on its
    # own leaves the group id in use by its children, never by strangers.
    if group_alive "$pid"; then
        if alive "$pid" "$start"; then
            say "$name (pid $pid) ignored SIGTERM for $(grace "$name") s: killing it"
        else
            say "$name (pid $pid) left processes behind: killing them"
        fi
        kill -KILL -- "-$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            group_alive "$pid" || break
            sleep 0.1
        done
    fi
}

mapfile -t entries <"$STATE/pids"
for ((n = ${#entries[@]} - 1; n >= 0; n--)); do
    read -r name pid start <<<"${entries[n]}"
    [[ -n ${pid:-} ]] || continue
    stop "$name" "$pid" "${start:-}"
done
rm -f "$STATE/pids"
say "the $MODE stack is stopped"
