#!/usr/bin/env bash
# A private PostgreSQL cluster on 127.0.0.1 for development, tests and CI, from
# Debian's packages. It never touches the system's own clusters (/etc/postgresql).
#
# Usage: deploy/postgres/pg.sh install|start|stop|restart|status|url
#   install  apt-get install postgresql if initdb/pg_ctl are missing (idempotent)
#   start    install if needed; initdb the cluster in $PG_WORK if missing (data kept
#            otherwise); start it on 127.0.0.1:$PG_PORT; ensure role and database
#            huiliu/huiliu exist; wait for pg_isready; print the SQLAlchemy URL
#   stop     pg_ctl stop -m fast (idempotent)
#   restart  stop then start (data kept)
#   status   "running <pid> <url>" (exit 0) or "stopped" (exit 3)
#   url      print postgresql+psycopg://huiliu:huiliu@127.0.0.1:<port>/huiliu
#
# Environment:
#   PG_PORT     TCP port on 127.0.0.1 (default 55432; "0" or "auto" picks a free one,
#               and keeps the one picked before while it is free)
#   PG_WORK     work folder (default <repo>/var/postgres): data/ (the cluster),
#               run/ (unix socket), postgres.log, port, url
#   PG_BIN      folder with initdb/pg_ctl (default: newest /usr/lib/postgresql/*/bin)
#   PG_START_TIMEOUT  seconds to wait for the server (default 60)
#
# PostgreSQL refuses to run as root: run as root, this script runs the server as the
# `postgres` system user (created by Debian's package), which owns $PG_WORK. If that
# user cannot reach $PG_WORK (e.g. the repo lives under /root, mode 700), the cluster
# goes to /var/tmp/huiliu-postgres-<hash of PG_WORK> instead; files naming the port and
# URL stay in $PG_WORK. Run as another user, the server runs as that user.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WORK=${PG_WORK:-$REPO/var/postgres}
START_TIMEOUT=${PG_START_TIMEOUT:-60}
DB_USER=huiliu DB_PASSWORD=huiliu DB_NAME=huiliu

log() { echo "pg.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- install

# The folder holding initdb, pg_ctl, postgres, pg_isready and psql.
find_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return 0; fi
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)  # newest version
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  d=$(command -v pg_ctl 2>/dev/null || true)   # other systems: on PATH
  if [ -n "$d" ]; then d=$(dirname "$(readlink -f "$d")"); [ -x "$d/initdb" ] && { echo "$d"; return 0; }; fi
  return 1
}

install() {
  if find_bin >/dev/null; then return 0; fi
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed; run as root (or: sudo apt-get install postgresql)"
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and there is no apt-get here"
  export DEBIAN_FRONTEND=noninteractive
  log "installing PostgreSQL from Debian's packages ..."
  # Try the current package lists first; refresh them only when the install needs it.
  if ! apt-get install -y -q --no-install-recommends postgresql </dev/null >/tmp/pg-install.$$.log 2>&1; then
    apt-get update -q </dev/null >>/tmp/pg-install.$$.log 2>&1 ||
      { cat /tmp/pg-install.$$.log >&2; die "apt-get update failed"; }
    apt-get install -y -q --no-install-recommends postgresql </dev/null >>/tmp/pg-install.$$.log 2>&1 ||
      { cat /tmp/pg-install.$$.log >&2; die "apt-get install postgresql failed"; }
  fi
  rm -f /tmp/pg-install.$$.log
  find_bin >/dev/null || die "postgresql installed but no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
}

# ---------------------------------------------------------------- helpers

# Who runs the server, and how to run a command as that user.
if [ "$(id -u)" = 0 ]; then
  PG_OS_USER=postgres
  as_pg() { (cd / && runuser -u "$PG_OS_USER" -- "$@"); }
else
  PG_OS_USER=$(id -un)
  as_pg() { (cd / && "$@"); }
fi

# Where the cluster lives: $WORK, or a fallback the server's user can reach (see top).
pg_home() {
  if [ "$(id -u)" != 0 ] || as_pg test -w "$WORK" 2>/dev/null; then
    echo "$WORK"
  else
    echo "/var/tmp/huiliu-postgres-$(printf %s "$WORK" | sha256sum | cut -c1-12)"
  fi
}

prepare_dirs() {
  mkdir -p "$WORK"
  if [ "$(id -u)" = 0 ]; then
    id -u "$PG_OS_USER" >/dev/null 2>&1 || die "no '$PG_OS_USER' user (Debian's postgresql package creates it)"
    chown "$PG_OS_USER:" "$WORK"
    chmod 755 "$WORK"
  fi
  HOME_DIR=$(pg_home)
  [ "$HOME_DIR" = "$WORK" ] || log "user $PG_OS_USER cannot reach $WORK; the cluster lives in $HOME_DIR"
  mkdir -p "$HOME_DIR/run"
  if [ "$(id -u)" = 0 ]; then
    chown "$PG_OS_USER:" "$HOME_DIR" "$HOME_DIR/run"
    # A cluster made when the user had another uid (a reinstall): postgres refuses
    # a data folder it doesn't own, so hand it over.
    if [ -d "$HOME_DIR/data" ] && [ "$(stat -c %U "$HOME_DIR/data")" != "$PG_OS_USER" ]; then
      chown -R "$PG_OS_USER:" "$HOME_DIR/data"
    fi
  fi
  chmod 755 "$HOME_DIR" "$HOME_DIR/run"
}

