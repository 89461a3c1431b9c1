#!/usr/bin/env bash
# Builds the benchmark's Pion SFU (infra/pion-sfu/main.go) offline from
# Debian's packages and prints the binary's path. The build is cached under
# ~/.cache/plenary/pion-sfu and redone when the source changes.
# Usage: infra/pion-sfu.sh build
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-build}" = build ] || { echo "usage: $0 build" >&2; exit 2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v go >/dev/null 2>&1 || [ ! -d /usr/share/gocode/src/github.com/pion/webrtc ]; then
  echo "pion-sfu: installing golang-go and golang-github-pion-webrtc.v3-dev" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    golang-go golang-github-pion-webrtc.v3-dev >/dev/null
fi

cache=${HOME}/.cache/plenary/pion-sfu
mkdir -p "$cache"
sum=$(sha256sum infra/pion-sfu/main.go | cut -c1-16)
bin="$cache/pion-sfu-$sum"
if [ ! -x "$bin" ]; then
  # GOPATH mode, offline: Debian's sources, plus the /v3 import path the
  # package leaves out.
  gopath="$cache/gopath"
  rm -rf "$gopath"
  mkdir -p "$gopath/src/plenary-pion-sfu" "$gopath/src/github.com/pion/webrtc"
  ln -s /usr/share/gocode/src/github.com/pion/webrtc "$gopath/src/github.com/pion/webrtc/v3"
  cp infra/pion-sfu/main.go "$gopath/src/plenary-pion-sfu/"
  (cd "$gopath/src/plenary-pion-sfu" &&
    GOPATH="$gopath:/usr/share/gocode" GO111MODULE=off GOFLAGS= GOPROXY=off GOCACHE="$cache/gocache" \
      go build -o "$bin.tmp" . >&2)
  mv "$bin.tmp" "$bin"
fi
echo "$bin"
