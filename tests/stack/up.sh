#!/usr/bin/env bash
# Starts a complete private Launchline stack and returns once it answers:
#
#   tests/stack/up.sh run|test|bench
#
# Everything lives in var/MODE/ under the repository (MariaDB datadir and
# socket, nginx prefix, the rendered launchline.conf, the database password,
# logs, pids, seed.json); nothing system-wide is touched. Started in order:
# provider simulator, mail sink, MariaDB, `launchline migrate`, `launchline
# serve`, nginx; then, the first time, the demo org and its two users.
# Ports: see stack_mode in lib.sh (run 8080.., test 18080.., bench 28080..;
# env PORT, TEST_PORT, BENCH_PORT move them). Stop it all with down.sh MODE.
#
# CLUSTER=1 (the same for down.sh) starts the cluster stack instead, in
# var/cluster/MODE/: three MariaDB Galera nodes on loopback (node1/ node2/
# node3/, each its own datadir and ports; node 1 bootstraps the cluster with
# --wsrep-new-cluster, 2 and 3 join it and receive a copy by mariabackup),
# and two `launchline serve` hosts: A (the usual launchline.conf, pointed at
# node 1 first) and B (host-b/launchline.conf, node 2 first), each given
# every node in db_hosts; nginx balances the API over both. Node 1's socket
# is STATE/mysql.sock, as a single-node stack's, for the tests' own checks.
# On any failure it says what failed, shows that log, and stops what it
# started.
set -euo pipefail
# shellcheck source=tests/stack/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stack_mode "${1:-}"
NODE=${NODE:-node}
PYTHON=/usr/bin/python3 # Debian's, with aiosmtpd

CONF=$STATE/launchline.conf
SOCK=$STATE/fcgi.sock
DB_DIR=$STATE/mysql
DB_SOCK=$STATE/mysql.sock
NGINX=$STATE/nginx
URL=http://127.0.0.1:$HTTP_PORT
SIM_URL=http://127.0.0.1:$SIM_PORT
MAIL_URL=http://127.0.0.1:$MAIL_PORT

# --- what must be there before anything starts ---------------------------

[[ -x $LAUNCHLINE_BIN ]] ||
    die "$LAUNCHLINE_BIN is missing: build it first (make)"
for tool in mariadb-install-db mariadbd mariadb-admin mariadb nginx curl setsid openssl; do
    command -v "$tool" >/dev/null || die "$tool not found: run make deps (Debian packages)"
done
command -v "$NODE" >/dev/null || die "node not found"
"$PYTHON" -c 'import aiosmtpd' 2>/dev/null ||
    die "$PYTHON cannot import aiosmtpd: apt-get install python3-aiosmtpd"
[[ -f $ROOT/web/dist/index.html ]] ||
    say "warning: web/dist/index.html is missing (make web); the API works, the UI will 404"

if [[ -f $STATE/pids ]]; then
    while read -r name pid start; do
        alive "$pid" "$start" &&
            die "the $MODE stack is already running ($name, pid $pid): tests/stack/down.sh $MODE"
    done <"$STATE/pids"
    rm -f "$STATE/pids"
fi

ports=("$HTTP_PORT" "$SIM_PORT" "$MAIL_PORT" "$SMTP_PORT")
if ((CLUSTER)); then
    [[ -f /usr/lib/galera/libgalera_smm.so ]] ||
        die "the Galera provider /usr/lib/galera/libgalera_smm.so is missing: run make deps (galera-4)"
    for tool in mariadb-backup socat; do
        command -v "$tool" >/dev/null || die "$tool not found: run make deps (SST by mariabackup)"
    done
    for n in 1 2 3; do
        node_ports "$n"
        ports+=("$NODE_DB_PORT" "$NODE_GCOMM_PORT" "$NODE_IST_PORT" "$NODE_SST_PORT")
    done
fi
for port in "${ports[@]}"; do
    port_taken "$port" &&
        die "port $port is taken (the $MODE stack uses ${ports[*]})"
