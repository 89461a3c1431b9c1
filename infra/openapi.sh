#!/usr/bin/env bash
# The independent checks of the API's OpenAPI document, from PyPI at pinned
# versions, each in a cached virtual environment. Prints the tool's path:
#   infra/openapi.sh            openapi-spec-validator (the document is valid)
#   infra/openapi.sh client     openapi-python-client (a client generated from it works)
set -euo pipefail
CACHE=${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}
case "${1:-validator}" in
  validator) PACKAGE=openapi-spec-validator VERSION=0.7.2 ;;
  client) PACKAGE=openapi-python-client VERSION=0.29.1 ;;
  *) echo "usage: infra/openapi.sh [validator|client]" >&2; exit 2 ;;
esac
DIR=$CACHE/$PACKAGE-$VERSION
if [ ! -x "$DIR/bin/$PACKAGE" ]; then
  rm -rf "$DIR"
  python3 -m venv "$DIR" >&2
  "$DIR/bin/pip" install --quiet --disable-pip-version-check "$PACKAGE==$VERSION" >&2
fi
echo "$DIR/bin/$PACKAGE"
