#!/usr/bin/env bash
# The browser half of the frontend: the Leptos islands compiled to wasm, with
# wasm-bindgen's JavaScript glue, into a folder the server serves at /pkg.
#   infra/wasm.sh install   wasm32 target and wasm-bindgen-cli at the lock file's version (cached)
#   infra/wasm.sh build     build into $PLENARY_PKG_DIR (default: target/pkg)
# Everything comes from the Rust registry; nothing else is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}
# wasm-bindgen's glue and the CLI that writes it must be the same version.
VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
TOOLS=$CACHE/wasm-bindgen-$VERSION
BIN=$TOOLS/bin/wasm-bindgen
TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=${PLENARY_PKG_DIR:-$TARGET_DIR/pkg}

install() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  if [ -x "$BIN" ]; then return; fi
  echo "wasm: building wasm-bindgen-cli $VERSION (once; cached in $TOOLS)"
  src=$(mktemp -d)
  trap 'rm -rf "$src"' EXIT
  # The CLI's own lock file names a dependency version the registry has since
  # yanked; an older one of the same line builds it the same.
  crate=$(ls "$HOME"/.cargo/registry/cache/*/wasm-bindgen-cli-"$VERSION".crate 2>/dev/null | head -1 || true)
  if [ -z "$crate" ]; then
    # This attempt fetches the crate; its failure on the yanked version is
    # expected and shown only if the crate did not even arrive.
    cargo install wasm-bindgen-cli --version "$VERSION" --locked --root "$TOOLS" --quiet 2>"$src/install.log" && return || true
    crate=$(ls "$HOME"/.cargo/registry/cache/*/wasm-bindgen-cli-"$VERSION".crate 2>/dev/null | head -1 || true)
    if [ -z "$crate" ]; then
      cat "$src/install.log" >&2
      exit 1
    fi
    echo "wasm: its lock file names a yanked webpki-roots; building with 1.0.10"
  fi
  tar -xzf "$crate" -C "$src"
  (cd "$src/wasm-bindgen-cli-$VERSION" && cargo update -p webpki-roots --precise 1.0.10 --quiet)
  CARGO_TARGET_DIR="$CACHE/wasm-bindgen-build" cargo install --path "$src/wasm-bindgen-cli-$VERSION" --locked --root "$TOOLS" --quiet
  rm -rf "$CACHE/wasm-bindgen-build"
}

build() {
  install
  # A cdylib only for this build: the server links the same crate as an rlib.
  # Two builds: the pages' islands, and the meeting room's own (its island
  # only), which the room loads.
  one hydrate "$OUT"
  one hydrate,room "$OUT/room"
}

one() { # features, output folder
  cargo rustc --quiet --locked --profile wasm-release --lib -p plenary-frontend --target wasm32-unknown-unknown \
    --no-default-features --features "$1" --crate-type cdylib
  mkdir -p "$2"
  "$BIN" --target web --no-typescript --remove-name-section --out-dir "$2" --out-name plenary \
    "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/plenary_frontend.wasm"
  cp frontend/boot.js "$2/boot.js"
}

case "${1:-build}" in
  install) install ;;
  build) build ;;
  *) echo "usage: $0 install|build" >&2; exit 2 ;;
esac