set_paths() {
  HOME_DIR=$(pg_home)
  DATA=$HOME_DIR/data
  SOCK=$HOME_DIR/run
  LOGFILE=$HOME_DIR/postgres.log
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_free() {  # port_free PORT -> 0 when nothing listens on 127.0.0.1:PORT
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

choose_port() {
  local port=${PG_PORT:-55432}
  case "$port" in
    0|auto)
      # Keep the port picked last time (a stop/start keeps the URL) while it is free.
      if [ -f "$WORK/port" ] && port_free "$(cat "$WORK/port")"; then port=$(cat "$WORK/port")
      else port=$(free_port); fi ;;
  esac
  [[ "$port" =~ ^[0-9]+$ ]] || die "PG_PORT must be a number, 0 or auto (got '$port')"
  echo "$port"
}

url_for() { echo "postgresql+psycopg://$DB_USER:$DB_PASSWORD@127.0.0.1:$1/$DB_NAME"; }

is_running() { [ -f "$DATA/PG_VERSION" ] && as_pg "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

running_port() { sed -n 4p "$DATA/postmaster.pid" 2>/dev/null; }  # line 4: port

initdb_cluster() {
  log "initdb $DATA (owner $PG_OS_USER)"
  # trust for the unix socket (the superuser only, the socket dir is private to the
  # work folder); passwords (scram) for TCP, written below.
  # --no-locale: C collation, UTF8 encoding; works whatever locales the machine has.
  if ! as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=trust \
      -E UTF8 --no-locale >"$HOME_DIR/initdb.log" 2>&1; then
    cat "$HOME_DIR/initdb.log" >&2
    rm -rf "$DATA"
    die "initdb failed"
  fi
  as_pg tee "$DATA/pg_hba.conf" >/dev/null <<'HBA'
# Written by deploy/postgres/pg.sh
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   scram-sha-256
HBA
    # Settings of this cluster; pg_sh_runtime.conf (port, socket folder) is rewritten
  # at each start.
  as_pg tee -a "$DATA/postgresql.conf" >/dev/null <<'CONF'

# ---- deploy/postgres/pg.sh ----
listen_addresses = '127.0.0.1'
include_if_exists = 'pg_sh_runtime.conf'
password_encryption = 'scram-sha-256'
max_connections = 100
shared_buffers = 128MB
log_min_messages = warning
log_connections = off
CONF
}

# Role and database for the app (idempotent), through the unix socket as superuser.
ensure_app_db() {
  local port=$1
  as_pg "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$port" -U postgres -d postgres >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME') \gexec
SQL
}

# ---------------------------------------------------------------- commands

start() {
  install
  BIN=$(find_bin)
  prepare_dirs
  set_paths
  local port t0
  if is_running; then
    port=$(running_port)
    log "already running on port $port"
  else
    t0=$(date +%s.%N)
    port=$(choose_port)
    port_free "$port" || die "port $port on 127.0.0.1 is in use (set PG_PORT, or PG_PORT=0 for a free one)"
    [ -f "$DATA/PG_VERSION" ] || initdb_cluster
    printf "port = %s\nunix_socket_directories = '%s'\n" "$port" "$SOCK" |
      as_pg tee "$DATA/pg_sh_runtime.conf" >/dev/null
    # -w: wait until the server accepts connections; -t: for at most this long.
    if ! as_pg "$BIN/pg_ctl" start -D "$DATA" -l "$LOGFILE" -w -t "$START_TIMEOUT" >/dev/null; then
      log "ERROR: the server did not start; last lines of $LOGFILE:"
      tail -n 40 "$LOGFILE" >&2 || true
      exit 1
    fi
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t "$START_TIMEOUT" ||
      { tail -n 40 "$LOGFILE" >&2; die "pg_isready: not accepting TCP connections on 127.0.0.1:$port"; }
    log "started in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s (data $DATA, log $LOGFILE)"
  fi
  ensure_app_db "$port"
  echo "$port" >"$WORK/port"
  url_for "$port" >"$WORK/url"
  echo "DATABASE_URL=$(url_for "$port")"
}

stop() {
  BIN=$(find_bin) || { log "not installed, nothing to stop"; return 0; }
  set_paths
  if is_running; then
    as_pg "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >/dev/null
    log "stopped"
  else
    log "not running"
  fi
}

status() {
  BIN=$(find_bin) || { echo "stopped"; return 3; }
  set_paths
  if is_running; then
    echo "running $(head -n 1 "$DATA/postmaster.pid") $(url_for "$(running_port)")"
  else
    echo "stopped"
    return 3
  fi
}

url() {
  if BIN=$(find_bin) && set_paths && is_running; then url_for "$(running_port)"
  elif [ -f "$WORK/port" ]; then url_for "$(cat "$WORK/port")"
  else url_for "${PG_PORT:-55432}"; fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 install|start|stop|restart|status|url" >&2; exit 2 ;;
esac
