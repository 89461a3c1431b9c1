#!/usr/bin/env bash
# The test command: installs and starts what the tests need (PostgreSQL, Redis,
# coturn, Chromium, Firefox, Garage, Prometheus, an OpenID provider, and wasm-bindgen and geckodriver built once from their crates and
# cached), builds the browser part, then runs the whole suite (format, lints,
# the wasm32 builds, every test against SQLite and PostgreSQL, the browser
# tests in Chromium and Firefox). Build output is cached outside the clone.
set -euo pipefail
cd "$(dirname "$0")/.."

export PLENARY_CACHE=${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PLENARY_CACHE/target}
export CARGO_TERM_COLOR=never
# One-off builds: incremental state would only fill the cache.
export CARGO_INCREMENTAL=0

infra/setup.sh test
infra/services.sh start
infra/garage.sh start
infra/oidc.sh start
trap 'infra/oidc.sh stop; infra/garage.sh stop; infra/services.sh stop' EXIT
eval "$(infra/services.sh env)"
eval "$(infra/garage.sh env)"
eval "$(infra/oidc.sh env)"

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --locked --workspace --all-targets -- -D warnings
echo "== wire types, the rules and the browser part for wasm32"
cargo check --locked -p plenary-protocol --target wasm32-unknown-unknown
# The rules crate does no I/O: were tokio, redis or webrtc to creep into it,
# it would no longer build for wasm32.
cargo check --locked -p plenary-rules --target wasm32-unknown-unknown
cargo clippy --locked -p plenary-frontend --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings
cargo clippy --locked -p plenary-frontend --target wasm32-unknown-unknown --no-default-features --features hydrate,room -- -D warnings
infra/wasm.sh build
export PLENARY_TEST_BROWSER_DIR=$CARGO_TARGET_DIR/pkg
PLENARY_TEST_AXE=$(infra/axe.sh)
export PLENARY_TEST_AXE
PLENARY_TEST_GECKODRIVER=$(infra/geckodriver.sh)
export PLENARY_TEST_GECKODRIVER
PLENARY_TEST_OPENAPI_VALIDATOR=$(infra/openapi.sh validator)
export PLENARY_TEST_OPENAPI_VALIDATOR
PLENARY_TEST_OPENAPI_CLIENT=$(infra/openapi.sh client)
export PLENARY_TEST_OPENAPI_CLIENT
PLENARY_TEST_PROMETHEUS=$(command -v prometheus)
export PLENARY_TEST_PROMETHEUS
# Screenshots of the browser tests, kept after the run.
export PLENARY_ARTIFACTS=${PLENARY_ARTIFACTS:-$PWD/target/artifacts}
echo "== tests (SQLite and PostgreSQL)"
log=$(mktemp)
set +e
cargo test --locked --workspace --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole suite: cargo prints one per test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
echo "browser test screenshots: $PLENARY_ARTIFACTS/browser"
exit "$status"
