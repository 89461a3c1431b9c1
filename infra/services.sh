#!/usr/bin/env bash
# Starts or stops the real services the tests talk to, on loopback only:
#   PostgreSQL on 127.0.0.1:$PLENARY_TEST_PG_PORT (default 55432), a fresh cluster each start
#   Redis      on 127.0.0.1:$PLENARY_TEST_REDIS_PORT (default 56379), no persistence
#   coturn     on 127.0.0.1:$PLENARY_TEST_TURN_PORT (default 53478), TURN REST API secret, relaying on loopback
# Usage: infra/services.sh start|stop|env
# `env` prints the variables the tests read.
set -euo pipefail

STATE=$(realpath -m "${PLENARY_TEST_STATE:-/tmp/plenary-test-services}")
PG_PORT=${PLENARY_TEST_PG_PORT:-55432}
REDIS_PORT=${PLENARY_TEST_REDIS_PORT:-56379}
TURN_PORT=${PLENARY_TEST_TURN_PORT:-53478}
# A test secret for a TURN server reachable on loopback only.
TURN_SECRET=plenary-test-turn-secret
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

# PostgreSQL refuses to run as root: run it as the `postgres` system user then,
# from `/`, since that user may not enter the checkout (a clone under a private
# temporary folder) and pg_ctl says so on every start.
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

print_env() {
  echo "export PLENARY_TEST_POSTGRES_URL=postgres://plenary@127.0.0.1:${PG_PORT}/postgres"
  echo "export PLENARY_TEST_REDIS_URL=redis://127.0.0.1:${REDIS_PORT}/"
  echo "export PLENARY_TEST_TURN_URL=turn:127.0.0.1:${TURN_PORT}?transport=udp"
  echo "export PLENARY_TEST_TURN_SECRET=${TURN_SECRET}"
}

stop() {
  # Garage keeps its state under the same folder: stop it before that folder goes.
  "$(dirname "$0")/garage.sh" stop
  if [ -f "$STATE/pg/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -f "$STATE/redis.pid" ]; then
    kill "$(cat "$STATE/redis.pid")" 2>/dev/null || true
    rm -f "$STATE/redis.pid"
  fi
  if [ -f "$STATE/turn.pid" ]; then
    kill "$(cat "$STATE/turn.pid")" 2>/dev/null || true
    rm -f "$STATE/turn.pid"
  fi
}

start() {
  stop
  rm -rf "$STATE"
  mkdir -p "$STATE"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$STATE"
  as_pg "$PG_BIN/initdb" -D "$STATE/pg" -U plenary --auth=trust -E UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 \
    || { cat "$STATE/initdb.log"; exit 1; }
  # Test databases are throwaway: durability settings off for speed.
  # pg_stat_statements lets tests count the queries a request runs.
  as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg" -l "$STATE/pg.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PG_PORT -k $STATE -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_preload_libraries=pg_stat_statements" \
    start >/dev/null || { cat "$STATE/pg.log"; exit 1; }
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --dir "$STATE" --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log"
  for _ in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping | grep -q PONG || { cat "$STATE/redis.log"; exit 1; }
  # TURN as production runs it (use-auth-secret), but on loopback: relays
  # to loopback peers are allowed only because the SFU under test is there.
  turnserver --listening-ip=127.0.0.1 --listening-port="$TURN_PORT" --relay-ip=127.0.0.1 \
    --min-port=53500 --max-port=53999 --use-auth-secret --static-auth-secret="$TURN_SECRET" \
    --realm=plenary.test --fingerprint --no-tls --no-dtls --no-cli --allow-loopback-peers \
    --no-stdout-log --log-file="$STATE/turn.log" --simple-log --pidfile="$STATE/turn.pid" \
    --daemon >/dev/null 2>&1 || { cat "$STATE/turn.log" 2>/dev/null; echo "coturn did not start" >&2; exit 1; }
  for _ in $(seq 1 50); do
    [ -s "$STATE/turn.pid" ] && grep -q "$TURN_PORT" /proc/net/udp 2>/dev/null && break
    [ -s "$STATE/turn.pid" ] && ss -lun 2>/dev/null | grep -q ":$TURN_PORT " && break
    sleep 0.1
  done
  [ -s "$STATE/turn.pid" ] || { cat "$STATE/turn.log" 2>/dev/null; echo "coturn did not start" >&2; exit 1; }
  echo "services: PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT, coturn on 127.0.0.1:$TURN_PORT"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
