#!/usr/bin/env bash
# The frontend's transfer-size benchmark: what the meeting room loads (the
# browser part built by infra/wasm.sh) against the peers' client libraries,
# taken from the npm registry in the same run. Prints a Markdown table.
#   infra/bundle-size.sh            (after infra/wasm.sh build)
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}
PKG=${PLENARY_BROWSER_DIR:-${CARGO_TARGET_DIR:-target}/pkg}
PEERS=$CACHE/web-peers
LIVEKIT=livekit-client@2.23.0
JITSI=lib-jitsi-meet@1.0.6

mkdir -p "$PEERS"
for p in $LIVEKIT $JITSI; do
  name=${p%@*}; version=${p#*@}
  if [ ! -d "$PEERS/$name-$version" ]; then
    (cd "$PEERS" && npm pack "$p" --silent >/dev/null && mkdir "$name-$version" \
      && tar -xzf "$name-$version.tgz" -C "$name-$version")
  fi
done

# Brotli as the hub sends it (quality 10, window 24), through Python's
# brotli module (pip install brotli); "-" without it.
br() {
  python3 -c 'import sys, brotli; print(len(brotli.compress(sys.stdin.buffer.read(), quality=10, lgwin=24)))' 2>/dev/null || echo -
}

row() { # label, files...
  local label=$1; shift
  local raw gz b
  raw=$(cat "$@" | wc -c)
  gz=$(cat "$@" | gzip -9 | wc -c)
  b=$(for f in "$@"; do br < "$f"; done | awk '$1 == "-" {print "-"; exit} {s += $1} END {if (NR && s) print int(s / 1024) " KB"}')
  printf '| %s | %d KB | %d KB | %s |\n' "$label" $((raw / 1024)) $((gz / 1024)) "${b:--}"
}
echo "| what the page loads | raw | gzip -9 | brotli 10 (what HTTPS browsers get) |"
echo "|---|---|---|---|"
row "Plenary meeting room (room/: boot.js + plenary.js + plenary_bg.wasm)" "$PKG/room/boot.js" "$PKG/room/plenary.js" "$PKG/room/plenary_bg.wasm"
row "  of which wasm" "$PKG/room/plenary_bg.wasm"
row "Plenary working pages' islands (forms, minutes editor, upload)" "$PKG/boot.js" "$PKG/plenary.js" "$PKG/plenary_bg.wasm"
row "LiveKit client SDK ${LIVEKIT#*@} (livekit-client.esm.mjs, SDK only)" "$PEERS/livekit-client-${LIVEKIT#*@}/package/dist/livekit-client.esm.mjs"
row "lib-jitsi-meet ${JITSI#*@} (lib-jitsi-meet.min.js, library only)" "$PEERS/lib-jitsi-meet-${JITSI#*@}/package/dist/lib-jitsi-meet.min.js"
