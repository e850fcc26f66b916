/**
 * Pods cvmkit admits, running on real nodes (test/e2e/support/node.ts): kubelet 1.35.4 + containerd 2.4.2 +
 * runc 1.5.3 + the CNI bridge, NetworkPolicies enforced by kube-router (a test peer, never shipped).
 *
 * Stand-ins, and only these: the program inside every image is cvmkit's probe (the supervisor's, the Sysbox
 * installer's, the workspace's, pause) — the pod specs, volumes, security contexts, tolerations and
 * selectors are cvmkit's own (`supervisorPodTemplate`, `sysboxPodTemplate`, the rendered DaemonSets). The
 * `sysbox-runc` handler is runc under that name (Sysbox cannot run here). Where the Sysbox installer would
 * label a node `sysbox-runtime=running` when done, the test sets the label and says so.
 *
 * The nodes: `cvm-node` and `cvm-node-nohandler` labelled and tainted as `planStack` plans every cloud's CVM
 * pool (the second without the `sysbox-runc` handler), and `plain-node` with nothing.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import { after, before, describe, it } from "node:test";
import type { Pod, PodTemplateSpec } from "kubernetes-types/core/v1";
import { runDoctor } from "../../lib/doctor";
import {
    CACHING_MODES,
    INSTALLER_DAEMONSET,
    NETWORK_POLICY_NAMES,
    PREPULL_DAEMONSET,
    CLEANUP_DAEMONSET,
    renderManifests,
    supervisorHostPaths,
    SYSBOX_RUNTIME_CLASS,
    SYSBOX_RUNTIME_LABEL,
    type CvmConfig,
    type RenderedManifests,
} from "../../lib/manifests";
import { INSTALLER_HOST_PATHS } from "../../lib/manifests/sysbox";
import { planStack } from "../../lib/stack/cvm-stack";
import { startControlPlane, type ControlPlane } from "./support/control-plane";
import { Kube, type TypedObject } from "./support/kube";
import { hostState, type HostState, type NodeCluster } from "./support/node";
import {
    CVM_NODE,
    CVM_NODE_NO_HANDLER,
    cvmPoolPlan,
    e2eNodeSpecs,
    PLAIN_NODE,
    standInImages,
} from "./support/node-specs";

const CVM_NODES = [CVM_NODE, CVM_NODE_NO_HANDLER];
// only a machine where the test cannot be root skips these (a missing tool fails them, with the fix)
const notRoot =
    process.getuid?.() !== 0 ? "needs root (kubelet, containerd, network namespaces)" : false;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The CVM selector and tolerations as `planStack` hands them to `CvmCluster` for a CVM pool. */
function poolCvmSettings(): Pick<CvmConfig, "nodeSelector" | "tolerations"> {
    const plan = planStack({
        cloud: "aws",
        cluster: { existing: { name: "e2e" } },
        nodePool: { taint: true },
        cvm: { sysboxRuntime: { enabled: true } },
    });
    return {
        nodeSelector: { ...(plan.cvm.nodeSelector ?? {}) },
        tolerations: [...(plan.cvm.tolerations ?? [])],
    };
}

/** Small requests so a few CVM pods fit on the 2-vCPU nodes of this machine (the limits reach the env). */
const SMALL = {
    requests: { cpu: "100m", memory: "64Mi" },
    limits: { cpu: "1", memory: "256Mi" },
};

function config(extra: Partial<CvmConfig>): CvmConfig {
    return { kubernetesVersion: "1.35", ...poolCvmSettings(), ...extra } as CvmConfig;
}

interface ProbeReport {
    uid: number;
    capEff: string;
    capBnd: string;
    mounts: { mountPoint: string; readOnly: boolean; fsType: string }[];
    writable: Record<string, { writable: boolean; error?: string }>;
    env: Record<string, string>;
    serviceAccountToken: boolean;
    uidMap: string;
}

