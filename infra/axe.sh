#!/usr/bin/env bash
# axe-core, the accessibility checker the browser tests run in Chromium,
# from the npm registry at a pinned version, cached. Prints its script's path.
set -euo pipefail
CACHE=${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}
VERSION=4.14.1
DIR=$CACHE/axe-core-$VERSION
if [ ! -f "$DIR/package/axe.min.js" ]; then
  mkdir -p "$DIR"
  (cd "$DIR" && npm pack "axe-core@$VERSION" --silent >/dev/null && tar -xzf "axe-core-$VERSION.tgz")
fi
echo "$DIR/package/axe.min.js"
