#!/usr/bin/env bash
# End-to-end tests: builds (or reuses) the real control plane and Pulumi toolchain from Go modules, then
# runs test/e2e against it. Needs `npm ci` and a compiled tree (`npm run typecheck` compiles into build/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/toolchain.sh
# shellcheck disable=SC1091
. "${CVMKIT_TOOLCHAIN_DIR:-$HOME/.cache/cvmkit/toolchain}/env.sh"
# Node 22 from the lockfile's node package, also for the Pulumi engine's children.
export PATH="$PWD/node_modules/.bin:$PATH"
exec node --test --test-concurrency=1 --test-reporter=spec "build/test/e2e/**/*.test.js"
