#!/usr/bin/env bash
# The OpenID provider for the sign-in tests: the certified `oidc-provider`
# package from the npm registry at a pinned version (cached), run by Node.js
# with infra/oidc/provider.mjs on loopback. Its accounts are infra/oidc/accounts.json.
#   infra/oidc.sh start|stop|env
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}
VERSION=9.13.3
JOSE=6.2.19
DIR=$CACHE/oidc-provider-$VERSION
STATE=${PLENARY_TEST_STATE:-/tmp/plenary-test-services}/oidc
PORT=${PLENARY_TEST_OIDC_PORT:-59090}
ISSUER=http://127.0.0.1:$PORT

install() {
  command -v node >/dev/null 2>&1 || { echo "oidc: Node.js is needed (Debian's nodejs)" >&2; exit 1; }
  if [ ! -f "$DIR/node_modules/oidc-provider/package.json" ]; then
    mkdir -p "$DIR"
    (cd "$DIR" && echo '{"private":true,"type":"module"}' > package.json \
      && npm install --silent --no-audit --no-fund "oidc-provider@$VERSION" "jose@$JOSE" >/dev/null)
  fi
}

stop() {
  if [ -f "$STATE/provider.pid" ]; then
    kill "$(cat "$STATE/provider.pid")" 2>/dev/null || true
    rm -f "$STATE/provider.pid"
  fi
}

start() {
  install
  stop
  mkdir -p "$STATE"
  # Beside its node_modules, where Node resolves the packages from.
  cp infra/oidc/provider.mjs "$DIR/provider.mjs"
  nohup node "$DIR/provider.mjs" "$ISSUER" "$PWD/infra/oidc/accounts.json" >"$STATE/provider.log" 2>&1 &
  echo $! > "$STATE/provider.pid"
  for _ in $(seq 1 100); do
    curl -sf "$ISSUER/.well-known/openid-configuration" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -sf "$ISSUER/.well-known/openid-configuration" >/dev/null \
    || { cat "$STATE/provider.log"; echo "oidc: the provider did not start" >&2; exit 1; }
  echo "oidc: OpenID provider at $ISSUER"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env)
    echo "export PLENARY_TEST_OIDC_ISSUER=$ISSUER"
    echo "export PLENARY_TEST_OIDC_ACCOUNTS=$PWD/infra/oidc/accounts.json"
    ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
