#!/usr/bin/env bash
# Installs what Plenary needs on Debian 12, skipping what is present. Safe to run again.
#   infra/setup.sh run    the Rust toolchain pinned in rust-toolchain.toml, a C compiler, and Chinese and Arabic fonts
#   infra/setup.sh test   the same, plus PostgreSQL, Redis, coturn, Chromium, Firefox, ffmpeg, python3-venv, Prometheus and Node.js for the tests
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-test}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
# Chinese glyphs for published PDFs, and a Naskh for Arabic (DejaVu Sans, built in, covers the rest).
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || missing+=(fonts-droid-fallback)
[ -f /usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf ] || missing+=(fonts-hosny-amiri)
if [ "$mode" = test ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
  # The browser tests drive Debian's Chromium headless.
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  # And its Firefox ESR (geckodriver is built from its crate by infra/geckodriver.sh),
  # on a virtual screen: headless, Firefox has no screen to share.
  command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
  command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
  # ffprobe and ffmpeg read the recordings back: an independent Ogg and WebM reader.
  command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
  # pdftotext reads published PDFs back: an independent extractor that keeps
  # right-to-left text in reading order.
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  # A virtual environment for the OpenAPI document's validator (infra/openapi.sh).
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
  # Prometheus scrapes a running hub in the tests (started by the test itself, never as a service).
  command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
  # Node.js runs the OpenID provider of the sign-in tests (infra/oidc.sh) and fetches axe-core.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The toolchain pinned by rust-toolchain.toml, explicitly: rustup may be told not to auto-install.
channel=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup toolchain list | grep -q "^$channel"; then
  rustup toolchain install "$channel" --profile minimal
fi
rustup component list --toolchain "$channel" --installed | grep -q '^clippy' \
  || rustup component add --toolchain "$channel" clippy rustfmt
rustup target list --toolchain "$channel" --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add --toolchain "$channel" wasm32-unknown-unknown
echo "setup: ready ($mode)"
