/**
 * The real client path users take: `cvmkit render … | kubectl apply --server-side -f -`, `render --out DIR`
 * and the cdk8s example's synth output, applied with kubectl built from the apiserver's own Kubernetes
 * source (it reads YAML through sigs.k8s.io/yaml, i.e. YAML 1.1 rules). Re-apply is a no-op; turning the
 * runtime off, re-applying and deleting by cvmkit's component labels removes the runtime objects (an
 * ApplySet cannot: see the prune test).
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as ts from "typescript";
import { parseAllDocuments } from "yaml";
import {
    APPLY_PHASES,
    ARGOCD_SYNC_WAVE,
    KubernetesObject,
    renderManifests,
    syncWave,
} from "../../lib";
import { dependenciesOf, objectKey } from "../../lib/manifests";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { Kube, pathOf, TypedObject } from "./support/kube";
import { kubectl } from "./support/kubectl";

const BUILD = path.resolve(__dirname, "..", "..");
const REPO = path.resolve(BUILD, "..");
const CLI = path.join(BUILD, "lib", "cli", "main.js");

function cvmkit(args: readonly string[]): string {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
}

function tmp(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs examples/cdk8s/main.ts as it is (transpiled, `cvmkit/*` resolved to build/lib); returns its outdir. */
function synthCdk8sExample(kubernetesVersion: string): string {
    const src = fs.readFileSync(path.join(REPO, "examples", "cdk8s", "main.ts"), "utf8");
    const js = ts.transpileModule(src, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const dir = tmp("cvmkit-cdk8s-example-");
    const main = path.join(dir, "main.js");
    fs.writeFileSync(main, js);
    const script = `
const Module = require("node:module");
const path = require("node:path");
const lib = ${JSON.stringify(path.join(BUILD, "lib"))};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
    if (request.startsWith("cvmkit/")) request = path.join(lib, request.slice("cvmkit/".length), "index.js");
    return resolve.call(this, request, ...rest);
};
module.paths.unshift(${JSON.stringify(path.join(REPO, "node_modules"))});
require(${JSON.stringify(main)});
`;
    const outdir = path.join(dir, "dist");
    const r = spawnSync(process.execPath, ["-e", script], {
        cwd: REPO,
        env: {
            ...process.env,
            CDK8S_OUTDIR: outdir,
            KUBERNETES_VERSION: kubernetesVersion,
            NODE_PATH: path.join(REPO, "node_modules"),
        },
        encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    return outdir;
}

describe("kubectl (real, same Kubernetes source) applies cvmkit's YAML", () => {
    let cp: ControlPlane;
    let kube: Kube;

    before(async () => {
        cp = await startControlPlane();
        kube = new Kube(cp);
    });
    after(async () => {
        await cp?.stop();
    });

    function apply(args: readonly string[], input?: string) {
        const r = kubectl(cp, ["apply", "--server-side", ...args], input ? { input } : {});
        assert.equal(r.status, 0, `kubectl apply ${args.join(" ")}: ${r.stderr}`);
        return r;
    }

    async function live(o: TypedObject): Promise<TypedObject> {
        const r = await kube.get<TypedObject>(
            pathOf(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name),
        );
        assert.equal(r.status, 200, `${o.kind}/${o.metadata.name}: HTTP ${r.status}`);
        return r.body;
    }

    /** Every field cvmkit rendered is stored with exactly the JSON value (strings stay strings). */
    function assertSubset(expected: unknown, actual: unknown, where: string): void {
        if (expected !== null && typeof expected === "object") {
            assert.ok(actual !== null && typeof actual === "object", `${where}: ${String(actual)}`);
            if (Array.isArray(expected)) {
                assert.ok(Array.isArray(actual), where);
                assert.equal(actual.length, expected.length, `${where}: length`);
                expected.forEach((e, i) => assertSubset(e, actual[i], `${where}[${i}]`));
            } else {
                for (const [k, v] of Object.entries(expected)) {
                    assertSubset(v, (actual as Record<string, unknown>)[k], `${where}.${k}`);
                }
            }
        } else {
            assert.strictEqual(actual, expected, where);
        }
    }

    async function assertStoredAsRendered(objects: readonly TypedObject[]): Promise<void> {
        for (const o of objects) {
            const { metadata, ...rest } = o;
            const got = await live(o);
            assertSubset(
                metadata.labels ?? {},
                got.metadata["labels"],
                `${o.kind}/${metadata.name} labels`,
            );
            // spec/rules/handler/…, minus fields the apiserver defaults inside lists (e.g. ports' protocol)
            for (const [k, v] of Object.entries(rest)) {
                if (k === "apiVersion" || k === "kind" || k === "spec") continue;
                assertSubset(
                    v,
                    (got as Record<string, unknown>)[k],
                    `${o.kind}/${metadata.name}.${k}`,
                );
            }
            const spec = (
                rest as { spec?: { selector?: unknown; template?: { metadata?: unknown } } }
            ).spec;
            const gotSpec = (
                got as { spec?: { selector?: unknown; template?: { metadata?: unknown } } }
            ).spec;
            if (spec?.selector)
                assertSubset(spec.selector, gotSpec?.selector, `${o.kind}.spec.selector`);
            if (spec?.template?.metadata) {
                assertSubset(
                    spec.template.metadata,
                    gotSpec?.template?.metadata,
                    `${o.kind}.template.metadata`,
                );
            }
        }
    }

    it("`cvmkit render --sysbox-runtime | kubectl apply --server-side -f -` (the issue's failure)", async () => {
        const yaml = cvmkit(["render", "--sysbox-runtime", "--k8s-version", "1.35"]);
        apply(["-f", "-"], yaml);
        const objects = renderManifests({
            kubernetesVersion: "1.35",
            sysboxRuntime: { enabled: true },
        }).objects as unknown as TypedObject[];
        await assertStoredAsRendered(objects);
        const ds = await kube.get<{ spec: { selector: { matchLabels: Record<string, unknown> } } }>(
            "/apis/apps/v1/namespaces/kube-system/daemonsets/sysbox-deploy-k8s",
        );
        assert.deepEqual(ds.body.spec.selector.matchLabels, { "sysbox-install": "yes" });
    });

    it("YAML 1.1 look-alikes in namespace, labels, node selector and tolerations arrive as strings", async () => {
        const dir = tmp("cvmkit-kubectl-");
        const config = {
            kubernetesVersion: "1.35",
            namespace: "on",
            labels: { "example.com/release": "1.10", "example.com/octal": "0755" },
            nodeSelector: { yes: "no", "example.com/y": "n" },
            tolerations: [{ key: "off", operator: "Equal", value: "1e3", effect: "NoSchedule" }],
            supervisor: { image: "registry.example.com/true:1.10" },
        };
        fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
        apply(["-f", "-"], cvmkit(["render", "--config", path.join(dir, "config.json")]));
        const objects = renderManifests(config as Parameters<typeof renderManifests>[0])
            .objects as unknown as TypedObject[];
        await assertStoredAsRendered(objects);
        const ds = await kube.get<{
            spec: { template: { spec: { nodeSelector: unknown; tolerations: unknown } } };
        }>("/apis/apps/v1/namespaces/on/daemonsets/cvm-image-prepull");
        const rendered = renderManifests(config as Parameters<typeof renderManifests>[0]);
        assert.deepEqual(ds.body.spec.template.spec.nodeSelector, rendered.nodeSelector);
        assert.equal(rendered.nodeSelector["yes"], "no");
        assert.deepEqual(ds.body.spec.template.spec.tolerations, config.tolerations);
    });

    it("`render --out DIR` applies with `kubectl apply --server-side -f DIR`", async () => {
        const out = path.join(tmp("cvmkit-out-"), "manifests");
        cvmkit([
            "render",
            "--sysbox-runtime",
            "--k8s-version",
            "1.34",
            "-n",
            "cvm-out",
            "--out",
            out,
        ]);
        apply(["-f", out]);
        await assertStoredAsRendered(
            renderManifests({
                kubernetesVersion: "1.34",
                namespace: "cvm-out",
                sysboxRuntime: { enabled: true },
            }).objects as unknown as TypedObject[],
        );
    });

    it("`render --out DIR --layout phases`: the phase directories apply with `kubectl apply -k` in order, each after what it depends on", async () => {
        const out = path.join(tmp("cvmkit-phases-"), "manifests");
        const config = {
            kubernetesVersion: "1.35",
            namespace: "cvm-phases",
            sysboxRuntime: { enabled: true },
            supervisor: { prePull: true },
        };
        cvmkit([
            "render",
            "--sysbox-runtime",
            "--k8s-version",
            "1.35",
            "-n",
            "cvm-phases",
            "--out",
            out,
            "--layout",
            "phases",
            "--argocd-sync-waves",
        ]);
        const rendered = renderManifests(config);
        const dirs = fs
            .readdirSync(out)
            .filter((n) => fs.statSync(path.join(out, n)).isDirectory())
            .sort();
        assert.deepEqual(dirs, [
            "01-namespaces",
            "02-rbac",
            "03-config",
            "04-admission",
            "05-workloads",
        ]);
        // Out of order the API server refuses: the ServiceAccount's namespace does not exist yet.
        const early = kubectl(cp, ["apply", "--server-side", "-k", path.join(out, "02-rbac")]);
        assert.notEqual(early.status, 0);
        assert.match(early.stderr, /namespaces "cvm-phases" not found/);
        const typed = (o: KubernetesObject) => o as unknown as TypedObject;
        const exists = async (o: KubernetesObject) =>
            (await kube.get(pathOf(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name)))
                .status === 200;
        for (const [i, dir] of dirs.entries()) {
            const phase = APPLY_PHASES[i]!;
            const objects = rendered.objects.filter(
                (o) => rendered.order[objectKey(o)]!.phase === phase,
            );
            assert.ok(objects.length > 0, dir);
            // Dependencies of earlier phases are there before the phase is applied; those inside the
            // phase come earlier in its kustomization (kubectl applies them in that order).
            for (const o of objects) {
                for (const d of dependenciesOf(rendered, o).filter((x) => !objects.includes(x))) {
                    assert.ok(
                        await exists(d),
                        `${dir}: ${objectKey(d)} exists before ${objectKey(o)}`,
                    );
                }
            }
            apply(["-k", path.join(out, dir)]);
            for (const o of objects) {
                const got = await live(typed(o));
                assert.equal(
                    (got.metadata["annotations"] as Record<string, string>)[ARGOCD_SYNC_WAVE],
                    String(syncWave(phase)),
                    `${objectKey(o)} sync wave`,
                );
            }
        }
        await assertStoredAsRendered(rendered.objects as unknown as TypedObject[]);
        // The root kustomization lists every object once, in phase order.
        const built = kubectl(cp, ["kustomize", out]);
        assert.equal(built.status, 0, built.stderr);
        const docs = parseAllDocuments(built.stdout).map((d) => d.toJS() as KubernetesObject);
        const byPhase = APPLY_PHASES.flatMap((p) =>
            rendered.objects.filter((o) => rendered.order[objectKey(o)]!.phase === p),
        );
        assert.deepEqual(
            docs.map((d) => objectKey(d as never)),
            byPhase.map(objectKey),
        );
    });

    it("the cdk8s example's synth output applies with kubectl", async () => {
        const outdir = synthCdk8sExample("1.35");
        assert.deepEqual(fs.readdirSync(outdir), ["cvm.k8s.yaml"]);
        apply(["-f", path.join(outdir, "cvm.k8s.yaml")]);
        const ds = await kube.get<{ spec: { template: { spec: { nodeSelector: unknown } } } }>(
            "/apis/apps/v1/namespaces/cvm-workspaces/daemonsets/cvm-image-prepull",
        );
        const selector = ds.body.spec.template.spec.nodeSelector as Record<string, string>;
        assert.equal(selector["cvmkit.dev/cvm-node"], "true");
    });

    it("re-applying is a no-op: no object's generation (or, without one, resourceVersion) moves", async () => {
        const yaml = cvmkit(["render", "--sysbox-runtime", "--k8s-version", "1.35"]);
        const objects = renderManifests({
            kubernetesVersion: "1.35",
            sysboxRuntime: { enabled: true },
        }).objects as unknown as TypedObject[];
        apply(["-f", "-"], yaml);
        // the DaemonSet controller writes status (and so resourceVersion) on its own schedule; spec writes move
        // metadata.generation, so that is what a no-op apply must leave alone where an object has one
        const rv = async () =>
            Promise.all(
                objects.map(async (o) => {
                    const m = (await live(o)).metadata;
                    return m["generation"] !== undefined
                        ? `${o.kind}/${o.metadata.name} generation ${String(m["generation"])}`
                        : `${o.kind}/${o.metadata.name} resourceVersion ${String(m["resourceVersion"])}`;
                }),
            );
        const before = await rv();
        apply(["-f", "-"], yaml);
        assert.deepEqual(await rv(), before);
    });

    // `kubectl apply --prune --applyset` cannot do this: a namespace-scoped ApplySet parent (Secret,
    // ConfigMap) needs `-n`, and with `-n` kubectl refuses objects of other namespaces, while cvmkit's
    // output spans the CVM namespace, the installer namespace and cluster-scoped objects; a cluster-scoped
    // parent must be a pre-existing custom resource. Legacy `--prune -l` only visits namespaces of the
    // applied objects, so it never finds the installer in kube-system. The documented route: re-apply,
    // then delete by cvmkit's component labels.
    it("runtime off: re-apply, then `kubectl delete -l` by component removes exactly the runtime objects", async () => {
        const on = ["render", "--sysbox-runtime", "--k8s-version", "1.35", "-n", "cvm-prune"];
        apply(["-f", "-"], cvmkit(on));
        const full = renderManifests({
            kubernetesVersion: "1.35",
            namespace: "cvm-prune",
            sysboxRuntime: { enabled: true },
        }).objects as unknown as TypedObject[];
        const kept = renderManifests({ kubernetesVersion: "1.35", namespace: "cvm-prune" })
            .objects as unknown as TypedObject[];
        const key = (o: TypedObject) =>
            `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
        const runtime = full.filter((o) => !kept.some((k) => key(k) === key(o)));
        assert.deepEqual(runtime.map((o) => o.kind).sort(), [
            "ClusterRole",
            "ClusterRoleBinding",
            "ConfigMap",
            "DaemonSet",
            "RuntimeClass",
            "ServiceAccount",
        ]);
        for (const o of full) await live(o);

        apply(["-f", "-"], cvmkit(["render", "--k8s-version", "1.35", "-n", "cvm-prune"]));
        const del = kubectl(cp, [
            "delete",
            "--all-namespaces",
            "--wait=false",
            "-l",
            "app.kubernetes.io/name=cvmkit,app.kubernetes.io/component in (sysbox-installer,sysbox-runtime)",
            "daemonsets,serviceaccounts,configmaps,clusterroles,clusterrolebindings,runtimeclasses",
        ]);
        assert.equal(del.status, 0, del.stderr);
        for (const o of runtime) {
            await kube.waitFor(`${key(o)} deleted`, async () => {
                const g = await kube.get(
                    pathOf(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name),
                );
                return g.status === 404;
            });
        }
        for (const o of kept) await live(o);
    });
});
