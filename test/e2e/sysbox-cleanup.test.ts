/**
 * `cvmkit sysbox-cleanup` on a real kube-apiserver, kube-controller-manager (DaemonSet controller, garbage
 * collector) and kube-scheduler. No kubelet and no cleanup script run here, so the test acts as both where
 * the flow needs them, and says so at each step: it changes the node labels and taints the way
 * `sysbox-deploy-k8s.sh ce cleanup` does (taint, `sysbox-runtime=removing`, label removed, taint removed) and
 * force-deletes pods that would otherwise stay Terminating (the kubelet's part of a pod deletion).
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Node, Pod, Taint } from "kubernetes-types/core/v1";
import { renderManifests } from "../../lib";
import { runCleanupCommand } from "../../lib/cli/sysbox-cleanup";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { Kube, pathOf, TypedObject } from "./support/kube";

const CVM_TAINT: Taint = { key: "cvmkit.dev/cvm-node", value: "true", effect: "NoSchedule" };
const SYSBOX_TAINT: Taint = { key: "sysbox-runtime", value: "not-running", effect: "NoSchedule" };
const CONFIG_TOLERATION = "cvmkit.dev/cvm-node=true:NoSchedule";

describe("cvmkit sysbox-cleanup on a real control plane", () => {
    let cp: ControlPlane;
    let kube: Kube;
    before(async () => {
        cp = await startControlPlane({ scheduler: true });
        kube = new Kube(cp);
        // a: Sysbox runs; b: Sysbox runs on a tainted CVM pool; plain: no Sysbox; half: an interrupted install
        await createNode("node-a", { "sysbox-install": "yes", "sysbox-runtime": "running" }, []);
        await createNode("node-b", { "sysbox-install": "yes", "sysbox-runtime": "running" }, [
            CVM_TAINT,
        ]);
        await createNode("node-plain", {}, []);
        await createNode(
            "node-half",
            { "sysbox-install": "yes", "sysbox-runtime": "installing" },
            [],
        );
    });
    after(async () => {
        await cp?.stop();
    });

    async function createNode(name: string, labels: Record<string, string>, taints: Taint[]) {
        const res = await kube.request("POST", "/api/v1/nodes", {
            apiVersion: "v1",
            kind: "Node",
            metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
            spec: { taints },
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        const capacity = { cpu: "16", memory: "64Gi", pods: "110" };
        const now = new Date().toISOString();
        const status = await kube.request(
            "PATCH",
            `/api/v1/nodes/${name}/status`,
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
                            lastHeartbeatTime: now,
                            lastTransitionTime: now,
                        },
                    ],
                },
            },
            "application/merge-patch+json",
        );
        assert.equal(status.status, 200, JSON.stringify(status.body));
        // the apiserver adds node.kubernetes.io/not-ready to a new node; a kubelet's Ready status takes it away
        const ready = await kube.request(
            "PATCH",
            `/api/v1/nodes/${name}`,
            { spec: { taints } },
            "application/merge-patch+json",
        );
        assert.equal(ready.status, 200, JSON.stringify(ready.body));
    }
    const node = async (name: string) => (await kube.get<Node>(`/api/v1/nodes/${name}`)).body;
    /** What the cleanup script does to its node (`kubectl label` / `kubectl taint`), as a merge patch. */
    async function actAsScript(name: string, label: string | null, taints: Taint[]) {
        const res = await kube.request(
            "PATCH",
            `/api/v1/nodes/${name}`,
            { metadata: { labels: { "sysbox-runtime": label } }, spec: { taints } },
            "application/merge-patch+json",
        );
        assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    /** The kubelet's part of deleting pods: without one, a deleted pod stays Terminating. */
    async function actAsKubelet(selector: string, evenIfNotDeleted = false) {
        const pods = await kube.get<{ items: Pod[] }>(
            `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`,
        );
        for (const p of pods.body.items) {
            if (!p.metadata?.deletionTimestamp && !evenIfNotDeleted) continue;
            await kube.request(
                "DELETE",
                `/api/v1/namespaces/${p.metadata?.namespace}/pods/${p.metadata?.name}?gracePeriodSeconds=0`,
            );
        }
    }
    const cleanupPods = async () =>
        (
            await kube.get<{ items: Pod[] }>(
                `/api/v1/namespaces/kube-system/pods?labelSelector=${encodeURIComponent("app.kubernetes.io/component=sysbox-cleanup")}`,
            )
        ).body.items ?? [];
    const exists = async (apiVersion: string, kind: string, ns: string | undefined, name: string) =>
        (await kube.get(pathOf(apiVersion, kind, ns, name))).status === 200;
    const cleanupObjects = [
        ["apps/v1", "DaemonSet", "kube-system", "sysbox-cleanup-k8s"],
        ["v1", "ServiceAccount", "kube-system", "sysbox-label-node"],
        ["rbac.authorization.k8s.io/v1", "ClusterRole", undefined, "sysbox-node-labeler"],
        ["rbac.authorization.k8s.io/v1", "ClusterRoleBinding", undefined, "sysbox-label-node-rb"],
    ] as const;
    const args = () => ["--kubeconfig", cp.kubeconfigPath, "--toleration", CONFIG_TOLERATION];

    it("refuses while the installer DaemonSet, the RuntimeClass or a Sysbox pod exist, naming each; applies nothing", async () => {
        const installer = renderManifests({
            kubernetesVersion: "1.35",
            sysboxRuntime: { enabled: true },
        }).objects.filter((o) =>
            ["sysbox-installer", "sysbox-runtime"].includes(
                o.metadata.labels?.["app.kubernetes.io/component"] ?? "",
            ),
        );
        for (const o of installer) {
            const res = await kube.apply(o as TypedObject);
            assert.ok(res.status < 300, JSON.stringify(res.body));
        }
        await kube.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "ws" } });
        const pod = await kube.create({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "box", namespace: "ws" },
            spec: {
                runtimeClassName: "sysbox-runc",
                containers: [{ name: "box", image: "registry.example/box:1" }],
            },
        });
        assert.equal(pod.status, 201, JSON.stringify(pod.body));

        const all = await runCleanupCommand(args());
        assert.equal(all.exitCode, 1, all.stderr);
        assert.match(all.stderr, /refused, nothing applied/);
        assert.match(
            all.stderr,
            /the installer DaemonSet kube-system\/sysbox-deploy-k8s still exists/,
        );
        assert.match(all.stderr, /the RuntimeClass sysbox-runc still exists/);
        assert.match(
            all.stderr,
            /1 Sysbox pod\(s\) \(runtimeClassName sysbox-runc\) still exist: ws\/box/,
        );
        assert.equal(
            await exists("apps/v1", "DaemonSet", "kube-system", "sysbox-cleanup-k8s"),
            false,
        );

        // The runtime turned off (what `pulumi up` or `kubectl delete -f` does): only the pod is left.
        for (const o of [...installer].reverse()) {
            await kube.delete(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name);
        }
        await kube.waitFor(
            "installer DaemonSet gone",
            async () => !(await exists("apps/v1", "DaemonSet", "kube-system", "sysbox-deploy-k8s")),
        );
        // the installer's pods (one per sysbox-install=yes node) go with it; without a kubelet they would stay
        // Terminating, so the test removes them as the kubelet would
        await kube.waitFor("installer pods gone", async () => {
            await actAsKubelet("app.kubernetes.io/component=sysbox-installer", true);
            const left = await kube.get<{ items: Pod[] }>(
                `/api/v1/namespaces/kube-system/pods?labelSelector=${encodeURIComponent("app.kubernetes.io/component=sysbox-installer")}`,
            );
            return (left.body.items ?? []).length === 0;
        });
        const podOnly = await runCleanupCommand(args());
        assert.equal(podOnly.exitCode, 1, podOnly.stderr);
        assert.doesNotMatch(podOnly.stderr, /DaemonSet|RuntimeClass sysbox-runc still/);
        assert.match(podOnly.stderr, /ws\/box.*Fix: stop the Sysbox workspaces first/);
        const gone = await kube.request(
            "DELETE",
            "/api/v1/namespaces/ws/pods/box?gracePeriodSeconds=0",
        );
        assert.equal(gone.status, 200, JSON.stringify(gone.body));
    });

    it("--dry-run names the nodes and the steps and changes nothing", async () => {
        const lines: string[] = [];
        const r = await runCleanupCommand([...args(), "--dry-run"], (l) => lines.push(l));
        assert.equal(r.exitCode, 0, r.stderr);
        assert.match(r.stdout, /dry run, nothing changed/);
        assert.match(r.stdout, /node-a: not started/);
        assert.match(r.stdout, /node-b: not started/);
        assert.doesNotMatch(r.stdout, /node-plain|node-half/);
        assert.ok(
            lines.includes("would apply DaemonSet kube-system/sysbox-cleanup-k8s"),
            lines.join("\n"),
        );
        assert.ok(
            lines.some((l) => l.startsWith("node node-half: sysbox-runtime=installing")),
            lines.join("\n"),
        );
        for (const [v, k, ns, n] of cleanupObjects) {
            assert.equal(await exists(v, k, ns, n), false, `${k} ${n} not applied`);
        }
    });

    it("pods land exactly on the sysbox-runtime=running nodes; the flow waits for the script, fixes a leftover taint, deletes its objects", async () => {
        const lines: string[] = [];
        const run = runCleanupCommand(args(), (l) => lines.push(l), {
            pollSeconds: 1,
            taintGraceSeconds: 3,
        });
        // real DaemonSet controller + scheduler: one pod per node labelled sysbox-runtime=running
        let pods: Pod[] = [];
        await kube
            .waitFor("cleanup pods bound", async () => {
                pods = (await cleanupPods()).filter((p) => p.spec?.nodeName);
                return pods.length >= 2;
            })
            .catch(async (err: Error) => {
                const all = await cleanupPods();
                const done = await Promise.race([
                    run,
                    new Promise((r) => setTimeout(() => r("running"), 100)),
                ]);
                throw new Error(
                    `${err.message}; progress:\n${lines.join("\n")}\nrun: ${JSON.stringify(done)}\npods: ${JSON.stringify(all.map((p) => [p.metadata?.name, p.spec?.nodeName]))}`,
                );
            });
        await new Promise((r) => setTimeout(r, 2000)); // no third pod comes
        pods = (await cleanupPods()).filter((p) => p.spec?.nodeName);
        assert.deepEqual(pods.map((p) => p.spec!.nodeName).sort(), ["node-a", "node-b"]);
        const pod = pods[0]!;
        assert.equal(pod.spec!.containers[0]!.name, "sysbox-cleanup-k8s");
        assert.equal(pod.spec!.serviceAccountName, "sysbox-label-node");

        // Acting as the script on node-a: all of it. On node-b: killed after removing the label (its pod is
        // deleted once the label goes), so its taint stays — cvmkit removes it after the grace period.
        const a = await node("node-a");
        await actAsScript("node-a", "removing", [...(a.spec?.taints ?? []), SYSBOX_TAINT]);
        await actAsScript("node-a", null, [SYSBOX_TAINT]);
        await actAsScript("node-a", null, []);
        await actAsScript("node-b", "removing", [CVM_TAINT, SYSBOX_TAINT]);
        await actAsScript("node-b", null, [CVM_TAINT, SYSBOX_TAINT]);
        // the DaemonSet controller deletes the pods of nodes that lost the label
        await kube.waitFor("cleanup pods deleted by the DaemonSet controller", async () =>
            (await cleanupPods()).every((p) => p.metadata?.deletionTimestamp),
        );
        await actAsKubelet("app.kubernetes.io/component=sysbox-cleanup");

        const r = await run;
        assert.equal(r.exitCode, 0, `${r.stderr}\n${lines.join("\n")}`);
        assert.match(r.stdout, /every node is clean; the cleanup objects are deleted/);
        assert.match(r.stdout, /node-a: clean\n/);
        assert.match(r.stdout, /node-b: clean \(cvmkit removed the leftover taint\)/);
        assert.ok(
            lines.includes("applied DaemonSet kube-system/sysbox-cleanup-k8s"),
            lines.join("\n"),
        );
        assert.ok(
            lines.includes("deleted ServiceAccount kube-system/sysbox-label-node"),
            lines.join("\n"),
        );
        for (const [v, k, ns, n] of cleanupObjects) {
            assert.equal(await exists(v, k, ns, n), false, `${k} ${n} deleted`);
        }
        // schedulable: no sysbox taint, not cordoned; other taints and labels untouched
        const [na, nb, half] = await Promise.all([
            node("node-a"),
            node("node-b"),
            node("node-half"),
        ]);
        assert.deepEqual(na.spec?.taints ?? [], []);
        assert.deepEqual(nb.spec?.taints, [CVM_TAINT]);
        for (const n of [na, nb]) {
            assert.notEqual(n.spec?.unschedulable, true);
            assert.equal(n.metadata?.labels?.["sysbox-install"], "yes");
        }
        assert.equal(half.metadata?.labels?.["sysbox-runtime"], "installing");
    });

    it("a timeout names the node and its state, exits 1, and still deletes the cleanup objects", async () => {
        await actAsScript("node-plain", "running", []);
        const r = await runCleanupCommand([...args(), "--timeout", "6"], undefined, {
            pollSeconds: 1,
        });
        assert.equal(r.exitCode, 1, r.stdout);
        assert.match(r.stderr, /not every node is clean/);
        assert.match(r.stderr, /node-plain: sysbox-runtime=running; cleanup pod \S+ Pending/);
        for (const [v, k, ns, n] of cleanupObjects) {
            assert.equal(await exists(v, k, ns, n), false, `${k} ${n} deleted`);
        }
        await actAsKubelet("app.kubernetes.io/component=sysbox-cleanup");
    });
});
