#!/bin/sh
# Runs a private PostgreSQL server in the foreground, for the AppHost's executables mode and the
# test fixtures alike. Creates the cluster on first start and keeps it on later starts.
#   DATA_DIR     folder for the cluster (created if missing)
#   PGPORT       port to listen on (127.0.0.1 only)
#   PG_PASSWORD  password of the 'postgres' superuser
#   PG_DURABLE   on (default) | off: fsync and synchronous_commit; off only for fast test fixtures
set -eu
: "${DATA_DIR:?DATA_DIR is required}" "${PGPORT:?PGPORT is required}" "${PG_PASSWORD:?PG_PASSWORD is required}"
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/postgres" ]; then
  echo "PostgreSQL server not found: install it with 'apt-get install -y postgresql' (or run eng/setup.sh as root)" >&2
  exit 127
fi
durable=${PG_DURABLE:-on}

# PostgreSQL refuses to run as root: drop to the 'postgres' OS user (exec, so the caller watches postgres itself).
run_as=""
if [ "$(id -u)" = 0 ]; then run_as="setpriv --reuid=postgres --regid=postgres --init-groups --"; fi

mkdir -p "$DATA_DIR"
[ -n "$run_as" ] && chown postgres:postgres "$DATA_DIR"
cluster="$DATA_DIR/cluster"
if [ ! -s "$cluster/PG_VERSION" ]; then
  pwfile="$DATA_DIR/pwfile"
  (umask 077; printf %s "$PG_PASSWORD" > "$pwfile")
  [ -n "$run_as" ] && chown postgres "$pwfile"
  sync_flag=""; [ "$durable" = off ] && sync_flag="--no-sync"
  $run_as "$PG_BIN/initdb" -D "$cluster" -U postgres --pwfile="$pwfile" -A scram-sha-256 -E UTF8 \
    --locale=C.UTF-8 --no-instructions $sync_flag >/dev/null
  rm -f "$pwfile"
fi

exec $run_as "$PG_BIN/postgres" -D "$cluster" -h 127.0.0.1 -p "$PGPORT" -c unix_socket_directories= \
  -c fsync="$durable" -c synchronous_commit="$durable" -c full_page_writes="$durable" \
  -c max_connections=300 -c shared_buffers=256MB
