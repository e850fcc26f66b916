#!/usr/bin/env bash
# Installs the bench-only chart dependency (matplotlib, from PyPI) into a venv outside the repository
# (default ~/.cache/cvmkit/bench-venv, override with CVMKIT_BENCH_VENV), so ESLint/Prettier never see it.
# Idempotent; `npm run bench` calls it when the venv is missing.
set -euo pipefail
VENV="${CVMKIT_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cvmkit/bench-venv}"
MATPLOTLIB_VERSION=3.10.8
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import matplotlib" 2>/dev/null; then
  echo "matplotlib already in $VENV"
  exit 0
fi
mkdir -p "$(dirname "$VENV")"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "matplotlib==${MATPLOTLIB_VERSION}"
echo "installed matplotlib ${MATPLOTLIB_VERSION} into $VENV"
