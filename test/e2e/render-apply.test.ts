/**
 * What GitOps users apply: the output of `cvmkit render` (the real command) and the cdk8s chart, applied
 * as is with server-side apply (strict field validation) to a real kube-apiserver.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { Testing } from "cdk8s";
import { parseAllDocuments } from "yaml";
import { CvmChart } from "../../lib/cdk8s";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { Kube, pathOf, TypedObject } from "./support/kube";

const CLI = path.resolve(__dirname, "..", "..", "lib", "cli", "main.js");

function render(args: string[]): TypedObject[] {
    const r = spawnSync(process.execPath, [CLI, "render", ...args], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return parseAllDocuments(r.stdout).map((d) => d.toJSON() as TypedObject);
}

/**
 * What changes when the object's desired state changes: `generation` for objects that have one (their status,
 * written by controllers, moves resourceVersion on its own), otherwise `resourceVersion`.
 */
function version(r: { body: TypedObject }): string {
    const m = r.body.metadata as { generation?: number; resourceVersion?: string };
    return m.generation !== undefined
        ? `generation ${m.generation}`
        : `resourceVersion ${m.resourceVersion}`;
}

describe("rendered YAML and the cdk8s chart on a real kube-apiserver", () => {
    let cp: ControlPlane;
    let kube: Kube;

    before(async () => {
        cp = await startControlPlane();
        kube = new Kube(cp);
    });
    after(async () => {
        await cp?.stop();
    });

    async function applyAll(objects: readonly TypedObject[], manager: string): Promise<void> {
        for (const obj of objects) {
            const res = await kube.apply(obj, manager);
            assert.ok(
                res.status === 200 || res.status === 201,
                `${obj.kind}/${obj.metadata.name}: HTTP ${res.status} ${JSON.stringify(res.body)}`,
            );
        }
        for (const obj of objects) {
            const live = await kube.get<TypedObject>(
                pathOf(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name),
            );
            assert.equal(live.status, 200, `${obj.kind}/${obj.metadata.name} missing`);
            // Every rendered label is stored as rendered (the apiserver adds kubernetes.io/metadata.name).
            const liveLabels = (live.body.metadata.labels ?? {}) as Record<string, string>;
            for (const [k, v] of Object.entries(
                (obj.metadata.labels ?? {}) as Record<string, string>,
            )) {
                assert.equal(liveLabels[k], v, `${obj.kind}/${obj.metadata.name} label ${k}`);
            }
        }
    }

    it("accepts `cvmkit render --sysbox-runtime` output as is", async () => {
        const objects = render(["--sysbox-runtime", "--k8s-version", "1.35"]);
        assert.equal(objects.length, 13);
        await applyAll(objects, "cvmkit-render");
        const rc = await kube.get<{
            handler: string;
            scheduling: { nodeSelector: Record<string, string> };
        }>("/apis/node.k8s.io/v1/runtimeclasses/sysbox-runc");
        assert.equal(rc.body.handler, "sysbox-runc");
        assert.deepEqual(rc.body.scheduling.nodeSelector, { "sysbox-runtime": "running" });
    });

    it("accepts the cdk8s chart (cached supervisor, own namespace, tolerations) as is", async () => {
        const chart = new CvmChart(Testing.app(), "cvm", {
            kubernetesVersion: "1.35",
            namespace: "cvm-cached",
            supervisor: { caching: "cached-shiftfs" },
            tolerations: [{ key: "cvmkit.dev/cvm", operator: "Exists", effect: "NoSchedule" }],
        });
        const objects = Testing.synth(chart) as TypedObject[];
        await applyAll(objects, "cvmkit-cdk8s");
        const ds = await kube.get<{ spec: { template: { spec: { tolerations: unknown[] } } } }>(
            "/apis/apps/v1/namespaces/cvm-cached/daemonsets/cvm-image-prepull",
        );
        assert.deepEqual(ds.body.spec.template.spec.tolerations, [
            { key: "cvmkit.dev/cvm", operator: "Exists", effect: "NoSchedule" },
        ]);
    });

    it("re-applying the same output changes nothing (generation, or resourceVersion where there is none, stays)", async () => {
        const objects = render(["--sysbox-runtime", "--k8s-version", "1.35"]);
        const before = await Promise.all(
            objects.map((o) =>
                kube.get<TypedObject>(
                    pathOf(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name),
                ),
            ),
        );
        await applyAll(objects, "cvmkit-render");
        const after = await Promise.all(
            objects.map((o) =>
                kube.get<TypedObject>(
                    pathOf(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name),
                ),
            ),
        );
        assert.deepEqual(after.map(version), before.map(version));
    });
});
