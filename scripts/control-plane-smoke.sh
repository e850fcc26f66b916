#!/usr/bin/env bash
# Smoke test of the real control plane harness (test/e2e/support/control-plane.ts):
# builds the toolchain when needed, compiles the harness with the project's TypeScript into a
# temp dir, starts etcd + kube-apiserver + kube-controller-manager and checks
#   /version = the pinned Kubernetes version, a new namespace gets its "default"
#   ServiceAccount and kube-root-ca.crt, a privileged pod passes server-side dry-run,
#   kill -9 + restart of the apiserver keeps the data, and stop() removes everything.
# Needs: npm ci done (node_modules/.bin/tsc), Node >= 22 (or the node devDependency).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$REPO/scripts/toolchain.sh" etcd kube >&2
export CVMKIT_TOOLCHAIN_DIR="${CVMKIT_TOOLCHAIN_DIR:-$HOME/.cache/cvmkit/toolchain}"
KUBE_VERSION="$(sed -n 's/^KUBE_VERSION=//p' "$REPO/scripts/toolchain.sh")"

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
cat > "$OUT/tsconfig.json" <<EOF
{
  "extends": "$REPO/tsconfig.json",
  "compilerOptions": { "rootDir": "$REPO", "outDir": "$OUT/js", "declaration": false,
                       "sourceMap": false, "typeRoots": ["$REPO/node_modules/@types"] },
  "include": ["$REPO/test/e2e/support/control-plane.ts"]
}
EOF
"$REPO/node_modules/.bin/tsc" -p "$OUT/tsconfig.json"

cat > "$OUT/smoke.js" <<'EOF'
const { startControlPlane } = require(process.env.HARNESS);
const https = require("node:https");
const fs = require("node:fs");
let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name}: ${detail ?? ""}`); }
}
function req(cp, method, path, body) {
  return new Promise((resolve, reject) => {
    const r = https.request(cp.server + path, {
      method, ca: cp.caPem,
      headers: { Authorization: `Bearer ${cp.token}`, "Content-Type": "application/json" },
    }, (res) => { let b = ""; res.on("data", (c) => (b += c)); res.on("end", () => resolve({ status: res.statusCode, body: b })); });
    r.on("error", reject);
    if (body) r.write(JSON.stringify(body));
    r.end();
  });
}
async function poll(fn, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await fn()) return true; await new Promise((r) => setTimeout(r, 250)); }
  return false;
}
(async () => {
  const t0 = Date.now();
  const cp = await startControlPlane();
  console.log(`control plane up in ${Date.now() - t0} ms at ${cp.server} (dir ${cp.dir})`);
  try {
    check("version", cp.version === process.env.KUBE_VERSION, cp.version);
    const v = JSON.parse((await req(cp, "GET", "/version")).body);
    check("gitMajor/gitMinor", `v${v.major}.${v.minor}` === process.env.KUBE_VERSION.replace(/\.\d+$/, ""), JSON.stringify(v));
    check("kubeconfig written", fs.existsSync(cp.kubeconfigPath) && JSON.parse(fs.readFileSync(cp.kubeconfigPath, "utf8")).users[0].user.token === cp.token);
    const ns = await req(cp, "POST", "/api/v1/namespaces", { metadata: { name: "smoke" } });
    check("create namespace", ns.status === 201, ns.body);
    check("default ServiceAccount appears", await poll(async () => (await req(cp, "GET", "/api/v1/namespaces/smoke/serviceaccounts/default")).status === 200));
    check("kube-root-ca.crt appears", await poll(async () => (await req(cp, "GET", "/api/v1/namespaces/smoke/configmaps/kube-root-ca.crt")).status === 200));
    const pod = await req(cp, "POST", "/api/v1/namespaces/smoke/pods?dryRun=All", {
      metadata: { name: "priv" },
      spec: { containers: [{ name: "c", image: "busybox", securityContext: { privileged: true } }] },
    });
    check("privileged pod server-side dry-run", pod.status === 201 && JSON.parse(pod.body).spec.containers[0].securityContext.privileged === true, pod.body.slice(0, 300));
    await cp.killApiserver();
    const down = await req(cp, "GET", "/readyz").then(() => false, () => true);
    check("apiserver down after kill", down);
    await cp.startApiserver();
    check("namespace survives restart", (await req(cp, "GET", "/api/v1/namespaces/smoke")).status === 200);
    const del = await req(cp, "DELETE", "/api/v1/namespaces/smoke");
    check("delete namespace", del.status === 200, del.body);
    check("namespace deletion finishes", await poll(async () => (await req(cp, "GET", "/api/v1/namespaces/smoke")).status === 404, 60000));
  } finally {
    await cp.stop();
    check("stop() removes the temp dir", !fs.existsSync(cp.dir));
  }
  console.log(`smoke: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
EOF
NODE="node"
if [ -x "$REPO/node_modules/.bin/node" ]; then NODE="$REPO/node_modules/.bin/node"; fi
HARNESS="$OUT/js/test/e2e/support/control-plane.js" KUBE_VERSION="v$KUBE_VERSION" "$NODE" "$OUT/smoke.js"
