#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 cluster (trust auth, loopback only) for the integration
# tests and prints its URL. Reuses a cluster already answering on the port.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDATA=${DOCENT_PGDATA:-/tmp/docent-test-pg}
PORT=${DOCENT_PGPORT:-5433}

if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  rm -rf "$PGDATA"
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  su postgres -c "$PGBIN/initdb -D '$PGDATA' -A trust -U postgres --no-instructions" >/dev/null
  su postgres -c "$PGBIN/pg_ctl -D '$PGDATA' -l '$PGDATA/server.log' -w \
    -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off\" start" >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
