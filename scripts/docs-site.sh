#!/usr/bin/env bash
# Builds the documentation site from docs/ into build/site (`npm run docs`): MkDocs 1.6.1 from PyPI into
# .venv (the schema validator's venv; installed once, ~10 s), then `mkdocs build --strict`, which fails on
# a link to a missing page, an anchor no heading has, and a link to a missing repository file.
set -euo pipefail
cd "$(dirname "$0")/.."
MKDOCS_VERSION=1.6.1
[ -x .venv/bin/python ] || python3 -m venv .venv
if ! .venv/bin/pip show mkdocs 2>/dev/null | grep -q "^Version: ${MKDOCS_VERSION}$"; then
  .venv/bin/pip install --quiet --disable-pip-version-check "mkdocs==${MKDOCS_VERSION}"
fi
exec .venv/bin/mkdocs build --strict --quiet "$@"
