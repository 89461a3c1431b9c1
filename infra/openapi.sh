#!/usr/bin/env bash
# openapi-spec-validator, the independent check of the API's OpenAPI
# document, from PyPI at a pinned version in a virtual environment, cached.
# Prints the validator's path.
set -euo pipefail
CACHE=${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}
VERSION=0.7.2
DIR=$CACHE/openapi-spec-validator-$VERSION
if [ ! -x "$DIR/bin/openapi-spec-validator" ]; then
  rm -rf "$DIR"
  python3 -m venv "$DIR" >&2
  "$DIR/bin/pip" install --quiet --disable-pip-version-check "openapi-spec-validator==$VERSION" >&2
fi
echo "$DIR/bin/openapi-spec-validator"
