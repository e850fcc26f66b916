/**
 * `cvmkit doctor` against a real kube-apiserver (test/e2e/support/control-plane.ts): Node objects
 * with the nodeInfo of real clouds, the real Gatekeeper manager (its constraint CRDs from the
 * PSP-library templates; webhook not registered), Kyverno CRDs and policies, an Istio-style injector,
 * NFS StorageClasses, a restricted namespace, and the objects cvmkit renders, applied with
 * server-side apply. Every finding and the exit code are asserted per scenario; an audit log and
 * object snapshots prove the doctor wrote nothing.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { main } from "../../lib/cli/main";
import type { FindingStatus } from "../../lib/compat";
import { DoctorFinding, DoctorReport, runDoctor } from "../../lib/doctor";
import { isPatch, renderManifests } from "../../lib/manifests";
import { startControlPlane, type ControlPlane } from "./support/control-plane";
import { Api, seedCluster } from "./support/fixtures-doctor";
import { pspTemplates, startGatekeeper, type Gatekeeper } from "./support/gatekeeper-webhook";
import { registerLargeCluster } from "./support/large-cluster";

const run = promisify(execFile);
const REPO = path.resolve(__dirname, "../../..");

/** One expected finding: check, status, subject (undefined = cluster-wide) and words in message + remedy. */
type Expect = [check: string, status: FindingStatus, subject: string | undefined, words: RegExp];

function assertFindings(actual: readonly DoctorFinding[], expected: readonly Expect[]): void {
    const show = (f: DoctorFinding) => `${f.check} ${f.status} ${f.subject ?? "-"}: ${f.message}`;
    const listing = `\nactual findings:\n${actual.map(show).join("\n")}`;
    assert.equal(actual.length, expected.length, `finding count${listing}`);
    expected.forEach(([check, status, subject, words], i) => {
        const f = actual[i]!;
        const where = `finding ${i} (${show(f)})`;
        assert.equal(f.check, check, `${where}: check`);
        assert.equal(f.status, status, `${where}: status`);
        assert.equal(f.subject, subject, `${where}: subject`);
        assert.match(
            `${f.message}${f.remedy ? ` | remedy: ${f.remedy}` : ""}`,
            words,
            `${where}: words`,
        );
        if (status !== "ok") assert.ok(f.remedy, `${where}: a ${status} finding has a remedy`);
    });
}

// ---- expected node findings (API order: by name) ---------------------------------------------

const n = (name: string) => `node/${name}`;
const OS_JAMMY = /^Ubuntu 22\.04 Jammy is supported/;
const OS_NOBLE = /^Ubuntu 24\.04 Noble is supported/;
const K_OK = (v: string) => new RegExp(`^kernel ${v.replace(/\./g, "\\.")} has ID-mapped mounts`);
const K_515 =
    /^kernel 5\.15\.0 lacks ID-mapped overlayfs \(5\.19\+\).*remedy: use a 5\.19\+ kernel/;
const CRIO = (v: string) =>
    new RegExp(`^containerd ${v.replace(/\./g, "\\.")}: the installer replaces it with CRI-O`);
const CTD2 = /^containerd 2\.0\.5 supports user namespaces/;
const AMD64 = /^amd64 is supported/;
const CPU = (c: number) => new RegExp(`^${c} vCPU$`);
const COS_FAIL =
    /^Container-Optimized OS \("Container-Optimized OS from Google"\) cannot run Sysbox.*UBUNTU_CONTAINERD/;

