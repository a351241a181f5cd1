#!/usr/bin/env bash
# Renders nginx/launchline.conf.in (the site) and nginx/local.conf.in (the
# main-context wrapper of the local stacks). See the top of those files.
#
#   render-nginx.sh production PREFIX [NAME=VALUE...]
#       Prints the production site file (TLS, http -> https) on stdout.
#       Defaults: LISTEN=443 HTTP_LISTEN=80 SERVER_NAME=_
#       ROOT=PREFIX/share/launchline/web FCGI_SOCKET=/run/launchline/fcgi.sock
#       LOG_DIR=/var/log/nginx TLS_CERT=/etc/launchline/tls/fullchain.pem
#       TLS_KEY=/etc/launchline/tls/privkey.pem. SERVER_NAME, TLS_CERT and
#       TLS_KEY may also come from the environment (`make install
#       SERVER_NAME=chat.example.org`); NAME=VALUE arguments win.
#
#   render-nginx.sh local DIR NAME=VALUE...
#       Writes DIR/nginx.conf (the wrapper) and DIR/launchline.conf (the site
#       in plain HTTP) for `nginx -c DIR/nginx.conf -p DIR`, and creates
#       DIR/logs and DIR/tmp. Needs LISTEN, ROOT and FCGI_SOCKET; defaults
#       SERVER_NAME="127.0.0.1 localhost" LOG_DIR=DIR/logs, and the wrapper's
#       workers run as the user and group running this script.
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
SITE_IN=$ROOT_DIR/nginx/launchline.conf.in
MAIN_IN=$ROOT_DIR/nginx/local.conf.in

die() {
    printf 'render-nginx.sh: %s\n' "$*" >&2
    exit 1
}

declare -A VARS=()

# set_vars NAME=VALUE...: adds to VARS.
set_vars() {
    local kv
    for kv in "$@"; do
        [[ $kv =~ ^([A-Z_]+)=(.*)$ ]] || die "expected NAME=VALUE, got '$kv'"
        [[ $kv != *$'\n'* ]] || die "newline in the value of ${BASH_REMATCH[1]}"
        VARS[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
    done
}

# render TEMPLATE tls|plain: prints TEMPLATE with its leading comment block
# replaced by a note, @TLS@/@PLAIN@ lines kept or dropped, and every
# @NAME@ replaced from VARS. Fails on a placeholder left without a value.
render() {
    local template=$1 mode=$2 keep drop name value out
    local -a script=()
    if [[ $mode == tls ]]; then keep=TLS drop=PLAIN; else keep=PLAIN drop=TLS; fi
    script+=(-e '1,/^$/d' -e "/^@$drop@/d" -e "s/^@$keep@//")
    for name in "${!VARS[@]}"; do
        value=$(printf '%s' "${VARS[$name]}" | sed -e 's/[\\&|]/\\&/g')
        script+=(-e "s|@$name@|$value|g")
    done
    out=$(sed "${script[@]}" "$template" | cat -s)
    if grep -n '@[A-Z_][A-Z_]*@' <<<"$out" >&2; then
        die "no value for the placeholder(s) above in ${template#"$ROOT_DIR"/}"
    fi
    printf '# Rendered from %s by tests/stack/render-nginx.sh (%s); do not edit.\n\n%s\n' \
        "${template#"$ROOT_DIR"/}" "$mode" "$out"
}

case ${1:-} in
    production)
        [[ $# -ge 2 ]] || die "usage: render-nginx.sh production PREFIX [NAME=VALUE...]"
        prefix=${2%/}
        shift 2
        set_vars LISTEN=443 HTTP_LISTEN=80 "SERVER_NAME=${SERVER_NAME:-_}" \
            "ROOT=$prefix/share/launchline/web" \
            FCGI_SOCKET=/run/launchline/fcgi.sock LOG_DIR=/var/log/nginx \
            "TLS_CERT=${TLS_CERT:-/etc/launchline/tls/fullchain.pem}" \
            "TLS_KEY=${TLS_KEY:-/etc/launchline/tls/privkey.pem}" "$@"
        render "$SITE_IN" tls
        ;;
    local)
        [[ $# -ge 2 ]] || die "usage: render-nginx.sh local DIR NAME=VALUE..."
        dir=${2%/}
        shift 2
        [[ $dir == /* ]] || die "DIR must be an absolute path"
        mkdir -p "$dir/logs" "$dir/tmp"
        set_vars "SERVER_NAME=127.0.0.1 localhost" "LOG_DIR=$dir/logs" "$@"
        site=$(render "$SITE_IN" plain)
        VARS=([PREFIX]=$dir [WORKER_USER]="$(id -un) $(id -gn)")
        main=$(render "$MAIN_IN" plain)
        printf '%s\n' "$site" >"$dir/launchline.conf"
        printf '%s\n' "$main" >"$dir/nginx.conf"
        ;;
    *)
        die "usage: render-nginx.sh production PREFIX [NAME=VALUE...] | local DIR NAME=VALUE..."
        ;;
esac
