#!/usr/bin/env bash
# `make run`: the whole platform on this machine until Ctrl-C.
#
#   tests/stack/run.sh        (env PORT moves it from 8080)
#
# Starts the run stack (var/run/, kept between runs: same data, same demo
# passwords; CLUSTER=1: the cluster stack, var/cluster/run/, see up.sh), prints where everything is, and stops it all on Ctrl-C or
# SIGTERM. Exits non-zero if a part of the stack dies on its own.
set -euo pipefail
# shellcheck source=tests/stack/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stack_mode run

# Stops the stack once, and only if this script started it (up.sh cleans up
# after itself when it fails, and must not stop a stack that was already up).
started=0
stop() {
    ((started)) || return 0
    started=0
    printf '\n' >&2
    "$STACK/down.sh" run
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

"$STACK/up.sh" run
started=1

# seed FIELD: a value from seed.json (written by up.sh).
seed() {
    SEED=$STATE/seed.json FIELD=$1 node -e '
        const seed = JSON.parse(require("node:fs").readFileSync(process.env.SEED, "utf8"));
        console.log(process.env.FIELD.split(".").reduce((v, k) => v[k], seed));'
}

cat <<EOF

  Launchline        $(seed url)/
  Owner             $(seed admin.email)   password $(seed admin.password)
  Texter            $(seed texter.email)  password $(seed texter.password)
  Mail sink         $(seed mail_url)/   (SMTP 127.0.0.1:$SMTP_PORT)
  Provider sim      $(seed sim_url)/_sim/calls
  State and logs    $STATE/$(((CLUSTER)) && printf '\n  Cluster           Galera nodes on 127.0.0.1:%s, :%s, :%s; hosts A (launchline.conf)\n                    and B (host-b/launchline.conf) behind nginx' \
      $((HTTP_PORT + 4)) $((HTTP_PORT + 8)) $((HTTP_PORT + 12)))

  Ctrl-C stops everything.

EOF

# Watch the recorded processes; if one dies, say which and stop.
while true; do
    while read -r name pid start; do
        if ! alive "$pid" "$start"; then
            say "$name (pid $pid) exited; see $STATE/$name.log"
            exit 1
        fi
    done <"$STATE/pids"
    sleep 2 &
    wait $! || true
done
