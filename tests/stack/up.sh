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

for port in "$HTTP_PORT" "$SIM_PORT" "$MAIL_PORT" "$SMTP_PORT"; do
    port_taken "$port" &&
        die "port $port is taken (the $MODE stack uses $HTTP_PORT, $SIM_PORT, $MAIL_PORT, $SMTP_PORT)"
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

# --- MariaDB --------------------------------------------------------------

if [[ ! -d $DB_DIR/mysql ]]; then
    say "creating the MariaDB datadir"
    rm -rf "$DB_DIR"
    mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$DB_DIR" \
        --auth-root-authentication-method=normal --skip-test-db \
        >"$STATE/mariadb-install.log" 2>&1 ||
        fail "mariadb-install-db" "$STATE/mariadb-install.log"
fi

db_opts=()
[[ $MODE == test ]] && db_opts+=(--innodb-flush-log-at-trx-commit=2) # speed over durability
# The texting benchmarks hold campaigns of a million conversations.
[[ $MODE == bench ]] && db_opts+=(--innodb-buffer-pool-size=1G)
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
SQL
    fail "creating the launchline database and user" "$STATE/db-setup.log"
unset db_password

# --- the application --------------------------------------------------------

wait_until "$sim_pid" 10 "the provider simulator's webhook public key" \
    test -s "$SIM_KEY_DIR/webhook_public_key" ||
    fail "the provider simulator" "$STATE/provider-sim.log"
sim_public_key=$(<"$SIM_KEY_DIR/webhook_public_key")

cat >"$CONF" <<EOF
# Rendered by tests/stack/up.sh for the $MODE stack; rewritten at every start.
socket = $SOCK
pid_file = $STATE/launchline.pid
workers = ${WORKERS:-12}
provisioners = $PROVISIONERS
mailers = $MAILERS
senders = ${SENDERS:-1}
db_socket = $DB_SOCK
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

say "migrating"
"$LAUNCHLINE_BIN" migrate --config "$CONF" >"$STATE/migrate.log" 2>&1 ||
    fail "launchline migrate" "$STATE/migrate.log"

say "launchline serve on $SOCK"
rm -f "$SOCK"
start_bg launchline "$STATE/launchline.log" \
    "$LAUNCHLINE_BIN" serve --config "$CONF"
wait_until "$STARTED_PID" 15 "launchline serve" test -S "$SOCK" ||
    fail "launchline serve" "$STATE/launchline.log"

# --- nginx --------------------------------------------------------------

say "nginx on $URL"
"$STACK/render-nginx.sh" local "$NGINX" "LISTEN=127.0.0.1:$HTTP_PORT" \
    "ROOT=$ROOT/web/dist" "FCGI_SOCKET=$SOCK"
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