describe("real nodes: the pods cvmkit admits run", { skip: notRoot }, () => {
    let cp: ControlPlane;
    let kube: Kube;
    let nodes: NodeCluster;
    let before0: HostState;
    const figures: Record<string, number> = {};

    before(async () => {
        before0 = hostState();
        const t0 = Date.now();
        cp = await startControlPlane({ nodes: e2eNodeSpecs({ noHandlerNode: true }) });
        figures["control plane + 3 nodes Ready (ms)"] = Date.now() - t0;
        figures["nodes Ready after apiserver ready (ms)"] =
            (cp.timings.nodesReadyMs ?? 0) - cp.timings.apiserverReadyMs;
        kube = new Kube(cp);
        nodes = cp.nodeCluster!;
    });
    after(async () => {
        await cp?.stop();
        console.log(`node figures: ${JSON.stringify(figures)}`);
    });

    async function applyAll(objects: readonly TypedObject[]): Promise<void> {
        for (const o of objects) {
            const r = await kube.apply(o);
            assert.ok(
                r.status === 200 || r.status === 201,
                `${o.kind}/${o.metadata.name}: HTTP ${r.status} ${JSON.stringify(r.body)}`,
            );
        }
    }

    function objectsOf(r: RenderedManifests, keep: (o: TypedObject) => boolean): TypedObject[] {
        return (r.objects as unknown as TypedObject[]).filter(keep);
    }

    async function getPod(ns: string, name: string): Promise<Pod> {
        const r = await kube.get<Pod>(`/api/v1/namespaces/${ns}/pods/${name}`);
        assert.equal(r.status, 200, `pod ${ns}/${name}: ${JSON.stringify(r.body)}`);
        return r.body;
    }

    async function waitPod(
        ns: string,
        name: string,
        what: string,
        pred: (p: Pod) => boolean,
        timeoutMs = 60_000,
    ): Promise<Pod> {
        let last: Pod | undefined;
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
            last = await getPod(ns, name);
            if (pred(last)) return last;
            await sleep(200);
        }
        throw new Error(`pod ${ns}/${name} not ${what}: ${JSON.stringify(last?.status)}`);
    }

    const running = (p: Pod) =>
        p.status?.phase === "Running" &&
        (p.status.containerStatuses ?? []).every((c) => c.state?.running);

    async function createPod(
        ns: string,
        name: string,
        template: PodTemplateSpec,
        spec: Partial<Pod["spec"]> = {},
    ) {
        const pod = {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { ...template.metadata, name, namespace: ns },
            spec: { ...template.spec, ...spec },
        } as unknown as TypedObject;
        const r = await kube.create(pod);
        assert.equal(r.status, 201, `create ${ns}/${name}: ${JSON.stringify(r.body)}`);
    }

    async function deletePod(ns: string, name: string): Promise<void> {
        await kube.request("DELETE", `/api/v1/namespaces/${ns}/pods/${name}?gracePeriodSeconds=0`);
        await kube.waitFor(`pod ${ns}/${name} gone`, async () => {
            const r = await kube.get(`/api/v1/namespaces/${ns}/pods/${name}`);
            return r.status === 404;
        });
    }

    function nodeNamed(name: string) {
        const n = nodes.nodes.find((x) => x.name === name);
        assert.ok(n, `node ${name}`);
        return n;
    }

    function containerOf(p: Pod): { node: ReturnType<typeof nodeNamed>; id: string } {
        const id = p.status?.containerStatuses?.[0]?.containerID;
        assert.ok(id, `container id of ${p.metadata?.name}`);
        return { node: nodeNamed(p.spec!.nodeName!), id };
    }

    function report(p: Pod, paths: string[]): ProbeReport {
        const { node, id } = containerOf(p);
        const r = node.exec(id, ["/probe", "report", ...paths]);
        assert.equal(r.status, 0, `probe report: ${r.stdout}${r.stderr}`);
        return JSON.parse(r.stdout) as ProbeReport;
    }

    function dial(p: Pod, address: string): boolean {
        const { node, id } = containerOf(p);
        const r = node.exec(id, ["/probe", "dial", address, "1500ms"]);
        return r.status === 0 && /^ok /.test(r.stdout);
    }

    async function setNode(name: string, patch: Record<string, unknown>): Promise<void> {
        const r = await kube.request(
            "PATCH",
            `/api/v1/nodes/${name}`,
            patch,
            "application/strategic-merge-patch+json",
        );
        assert.equal(r.status, 200, JSON.stringify(r.body));
    }

    it("the nodes register as planStack labels and taints the CVM pool, with their real runtime", async () => {
        const { labels, taint } = cvmPoolPlan();
        const r = await kube.get<{ items: import("kubernetes-types/core/v1").Node[] }>(
            "/api/v1/nodes",
        );
        const byName = new Map(r.body.items.map((n) => [n.metadata!.name!, n]));
        assert.deepEqual(
            [...byName.keys()].sort(),
            [CVM_NODE, CVM_NODE_NO_HANDLER, PLAIN_NODE].sort(),
        );
        for (const name of CVM_NODES) {
            const n = byName.get(name)!;
            for (const [k, v] of Object.entries(labels))
                assert.equal(n.metadata?.labels?.[k], v, `${name} ${k}`);
            assert.ok(
                n.spec?.taints?.some(
                    (t) =>
                        t.key === taint.key && t.value === taint.value && t.effect === taint.effect,
                ),
                `${name} taint ${JSON.stringify(n.spec?.taints)}`,
            );
        }
        const plain = byName.get(PLAIN_NODE)!;
        for (const k of Object.keys(labels)) assert.equal(plain.metadata?.labels?.[k], undefined);
        assert.equal(plain.spec?.taints, undefined);
        for (const n of byName.values()) {
            assert.equal(n.status?.nodeInfo?.kubeletVersion, "v1.35.4");
            assert.equal(n.status?.nodeInfo?.containerRuntimeVersion, "containerd://2.4.2");
            assert.equal(n.status?.nodeInfo?.kernelVersion, os.release());
        }
        const handlers = (name: string) =>
            (byName.get(name)!.status?.runtimeHandlers ?? []).map((h) => h.name);
        assert.ok(handlers(CVM_NODE).includes(SYSBOX_RUNTIME_CLASS), `${handlers(CVM_NODE)}`);
        assert.ok(!handlers(CVM_NODE_NO_HANDLER).includes(SYSBOX_RUNTIME_CLASS));
        assert.ok(!handlers(PLAIN_NODE).includes(SYSBOX_RUNTIME_CLASS));
    });

    for (const caching of CACHING_MODES) {
        it(`supervisor mode, caching ${caching}: cvmkit's template runs on a CVM node with its host paths, no token, the Downward API env`, async () => {
            const ns = `cvm-${caching}`;
            const rendered = renderManifests(
                config({ namespace: ns, supervisor: { caching, ...SMALL } }),
            );
            // the namespace, its ServiceAccount, admission policy and NetworkPolicies (no DaemonSets here)
            await applyAll(objectsOf(rendered, (o) => o.kind !== "DaemonSet"));
            for (const img of standInImages(rendered)) nodes.loadImage(img);
            const t0 = Date.now();
            // the pod is cvmkit's supervisorPodTemplate as is; only the program in its image is the probe
            await createPod(ns, "supervisor", rendered.supervisorPodTemplate);
            const pod = await waitPod(ns, "supervisor", "Running", running);
            figures[`supervisor pod create → Running, ${caching} (ms)`] = Date.now() - t0;
            assert.ok(CVM_NODES.includes(pod.spec!.nodeName!), `on ${pod.spec!.nodeName}`);

            const hostPaths = supervisorHostPaths(caching);
            const r = report(
                pod,
                hostPaths.map((h) => h.mountPath),
            );
            for (const h of hostPaths) {
                const m = r.mounts.filter((x) => x.mountPoint === h.mountPath).at(-1);
                assert.ok(
                    m,
                    `${h.mountPath} mounted: ${JSON.stringify(r.mounts.map((x) => x.mountPoint))}`,
                );
                assert.equal(m.readOnly, h.readOnly, `${h.mountPath} read-only flag`);
                const w = r.writable[h.mountPath]!;
                assert.equal(
                    w.writable,
                    !h.readOnly,
                    `${h.mountPath} writable: ${JSON.stringify(w)}`,
                );
                if (h.readOnly) assert.match(w.error ?? "", /read-only file system/);
            }
            assert.equal(r.serviceAccountToken, false, "no service-account token");
            assert.equal(r.uid, 0);
            assert.equal(r.capEff, r.capBnd, "privileged: every bounding capability is effective");
            assert.ok((BigInt(`0x${r.capEff}`) >> 21n) & 1n, "CAP_SYS_ADMIN");
            // Downward API: limits.cpu rounds up to whole cores, limits.memory in bytes
            assert.equal(r.env["CODER_CPUS"], "1");
            assert.equal(r.env["CODER_MEMORY"], String(256 * 1024 * 1024));
            await deletePod(ns, "supervisor");
        });
    }

    it("supervisor mode: never on the plain node (the scheduler keeps it Pending, the kubelet there refuses it)", async () => {
        const ns = "cvm-none";
        const rendered = renderManifests(
            config({ namespace: ns, supervisor: { caching: "none", ...SMALL } }),
        );
        for (const n of CVM_NODES) await setNode(n, { spec: { unschedulable: true } });
        try {
            await createPod(ns, "pending", rendered.supervisorPodTemplate);
            await sleep(3000);
            const p = await getPod(ns, "pending");
            assert.equal(p.spec?.nodeName, undefined, "not bound while the CVM nodes are cordoned");
            const cond = p.status?.conditions?.find((c) => c.type === "PodScheduled");
            assert.equal(cond?.status, "False");
            assert.equal(cond?.reason, "Unschedulable");
            // bound to the plain node by hand (the only change to the template): its kubelet rejects it
            await createPod(ns, "forced", rendered.supervisorPodTemplate, {
                nodeName: PLAIN_NODE,
            });
            const f = await waitPod(ns, "forced", "Failed", (x) => x.status?.phase === "Failed");
            assert.equal(f.status?.reason, "NodeAffinity", JSON.stringify(f.status));
            await deletePod(ns, "pending");
            await deletePod(ns, "forced");
        } finally {
            for (const n of CVM_NODES) await setNode(n, { spec: { unschedulable: null } });
        }
    });

    it("sysbox runtime mode: the sysbox-runc RuntimeClass reaches the containerd handler of that name; without it the pod fails and doctor names why", async () => {
        const ns = "cvm-sysbox";
        const rendered = renderManifests(
            config({ namespace: ns, supervisor: SMALL, sysboxRuntime: { enabled: true } }),
        );
        assert.ok(rendered.sysboxPodTemplate);
        await applyAll(objectsOf(rendered, (o) => o.kind !== "DaemonSet"));
        for (const img of standInImages(rendered)) nodes.loadImage(img);
        // what the Sysbox installer does when it has finished on a node (the stand-in installs nothing)
        for (const n of CVM_NODES)
            await setNode(n, { metadata: { labels: { [SYSBOX_RUNTIME_LABEL]: "running" } } });
        await setNode(CVM_NODE_NO_HANDLER, { spec: { unschedulable: true } });
        try {
            const t0 = Date.now();
            await createPod(ns, "workspace", rendered.sysboxPodTemplate);
            const pod = await waitPod(ns, "workspace", "Running", running);
            figures["sysbox-runc pod create → Running (ms)"] = Date.now() - t0;
            assert.equal(pod.spec?.nodeName, CVM_NODE);
            assert.equal(pod.spec?.runtimeClassName, SYSBOX_RUNTIME_CLASS);
            const sandboxes = JSON.parse(
                nodeNamed(CVM_NODE).crictl([
                    "pods",
                    "--namespace",
                    ns,
                    "--name",
                    "workspace",
                    "-o",
                    "json",
                ]),
            ) as { items: { id: string; runtimeHandler: string }[] };
            assert.equal(sandboxes.items.length, 1);
            assert.equal(
                sandboxes.items[0]!.runtimeHandler,
                SYSBOX_RUNTIME_CLASS,
                "crictl shows the handler",
            );
            // hostUsers: false in the template: the container's root is not the node's root
            assert.equal(rendered.sysboxPodTemplate.spec?.hostUsers, false);
            const r = report(pod, []);
            assert.equal(r.uid, 0);
            assert.doesNotMatch(r.uidMap.trim(), /^0\s+0\s+4294967295$/, `uid_map ${r.uidMap}`);
            await deletePod(ns, "workspace");

            // the same pod on a CVM node labelled running but without the handler
            await setNode(CVM_NODE_NO_HANDLER, { spec: { unschedulable: null } });
            await setNode(CVM_NODE, { spec: { unschedulable: true } });
            await createPod(ns, "broken", rendered.sysboxPodTemplate);
            const b = await waitPod(ns, "broken", "bound", (x) => !!x.spec?.nodeName);
            assert.equal(b.spec?.nodeName, CVM_NODE_NO_HANDLER);
            let event = "";
            await kube.waitFor(
                "FailedCreatePodSandBox",
                async () => {
                    const ev = await kube.get<{
                        items: {
                            reason?: string;
                            message?: string;
                            involvedObject?: { name?: string };
                        }[];
                    }>(`/api/v1/namespaces/${ns}/events`);
                    const e = ev.body.items.find(
                        (x) =>
                            x.involvedObject?.name === "broken" &&
                            x.reason === "FailedCreatePodSandBox",
                    );
                    event = e?.message ?? "";
                    return !!e;
                },
                60_000,
            );
            assert.match(event, /no runtime for "sysbox-runc" is configured/);
            assert.equal((await getPod(ns, "broken")).status?.phase, "Pending");
            const doctor = await runDoctor({
                kubeconfig: cp.kubeconfigPath,
                namespace: ns,
                mode: "sysbox",
            });
            const finding = (node: string) =>
                doctor.findings.find(
                    (f) => f.check === "node.sysbox" && f.subject === `node/${node}`,
                );
            assert.equal(finding(CVM_NODE)?.status, "ok", JSON.stringify(finding(CVM_NODE)));
            const bad = finding(CVM_NODE_NO_HANDLER);
            assert.equal(bad?.status, "fail", JSON.stringify(bad));
            assert.match(bad!.message, /no sysbox-runc handler \(the kubelet reports runc\)/);
            await deletePod(ns, "broken");
        } finally {
            for (const n of CVM_NODES) await setNode(n, { spec: { unschedulable: null } });
        }
    });

    it("the installer, pre-pull and cleanup DaemonSets start only on sysbox-install=yes nodes with their volumes, security context and tolerations", async () => {
        const ns = "cvm-sysbox";
        const on = renderManifests(
            config({ namespace: ns, supervisor: SMALL, sysboxRuntime: { enabled: true } }),
        );
        const cleanup = renderManifests(
            config({
                namespace: "cvm-cleanup",
                supervisor: SMALL,
                sysboxRuntime: { enabled: false, cleanupNodes: true },
            }),
        );
        for (const img of [...standInImages(on), ...standInImages(cleanup)]) nodes.loadImage(img);
        const t0 = Date.now();
        await applyAll(objectsOf(on, () => true));
        await applyAll(objectsOf(cleanup, (o) => o.kind !== "RuntimeClass"));
        const dsReady = async (dsNs: string, name: string, want: string[]) => {
            await kube.waitFor(
                `${dsNs}/${name} ready on ${want}`,
                async () => {
                    const r = await kube.get<{
                        status?: { desiredNumberScheduled?: number; numberReady?: number };
                    }>(`/apis/apps/v1/namespaces/${dsNs}/daemonsets/${name}`);
                    return (
                        r.body.status?.desiredNumberScheduled === want.length &&
                        r.body.status.numberReady === want.length
                    );
                },
                120_000,
                500,
            );
            const pods = await kube.get<{ items: Pod[] }>(`/api/v1/namespaces/${dsNs}/pods`);
            const mine = pods.body.items.filter((p) =>
                p.metadata?.ownerReferences?.some((o) => o.kind === "DaemonSet" && o.name === name),
            );
            assert.deepEqual(mine.map((p) => p.spec?.nodeName).sort(), [...want].sort(), name);
            return mine;
        };
        // the installer: on sysbox-install=yes nodes (the CVM pool), tolerating its taint
        const nsOf = (r: RenderedManifests, name: string) =>
            objectsOf(r, (o) => o.kind === "DaemonSet" && o.metadata.name === name)[0]?.metadata
                .namespace ?? "";
        const installers = await dsReady(
            nsOf(on, INSTALLER_DAEMONSET),
            INSTALLER_DAEMONSET,
            CVM_NODES,
        );
        figures["apply → installer DaemonSet ready on 2 nodes (ms)"] = Date.now() - t0;
        for (const p of installers) {
            const r = report(p, []);
            for (const [, , mountPath] of INSTALLER_HOST_PATHS) {
                assert.ok(
                    r.mounts.some((m) => m.mountPoint === mountPath.replace(/\/$/, "")),
                    `${mountPath} mounted`,
                );
            }
            assert.equal(r.capEff, r.capBnd, "privileged");
        }
        // pre-pull: every CVM node (its init containers ran /bin/true from each image)
        const prepull = await dsReady(nsOf(on, PREPULL_DAEMONSET), PREPULL_DAEMONSET, CVM_NODES);
        for (const p of prepull) {
            assert.ok(
                (p.status?.initContainerStatuses ?? []).every(
                    (c) => c.state?.terminated?.exitCode === 0,
                ),
            );
        }
        // cleanup: on nodes labelled sysbox-runtime=running (both CVM nodes, labelled above), privileged
        const cleaners = await dsReady(
            nsOf(cleanup, CLEANUP_DAEMONSET),
            CLEANUP_DAEMONSET,
            CVM_NODES,
        );
        for (const p of cleaners) assert.equal(report(p, []).uid, 0);
        // no DaemonSet pod on the plain node
        const all = await kube.get<{ items: Pod[] }>("/api/v1/pods");
        const onPlain = all.body.items.filter(
            (p) =>
                p.spec?.nodeName === PLAIN_NODE &&
                p.metadata?.ownerReferences?.some((o) => o.kind === "DaemonSet"),
        );
        assert.deepEqual(
            onPlain.map((p) => p.metadata?.name),
            [],
        );
        for (const o of [
            ...objectsOf(on, (x) => x.kind === "DaemonSet"),
            ...objectsOf(cleanup, (x) => x.kind === "DaemonSet"),
        ]) {
            await kube.delete("apps/v1", "DaemonSet", o.metadata.namespace, o.metadata.name);
        }
    });

    it("NetworkPolicies hold (kube-router): ingress from other namespaces per ingressFromNamespaces, no egress to a denied address, DNS and other egress work; disabled, the same dials succeed", async () => {
        const ns = "cvm-np";
        const [metadataStandIn, otherEgress] = nodes.spareAddresses;
        await nodes.listen(metadataStandIn!, 8080);
        await nodes.listen(otherEgress!, 8080);
        const cfg = (enabled: boolean) =>
            config({
                namespace: ns,
                supervisor: SMALL,
                networkPolicy: {
                    enabled,
                    ingressFromNamespaces: ["np-allowed"],
                    // an address of the harness's own pod network stands in for a metadata endpoint
                    denyEgressTo: [`${metadataStandIn}/32`],
                },
            });
        const on = renderManifests(cfg(true));
        await applyAll(objectsOf(on, (o) => o.kind !== "DaemonSet" && o.kind !== "NetworkPolicy"));
        for (const img of standInImages(on)) nodes.loadImage(img);
        for (const n of ["np-allowed", "np-other"]) {
            await applyAll([{ apiVersion: "v1", kind: "Namespace", metadata: { name: n } }]);
        }
        // the target: a workspace pod of the CVM namespace on the CVM node, serving TCP 9000
        const image = on.config.supervisor.image;
        const probePod = (
            name: string,
            namespace: string,
            command: string[],
            onCvm: boolean,
        ): TypedObject => ({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name, namespace },
            spec: {
                automountServiceAccountToken: false,
                ...(onCvm
                    ? { nodeSelector: { ...on.nodeSelector }, tolerations: [...on.tolerations] }
                    : { nodeName: PLAIN_NODE }),
                securityContext: {
                    runAsNonRoot: true,
                    runAsUser: 1000,
                    seccompProfile: { type: "RuntimeDefault" },
                },
                containers: [
                    {
                        name: "probe",
                        image,
                        imagePullPolicy: "IfNotPresent",
                        command,
                        securityContext: {
                            allowPrivilegeEscalation: false,
                            capabilities: { drop: ["ALL"] },
                        },
                    },
                ],
            },
        });
        const pods: [string, string, string[], boolean][] = [
            ["target", ns, ["/probe", "listen", "0.0.0.0:9000"], true],
            ["peer", ns, ["/probe", "sleep"], false],
            ["allowed", "np-allowed", ["/probe", "sleep"], false],
            ["other", "np-other", ["/probe", "sleep"], false],
        ];
        for (const [name, pns, command, onCvm] of pods) {
            const r = await kube.create(probePod(name, pns, command, onCvm));
            assert.equal(r.status, 201, `${pns}/${name}: ${JSON.stringify(r.body)}`);
        }
        const live = new Map<string, Pod>();
        for (const [name, pns] of pods)
            live.set(name, await waitPod(pns, name, "Running", running));
        const target = live.get("target")!;
        assert.ok(
            CVM_NODES.includes(target.spec?.nodeName ?? ""),
            `target on a CVM node, not ${target.spec?.nodeName}`,
        );
        const targetAddr = `${target.status!.podIP}:9000`;
        const dns = `${nodes.dnsAddress}:53`;
        const all = () => ({
            fromPeer: dial(live.get("peer")!, targetAddr),
            fromAllowed: dial(live.get("allowed")!, targetAddr),
            fromOther: dial(live.get("other")!, targetAddr),
            toMetadata: dial(target, `${metadataStandIn}:8080`),
            toOther: dial(target, `${otherEgress}:8080`),
            toDns: dial(target, dns),
        });
        const open = {
            fromPeer: true,
            fromAllowed: true,
            fromOther: true,
            toMetadata: true,
            toOther: true,
            toDns: true,
        };
        // before any policy: everything connects (so a refusal below is the policy's)
        assert.deepEqual(all(), open);
        await applyAll(objectsOf(on, (o) => o.kind === "NetworkPolicy"));
        const enforced = { ...open, fromOther: false, toMetadata: false };
        let seen = all();
        for (let i = 0; i < 20 && JSON.stringify(seen) !== JSON.stringify(enforced); i++) {
            await sleep(500);
            seen = all();
        }
        assert.deepEqual(seen, enforced);
        // networkPolicy.enabled: false renders no NetworkPolicy: the objects the enabled render had go away
        const off = renderManifests(cfg(false));
        assert.ok(!off.objects.some((o) => o.kind === "NetworkPolicy"));
        for (const name of Object.values(NETWORK_POLICY_NAMES)) {
            await kube.delete("networking.k8s.io/v1", "NetworkPolicy", ns, name);
        }
        seen = all();
        for (let i = 0; i < 20 && JSON.stringify(seen) !== JSON.stringify(open); i++) {
            await sleep(500);
            seen = all();
        }
        assert.deepEqual(seen, open);
        for (const [name, pns] of pods) await deletePod(pns, name);
    });

    it("doctor reports what the nodes are: OS, kernel, runtime, CPUs, read from the real kubelets", async () => {
        const doctor = await runDoctor({
            kubeconfig: cp.kubeconfigPath,
            namespace: "cvm-none",
            mode: "supervisor",
        });
        const osRelease = fs.readFileSync("/etc/os-release", "utf8");
        const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? "";
        for (const node of [CVM_NODE, CVM_NODE_NO_HANDLER, PLAIN_NODE]) {
            const of = (check: string) =>
                doctor.findings.filter((f) => f.check === check && f.subject === `node/${node}`);
            const text = doctor.findings
                .filter((f) => f.subject === `node/${node}`)
                .map((f) => `${f.check} ${f.status}: ${f.message}`)
                .join("\n");
            assert.ok(text.includes(pretty) || text.includes("Debian"), `OS named:\n${text}`);
            // the doctor names the version it parsed from the kubelet's kernelVersion (e.g. 6.18.44 of
            // 6.18.44-fc-v1300)
            const kernel = /^\d+\.\d+(\.\d+)?/.exec(os.release())![0];
            assert.ok(text.includes(`kernel ${kernel}`), `kernel ${kernel} named:\n${text}`);
            assert.ok(text.includes("2.4.2"), `containerd 2.4.2 named:\n${text}`);
            const cpu = of("node.cpu")[0];
            assert.ok(cpu, text);
            assert.match(cpu.message, new RegExp(`^${os.cpus().length} vCPU`));
        }
        console.log(
            `doctor on the real nodes:\n${doctor.findings
                .filter((f) => f.subject?.startsWith("node/"))
                .map((f) => `  ${f.check} ${f.status} ${f.subject}: ${f.message}`)
                .join("\n")}`,
        );
    });

    it("stopping the cluster leaves no process, bridge, veth, network namespace, iptables chain, ipset, mount, kubepods cgroup or changed sysctl", async () => {
        const planeDir = cp.dir;
        const t0 = Date.now();
        await cp.stop();
        figures["stop (ms)"] = Date.now() - t0;
        const after0 = hostState();
        assert.deepEqual(after0.links, before0.links, "links");
        assert.deepEqual(after0.netns, before0.netns, "network namespaces");
        assert.deepEqual(after0.iptablesChains, before0.iptablesChains, "iptables chains");
        assert.deepEqual(after0.ipsets, before0.ipsets, "ipsets");
        assert.deepEqual(after0.mounts, before0.mounts, "mounts");
        assert.deepEqual(after0.cgroups, before0.cgroups, "cgroups");
        assert.deepEqual(after0.sysctls, before0.sysctls, "machine-wide sysctls");
        assert.equal(fs.existsSync(planeDir), false, "the harness directory is removed");
        const leftovers = fs
            .readdirSync("/proc")
            .filter((d) => /^\d+$/.test(d))
            .filter((d) => {
                try {
                    return fs.readFileSync(`/proc/${d}/cmdline`, "utf8").includes(planeDir);
                } catch {
                    return false;
                }
            });
        assert.deepEqual(leftovers, [], "no process names the harness directory");
    });
});
