/**
 * `pulumi up` of the top-level project (`cloud: existing`, a `CvmStack`) against the local cluster with real
 * nodes (test/e2e/support/node.ts): the engine waits until cvmkit's DaemonSets are ready on the CVM node (the
 * Sysbox installer and pre-pull pods run there, with cvmkit's probe program standing in for their upstream
 * images' programs), and a workspace pod started outside Pulumi from cvmkit's supervisor template keeps
 * running — same pod, no restart — through a no-op `up`, an upgrade and `destroy` (the namespace is retained).
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Pod } from "kubernetes-types/core/v1";
import { INSTALLER_DAEMONSET, PREPULL_DAEMONSET, renderManifests } from "../../lib/manifests";
import { planStack } from "../../lib/stack/cvm-stack";
import { startControlPlane, type ControlPlane } from "./support/control-plane";
import { Kube, type TypedObject } from "./support/kube";
import type { NodeCluster } from "./support/node";
import { CVM_NODE, e2eNodeSpecs, PLAIN_NODE, standInImages } from "./support/node-specs";
import { createStack, type PulumiEnv } from "./support/pulumi";

// only a machine where the test cannot be root skips these (a missing tool fails them, with the fix)
const notRoot =
    process.getuid?.() !== 0 ? "needs root (kubelet, containerd, network namespaces)" : false;
const NS = "cvm-pulumi";

function cvmSettings(): Record<string, unknown> {
    const plan = planStack({
        cloud: "aws",
        cluster: { existing: { name: "e2e" } },
        nodePool: { taint: true },
        cvm: { sysboxRuntime: { enabled: true } },
    });
    return {
        namespace: NS,
        sysboxRuntime: { enabled: true },
        nodeSelector: plan.cvm.nodeSelector,
        tolerations: plan.cvm.tolerations,
        supervisor: {
            requests: { cpu: "100m", memory: "64Mi" },
            limits: { cpu: "1", memory: "256Mi" },
        },
    };
}

describe("Pulumi up of a CvmStack on real nodes", { skip: notRoot }, () => {
    let cp: ControlPlane;
    let kube: Kube;
    let nodes: NodeCluster;
    let env: PulumiEnv | undefined;
    const figures: Record<string, number> = {};

    before(async () => {
        cp = await startControlPlane({ nodes: e2eNodeSpecs() });
        kube = new Kube(cp);
        nodes = cp.nodeCluster!;
        const rendered = renderManifests({
            kubernetesVersion: "1.35",
            ...(cvmSettings() as object),
        } as Parameters<typeof renderManifests>[0]);
        for (const img of standInImages(rendered)) nodes.loadImage(img);
    });
    after(async () => {
        env?.cleanup();
        await cp?.stop();
        console.log(`node pulumi figures: ${JSON.stringify(figures)}`);
    });

    async function ds(name: string) {
        return kube.get<{
            status?: {
                desiredNumberScheduled?: number;
                numberReady?: number;
                updatedNumberScheduled?: number;
            };
        }>(
            `/apis/apps/v1/namespaces/${name === INSTALLER_DAEMONSET ? "kube-system" : NS}/daemonsets/${name}`,
        );
    }

    async function workspace(): Promise<Pod> {
        const r = await kube.get<Pod>(`/api/v1/namespaces/${NS}/pods/workspace`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body;
    }

    it("up waits until the DaemonSets are ready on the CVM node; a workspace survives a no-op up, an upgrade and destroy", async () => {
        env = await createStack("node", {
            "cvmkit:cloud": { value: "existing" },
            "cvmkit:kubeconfig": { value: cp.kubeconfig, secret: true },
            "cvmkit:kubernetesVersion": { value: "1.34" },
            "cvmkit:cvm": { value: JSON.stringify(cvmSettings()) },
        });
        const t0 = Date.now();
        const up = await env.stack.up();
        figures["pulumi up → DaemonSets ready (ms)"] = Date.now() - t0;
        assert.equal(up.summary.result, "succeeded");
        // up returned: the engine waited for the DaemonSets' rollout, so they are ready now, on the CVM node
        for (const name of [INSTALLER_DAEMONSET, PREPULL_DAEMONSET]) {
            const r = await ds(name);
            assert.equal(r.status, 200, `${name}: ${JSON.stringify(r.body)}`);
            assert.equal(r.body.status?.desiredNumberScheduled, 1, name);
            assert.equal(r.body.status?.numberReady, 1, name);
        }
        const pods = await kube.get<{ items: Pod[] }>("/api/v1/pods");
        for (const p of pods.body.items) {
            assert.notEqual(
                p.spec?.nodeName,
                PLAIN_NODE,
                `${p.metadata?.namespace}/${p.metadata?.name}`,
            );
        }

        // a workspace pod started outside Pulumi, from the template the stack outputs
        const outputs = await env.stack.outputs();
        const rendered = renderManifests({
            kubernetesVersion: "1.34",
            ...(cvmSettings() as object),
        } as Parameters<typeof renderManifests>[0]);
        const template = rendered.supervisorPodTemplate;
        assert.ok(Object.keys(outputs).length > 0);
        const created = await kube.create({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { ...template.metadata, name: "workspace", namespace: NS },
            spec: template.spec,
        } as unknown as TypedObject);
        assert.equal(created.status, 201, JSON.stringify(created.body));
        await kube.waitFor(
            "workspace Running",
            async () => (await workspace()).status?.phase === "Running",
        );
        const first = await workspace();
        assert.equal(first.spec?.nodeName, CVM_NODE);
        const same = async (step: string) => {
            const now = await workspace();
            assert.equal(now.metadata?.uid, first.metadata?.uid, `${step}: same pod`);
            assert.equal(now.status?.phase, "Running", `${step}: Running`);
            assert.equal(
                now.status?.containerStatuses?.[0]?.restartCount,
                0,
                `${step}: no restart`,
            );
        };

        const noop = await env.stack.up();
        assert.deepEqual(Object.keys(noop.summary.resourceChanges ?? {}), ["same"]);
        await same("no-op up");

        await env.stack.setConfig("cvmkit:kubernetesVersion", { value: "1.35" });
        const t1 = Date.now();
        const upgrade = await env.stack.up();
        figures["upgrade up 1.34 → 1.35 (ms)"] = Date.now() - t1;
        assert.equal(upgrade.summary.result, "succeeded");
        await same("upgrade");

        const destroy = await env.stack.destroy();
        assert.equal(destroy.summary.result, "succeeded");
        await same("destroy (namespace retained)");
        assert.equal((await ds(INSTALLER_DAEMONSET)).status, 404, "the installer is gone");
    });
});