done

# --- from here on, a failure stops whatever was started -------------------

umask 022
mkdir -p "$STATE" "$STATE/mail"
chmod 0755 "$STATE"
: >"$STATE/pids"
up_ok=0
on_exit() {
    ((up_ok)) && return 0
    say "start-up of the $MODE stack failed; stopping what was started"
    "$STACK/down.sh" "$MODE" >&2 || true
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# fail WHAT LOG: explains a failed step and exits (on_exit cleans up).
fail() {
    say "$1 failed"
    show_log "$2"
    exit 1
}

# The test doubles start first: they come up while MariaDB does.
# The simulator wants the API key Launchline sends (a random one, kept in a
# 0600 file both read) and writes the public key of its webhook signing key,
# new at every start, into SIM_KEY_DIR; its webhooks go to our /hooks/telnyx.
SIM_KEY_DIR=$STATE/provider-sim
if [[ ! -s $STATE/provider_api_key ]]; then
    (umask 077 && random_secret >"$STATE/provider_api_key")
fi
chmod 0600 "$STATE/provider_api_key"
rm -f "$SIM_KEY_DIR/webhook_public_key"
say "provider simulator on $SIM_URL (provisioning takes $SIM_PROVISIONING s)"
start_bg provider-sim "$STATE/provider-sim.log" \
    "$NODE" "$ROOT/tests/provider-sim/server.js" --port "$SIM_PORT" \
    --api-key-file "$STATE/provider_api_key" --key-dir "$SIM_KEY_DIR" \
    --webhook-url "$URL/hooks/telnyx" --provisioning-seconds "$SIM_PROVISIONING" \
    ${SIM_TAIL:+--provisioning-tail "$SIM_TAIL"}
sim_pid=$STARTED_PID

# The sink's STARTTLS certificate: a throwaway, self-signed for 127.0.0.1,
# made anew at every start (never committed). Launchline trusts it through
# smtp_ca_file; STARTTLS is offered once switched on (MAIL_STARTTLS=offer,
# or POST /starttls to the sink).
TLS_DIR=$STATE/mail-tls
rm -rf "$TLS_DIR"
mkdir -p "$TLS_DIR"
(umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -nodes -days 7 -subj "/CN=Launchline $MODE mail sink" \
    -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$TLS_DIR/key.pem" -out "$TLS_DIR/cert.pem") >"$STATE/mail-tls.log" 2>&1 ||
    fail "making the mail sink's certificate (openssl)" "$STATE/mail-tls.log"
chmod 0644 "$TLS_DIR/cert.pem"

# The sink wants SMTP AUTH with a random password, kept in a 0600 file that
# it and Launchline (smtp_password_file) read.
SMTP_USER=launchline-$MODE
if [[ ! -s $STATE/smtp_password ]]; then
    (umask 077 && random_secret >"$STATE/smtp_password")
fi
chmod 0600 "$STATE/smtp_password"
say "mail sink: SMTP 127.0.0.1:$SMTP_PORT, web $MAIL_URL"
start_bg mail-sink "$STATE/mail-sink.log" \
    "$PYTHON" "$ROOT/tests/mail-sink/sink.py" --smtp-port "$SMTP_PORT" \
    --http-port "$MAIL_PORT" --dir "$STATE/mail" \
    --auth-user "$SMTP_USER" --auth-password-file "$STATE/smtp_password" \
    --tls-cert "$TLS_DIR/cert.pem" --tls-key "$TLS_DIR/key.pem" \
    --starttls "${MAIL_STARTTLS:-off}"
sink_pid=$STARTED_PID

# --- MariaDB ---------------------------------------------------------------

db_opts=()
[[ $MODE == test ]] && db_opts+=(--innodb-flush-log-at-trx-commit=2) # speed over durability
# The texting benchmarks hold campaigns of a million conversations.
[[ $MODE == bench ]] && db_opts+=(--innodb-buffer-pool-size=1G)

if ((!CLUSTER)); then
    if [[ ! -d $DB_DIR/mysql ]]; then
        say "creating the MariaDB datadir"
        rm -rf "$DB_DIR"
        mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$DB_DIR" \
            --auth-root-authentication-method=normal --skip-test-db \
            >"$STATE/mariadb-install.log" 2>&1 ||
            fail "mariadb-install-db" "$STATE/mariadb-install.log"
    fi
    say "MariaDB on $DB_SOCK"
    rm -f "$DB_SOCK"
    start_bg mariadb "$STATE/mariadb.log" \
        mariadbd --no-defaults --user="$(id -un)" --datadir="$DB_DIR" \
        --socket="$DB_SOCK" --skip-networking --pid-file="$STATE/mariadb.pid" \
        --log-error="$STATE/mariadb.log" --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_unicode_ci "${db_opts[@]}"
    wait_until "$STARTED_PID" 60 "MariaDB" \
        mariadb-admin --no-defaults --socket="$DB_SOCK" -uroot ping ||
        fail "MariaDB" "$STATE/mariadb.log"
else
    # node_dir N, node_sock N: where node N keeps its files, its socket.
    node_dir() { printf '%s/node%s' "$STATE" "$1"; }
    node_sock() { if (($1 == 1)); then printf '%s' "$DB_SOCK"; else printf '%s/mysql.sock' "$(node_dir "$1")"; fi; }
    gcomm=gcomm://
    for n in 1 2 3; do
        node_ports "$n"
        gcomm+="127.0.0.1:$NODE_GCOMM_PORT,"
    done
    gcomm=${gcomm%,}
    # node_synced N: node N is in the Primary component and Synced.
    node_synced() {
        [[ $(mariadb --no-defaults --socket="$(node_sock "$1")" -uroot -N -B -e \
            "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
             WHERE VARIABLE_NAME = 'wsrep_local_state_comment'" 2>/dev/null) == Synced ]]
    }
    # start_node N [--wsrep-new-cluster]
    start_node() {
        local n=$1 dir
        shift
        dir=$(node_dir "$n")
        node_ports "$n"
        mkdir -p "$dir/data"
        rm -f "$(node_sock "$n")"
        say "MariaDB Galera node $n on 127.0.0.1:$NODE_DB_PORT ($(node_sock "$n"))${1:+, bootstrapping the cluster}"
        # Small nodes: three of them share this machine with everything else.
        # The options sit in the node's own my.cnf (never /etc/mysql's): the
        # SST script reads the same file. mariabackup SST connects to the
        # donor as root over its socket (root has no password in these
        # private stacks: nothing secret in the file or on argv); its log
        # goes to the node's folder, not syslog.
        cat >"$dir/my.cnf" <<EOF
# Rendered by tests/stack/up.sh: Galera node $n of the $MODE cluster stack.
[mysqld]
user = $(id -un)
datadir = $dir/data
socket = $(node_sock "$n")
port = $NODE_DB_PORT
bind-address = 127.0.0.1
pid-file = $dir/mariadb.pid
log-error = $dir/mariadb.log
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
innodb-buffer-pool-size = 128M
innodb-log-file-size = 64M
performance-schema = OFF
max-connections = 300
binlog-format = ROW
default-storage-engine = InnoDB
innodb-autoinc-lock-mode = 2
wsrep-on = ON
wsrep-provider = /usr/lib/galera/libgalera_smm.so
wsrep-cluster-name = launchline-$MODE
wsrep-node-name = node$n
wsrep-cluster-address = $gcomm
wsrep-node-address = 127.0.0.1:$NODE_GCOMM_PORT
wsrep-provider-options = "gmcast.listen_addr=tcp://127.0.0.1:$NODE_GCOMM_PORT;ist.recv_addr=127.0.0.1:$NODE_IST_PORT;gcache.size=64M"
wsrep-sst-method = mariabackup
wsrep-sst-auth = root:
wsrep-sst-receive-address = 127.0.0.1:$NODE_SST_PORT
wsrep-slave-threads = 2

[sst]
sst-syslog = -1
sst-log-archive-dir = $dir/sst-logs
EOF
        start_bg "mariadb-node$n" "$dir/mariadb.log" \
            mariadbd --defaults-file="$dir/my.cnf" "${db_opts[@]}" "$@"
        wait_until "$STARTED_PID" 180 "Galera node $n (Synced)" node_synced "$n" ||
            fail "Galera node $n" "$dir/mariadb.log"
    }
    node1=$(node_dir 1)
    if [[ ! -d $node1/data/mysql ]]; then
        say "creating node 1's datadir (nodes 2 and 3 get theirs by SST)"
        rm -rf "$STATE/node1" "$STATE/node2" "$STATE/node3"
        mkdir -p "$node1"
        mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$node1/data" \
            --auth-root-authentication-method=normal --skip-test-db \
            >"$STATE/mariadb-install.log" 2>&1 ||
            fail "mariadb-install-db" "$STATE/mariadb-install.log"
    fi
    # Node 1 always bootstraps: down.sh stops it last, so it holds every
    # commit; a crash may have left it marked unsafe, and in a private
    # stack it is the one to trust.
    [[ -f $node1/data/grastate.dat ]] &&
        sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$node1/data/grastate.dat"
    start_node 1 --wsrep-new-cluster
    start_node 2
    start_node 3
fi

# The application's database and user. The password never appears on a
# command line: it lives in a 0600 file and reaches MariaDB on stdin.
if [[ ! -s $STATE/db_password ]]; then
    (umask 077 && random_secret >"$STATE/db_password")
fi
chmod 0600 "$STATE/db_password"
db_password=$(<"$STATE/db_password")
mariadb --no-defaults --socket="$DB_SOCK" -uroot >"$STATE/db-setup.log" 2>&1 <<SQL ||
CREATE DATABASE IF NOT EXISTS launchline CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'launchline'@'localhost' IDENTIFIED BY '$db_password';
ALTER USER 'launchline'@'localhost' IDENTIFIED BY '$db_password';
GRANT ALL PRIVILEGES ON launchline.* TO 'launchline'@'localhost';
CREATE USER IF NOT EXISTS 'launchline'@'127.0.0.1' IDENTIFIED BY '$db_password';
ALTER USER 'launchline'@'127.0.0.1' IDENTIFIED BY '$db_password';
GRANT ALL PRIVILEGES ON launchline.* TO 'launchline'@'127.0.0.1';
SQL
    fail "creating the launchline database and user" "$STATE/db-setup.log"
unset db_password

# --- the application --------------------------------------------------------

wait_until "$sim_pid" 10 "the provider simulator's webhook public key" \
    test -s "$SIM_KEY_DIR/webhook_public_key" ||
    fail "the provider simulator" "$STATE/provider-sim.log"
sim_public_key=$(<"$SIM_KEY_DIR/webhook_public_key")

# render_conf FILE FCGI-SOCKET PID-FILE DB-LINES: one host's launchline.conf.
render_conf() {
    cat >"$1" <<EOF
# Rendered by tests/stack/up.sh for the $MODE stack; rewritten at every start.
socket = $2
pid_file = $3
workers = ${WORKERS:-12}
provisioners = $PROVISIONERS
mailers = $MAILERS
senders = ${SENDERS:-1}
$4
db_name = launchline
db_user = launchline
db_password_file = $STATE/db_password
sql_dir = $ROOT/sql
openapi_file = $ROOT/fcgi/openapi.json
public_url = $URL
log_level = ${LOG_LEVEL:-info}
provider_base_url = $SIM_URL
provider_api_key_file = $STATE/provider_api_key
provider_webhook_public_key = $sim_public_key
provider_webhook_failover_url = $URL/hooks/telnyx?failover=1
use_case_recheck_s = $UC_RECHECK
use_case_check_interval_s = $UC_INTERVAL
provisioning_first_poll_s = $FIRST_POLL
provisioning_poll_cap_s = $POLL_CAP
purge_interval_s = $PURGE
provisioning_lease_s = $LEASE
provider_timeout_ms = $PROVIDER_TIMEOUT_MS
smtp_host = 127.0.0.1
smtp_port = $SMTP_PORT
smtp_starttls = when_offered
smtp_ca_file = $TLS_DIR/cert.pem
smtp_user = $SMTP_USER
smtp_password_file = $STATE/smtp_password
smtp_helo_name = launchline-$MODE.invalid
smtp_timeout_ms = $SMTP_TIMEOUT_MS
mail_from = Launchline ($MODE) <launchline@$MODE.launchline.test>
mail_reply_to = Launchline support <support@$MODE.launchline.test>
mail_lease_s = $MAIL_LEASE
export_lease_s = $EXPORT_LEASE
mail_retry_first_s = $MAIL_RETRY_FIRST
mail_retry_cap_s = $MAIL_RETRY_CAP
mail_max_attempts = $MAIL_ATTEMPTS
sender_reconcile_s = $RECONCILE
sender_records_wait_s = $RECORDS_WAIT
sender_number_per_minute = $NUMBER_PER_MINUTE
EOF
}

if ((!CLUSTER)); then
    render_conf "$CONF" "$SOCK" "$STATE/launchline.pid" "db_socket = $DB_SOCK"
else
    # Each host starts at its own node (its socket); the others, by TCP,
    # are where it moves when that one leaves the cluster.
    node_ports 1; p1=$NODE_DB_PORT
    node_ports 2; p2=$NODE_DB_PORT
    node_ports 3; p3=$NODE_DB_PORT
    # The session cache's epoch is one host's: with two hosts a sign-out
    # on one would reach the other's cache only after session_cache_s, so
    # the cluster stack runs without it (README: Running on a Galera cluster).
    render_conf "$CONF" "$SOCK" "$STATE/launchline.pid" \
        "db_hosts = $(node_sock 1), 127.0.0.1:$p2, 127.0.0.1:$p3"$'\n'"session_cache_s = 0"
    mkdir -p "$STATE/host-b"
    render_conf "$STATE/host-b/launchline.conf" "$STATE/host-b/fcgi.sock" \
        "$STATE/host-b/launchline.pid" \
        "db_hosts = $(node_sock 2), 127.0.0.1:$p3, 127.0.0.1:$p1"$'\n'"session_cache_s = 0"
fi

say "migrating"
"$LAUNCHLINE_BIN" migrate --config "$CONF" >"$STATE/migrate.log" 2>&1 ||
    fail "launchline migrate" "$STATE/migrate.log"

say "launchline serve on $SOCK"
rm -f "$SOCK"
start_bg launchline "$STATE/launchline.log" \
    "$LAUNCHLINE_BIN" serve --config "$CONF"
wait_until "$STARTED_PID" 15 "launchline serve" test -S "$SOCK" ||
    fail "launchline serve" "$STATE/launchline.log"
if ((CLUSTER)); then
    say "launchline serve (host B) on $STATE/host-b/fcgi.sock"
    rm -f "$STATE/host-b/fcgi.sock"
    start_bg launchline-b "$STATE/host-b/launchline.log" \
        "$LAUNCHLINE_BIN" serve --config "$STATE/host-b/launchline.conf"
    wait_until "$STARTED_PID" 15 "launchline serve (host B)" test -S "$STATE/host-b/fcgi.sock" ||
        fail "launchline serve (host B)" "$STATE/host-b/launchline.log"
fi

# --- nginx --------------------------------------------------------------

say "nginx on $URL"
"$STACK/render-nginx.sh" local "$NGINX" "LISTEN=127.0.0.1:$HTTP_PORT" \
    "ROOT=$ROOT/web/dist" "FCGI_SOCKET=$SOCK"
# The cluster's second host joins the upstream: nginx balances over both.
if ((CLUSTER)); then
    sed -i "s|^\( *\)server unix:$SOCK;|&\n\1server unix:$STATE/host-b/fcgi.sock;|" "$NGINX/launchline.conf"
    grep -q "server unix:$STATE/host-b/fcgi.sock;" "$NGINX/launchline.conf" ||
        die "could not add host B to the nginx upstream"
fi
nginx_args=(-e "$NGINX/logs/error.log" -c "$NGINX/nginx.conf" -p "$NGINX")
nginx -t -q "${nginx_args[@]}" 2>"$STATE/nginx-check.log" ||
    fail "nginx -t" "$STATE/nginx-check.log"
start_bg nginx "$STATE/nginx.log" nginx "${nginx_args[@]}"
nginx_pid=$STARTED_PID

health() {
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL/api/v1/health") == 200 ]]
}
if ! wait_until "$nginx_pid" 15 "GET /api/v1/health" health; then
    show_log "$NGINX/logs/error.log"
    fail "the health check" "$STATE/launchline.log"
fi
wait_until "$sim_pid" 10 "provider simulator" \
    curl -sf --max-time 2 "$SIM_URL/_sim/health" ||
    fail "the provider simulator" "$STATE/provider-sim.log"
wait_until "$sink_pid" 10 "mail sink" \
    curl -sf --max-time 2 "$MAIL_URL/sessions" ||
    fail "the mail sink" "$STATE/mail-sink.log"

# --- demo data, once per state dir -----------------------------------------

# admin ARGS...: runs `launchline admin`, output appended to seed.log.
admin() {
    "$LAUNCHLINE_BIN" admin "$1" --config "$CONF" "${@:2}" 2>>"$STATE/seed.log"
}

if [[ ! -f $STATE/seed.json ]]; then
    say "seeding Demo Org, admin@demo.test (owner), texter@demo.test (texter)"
    admin_password=$(random_secret)
    texter_password=$(random_secret)
    {
        admin create-org "Demo Org" >/dev/null &&
            admin create-user admin@demo.test "Demo Admin" <<<"$admin_password" >/dev/null &&
            admin create-user texter@demo.test "Demo Texter" <<<"$texter_password" >/dev/null &&
            admin set-role admin@demo.test "Demo Org" owner >/dev/null &&
            admin set-role texter@demo.test "Demo Org" texter >/dev/null &&
            # An approved use case the simulator knows, so a number can be
            # created at once (the provisioner confirms it within seconds).
            { [[ $MODE != run ]] ||
                admin create-use-case "Demo Org" "Demo use case" CDEMO01 >/dev/null; }
    } || fail "seeding (delete var/$MODE to start over)" "$STATE/seed.log"
    (umask 077 && cat >"$STATE/seed.json.tmp" <<EOF
{"url":"$URL","admin":{"email":"admin@demo.test","password":"$admin_password"},"texter":{"email":"texter@demo.test","password":"$texter_password"},"org":"Demo Org","sim_url":"$SIM_URL","mail_url":"$MAIL_URL"}
EOF
    )
    mv "$STATE/seed.json.tmp" "$STATE/seed.json"
else
    # Same users, perhaps other ports this time.
    URL=$URL SIM_URL=$SIM_URL MAIL_URL=$MAIL_URL SEED=$STATE/seed.json "$NODE" -e '
        const fs = require("node:fs");
        const seed = JSON.parse(fs.readFileSync(process.env.SEED, "utf8"));
        Object.assign(seed, { url: process.env.URL, sim_url: process.env.SIM_URL,
                              mail_url: process.env.MAIL_URL });
        fs.writeFileSync(process.env.SEED, JSON.stringify(seed) + "\n", { mode: 0o600 });
    '
fi

up_ok=1
say "the $MODE stack is up: $URL"
