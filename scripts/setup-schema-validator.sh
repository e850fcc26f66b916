#!/usr/bin/env bash
# Installs the offline Kubernetes schema validator used by the unit tests: the PyPI package
# kubernetes-validate (per-version OpenAPI schemas of Kubernetes, strict about unknown fields),
# into .venv/ at the repository root. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=1.37.0
if [ -x .venv/bin/kubernetes-validate ] && .venv/bin/pip show kubernetes-validate 2>/dev/null | grep -q "^Version: ${VERSION}$"; then
  echo "kubernetes-validate ${VERSION} already in .venv"
  exit 0
fi
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check "kubernetes-validate==${VERSION}"
echo "installed kubernetes-validate ${VERSION} into .venv"
