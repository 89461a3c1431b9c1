#!/usr/bin/env bash
# The test command: installs and starts what the tests need (PostgreSQL, Redis,
# Garage built once from its crate and cached), then runs the
# whole suite (format, lints, the wire-types crate for wasm32, every test
# against SQLite and PostgreSQL). Build output is cached outside the clone.
set -euo pipefail
cd "$(dirname "$0")/.."

export PLENARY_CACHE=${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PLENARY_CACHE/target}
export CARGO_TERM_COLOR=never

infra/setup.sh test
infra/services.sh start
infra/garage.sh start
trap 'infra/garage.sh stop; infra/services.sh stop' EXIT
eval "$(infra/services.sh env)"
eval "$(infra/garage.sh env)"

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --locked --workspace --all-targets -- -D warnings
echo "== wire types for wasm32"
cargo check --locked -p plenary-protocol --target wasm32-unknown-unknown
echo "== tests (SQLite and PostgreSQL)"
log=$(mktemp)
set +e
cargo test --locked --workspace 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole suite: cargo prints one per test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit "$status"
