#!/bin/bash
# Installs the peers named in shared/reference/performance.md §3 when they are missing, from the
# only registries this machine reaches (Debian apt, npm). Idempotent: a second run does nothing.
# Prints one line per peer: "peer NAME ok VERSION" or "peer NAME missing REASON".
# The npm peers go into $PEERS_DIR (outside the repo: 600+ MB, never committed).
set -u
PEERS_DIR=${PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tideline-bench-peers}
mkdir -p "$PEERS_DIR"
log=$PEERS_DIR/install.log

apt_ok() { dpkg -s "$1" >/dev/null 2>&1; }
apt_install() { # the apt peers; apt-get update once, only when something is missing
    local missing=()
    for p in "$@"; do apt_ok "$p" || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || { echo "apt: not root, cannot install ${missing[*]}" >>"$log"; return 1; }
    apt-get update >>"$log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >>"$log" 2>&1
}
apt_install sqlite3 libsqlite3-dev
apt_install clickhouse-server clickhouse-client

# npm: versions pinned as performance.md measured them; the polars platform package must be
# named explicitly (it is not pulled automatically).
npm_pkgs=(@duckdb/node-api@1.5.6-r.1 chdb@3.4.0 nodejs-polars@0.25.2 nodejs-polars-linux-x64-gnu@0.25.2)
need=0
for d in @duckdb/node-api chdb nodejs-polars nodejs-polars-linux-x64-gnu; do
    [ -d "$PEERS_DIR/node_modules/$d" ] || need=1
done
if [ $need = 1 ]; then
    (cd "$PEERS_DIR" && { [ -f package.json ] || npm init -y >/dev/null; } &&
        npm i -E --no-audit --no-fund "${npm_pkgs[@]}" >>"$log" 2>&1)
fi

report() { # name, check command, version command
    if eval "$2" >/dev/null 2>&1; then echo "peer $1 ok $(eval "$3" 2>/dev/null | head -1)"
    else echo "peer $1 missing (see $log)"; fi
}
nm=$PEERS_DIR/node_modules
report sqlite "command -v sqlite3" "sqlite3 --version | cut -d' ' -f1"
report clickhouse "command -v clickhouse-client && command -v clickhouse-server" "dpkg-query -W -f='\${Version}' clickhouse-server"
report duckdb "test -f $nm/@duckdb/node-bindings-linux-x64/libduckdb.so" "node -p \"require('$nm/@duckdb/node-api/package.json').version\""
report chdb "test -d $nm/chdb" "node -p \"require('$nm/chdb/package.json').version\""
report polars "test -d $nm/nodejs-polars-linux-x64-gnu" "node -p \"require('$nm/nodejs-polars/package.json').version\""
