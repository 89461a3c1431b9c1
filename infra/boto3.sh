#!/usr/bin/env bash
# An S3 client that is not Plenary's own code, for the issue-day benchmark:
# boto3 from PyPI at a pinned version, in a cached virtual environment.
# Prints the environment's python:
#   infra/boto3.sh
set -euo pipefail
CACHE=${PLENARY_CACHE:-${HOME:-/root}/.cache/plenary}
VERSION=1.35.99
DIR=$CACHE/boto3-$VERSION
if [ ! -x "$DIR/bin/python" ] || ! "$DIR/bin/python" -c 'import boto3' 2>/dev/null; then
  rm -rf "$DIR"
  python3 -m venv "$DIR" >&2
  "$DIR/bin/pip" install --quiet --disable-pip-version-check "boto3==$VERSION" >&2
fi
echo "$DIR/bin/python"
