/**
 * Where CVM pods land, decided by the real kube-scheduler and the real DaemonSet controller. Node objects
 * carry exactly the labels and taints each cloud shell puts on its CVM pool (from `planStack`, which runs
 * the shells' own rules: lib/aws/rules.ts, lib/gcp/rules.ts, lib/azure/rules.ts), beside ordinary nodes,
 * nodes where Sysbox runs without being a CVM pool, and tainted system nodes. No kubelet runs: pods are
 * bound (`spec.nodeName`) and stay Pending, which is all scheduling decides.
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Pod, Taint } from "kubernetes-types/core/v1";
import { CVM_NODE_LABEL, CVM_NODE_LABEL_VALUE, renderManifests } from "../../lib";
import { planStack } from "../../lib/stack/cvm-stack";
import type { CvmStackArgs } from "../../lib/stack/args";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { Kube, pathOf, TypedObject } from "./support/kube";

interface NodeSpec {
    readonly name: string;
    readonly labels: Record<string, string>;
    readonly taints: Taint[];
}

interface Case {
    readonly name: string;
    readonly args: CvmStackArgs;
    /** Labels and taint an `existing` cluster's operator puts on CVM nodes (the README's instructions). */
    readonly existingPool?: { labels: Record<string, string>; taints: Taint[] };
}

const CASES: Case[] = [
    {
        name: "aws",
        args: {
            cloud: "aws",
            cluster: { kubernetesVersion: "1.35", subnetIds: ["subnet-1"] },
            nodePool: { instanceTypes: ["m6i.2xlarge"], taint: true, labels: { team: "cvm" } },
            cvm: { sysboxRuntime: { enabled: true }, namespace: "cvm-aws" },
        },
    },
    {
        name: "gcp",
        args: {
            cloud: "gcp",
            cluster: { kubernetesVersion: "1.35", location: "europe-west1-b" },
            nodePool: { machineType: "e2-standard-8" },
            cvm: { sysboxRuntime: { enabled: true }, namespace: "cvm-gcp" },
        },
    },
    {
        name: "azure",
        args: {
            cloud: "azure",
            cluster: { resourceGroupName: "rg", kubernetesVersion: "1.35" },
            nodePool: {
                vmSize: "Standard_D8s_v5",
                taint: { key: "example.com/cvm", value: "yes" },
            },
            cvm: { sysboxRuntime: { enabled: true }, namespace: "cvm-azure" },
        },
    },
    {
        name: "existing",
        args: {
            cloud: "existing",
            kubeconfig: "apiVersion: v1\nkind: Config\n",
            kubernetesVersion: "1.35",
            cvm: {
                sysboxRuntime: { enabled: true },
                namespace: "cvm-existing",
                nodeSelector: { [CVM_NODE_LABEL]: CVM_NODE_LABEL_VALUE },
                tolerations: [
                    { key: CVM_NODE_LABEL, operator: "Equal", value: "true", effect: "NoSchedule" },
                ],
            },
        },
        existingPool: {
            labels: { [CVM_NODE_LABEL]: CVM_NODE_LABEL_VALUE, "sysbox-install": "yes" },
            taints: [{ key: CVM_NODE_LABEL, value: "true", effect: "NoSchedule" }],
        },
    },
];

const SYSTEM_TAINT: Taint = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };

describe("the real kube-scheduler places CVM pods only on CVM nodes", () => {
    let cp: ControlPlane;
    let kube: Kube;

    before(async () => {
        cp = await startControlPlane({ scheduler: true });
        kube = new Kube(cp);
    });
    after(async () => {
        await cp?.stop();
    });

    async function createNode(n: NodeSpec): Promise<void> {
        const res = await kube.request("POST", "/api/v1/nodes", {
            apiVersion: "v1",
            kind: "Node",
            // the labels every kubelet registers, then the pool's
            metadata: {
                name: n.name,
                labels: {
                    "kubernetes.io/hostname": n.name,
                    "kubernetes.io/os": "linux",
                    "kubernetes.io/arch": "amd64",
                    ...n.labels,
                },
            },
            spec: { taints: n.taints },
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        const capacity = { cpu: "16", memory: "64Gi", pods: "110" };
        const status = await kube.request(
            "PATCH",
            `/api/v1/nodes/${n.name}/status`,
            {
                status: {
                    capacity,
                    allocatable: capacity,
                    conditions: [
                        {
                            type: "Ready",
                            status: "True",
                            reason: "KubeletReady",
                            message: "e2e node (no kubelet)",
                            lastHeartbeatTime: new Date().toISOString(),
                            lastTransitionTime: new Date().toISOString(),
                        },
                    ],
                },
            },
            "application/merge-patch+json",
        );
        assert.equal(status.status, 200, JSON.stringify(status.body));
        // The TaintNodesByCondition admission plugin taints every new Node
        // node.kubernetes.io/not-ready:NoSchedule; on a real cluster the node-lifecycle controller
        // removes it once the kubelet reports Ready. That controller cannot run here (no kubelet
        // heartbeats), so the test does its part: the node keeps exactly the pool's taints.
        const taints = await kube.request(
            "PATCH",
            `/api/v1/nodes/${n.name}`,
            { spec: { taints: n.taints } },
            "application/merge-patch+json",
        );
        assert.equal(taints.status, 200, JSON.stringify(taints.body));
    }

    async function podsOf(namespace: string, selector: Record<string, string>): Promise<Pod[]> {
        const q = Object.entries(selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(",");
        const r = await kube.get<{ items: Pod[] }>(
            `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(q)}`,
        );
        return r.body.items;
    }

    /** Waits until the DaemonSet has a bound pod on exactly `nodes`, then checks it stays so. */
    async function assertDaemonSetOn(
        namespace: string,
        name: string,
        selector: Record<string, string>,
        nodes: readonly string[],
    ): Promise<void> {
        const want = [...nodes].sort();
        let got: string[] = [];
        const bound = async () =>
            (await podsOf(namespace, selector))
                .filter((p) => p.metadata?.ownerReferences?.some((o) => o.name === name))
                .map((p) => p.spec?.nodeName ?? "(unbound)")
                .sort();
        try {
            await kube.waitFor(`${namespace}/${name} pods on ${want.join(", ")}`, async () => {
                got = await bound();
                return JSON.stringify(got) === JSON.stringify(want);
            });
        } catch {
            assert.deepEqual(got, want, `${namespace}/${name}: bound pods' nodes`);
        }
        // the controller had time to add pods elsewhere if it were going to
        await new Promise((r) => setTimeout(r, 1500));
        assert.deepEqual(await bound(), want, `${namespace}/${name}: bound pods' nodes (settled)`);
    }

    /** Creates a pod and returns the node the scheduler bound it to. */
    async function bind(namespace: string, name: string, spec: Pod["spec"]): Promise<string> {
        const res = await kube.create({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name, namespace },
            spec,
        } as unknown as TypedObject);
        assert.equal(res.status, 201, JSON.stringify(res.body));
        let node = "";
        await kube.waitFor(`pod ${namespace}/${name} bound`, async () => {
            const p = await kube.get<Pod>(`/api/v1/namespaces/${namespace}/pods/${name}`);
            node = p.body.spec?.nodeName ?? "";
            return node !== "";
        });
        return node;
    }

    for (const c of CASES) {
        it(`${c.name}: installer and pre-pull DaemonSets, supervisor and sysbox-runc pods`, async () => {
            const plan = planStack(c.args);
            const pool = plan.pool
                ? {
                      labels: { ...plan.pool.labels },
                      taints: plan.pool.taint ? [{ ...plan.pool.taint } as Taint] : [],
                  }
                : c.existingPool!;
            const rendered = renderManifests({
                ...(plan.cvm as Parameters<typeof renderManifests>[0]),
                kubernetesVersion: plan.kubernetesVersion ?? "1.35",
                sysboxRuntime: {
                    ...(plan.cvm.sysboxRuntime as object),
                    enabled: true,
                    installerNamespace: `sysbox-${c.name}`,
                },
            });
            const p = c.name;
            const nodes: NodeSpec[] = [
                { name: `${p}-cvm-1`, labels: pool.labels, taints: pool.taints },
                // a CVM node where the installer has finished (it sets sysbox-runtime=running)
                {
                    name: `${p}-cvm-2`,
                    labels: { ...pool.labels, "sysbox-runtime": "running" },
                    taints: pool.taints,
                },
                { name: `${p}-plain`, labels: {}, taints: [] },
                // Sysbox installed by other means, not a CVM pool
                { name: `${p}-sysbox-other`, labels: { "sysbox-runtime": "running" }, taints: [] },
                {
                    name: `${p}-system`,
                    labels: { "node-role.kubernetes.io/control-plane": "" },
                    taints: [SYSTEM_TAINT],
                },
            ];
            for (const n of nodes) await createNode(n);
            const cvmNodes = [`${p}-cvm-1`, `${p}-cvm-2`];

            await kube.apply({
                apiVersion: "v1",
                kind: "Namespace",
                metadata: { name: `sysbox-${p}` },
            });
            for (const o of rendered.objects) {
                const res = await kube.apply(o as unknown as TypedObject, `cvmkit-${p}`);
                assert.ok(res.status === 200 || res.status === 201, JSON.stringify(res.body));
            }
            const daemonSets = rendered.objects.filter(
                (o) => o.kind === "DaemonSet",
            ) as unknown as {
                metadata: { name: string; namespace: string };
                spec: { selector: { matchLabels: Record<string, string> } };
            }[];
            assert.equal(daemonSets.length, 2, "installer and pre-pull DaemonSets");
            for (const ds of daemonSets) {
                await assertDaemonSetOn(
                    ds.metadata.namespace,
                    ds.metadata.name,
                    ds.spec.selector.matchLabels,
                    cvmNodes,
                );
            }

            // supervisor pods: several, so a lucky placement cannot pass
            for (let i = 0; i < 4; i++) {
                const node = await bind(rendered.namespace, `supervisor-${i}`, {
                    ...rendered.supervisorPodTemplate.spec!,
                    serviceAccountName: rendered.serviceAccountName,
                });
                assert.ok(cvmNodes.includes(node), `supervisor-${i} bound to ${node}`);
            }

            // sysbox-runc pods: the RuntimeClass adds its scheduling (sysbox-runtime=running + tolerations)
            const rc = await kube.get<{ scheduling: { nodeSelector: Record<string, string> } }>(
                pathOf("node.k8s.io/v1", "RuntimeClass", undefined, "sysbox-runc"),
            );
            assert.deepEqual(rc.body.scheduling.nodeSelector, { "sysbox-runtime": "running" });
            for (let i = 0; i < 3; i++) {
                const node = await bind(rendered.namespace, `sysbox-${i}`, {
                    ...rendered.sysboxPodTemplate!.spec!,
                    serviceAccountName: rendered.serviceAccountName,
                });
                assert.equal(node, `${p}-cvm-2`, `sysbox-${i}: only the CVM node running Sysbox`);
            }
            // a bare pod that only names the runtime class: any node running Sysbox whose taints the
            // RuntimeClass tolerates, never a node without Sysbox
            const allowed = nodes
                .filter((n) => n.labels["sysbox-runtime"] === "running")
                .filter((n) =>
                    n.taints.every((t) =>
                        (rendered.tolerations ?? []).some(
                            (tol) =>
                                tol.key === t.key &&
                                (tol.operator === "Exists" || tol.value === t.value),
                        ),
                    ),
                )
                .map((n) => n.name);
            for (let i = 0; i < 3; i++) {
                const node = await bind(rendered.namespace, `bare-sysbox-${i}`, {
                    runtimeClassName: "sysbox-runc",
                    containers: [{ name: "c", image: "registry.example.com/app:1" }],
                });
                assert.ok(
                    allowed.includes(node),
                    `bare-sysbox-${i} bound to ${node}, allowed ${allowed.join(", ")}`,
                );
            }

            // clean up: this case's nodes and namespaces (pods bound to deleted nodes are left to the GC)
            for (const n of nodes) await kube.request("DELETE", `/api/v1/nodes/${n.name}`);
            for (const ns of [rendered.namespace, `sysbox-${p}`]) {
                await kube.request("DELETE", `/api/v1/namespaces/${ns}`);
            }
        });
    }
});