const NODE_FINDINGS: Record<string, Expect[]> = {
    "aks-nodepool1-12345678-vmss000000": [
        ["node.os", "ok", undefined, OS_JAMMY],
        ["node.kernel", "warn", undefined, K_515],
        ["node.runtime", "warn", undefined, CRIO("1.7.22")],
        ["node.architecture", "ok", undefined, AMD64],
        ["node.cpu", "fail", undefined, /^2 vCPU, below the 4 vCPU minimum.*Standard_D4s_v5/],
    ],
    "bionic-worker-1": [
        ["node.os", "ok", undefined, /^Ubuntu 18\.04 Bionic is supported/],
        [
            "node.kernel",
            "fail",
            undefined,
            /^kernel 4\.15\.0-213-generic is below the 5\.3 minimum/,
        ],
        ["node.runtime", "warn", undefined, CRIO("1.6.33")],
        ["node.architecture", "ok", undefined, AMD64],
        ["node.cpu", "ok", undefined, CPU(16)],
    ],
    "dgx-worker-1": [
        ["node.os", "ok", undefined, OS_JAMMY],
        ["node.kernel", "ok", undefined, K_OK("6.5.0")],
        ["node.runtime", "ok", undefined, CTD2],
        ["node.architecture", "ok", undefined, AMD64],
        ["node.cpu", "ok", undefined, CPU(64)],
        ["node.gpu", "ok", undefined, /^advertises 8 NVIDIA GPU\(s\) on bare metal/],
    ],
    "gk3-autopilot-pool-2-8f9e7d6c-abcd": [
        ["node.autopilot", "fail", undefined, /^GKE Autopilot node: privileged pods are rejected/],
        ["node.os", "fail", undefined, COS_FAIL],
        ["node.runtime", "ok", undefined, CTD2],
        ["node.architecture", "ok", undefined, AMD64],
        ["node.cpu", "ok", undefined, CPU(4)],
    ],
    "gke-cvm-ubuntu-pool-1a2b3c4d-x7k9": [
        ["node.os", "ok", undefined, OS_NOBLE],
        ["node.kernel", "ok", undefined, K_OK("6.8.0")],
        ["node.runtime", "ok", undefined, CTD2],
        ["node.architecture", "ok", undefined, AMD64],
        ["node.cpu", "ok", undefined, CPU(8)],
    ],
    "gke-std-default-pool-5e6f7a8b-q2w3": [
        ["node.os", "fail", undefined, COS_FAIL],
        ["node.runtime", "ok", undefined, CTD2],
        ["node.architecture", "ok", undefined, AMD64],
        ["node.cpu", "ok", undefined, CPU(4)],
    ],
    "ip-10-0-1-10.ec2.internal": [
        ["node.os", "ok", undefined, OS_JAMMY],
        ["node.kernel", "warn", undefined, K_515],
        ["node.runtime", "warn", undefined, CRIO("1.7.12")],
        ["node.architecture", "ok", undefined, AMD64],
        ["node.cpu", "ok", undefined, CPU(4)],
    ],
    "ip-10-0-1-11.ec2.internal": [
        ["node.os", "ok", undefined, OS_NOBLE],
        ["node.kernel", "ok", undefined, K_OK("6.8.0")],
        ["node.runtime", "ok", undefined, CTD2],
        ["node.architecture", "ok", undefined, /^arm64 is supported/],
        ["node.cpu", "ok", undefined, CPU(4)],
    ],
    "ip-10-0-2-20.ec2.internal": [
        ["node.os", "fail", undefined, /^Bottlerocket .* cannot run Sysbox.*sysbox#588/],
        ["node.runtime", "warn", undefined, CRIO("1.7.22")],
        ["node.architecture", "ok", undefined, AMD64],
        ["node.cpu", "ok", undefined, CPU(4)],
    ],
    "ip-10-0-3-30.ec2.internal": [
        [
            "node.os",
            "fail",
            undefined,
            /^Amazon Linux \("Amazon Linux 2023.*cannot run Sysbox.*#536/,
        ],
        ["node.runtime", "warn", undefined, CRIO("1.7.23")],
        ["node.architecture", "ok", undefined, AMD64],
        ["node.cpu", "ok", undefined, CPU(4)],
    ],
    "ip-10-0-4-40.ec2.internal": [
        ["node.os", "ok", undefined, OS_JAMMY],
        ["node.kernel", "ok", undefined, K_OK("6.5.0")],
        ["node.runtime", "warn", undefined, CRIO("1.7.12")],
        ["node.architecture", "ok", undefined, AMD64],
        ["node.cpu", "ok", undefined, CPU(4)],
        [
            "node.gpu",
            "warn",
            undefined,
            /^advertises 1 NVIDIA GPU\(s\) on a managed aws node; GPUs in CVMs work only on bare metal/,
        ],
    ],
    "mi300-worker-1": [
        ["node.os", "ok", undefined, OS_JAMMY],
        ["node.kernel", "ok", undefined, K_OK("6.5.0")],
        ["node.runtime", "ok", undefined, CTD2],
        ["node.architecture", "ok", undefined, AMD64],
        ["node.cpu", "ok", undefined, CPU(96)],
        ["node.gpu", "warn", undefined, /^advertises 8 AMD GPU\(s\), which CVMs do not support/],
    ],
};

const NOT_LABELLED: Expect = [
    "node.sysbox",
    "warn",
    undefined,
    /^not labelled sysbox-install=yes: the Sysbox installer will not run here/,
];
/** What sysbox mode adds after each node's findings. */
const SYSBOX_NODE_FINDINGS: Record<string, Expect[]> = {
    "aks-nodepool1-12345678-vmss000000": [NOT_LABELLED],
    "bionic-worker-1": [NOT_LABELLED],
    "dgx-worker-1": [NOT_LABELLED],
    "gk3-autopilot-pool-2-8f9e7d6c-abcd": [NOT_LABELLED],
    "gke-cvm-ubuntu-pool-1a2b3c4d-x7k9": [
        ["node.sysbox", "ok", undefined, /^Sysbox is running \(sysbox-runtime=running, no taint\)/],
    ],
    "gke-std-default-pool-5e6f7a8b-q2w3": [NOT_LABELLED],
    "ip-10-0-1-10.ec2.internal": [
        [
            "node.sysbox",
            "warn",
            undefined,
            /^Sysbox not ready yet \(sysbox-runtime=installing, taint sysbox-runtime=not-running\).*sysbox-deploy-k8s/,
        ],
    ],
    "ip-10-0-1-11.ec2.internal": [
        ["node.sysbox", "warn", undefined, /^Sysbox not ready yet \(sysbox-runtime=unset\)/],
    ],
    "ip-10-0-2-20.ec2.internal": [
        [
            "node.kubelet",
            "fail",
            undefined,
            /^kubelet v1\.31\.0-eks-a737599: the Sysbox runtime installer v0\.7\.1-0 supports Kubernetes 1\.32–1\.35 only, not 1\.31.*v0\.6\.7-0/,
        ],
        NOT_LABELLED,
    ],
    "ip-10-0-3-30.ec2.internal": [NOT_LABELLED],
    "ip-10-0-4-40.ec2.internal": [NOT_LABELLED],
    "mi300-worker-1": [NOT_LABELLED],
};

const ALL_NODES = Object.keys(NODE_FINDINGS).sort();
const CVM_POOL = [
    "gke-cvm-ubuntu-pool-1a2b3c4d-x7k9",
    "ip-10-0-1-10.ec2.internal",
    "ip-10-0-1-11.ec2.internal",
];

function nodeExpects(names: readonly string[], sysbox = false): Expect[] {
    return names.flatMap((name) =>
        [...NODE_FINDINGS[name]!, ...(sysbox ? SYSBOX_NODE_FINDINGS[name]! : [])].map(
            ([check, status, , words]): Expect => [check, status, n(name), words],
        ),
    );
}

const SERVER: Expect[] = [
    ["server.version", "ok", undefined, /^Kubernetes v1\.35\.4 \(1\.18\+ required\)/],
    [
        "server.admission",
        "ok",
        undefined,
        /^Pod Security Admission, ValidatingAdmissionPolicy \(image allow-list\)$/,
    ],
];
const SYSBOX_RANGE: Expect = [
    "server.sysbox-range",
    "ok",
    undefined,
    /^the Sysbox installer v0\.7\.1-0 supports 1\.35/,
];

const STORAGE: Expect[] = [
    [
        "storage",
        "warn",
        "storageclass/efs-sc",
        /provisioner efs\.csi\.aws\.com is NFS-like.*nobody:nogroup.*block storage/,
    ],
    ["storage", "warn", "storageclass/nfs-csi", /provisioner nfs\.csi\.k8s\.io is NFS-like/],
];

/** Gatekeeper findings for a namespace, before (not excluded) or after cvmkit's patch (excluded). */
function gatekeeper(ns: string, excluded: boolean): Expect[] {
    const verdict = (subject: string): Expect =>
        excluded
            ? ["gatekeeper", "ok", subject, new RegExp(`^Gatekeeper constraint excludes ${ns}$`)]
            : [
                  "gatekeeper",
                  "fail",
                  subject,
                  new RegExp(
                      `^Gatekeeper constraint denies privileged / host-path pods in the CVM namespace ${ns}.*policyEngines\\.gatekeeper`,
                  ),
              ];
    return [
        verdict("K8sPSPHostFilesystem/psp-host-filesystem"),
        [
            "gatekeeper",
            "ok",
            "K8sPSPPrivilegedContainer/audit-privileged-everywhere",
            new RegExp(`applies to ${ns} but only reports \\(enforcementAction dryrun\\)`),
        ],
        verdict("K8sPSPPrivilegedContainer/psp-privileged-container"),
    ];
}

/** The fixture cluster has Kyverno's CRDs but no admission controller Deployment to read flags from. */
const kyvernoNoController = (ns: string): Expect => [
    "kyverno.exceptions",
    "warn",
    undefined,
    new RegExp(
        `^no Kyverno admission controller Deployment found .*ignores by default.*features\\.policyExceptions\\.enabled=true --set features\\.policyExceptions\\.namespace=${ns}`,
    ),
];
const kyvernoUncovered = (ns: string): Expect[] => [
    [
        "kyverno",
        "warn",
        undefined,
        new RegExp(
            `^Kyverno enforces disallow-host-path, disallow-privileged-containers and no PolicyException exempts ${ns}.*policyEngines\\.kyverno`,
        ),
    ],
    kyvernoNoController(ns),
];
const KYVERNO_COVERED: Expect[] = [
    [
        "kyverno",
        "ok",
        "policyexception/cvm-workspaces/cvmkit-cvm-workspaces",
        /^PolicyException covers cvm-workspaces for disallow-host-path, disallow-privileged-containers$/,
    ],
    kyvernoNoController("cvm-workspaces"),
];
const istioOk = (ns: string): Expect => [
    "istio",
    "ok",
    `namespace/${ns}`,
    new RegExp(
        `^Istio sidecar injection present \\(istio-sidecar-injector\\); its selectors do not reach CVM pods in ${ns}$`,
    ),
];

const WS = "namespace/cvm-workspaces";
const ESCAPES = [
    "hostPID with SYS_ADMIN and SYS_PTRACE \\(nsenter -t 1\\)",
    "hostNetwork",
    "capability NET_ADMIN",
    "seccomp Unconfined",
    "unsafe sysctl kernel\\.msgmax",
    "the supervisor image with hostPID",
];
/** The baseline escape pods: rejected (by cvmkit's policy or Pod Security), or admitted where nothing enforces baseline. */
const baseline = (ns: string, rejected: boolean): Expect[] =>
    ESCAPES.map((what) => [
        "admission.baseline",
        rejected ? "ok" : "warn",
        `namespace/${ns}`,
        new RegExp(
            `^a pod with ${what} is ${rejected ? "rejected$" : "admitted in the CVM namespace"}`,
        ),
    ]);
/**
 * The cluster-wide enforcement finding: this control plane runs no CNI (no DaemonSet at all), so no
 * implementation is known to enforce NetworkPolicies.
 */
const ENFORCEMENT: Expect = [
    "network.policies",
    "warn",
    undefined,
    /^no DaemonSet of a known NetworkPolicy implementation runs \(known: Amazon VPC CNI, GKE Dataplane V2, Cilium, Calico, Antrea, kube-router, Weave Net, kube-network-policies, Azure Network Policy Manager, Flannel, kindnet\), so cvmkit's NetworkPolicies may be stored but not enforced \| remedy: /,
];
/** cvmkit's NetworkPolicies present (or absent) in a namespace, then the cluster-wide enforcement. */
const network = (ns: string, present: boolean): Expect[] => [
    ...namespacePolicies(ns, present),
    ENFORCEMENT,
];
const namespacePolicies = (ns: string, present: boolean): Expect[] =>
    present
        ? [
              [
                  "network.policies",
                  "ok",
                  `namespace/${ns}`,
                  /^every pod is isolated for ingress and egress \(cvmkit-egress, cvmkit-ingress\); enforced where the CNI enforces NetworkPolicy$/,
              ],
              [
                  "network.metadata",
                  "ok",
                  `namespace/${ns}`,
                  /^egress to the metadata endpoints \(169\.254\.169\.254\/32, fd00:ec2::254\/128.*\) is blocked$/,
              ],
          ]
        : [
              [
                  "network.policies",
                  "warn",
                  `namespace/${ns}`,
                  /^no NetworkPolicy isolates every pod for ingress and egress/,
              ],
              [
                  "network.metadata",
                  "warn",
                  `namespace/${ns}`,
                  /^pods may reach the metadata endpoints 169\.254\.169\.254, fd00:ec2::254/,
              ],
          ];
/** Admission, engines and storage of the prepared CVM namespace. */
const PREPARED: Expect[] = [
    ["admission.psa", "ok", WS, /^Pod Security enforce=privileged$/],
    [
        "admission.supervisor",
        "ok",
        WS,
        /^the supervisor pod \(privileged, its host paths\) is admitted$/,
    ],
    [
        "admission.scoped",
        "ok",
        WS,
        /^a privileged pod with another image is rejected: .*ValidatingAdmissionPolicy 'cvmkit-cvm-workspaces-privileged-allowlist' .*denied request: cvmkit Pod Security baseline, control "Privileged Containers"/,
    ],
    ...baseline("cvm-workspaces", true),
    ...network("cvm-workspaces", true),
    ...gatekeeper("cvm-workspaces", true),
    ...KYVERNO_COVERED,
    istioOk("cvm-workspaces"),
    ...STORAGE,
];

// ---- harness ---------------------------------------------------------------------------------

let cp: ControlPlane;
let gk: Gatekeeper;
let api: Api;
let dir: string;
const kubeconfigs: Record<"admin" | "limited", string> = { admin: "", limited: "" };
const tokens = {
    admin: crypto.randomBytes(16).toString("hex"),
    limited: crypto.randomBytes(16).toString("hex"),
};
let snapshot: Record<string, string[]>;

function kubeconfigFor(token: string, file: string): string {
    const config = JSON.parse(cp.kubeconfig) as { users: { user: { token: string } }[] };
    config.users[0]!.user.token = token;
    const p = path.join(dir, file);
    fs.writeFileSync(p, JSON.stringify(config), { mode: 0o600 });
    return p;
}

/** Names and resourceVersions of everything the doctor could conceivably touch. */
async function objectSnapshot(): Promise<Record<string, string[]>> {
    const lists = [
        "/api/v1/pods",
        "/api/v1/nodes",
        "/api/v1/namespaces",
        "/api/v1/serviceaccounts",
        "/api/v1/configmaps",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
        "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies",
        "/apis/storage.k8s.io/v1/storageclasses",
        "/apis/node.k8s.io/v1/runtimeclasses",
        "/apis/constraints.gatekeeper.sh/v1beta1/k8spspprivilegedcontainer",
        "/apis/constraints.gatekeeper.sh/v1beta1/k8spsphostfilesystem",
        "/apis/kyverno.io/v1/clusterpolicies",
        "/apis/kyverno.io/v2/policyexceptions",
        "/apis/rbac.authorization.k8s.io/v1/clusterroles",
    ];
    const out: Record<string, string[]> = {};
    for (const l of lists) {
        const body = await api.must("GET", l);
        out[l] = (
            body.items as {
                metadata: { namespace?: string; name: string; resourceVersion: string };
            }[]
        )
            .map(
                (i) =>
                    `${i.metadata.namespace ?? ""}/${i.metadata.name}@${i.metadata.resourceVersion}`,
            )
            .sort();
    }
    return out;
}

const doctor = (opts: Parameters<typeof runDoctor>[0] = {}): Promise<DoctorReport> =>
    runDoctor({ kubeconfig: kubeconfigs.admin, ...opts });

describe("cvmkit doctor against a real kube-apiserver", () => {
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-doctor-e2e-"));
        const policy = path.join(dir, "audit-policy.json");
        fs.writeFileSync(
            policy,
            JSON.stringify({
                apiVersion: "audit.k8s.io/v1",
                kind: "Policy",
                omitStages: ["RequestReceived"],
                rules: [{ level: "Metadata" }],
            }),
        );
        try {
            cp = await startControlPlane({
                // no kube-controller-manager: no controller creates pods (DaemonSets on the fake
                // nodes), so "no pod exists" after the doctor is a clean read-only check
                controllerManager: false,
                apiserverArgs: [
                    `--audit-policy-file=${policy}`,
                    `--audit-log-path=${path.join(dir, "audit.log")}`,
                ],
                extraTokens: [
                    { token: tokens.admin, user: "doctor-admin", groups: ["system:masters"] },
                    { token: tokens.limited, user: "doctor-limited" },
                ],
            });
        } catch (err) {
            throw new Error(
                `the doctor's e2e tests need the local control plane (etcd, kube-apiserver): run ` +
                    `\`bash scripts/toolchain.sh\` and \`source ~/.cache/cvmkit/toolchain/env.sh\` first.\n` +
                    `${(err as Error).message}`,
            );
        }
        api = new Api(cp);
        kubeconfigs.admin = kubeconfigFor(tokens.admin, "admin.kubeconfig");
        kubeconfigs.limited = kubeconfigFor(tokens.limited, "limited.kubeconfig");
        // the real Gatekeeper manager without its webhook registered: its controller creates the
        // constraint CRDs the doctor reads; admission through the webhook is gatekeeper.test.ts's
        gk = await startGatekeeper(cp, { webhook: false });
        await seedCluster(api, () => gk.addTemplates(pspTemplates()));
        // the low-privilege identity may read namespaces and StorageClasses, nothing else
        await api.apply({
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRole",
            metadata: { name: "doctor-limited" },
            rules: [
                { apiGroups: [""], resources: ["namespaces"], verbs: ["get"] },
                { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["list"] },
            ],
        } as never);
        await api.apply({
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: "doctor-limited" },
            roleRef: {
                apiGroup: "rbac.authorization.k8s.io",
                kind: "ClusterRole",
                name: "doctor-limited",
            },
            subjects: [
                { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "doctor-limited" },
            ],
        } as never);
    });

    after(async () => {
        await gk?.stop();
        await cp?.stop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("before cvmkit: the CVM namespace is missing, Gatekeeper and Kyverno would reject CVM pods", async () => {
        const r = await doctor({ nodeSelector: { "cvmkit.dev/cvm-node": "true" } });
        assertFindings(r.findings, [
            ...SERVER,
            ...nodeExpects(CVM_POOL),
            [
                "admission.namespace",
                "fail",
                WS,
                /^the CVM namespace cvm-workspaces does not exist.*deploy cvmkit/,
            ],
            ENFORCEMENT,
            ...gatekeeper("cvm-workspaces", false),
            ...kyvernoUncovered("cvm-workspaces"),
            [
                "istio",
                "ok",
                WS,
                /^Istio sidecar injection present \(istio-sidecar-injector\); the CVM namespace does not exist yet/,
            ],
            ...STORAGE,
        ]);
        assert.equal(r.exitCode, 1);
        assert.deepEqual(r.counts, { ok: 17, warn: 7, fail: 3 });
    });

    it("applies cvmkit's rendered objects with server-side apply (its constraint patches as merge patches)", async () => {
        const m = renderManifests({
            kubernetesVersion: "1.35",
            sysboxRuntime: { enabled: true },
            policyEngines: { gatekeeper: true, kyverno: true },
        });
        for (const o of m.objects) {
            if (isPatch(o)) {
                // the Gatekeeper constraint patches, as their YAML says: a JSON merge patch
                const collection = await api.collectionPath(o.apiVersion, o.kind);
                await api.must(
                    "PATCH",
                    `${collection}/${o.metadata.name}`,
                    o,
                    "application/merge-patch+json",
                );
            } else {
                await api.apply(o);
            }
        }
        // the ValidatingAdmissionPolicy is enforced once the apiserver's informer has it
        await api.waitFor("the ValidatingAdmissionPolicy to deny", async () => {
            const r = await api.request(
                "POST",
                "/api/v1/namespaces/cvm-workspaces/pods?dryRun=All",
                {
                    apiVersion: "v1",
                    kind: "Pod",
                    metadata: { name: "vap-probe" },
                    spec: {
                        containers: [
                            {
                                name: "c",
                                image: "docker.io/library/busybox:1.36",
                                securityContext: { privileged: true },
                            },
                        ],
                    },
                },
            );
            return r.status === 403 && /ValidatingAdmissionPolicy/.test(r.body?.message ?? "");
        });
        snapshot = await objectSnapshot();
        // the only Pod is the one the Gatekeeper manager names as its own (POD_NAME)
        assert.deepEqual(
            snapshot["/api/v1/pods"]!.map((p) => p.replace(/@.*/, "")),
            ["gatekeeper-system/gatekeeper-e2e"],
        );
    });

    it("prepared cluster, supervisor mode, every node: nodes that cannot run CVMs fail", async () => {
        const r = await doctor();
        assertFindings(r.findings, [...SERVER, ...nodeExpects(ALL_NODES), ...PREPARED]);
        assert.equal(r.exitCode, 1);
        assert.equal(r.mode, "supervisor");
        assert.equal(r.namespace, "cvm-workspaces");
        assert.equal(r.server, cp.server);
    });

    it("prepared cluster, supervisor mode, the CVM node pool: ready (exit 0, warnings only)", async () => {
        const r = await doctor({ nodeSelector: { "cvmkit.dev/cvm-node": "true" } });
        assertFindings(r.findings, [...SERVER, ...nodeExpects(CVM_POOL), ...PREPARED]);
        assert.deepEqual(r.counts, { ok: 31, warn: 6, fail: 0 });
        assert.equal(r.exitCode, 0);
    });

    it("prepared cluster, sysbox mode: installer range, node labels and taints, RuntimeClass, the Sysbox pod", async () => {
        const r = await doctor({ mode: "sysbox" });
        assertFindings(r.findings, [
            ...SERVER,
            SYSBOX_RANGE,
            ...nodeExpects(ALL_NODES, true),
            ...PREPARED.slice(0, 3),
            [
                "admission.sysbox",
                "ok",
                WS,
                /^the Sysbox workspace pod \(runtimeClassName sysbox-runc, unprivileged\) is admitted$/,
            ],
            ...PREPARED.slice(3),
            ["runtimeclass", "ok", "runtimeclass/sysbox-runc", /^present, handler sysbox-runc$/],
        ]);
        assert.equal(r.exitCode, 1);
    });

    it("sysbox mode on a pool where the installer has not finished: no node runs Sysbox", async () => {
        const r = await doctor({
            mode: "sysbox",
            nodeSelector: { "eks.amazonaws.com/nodegroup": "cvm" },
        });
        assertFindings(r.findings, [
            ...SERVER,
            SYSBOX_RANGE,
            ...nodeExpects(["ip-10-0-1-10.ec2.internal"], true),
            [
                "nodes.sysbox",
                "fail",
                undefined,
                /^no node runs Sysbox \(none is labelled sysbox-runtime=running without the not-running taint and with a sysbox-runc runtime handler/,
            ],
            ...PREPARED.slice(0, 3),
            ["admission.sysbox", "ok", WS, /is admitted/],
            ...PREPARED.slice(3),
            ["runtimeclass", "ok", "runtimeclass/sysbox-runc", /^present/],
        ]);
        assert.equal(r.exitCode, 1);
    });

    it("a restricted namespace as --namespace: Pod Security rejects the supervisor pod", async () => {
        const ns = "team-restricted";
        const subject = `namespace/${ns}`;
        const r = await doctor({
            namespace: ns,
            mode: "sysbox",
            nodeSelector: { "cvmkit.dev/cvm-node": "true" },
        });
        assertFindings(r.findings, [
            ...SERVER,
            SYSBOX_RANGE,
            ...nodeExpects(CVM_POOL, true),
            [
                "admission.psa",
                "fail",
                subject,
                /^Pod Security enforce=restricted rejects privileged supervisor pods.*enforce=privileged/,
            ],
            [
                "admission.supervisor",
                "fail",
                subject,
                /^the supervisor pod is rejected: pods "cvmkit-doctor-\w*" is forbidden: violates PodSecurity "restricted:latest": privileged/,
            ],
            [
                "admission.scoped",
                "ok",
                subject,
                /^a privileged pod with another image is rejected \(as is the supervisor pod\): .*violates PodSecurity/,
            ],
            [
                "admission.sysbox",
                "fail",
                subject,
                /^the Sysbox workspace pod is rejected: .*violates PodSecurity "restricted:latest"/,
            ],
            ...baseline(ns, true),
            ...network(ns, false),
            ...gatekeeper(ns, false),
            ...kyvernoUncovered(ns),
            istioOk(ns),
            ...STORAGE,
            ["runtimeclass", "ok", "runtimeclass/sysbox-runc", /^present/],
        ]);
        assert.equal(r.exitCode, 1);
    });

    it("a namespace with Istio injection: privileged pods of any image are admitted, Istio reaches it", async () => {
        const ns = "mesh-apps";
        const subject = `namespace/${ns}`;
        const r = await doctor({ namespace: ns, nodeSelector: { "cvmkit.dev/cvm-node": "true" } });
        assertFindings(r.findings, [
            ...SERVER,
            ...nodeExpects(CVM_POOL),
            ["admission.psa", "ok", subject, /^Pod Security enforce=privileged$/],
            ["admission.supervisor", "ok", subject, /is admitted/],
            [
                "admission.scoped",
                "warn",
                subject,
                /^a privileged pod with any image is admitted in the CVM namespace.*ValidatingAdmissionPolicy/,
            ],
            ...baseline(ns, false),
            ...network(ns, false),
            ...gatekeeper(ns, false),
            ...kyvernoUncovered(ns),
            [
                "istio.namespace",
                "fail",
                subject,
                /^Istio injection is enabled on the CVM namespace \(istio-injection=enabled\).*istio-injection=disabled/,
            ],
            [
                "istio",
                "warn",
                subject,
                /^Istio sidecar injection reaches CVM pods in mesh-apps \(istio-sidecar-injector\/namespace\.sidecar-injector\.istio\.io\)/,
            ],
            ...STORAGE,
        ]);
        assert.equal(r.exitCode, 1);
    });

    it("a system namespace and a selector matching no node are findings, not crashes", async () => {
        const r = await doctor({ namespace: "default", nodeSelector: { pool: "nope" } });
        const subject = "namespace/default";
        assertFindings(r.findings, [
            ...SERVER,
            ["nodes", "fail", undefined, /^no node matches the CVM node selector pool=nope/],
            [
                "admission.namespace",
                "fail",
                subject,
                /^default cannot be the CVM namespace: is a system namespace.*cvm-workspaces/,
            ],
            ["admission.psa", "ok", subject, /^Pod Security enforce=unset \(cluster default\)$/],
            ["admission.supervisor", "ok", subject, /is admitted/],
            ["admission.scoped", "warn", subject, /admitted/],
            ...baseline("default", false),
            ...network("default", false),
            ...gatekeeper("default", false),
            ...kyvernoUncovered("default"),
            istioOk("default"),
            ...STORAGE,
        ]);
        assert.equal(r.exitCode, 1);
    });

    it("missing permissions are warnings naming the permission, not crashes", async () => {
        const r = await runDoctor({ kubeconfig: kubeconfigs.limited, mode: "sysbox" });
        const who = /^user doctor-limited is not allowed to/;
        assertFindings(r.findings, [
            ...SERVER,
            SYSBOX_RANGE,
            [
                "nodes",
                "warn",
                undefined,
                new RegExp(
                    `${who.source} list nodes; this check was skipped.*grant the doctor's identity "list" on nodes`,
                ),
            ],
            ["admission.psa", "ok", WS, /^Pod Security enforce=privileged$/],
            [
                "admission",
                "warn",
                WS,
                new RegExp(`${who.source} create \\(dry-run\\) pods.*"create" on pods`),
            ],
            [
                "admission.baseline",
                "warn",
                WS,
                new RegExp(`${who.source} create \\(dry-run\\) pods.*"create" on pods`),
            ],
            [
                "network.policies",
                "warn",
                WS,
                new RegExp(`${who.source} list networkpolicies.*"list" on networkpolicies`),
            ],
            [
                "network.policies",
                "warn",
                undefined,
                new RegExp(`${who.source} list daemonsets\\.apps.*"list" on daemonsets\\.apps`),
            ],
            [
                "engines",
                "warn",
                undefined,
                new RegExp(
                    `${who.source} list customresourcedefinitions\\.apiextensions\\.k8s\\.io`,
                ),
            ],
            [
                "istio",
                "warn",
                undefined,
                new RegExp(
                    `${who.source} list mutatingwebhookconfigurations\\.admissionregistration\\.k8s\\.io`,
                ),
            ],
            ...STORAGE,
            [
                "runtimeclass",
                "warn",
                "runtimeclass/sysbox-runc",
                new RegExp(`${who.source} get runtimeclasses\\.node\\.k8s\\.io`),
            ],
        ]);
        assert.equal(r.exitCode, 0);
    });

    it("cvmkit doctor (CLI in-process): table, progress lines and exit code", async () => {
        const progress: string[] = [];
        const r = await main(
            [
                "doctor",
                "--kubeconfig",
                kubeconfigs.admin,
                "--node-selector",
                "cvmkit.dev/cvm-node=true",
            ],
            (line) => progress.push(line),
        );
        assert.equal(r.exitCode, 0, r.stderr);
        assert.equal(r.stderr, "");
        assert.deepEqual(progress, [
            "[1/5] checking server version…",
            "[2/5] checking nodes…",
            "[3/5] checking admission…",
            "[4/5] checking policy engines and Istio…",
            "[5/5] checking storage…",
        ]);
        const lines = r.stdout.split("\n");
        assert.match(lines[0]!, /^CHECK\s+STATUS\s+DETAIL\s+REMEDY$/);
        assert.match(
            r.stdout,
            /^admission\.supervisor\s+ok\s+namespace\/cvm-workspaces: the supervisor pod/m,
        );
        assert.match(
            r.stdout,
            /^storage\s+WARN\s+storageclass\/efs-sc: provisioner efs\.csi\.aws\.com/m,
        );
        assert.match(
            lines.at(-2)!,
            /^https:\/\/127\.0\.0\.1:\d+ · namespace cvm-workspaces · mode supervisor: 31 ok, 6 warn, 0 fail — no blocking problem; review the warnings$/,
        );

        const missing = await main([
            "doctor",
            "--kubeconfig",
            kubeconfigs.admin,
            "-n",
            "nope",
            "--mode",
            "sysbox",
        ]);
        assert.equal(missing.exitCode, 1);
        assert.match(
            missing.stdout,
            /^admission\.namespace\s+FAIL\s+namespace\/nope: the CVM namespace nope does not exist/m,
        );
        assert.match(missing.stdout, /NOT ready for CVMs/);

        const badImage = await main([
            "doctor",
            "--kubeconfig",
            kubeconfigs.admin,
            "--supervisor-image",
            "Not An Image",
        ]);
        assert.equal(badImage.exitCode, 2);
        assert.match(
            badImage.stderr,
            /^cvmkit: --supervisor-image \(supervisor\.image\): not a valid image reference/,
        );

        const unreachable = kubeconfigFor(tokens.admin, "unreachable.kubeconfig");
        const cfg = JSON.parse(fs.readFileSync(unreachable, "utf8"));
        cfg.clusters[0].cluster.server = "https://127.0.0.1:1";
        fs.writeFileSync(unreachable, JSON.stringify(cfg));
        const down = await main(["doctor", "--kubeconfig", unreachable]);
        assert.equal(down.exitCode, 2);
        assert.match(down.stderr, /^cvmkit doctor: cannot reach the cluster: .*ECONNREFUSED/);
    });

    it("node build/lib/cli/main.js doctor --json (subprocess) prints the same report", async () => {
        const expected = await doctor({ mode: "sysbox" });
        const child = await run(
            process.execPath,
            [
                path.join(REPO, "build/lib/cli/main.js"),
                "doctor",
                "--json",
                "--mode",
                "sysbox",
                "--kubeconfig",
                kubeconfigs.admin,
            ],
            { cwd: REPO, env: { ...process.env, KUBECONFIG: "/nonexistent" } },
        ).then(
            () => assert.fail("exit code 0 for a cluster with failing nodes"),
            (err: { code: number; stdout: string; stderr: string }) => err,
        );
        assert.equal(child.code, 1);
        // progress goes to stderr, one line per step when stderr is not a terminal
        assert.equal(child.stderr.trim().split("\n").length, 6, child.stderr);
        const report = JSON.parse(child.stdout) as DoctorReport;
        const norm = (fs_: readonly DoctorFinding[]) =>
            JSON.stringify(fs_).replace(/cvmkit-doctor-\w*/g, "cvmkit-doctor-");
        assert.equal(norm(report.findings), norm(expected.findings));
        assert.deepEqual(report.counts, expected.counts);
        assert.equal(report.exitCode, 1);
    });

    it("is read-only: nothing created or changed, every request a read or a dry-run", async () => {
        assert.deepEqual(await objectSnapshot(), snapshot);
        const events = fs
            .readFileSync(path.join(dir, "audit.log"), "utf8")
            .split("\n")
            .filter(Boolean)
            .map(
                (l) =>
                    JSON.parse(l) as {
                        user: { username: string };
                        verb: string;
                        requestURI: string;
                    },
            );
        const doctors = events.filter((e) => e.user.username.startsWith("doctor-"));
        assert.ok(doctors.length > 100, `audit events of the doctor: ${doctors.length}`);
        const writes = doctors.filter((e) => !["get", "list"].includes(e.verb));
        assert.ok(writes.length > 0, "the doctor made dry-run creates");
        for (const w of writes) {
            assert.equal(w.verb, "create", w.requestURI);
            assert.match(
                w.requestURI,
                /^\/api\/v1\/namespaces\/[^/]+\/pods\?.*dryRun=All/,
                w.requestURI,
            );
        }
    });
});

describe("cvmkit doctor on a large cluster (1,000 Node objects) and with rejected credentials", () => {
    const COUNT = 1000;
    let big: ControlPlane;
    let bigDir: string;
    let names: string[];
    let registerMs: number;
    before(async () => {
        bigDir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-doctor-large-"));
        big = await startControlPlane({ controllerManager: false });
        const started = Date.now();
        names = await registerLargeCluster(new Api(big), COUNT);
        registerMs = Date.now() - started;
    });
    after(async () => {
        await big?.stop();
        if (bigDir) fs.rmSync(bigDir, { recursive: true, force: true });
    });
    const cli = (args: string[]) =>
        run(process.execPath, [path.join(REPO, "build/lib/cli/main.js"), "doctor", ...args], {
            cwd: REPO,
            env: { ...process.env, KUBECONFIG: big.kubeconfigPath },
            maxBuffer: 64 * 1024 * 1024,
        }).then(
            (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
            (err: { code: number; stdout: string; stderr: string }) => err,
        );

    it(`groups identical node findings: ${COUNT} nodes in a few rows, each naming the count and examples`, async (t) => {
        const started = Date.now();
        const r = await cli([]);
        const ms = Date.now() - started;
        // the namespace is missing (nothing applied): admission fails, exit 1
        assert.equal(r.code, 1, r.stderr);
        const lines = r.stdout.trimEnd().split("\n");
        const nodeRows = lines.filter((l) => /^node\./.test(l));
        assert.deepEqual(
            nodeRows.map((l) =>
                l
                    .split(/\s{2,}/)
                    .slice(0, 2)
                    .join(" "),
            ),
            [
                "node.os ok",
                "node.kernel WARN",
                "node.runtime WARN",
                "node.architecture ok",
                "node.cpu ok",
            ],
            r.stdout,
        );
        // the API lists nodes by name; the examples are the first three
        const sorted = [...names].sort();
        for (const row of nodeRows) {
            assert.match(
                row,
                new RegExp(`\\s${COUNT} nodes \\(${sorted[0]!.replace(/\./g, "\\.")},`),
            );
        }
        const flat = r.stdout.replace(/\s+/g, " ");
        assert.equal(flat.split(`+${COUNT - 3}`).length - 1, 5, flat);
        assert.match(
            flat,
            new RegExp(
                `node\\.os ok ${COUNT} nodes \\(${sorted.slice(0, 3).join(", ").replace(/\./g, "\\.")}, \\+${COUNT - 3} more\\): Ubuntu 22\\.04`,
            ),
        );
        assert.ok(lines.length < 60, `${lines.length} lines:\n${r.stdout}`);
        const summary = /: (\d+) ok, (\d+) warn, (\d+) fail — NOT ready for CVMs$/.exec(
            lines.at(-1)!,
        );
        assert.ok(summary, lines.at(-1));
        // every node counts: 3 ok and 2 warnings each
        assert.ok(Number(summary[1]) >= 3 * COUNT && Number(summary[2]) >= 2 * COUNT, summary[0]);
        t.diagnostic(
            `${COUNT} nodes: doctor ${ms} ms, ${lines.length} lines (registering the nodes: ${registerMs} ms)`,
        );
        assert.ok(
            ms < 60_000,
            `doctor on ${COUNT} nodes took ${ms} ms (registering them: ${registerMs} ms)`,
        );
    });
    it("--verbose and --json keep every node", async () => {
        const verbose = await cli(["--verbose"]);
        assert.equal(verbose.code, 1);
        const perNode = verbose.stdout.split("\n").filter((l) => /^node\.\w+\s/.test(l));
        assert.equal(perNode.length, 5 * COUNT);
        const json = await cli(["--json"]);
        assert.equal(json.code, 1);
        const report = JSON.parse(json.stdout) as DoctorReport;
        const subjects = new Set(
            report.findings.filter((f) => f.check.startsWith("node.")).map((f) => f.subject),
        );
        assert.equal(subjects.size, COUNT);
        assert.equal(report.findings.filter((f) => f.check === "node.kernel").length, COUNT);
    });
    it("rejected credentials: the server and HTTP 401, exit 2, also as JSON", async () => {
        const config = JSON.parse(big.kubeconfig) as { users: { user: { token: string } }[] };
        config.users[0]!.user.token = "not-a-valid-token";
        const file = path.join(bigDir, "bad-token.kubeconfig");
        fs.writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
        const r = await cli(["--kubeconfig", file]);
        assert.equal(r.code, 2);
        assert.match(
            r.stderr,
            new RegExp(
                `cannot reach the cluster: ${big.server.replace(/\./g, "\\.")} rejected the kubeconfig's credentials \\(HTTP 401 Unauthorized\\)`,
            ),
        );
        const json = await cli(["--kubeconfig", file, "--json"]);
        assert.equal(json.code, 2);
        const report = JSON.parse(json.stdout) as { server: string; error: { cause: string } };
        assert.deepEqual([report.server, report.error.cause], [big.server, "401"]);
    });
});
