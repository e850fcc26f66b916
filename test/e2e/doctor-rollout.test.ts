/**
 * `cvmkit doctor --rollout` (`nodes.rollout`) against a real kube-apiserver: Node objects of two CVM pools (an
 * EKS node group and a GKE node pool label) and one other node, pods bound to them in the CVM namespace and
 * elsewhere (no kubelet runs, so bound pods stay Pending with `spec.nodeName`), and one finished pod. The
 * doctor counts per pool the CVM pods a roll would evict, and writes nothing.
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runDoctor } from "../../lib/doctor/run";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { Kube } from "./support/kube";

describe("cvmkit doctor --rollout against a real kube-apiserver", () => {
    let cp: ControlPlane;
    let kube: Kube;

    before(async () => {
        cp = await startControlPlane({ controllerManager: false });
        kube = new Kube(cp);
        const node = (name: string, labels: Record<string, string>) => ({
            apiVersion: "v1",
            kind: "Node",
            metadata: { name, labels },
        });
        for (const n of [
            node("a1", { "cvmkit.dev/cvm-node": "true", "eks.amazonaws.com/nodegroup": "cvm-a" }),
            node("a2", { "cvmkit.dev/cvm-node": "true", "eks.amazonaws.com/nodegroup": "cvm-a" }),
            node("g1", { "cvmkit.dev/cvm-node": "true", "cloud.google.com/gke-nodepool": "cvm-g" }),
            node("other", { "eks.amazonaws.com/nodegroup": "system" }),
        ]) {
            assert.ok((await kube.apply(n)).status < 300, n.metadata.name);
        }
        for (const ns of ["cvm-workspaces", "apps"]) {
            await kube.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
            // no controller manager: the pods' ServiceAccount is created here
            await kube.apply({
                apiVersion: "v1",
                kind: "ServiceAccount",
                metadata: { name: "default", namespace: ns },
            });
        }
        const pod = (ns: string, name: string, nodeName: string) => ({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name, namespace: ns },
            spec: {
                nodeName,
                containers: [{ name: "c", image: "registry.example/ws:1" }],
            },
        });
        for (const p of [
            pod("cvm-workspaces", "ws-alice", "a1"),
            pod("cvm-workspaces", "ws-bob", "a2"),
            pod("cvm-workspaces", "ws-carol", "a2"),
            pod("cvm-workspaces", "ws-sys", "other"),
            pod("apps", "web", "a1"),
        ]) {
            const r = await kube.apply(p);
            assert.ok(r.status < 300, `${p.metadata.name}: ${JSON.stringify(r.body)}`);
        }
    });
    after(async () => {
        await cp?.stop();
    });

    it("counts per CVM pool the CVM pods a roll would evict (only with --rollout)", async () => {
        const without = await runDoctor({ kubeconfig: cp.kubeconfigPath });
        assert.equal(
            without.findings.filter((f) => f.check === "nodes.rollout").length,
            0,
            "not run without the flag",
        );
        const r = await runDoctor({ kubeconfig: cp.kubeconfigPath, rollout: true });
        const rollout = r.findings.filter((f) => f.check === "nodes.rollout");
        assert.deepEqual(
            rollout.map((f) => [f.subject, f.status, f.message]),
            [
                [
                    "eks.amazonaws.com/nodegroup=cvm-a",
                    "warn",
                    "a roll of this pool (2 node(s)) evicts 3 CVM pod(s) in cvm-workspaces: ws-alice, ws-bob, ws-carol",
                ],
                [
                    "cloud.google.com/gke-nodepool=cvm-g",
                    "ok",
                    "a roll of this pool (1 node(s)) evicts no CVM pod",
                ],
            ],
        );
        assert.match(rollout[0]!.remedy!, /kubectl cordon -l eks\.amazonaws\.com\/nodegroup=cvm-a/);
    });

    it("with --node-selector, the pools of those nodes", async () => {
        const r = await runDoctor({
            kubeconfig: cp.kubeconfigPath,
            rollout: true,
            nodeSelector: { "eks.amazonaws.com/nodegroup": "system" },
        });
        const rollout = r.findings.filter((f) => f.check === "nodes.rollout");
        assert.deepEqual(
            rollout.map((f) => [f.subject, f.message]),
            [
                [
                    "eks.amazonaws.com/nodegroup=system",
                    "a roll of this pool (1 node(s)) evicts 1 CVM pod(s) in cvm-workspaces: ws-sys",
                ],
            ],
        );
    });
});
