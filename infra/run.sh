#!/usr/bin/env bash
# The run command: builds and serves the hub on its embedded defaults at
# http://127.0.0.1:8080 (SQLite and files under ./data). Configuration comes
# from ./plenary.toml and PLENARY_* variables (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}/target}
infra/setup.sh run
# The meeting room's browser part (wasm), unless the operator names another build.
if [ -z "${PLENARY_BROWSER_DIR:-}" ]; then
  infra/wasm.sh build
  export PLENARY_BROWSER_DIR=$CARGO_TARGET_DIR/pkg
fi
exec cargo run --locked --release --bin plenary -- "$@"
