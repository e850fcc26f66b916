#!/usr/bin/env bash
# Installs the offline Kubernetes schema validator used by the unit tests: the PyPI package
# kubernetes-validate (per-version OpenAPI schemas of Kubernetes, strict about unknown fields),
# into .venv/ at the repository root. 1.37.0 ships schemas for Kubernetes 1.25–1.37; 1.24.1
# (installed beside it into .venv/kv-legacy) ships 1.10–1.24. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=1.37.0
LEGACY_VERSION=1.24.1
PIP=(.venv/bin/pip install --quiet --disable-pip-version-check)
[ -x .venv/bin/python ] || python3 -m venv .venv
if .venv/bin/pip show kubernetes-validate 2>/dev/null | grep -q "^Version: ${VERSION}$"; then
  echo "kubernetes-validate ${VERSION} already in .venv"
else
  "${PIP[@]}" "kubernetes-validate==${VERSION}"
  echo "installed kubernetes-validate ${VERSION} into .venv"
fi
if [ -f .venv/kv-legacy/.version ] && [ "$(cat .venv/kv-legacy/.version)" = "${LEGACY_VERSION}" ]; then
  echo "kubernetes-validate ${LEGACY_VERSION} already in .venv/kv-legacy"
else
  rm -rf .venv/kv-legacy
  "${PIP[@]}" --no-deps --target .venv/kv-legacy "kubernetes-validate==${LEGACY_VERSION}"
  echo "${LEGACY_VERSION}" > .venv/kv-legacy/.version
  echo "installed kubernetes-validate ${LEGACY_VERSION} into .venv/kv-legacy"
fi
