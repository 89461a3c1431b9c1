#!/usr/bin/env bash
# Garage, the S3-compatible object store Plenary archives into, for tests and
# local multi-node trials: a single node on loopback.
#   infra/garage.sh install   build it once from its crate into the cache (about 20 minutes on 2 cores)
#   infra/garage.sh start     fresh node with layout, bucket and key; prints nothing else
#   infra/garage.sh stop
#   infra/garage.sh resume    start the stopped node again with its data (tests stop and restart storage)
#   infra/garage.sh env       the variables the tests read
set -euo pipefail

VERSION=2.5.0
CACHE=${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}
ROOT=$CACHE/garage-$VERSION
BIN=$ROOT/bin/garage
STATE=${PLENARY_TEST_STATE:-/tmp/plenary-test-services}/garage
S3_PORT=${PLENARY_TEST_S3_PORT:-53900}
RPC_PORT=${PLENARY_TEST_GARAGE_RPC_PORT:-53901}
ADMIN_PORT=${PLENARY_TEST_GARAGE_ADMIN_PORT:-53903}
BUCKET=plenary
# A fixed test key, imported so every run has the same credentials.
KEY_ID=GK0123456789abcdef01234567
KEY_SECRET=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

install() {
  if [ -x "$BIN" ]; then return; fi
  echo "garage: building $VERSION from its crate (once; cached in $ROOT)"
  # A temporary target folder: Garage's build output is large and not reused.
  CARGO_TARGET_DIR="$CACHE/garage-build" cargo install garage --version "$VERSION" --locked --root "$ROOT" --quiet
  rm -rf "$CACHE/garage-build"
}

g() { "$BIN" -c "$STATE/garage.toml" "$@"; }

stop() {
  if [ -f "$STATE/garage.pid" ]; then
    kill "$(cat "$STATE/garage.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$(cat "$STATE/garage.pid")" 2>/dev/null || break; sleep 0.1; done
    rm -f "$STATE/garage.pid"
  fi
}

serve() {
  "$BIN" -c "$STATE/garage.toml" server >>"$STATE/garage.log" 2>&1 &
  echo $! >"$STATE/garage.pid"
  for _ in $(seq 1 100); do g status >/dev/null 2>&1 && break; sleep 0.1; done
  g status >/dev/null || { cat "$STATE/garage.log"; exit 1; }
}

start() {
  install
  stop
  rm -rf "$STATE"
  mkdir -p "$STATE/meta" "$STATE/data"
  cat >"$STATE/garage.toml" <<TOML
metadata_dir = "$STATE/meta"
data_dir = "$STATE/data"
db_engine = "sqlite"
replication_factor = 1
# Acknowledged writes must survive a crash: Garage leaves fsync off by default.
metadata_fsync = true
data_fsync = true
rpc_bind_addr = "127.0.0.1:$RPC_PORT"
rpc_public_addr = "127.0.0.1:$RPC_PORT"
rpc_secret = "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"

[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:$S3_PORT"
root_domain = ".s3.localhost"

[admin]
api_bind_addr = "127.0.0.1:$ADMIN_PORT"
TOML
  serve
  node=$(g node id -q 2>/dev/null | cut -d@ -f1)
  g layout assign -z dc1 -c 1G "$node" >/dev/null
  g layout apply --version 1 >/dev/null
  g bucket create "$BUCKET" >/dev/null
  g key import --yes -n plenary-test "$KEY_ID" "$KEY_SECRET" >/dev/null
  g bucket allow --read --write --owner "$BUCKET" --key "$KEY_ID" >/dev/null
  echo "services: Garage S3 on 127.0.0.1:$S3_PORT, bucket $BUCKET"
}

print_env() {
  echo "export PLENARY_TEST_S3_ENDPOINT=http://127.0.0.1:$S3_PORT"
  echo "export PLENARY_TEST_S3_BUCKET=$BUCKET"
  echo "export PLENARY_TEST_S3_REGION=garage"
  echo "export PLENARY_TEST_S3_ACCESS_KEY_ID=$KEY_ID"
  echo "export PLENARY_TEST_S3_SECRET_ACCESS_KEY=$KEY_SECRET"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  resume) stop; serve ;;
  env) print_env ;;
  *) echo "usage: $0 install|start|stop|resume|env" >&2; exit 2 ;;
esac
