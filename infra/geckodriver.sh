#!/usr/bin/env bash
# geckodriver, Mozilla's WebDriver server for Firefox, which the browser tests
# drive Debian's Firefox ESR with: built from its crate at a pinned version,
# cached. Prints its path.
set -euo pipefail
CACHE=${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}
VERSION=0.37.1
TOOLS=$CACHE/geckodriver-$VERSION
if [ ! -x "$TOOLS/bin/geckodriver" ]; then
  CARGO_TARGET_DIR="$CACHE/geckodriver-build" cargo install geckodriver --version "$VERSION" --locked --root "$TOOLS" --quiet >&2
  rm -rf "$CACHE/geckodriver-build"
fi
echo "$TOOLS/bin/geckodriver"
