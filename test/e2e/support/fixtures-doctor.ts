/**
 * Fixtures for the doctor's end-to-end tests: a small HTTPS client for the local apiserver
 * (control-plane.ts), server-side apply through API discovery, and the objects of a realistic
 * cluster — Node objects with the status.nodeInfo of real clouds, Kyverno CRDs and policies,
 * Gatekeeper constraints (their CRDs come from the real Gatekeeper manager), an Istio-style sidecar injector that never blocks, NFS and block StorageClasses and
 * a restricted namespace. Node built-ins only.
 */
import * as https from "node:https";
import type { Node } from "kubernetes-types/core/v1";
import type { ControlPlane } from "./control-plane";

export interface Response {
    status: number;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of any kind
    body: any;
}

/** A bare client for the local apiserver, authenticated with one bearer token. */
export class Api {
    private readonly resources = new Map<string, { name: string; namespaced: boolean }>();

    constructor(
        private readonly cp: ControlPlane,
        private readonly token: string = cp.token,
    ) {}

    request(method: string, path: string, body?: unknown, contentType?: string): Promise<Response> {
        const url = new URL(this.cp.server + path);
        const data =
            body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
        return new Promise((resolve, reject) => {
            const req = https.request(
                url,
                {
                    method,
                    ca: this.cp.caPem,
                    headers: {
                        Authorization: `Bearer ${this.token}`,
                        Accept: "application/json",
                        ...(data !== undefined
                            ? { "Content-Type": contentType ?? "application/json" }
                            : {}),
                    },
                    timeout: 30_000,
                },
                (res) => {
                    let text = "";
                    res.setEncoding("utf8");
                    res.on("data", (c: string) => (text += c));
                    res.on("end", () => {
                        let parsed: unknown = text;
                        try {
                            parsed = text ? JSON.parse(text) : undefined;
                        } catch {
                            /* keep text */
                        }
                        resolve({ status: res.statusCode ?? 0, body: parsed });
                    });
                },
            );
            req.on("timeout", () => req.destroy(new Error(`timeout: ${method} ${path}`)));
            req.on("error", reject);
            if (data !== undefined) req.write(data);
            req.end();
        });
    }

    async get(path: string): Promise<Response> {
        return this.request("GET", path);
    }

    /** Fails with the API's message unless the status is 2xx. */
    async must(method: string, path: string, body?: unknown, contentType?: string) {
        const r = await this.request(method, path, body, contentType);
        if (r.status >= 300) {
            throw new Error(`${method} ${path}: HTTP ${r.status}: ${JSON.stringify(r.body)}`);
        }
        return r.body;
    }

    /** The collection path of a kind, found by API discovery (cached; refreshed once on a miss). */
    async collectionPath(apiVersion: string, kind: string, namespace?: string): Promise<string> {
        const key = `${apiVersion}/${kind}`;
        if (!this.resources.has(key)) {
            const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
            const list = (await this.must("GET", base)) as {
                resources: { name: string; kind: string; namespaced: boolean }[];
            };
            for (const r of list.resources) {
                if (!r.name.includes("/")) {
                    this.resources.set(`${apiVersion}/${r.kind}`, r);
                }
            }
        }
        const r = this.resources.get(key);
        if (!r) throw new Error(`no resource for ${key} in discovery`);
        const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        return r.namespaced
            ? `${base}/namespaces/${namespace ?? "default"}/${r.name}`
            : `${base}/${r.name}`;
    }

    /** Server-side apply (PATCH application/apply-patch+yaml, JSON is YAML) with force. */
    async apply(obj: {
        apiVersion: string;
        kind: string;
        metadata: { name: string; namespace?: string };
    }): Promise<unknown> {
        const path = await this.collectionPath(obj.apiVersion, obj.kind, obj.metadata.namespace);
        return this.must(
            "PATCH",
            `${path}/${obj.metadata.name}?fieldManager=cvmkit-e2e&force=true`,
            obj,
            "application/apply-patch+yaml",
        );
    }

    /** Polls until `check` is true (fixtures only; the doctor is never polled). */
    async waitFor(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
        const deadline = Date.now() + ms;
        while (Date.now() < deadline) {
            if (await check()) return;
            await new Promise((r) => setTimeout(r, 200));
        }
        throw new Error(`timed out waiting for ${what}`);
    }
}

// ---- nodes ----------------------------------------------------------------------------------

export interface NodeFixture {
    readonly name: string;
    readonly osImage: string;
    readonly kernelVersion: string;
    readonly containerRuntimeVersion: string;
    readonly kubeletVersion: string;
    readonly architecture: "amd64" | "arm64";
    readonly cpu: string;
    readonly allocatableCpu: string;
    readonly memory: string;
    readonly providerID?: string;
    readonly labels?: Record<string, string>;
    readonly taints?: { key: string; value: string; effect: string }[];
    readonly extended?: Record<string, string>;
}

const CVM = { "cvmkit.dev/cvm-node": "true" };
const ZONE = (z: string) => ({ "topology.kubernetes.io/zone": z });

/** The nodes of the fixture cluster: three CVM-pool nodes (selected by cvmkit.dev/cvm-node=true) and the rest. */
export const NODES: readonly NodeFixture[] = [
    {
        // EKS, Canonical Ubuntu 22.04 AMI: kernel 5.15, containerd 1.7 → installer takes the CRI-O path
        name: "ip-10-0-1-10.ec2.internal",
        osImage: "Ubuntu 22.04.4 LTS",
        kernelVersion: "5.15.0-1057-aws",
        containerRuntimeVersion: "containerd://1.7.12",
        kubeletVersion: "v1.35.0-eks-3025e55",
        architecture: "amd64",
        cpu: "4",
        allocatableCpu: "3920m",
        memory: "16073740Ki",
        providerID: "aws:///us-east-1a/i-0a1b2c3d4e5f60718",
        labels: {
            ...CVM,
            ...ZONE("us-east-1a"),
            "node.kubernetes.io/instance-type": "m6i.xlarge",
            "eks.amazonaws.com/nodegroup": "cvm",
            "sysbox-install": "yes",
            "sysbox-runtime": "installing",
        },
        taints: [{ key: "sysbox-runtime", value: "not-running", effect: "NoSchedule" }],
    },
    {
        // GKE Standard, UBUNTU_CONTAINERD on 24.04: kernel 6.8, containerd 2.0.5; Sysbox finished
        name: "gke-cvm-ubuntu-pool-1a2b3c4d-x7k9",
        osImage: "Ubuntu 24.04.1 LTS",
        kernelVersion: "6.8.0-1017-gcp",
        containerRuntimeVersion: "containerd://2.0.5",
        kubeletVersion: "v1.35.4-gke.1000000",
        architecture: "amd64",
        cpu: "8",
        allocatableCpu: "7910m",
        memory: "32880736Ki",
        providerID: "gce://cvm-project/us-central1-a/gke-cvm-ubuntu-pool-1a2b3c4d-x7k9",
        labels: {
            ...CVM,
            ...ZONE("us-central1-a"),
            "node.kubernetes.io/instance-type": "n2-standard-8",
            "cloud.google.com/gke-os-distribution": "ubuntu",
            "cloud.google.com/gke-nodepool": "cvm-ubuntu-pool",
            "sysbox-install": "yes",
            "sysbox-runtime": "running",
        },
    },
    {
        // EKS Graviton, Ubuntu 24.04 arm64; labelled for the installer, which has not started yet
        name: "ip-10-0-1-11.ec2.internal",
        osImage: "Ubuntu 24.04.1 LTS",
        kernelVersion: "6.8.0-1017-aws",
        containerRuntimeVersion: "containerd://2.0.5",
        kubeletVersion: "v1.35.0-eks-3025e55",
        architecture: "arm64",
        cpu: "4",
        allocatableCpu: "3920m",
        memory: "15896576Ki",
        providerID: "aws:///us-east-1b/i-0b1c2d3e4f5a60719",
        labels: {
            ...CVM,
            ...ZONE("us-east-1b"),
            "node.kubernetes.io/instance-type": "m7g.xlarge",
            "sysbox-install": "yes",
        },
    },
    {
        // on-prem Ubuntu 18.04 with its GA kernel 4.15: below Bionic's 5.3 minimum
        name: "bionic-worker-1",
        osImage: "Ubuntu 18.04.6 LTS",
        kernelVersion: "4.15.0-213-generic",
        containerRuntimeVersion: "containerd://1.6.33",
        kubeletVersion: "v1.35.4",
        architecture: "amd64",
        cpu: "16",
        allocatableCpu: "16",
        memory: "65842224Ki",
    },
    {
        // GKE Standard with the default COS image
        name: "gke-std-default-pool-5e6f7a8b-q2w3",
        osImage: "Container-Optimized OS from Google",
        kernelVersion: "6.6.56+",
        containerRuntimeVersion: "containerd://2.0.5",
        kubeletVersion: "v1.35.4-gke.1000000",
        architecture: "amd64",
        cpu: "4",
        allocatableCpu: "3920m",
        memory: "16393220Ki",
        providerID: "gce://cvm-project/us-central1-a/gke-std-default-pool-5e6f7a8b-q2w3",
        labels: {
            ...ZONE("us-central1-a"),
            "cloud.google.com/gke-os-distribution": "cos",
            "node.kubernetes.io/instance-type": "e2-standard-4",
        },
    },
    {
        // GKE Autopilot: gk3- node names, always COS
        name: "gk3-autopilot-pool-2-8f9e7d6c-abcd",
        osImage: "Container-Optimized OS from Google",
        kernelVersion: "6.6.56+",
        containerRuntimeVersion: "containerd://2.0.5",
        kubeletVersion: "v1.35.4-gke.1000000",
        architecture: "amd64",
        cpu: "4",
        allocatableCpu: "3920m",
        memory: "16393220Ki",
        providerID: "gce://autopilot-project/us-central1-b/gk3-autopilot-pool-2-8f9e7d6c-abcd",
        labels: {
            ...ZONE("us-central1-b"),
            "cloud.google.com/gke-os-distribution": "cos",
            "cloud.google.com/gke-nodepool": "pool-2",
        },
    },
    {
        // EKS Bottlerocket, one minor behind the control plane
        name: "ip-10-0-2-20.ec2.internal",
        osImage: "Bottlerocket OS 1.26.2 (aws-k8s-1.31)",
        kernelVersion: "6.1.112",
        containerRuntimeVersion: "containerd://1.7.22+bottlerocket",
        kubeletVersion: "v1.31.0-eks-a737599",
        architecture: "amd64",
        cpu: "4",
        allocatableCpu: "3920m",
        memory: "15896576Ki",
        providerID: "aws:///us-east-1a/i-0c1d2e3f4a5b60720",
        labels: { ...ZONE("us-east-1a"), "node.kubernetes.io/instance-type": "m6i.xlarge" },
    },
    {
        // EKS managed node group default: Amazon Linux 2023
        name: "ip-10-0-3-30.ec2.internal",
        osImage: "Amazon Linux 2023.6.20241111",
        kernelVersion: "6.1.115-126.197.amzn2023.x86_64",
        containerRuntimeVersion: "containerd://1.7.23",
        kubeletVersion: "v1.35.0-eks-3025e55",
        architecture: "amd64",
        cpu: "4",
        allocatableCpu: "3920m",
        memory: "15896576Ki",
        providerID: "aws:///us-east-1c/i-0d1e2f3a4b5c60721",
        labels: { ...ZONE("us-east-1c"), "node.kubernetes.io/instance-type": "m6i.xlarge" },
    },
    {
        // AKS default-size pool: 2 vCPU
        name: "aks-nodepool1-12345678-vmss000000",
        osImage: "Ubuntu 22.04.5 LTS",
        kernelVersion: "5.15.0-1074-azure",
        containerRuntimeVersion: "containerd://1.7.22-1",
        kubeletVersion: "v1.35.1",
        architecture: "amd64",
        cpu: "2",
        allocatableCpu: "1900m",
        memory: "8129252Ki",
        providerID:
            "azure:///subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mc_rg_aks_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-12345678-vmss/virtualMachines/0",
        labels: { "node.kubernetes.io/instance-type": "Standard_D2s_v3" },
    },
    {
        // EKS GPU node (g5.xlarge): NVIDIA on a managed cloud
        name: "ip-10-0-4-40.ec2.internal",
        osImage: "Ubuntu 22.04.4 LTS",
        kernelVersion: "6.5.0-1024-aws",
        containerRuntimeVersion: "containerd://1.7.12",
        kubeletVersion: "v1.35.0-eks-3025e55",
        architecture: "amd64",
        cpu: "4",
        allocatableCpu: "3920m",
        memory: "16073740Ki",
        providerID: "aws:///us-east-1a/i-0e1f2a3b4c5d60722",
        labels: { "node.kubernetes.io/instance-type": "g5.xlarge" },
        extended: { "nvidia.com/gpu": "1" },
    },
    {
        // on-prem AMD Instinct box
        name: "mi300-worker-1",
        osImage: "Ubuntu 22.04.4 LTS",
        kernelVersion: "6.5.0-45-generic",
        containerRuntimeVersion: "containerd://2.0.5",
        kubeletVersion: "v1.35.4",
        architecture: "amd64",
        cpu: "96",
        allocatableCpu: "96",
        memory: "1584612040Ki",
        extended: { "amd.com/gpu": "8" },
    },
    {
        // on-prem NVIDIA box: GPUs in CVMs are allowed on bare metal
        name: "dgx-worker-1",
        osImage: "Ubuntu 22.04.4 LTS",
        kernelVersion: "6.5.0-45-generic",
        containerRuntimeVersion: "containerd://2.0.5",
        kubeletVersion: "v1.35.4",
        architecture: "amd64",
        cpu: "64",
        allocatableCpu: "64",
        memory: "2113152040Ki",
        extended: { "nvidia.com/gpu": "8" },
    },
];

/** The Node object (metadata, spec and status) a kubelet would report for a fixture. */
export function toNode(n: NodeFixture): Node {
    const capacity = {
        cpu: n.cpu,
        memory: n.memory,
        pods: "110",
        "ephemeral-storage": "101430960Ki",
        ...n.extended,
    };
    return {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
            name: n.name,
            labels: {
                "kubernetes.io/hostname": n.name,
                "kubernetes.io/os": "linux",
                "kubernetes.io/arch": n.architecture,
                "beta.kubernetes.io/os": "linux",
                "beta.kubernetes.io/arch": n.architecture,
                ...n.labels,
            },
        },
        spec: {
            ...(n.providerID ? { providerID: n.providerID } : {}),
            ...(n.taints ? { taints: n.taints } : {}),
        },
        status: {
            capacity,
            allocatable: { ...capacity, cpu: n.allocatableCpu },
            nodeInfo: {
                machineID: "ec2d3b3a4c5e4f6a8b9c0d1e2f3a4b5c",
                systemUUID: "ec2d3b3a-4c5e-4f6a-8b9c-0d1e2f3a4b5c",
                bootID: "3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b",
                kernelVersion: n.kernelVersion,
                osImage: n.osImage,
                containerRuntimeVersion: n.containerRuntimeVersion,
                kubeletVersion: n.kubeletVersion,
                kubeProxyVersion: "",
                operatingSystem: "linux",
                architecture: n.architecture,
            },
            conditions: [
                {
                    type: "Ready",
                    status: "True",
                    reason: "KubeletReady",
                    message: "kubelet is posting ready status",
                    lastHeartbeatTime: "2026-11-20T10:00:00Z",
                    lastTransitionTime: "2026-11-20T09:58:00Z",
                },
            ],
        },
    };
}

/** POST /api/v1/nodes, then PATCH the status subresource (the API ignores status on create). */
export async function registerNode(api: Api, n: NodeFixture): Promise<void> {
    const { status, ...node } = toNode(n);
    await api.must("POST", "/api/v1/nodes", node);
    await api.must(
        "PATCH",
        `/api/v1/nodes/${n.name}/status`,
        { status },
        "application/merge-patch+json",
    );
}

// ---- policy engines, Istio, storage, namespaces ---------------------------------------------

function crd(
    group: string,
    kind: string,
    plural: string,
    scope: "Cluster" | "Namespaced",
    versions: string[],
    extra: Record<string, unknown> = {},
) {
    return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `${plural}.${group}`, ...extra },
        spec: {
            group,
            scope,
            names: { kind, plural, singular: plural, listKind: `${kind}List` },
            versions: versions.map((name, i) => ({
                name,
                served: true,
                storage: i === 0,
                schema: {
                    openAPIV3Schema: {
                        type: "object",
                        properties: {
                            spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                            status: {
                                type: "object",
                                "x-kubernetes-preserve-unknown-fields": true,
                            },
                        },
                    },
                },
            })),
        },
    };
}

/**
 * The CRDs Kyverno installs (names, groups, kinds, scopes, versions as upstream). Gatekeeper's are real:
 * the Gatekeeper manager runs in the doctor's e2e test and creates its constraint CRDs from the
 * PSP-library templates (support/gatekeeper-webhook.ts).
 */
export const ENGINE_CRDS = [
    crd("kyverno.io", "ClusterPolicy", "clusterpolicies", "Cluster", ["v1", "v2beta1"]),
    crd("kyverno.io", "PolicyException", "policyexceptions", "Namespaced", ["v2", "v2beta1"]),
];

/** Constraints as a cluster has them before cvmkit: only kube-system excluded. */
export const GATEKEEPER_CONSTRAINTS = [
    {
        apiVersion: "constraints.gatekeeper.sh/v1beta1",
        kind: "K8sPSPPrivilegedContainer",
        metadata: { name: "psp-privileged-container" },
        spec: {
            match: {
                kinds: [{ apiGroups: [""], kinds: ["Pod"] }],
                excludedNamespaces: ["kube-system"],
            },
        },
    },
    {
        apiVersion: "constraints.gatekeeper.sh/v1beta1",
        kind: "K8sPSPHostFilesystem",
        metadata: { name: "psp-host-filesystem" },
        spec: {
            match: {
                kinds: [{ apiGroups: [""], kinds: ["Pod"] }],
                excludedNamespaces: ["kube-system"],
            },
            parameters: { allowedHostPaths: [] },
        },
    },
    {
        // a report-only constraint: never blocks
        apiVersion: "constraints.gatekeeper.sh/v1beta1",
        kind: "K8sPSPPrivilegedContainer",
        metadata: { name: "audit-privileged-everywhere" },
        spec: {
            enforcementAction: "dryrun",
            match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
        },
    },
];

/** kyverno-policies `disallow-privileged-containers` / `disallow-host-path` set to Enforce, and an unrelated one. */
export const KYVERNO_POLICIES = [
    {
        apiVersion: "kyverno.io/v1",
        kind: "ClusterPolicy",
        metadata: { name: "disallow-privileged-containers" },
        spec: {
            validationFailureAction: "Enforce",
            background: true,
            rules: [
                {
                    name: "privileged-containers",
                    match: { any: [{ resources: { kinds: ["Pod"] } }] },
                    validate: {
                        message: "Privileged mode is disallowed.",
                        pattern: {
                            spec: {
                                "=(ephemeralContainers)": [
                                    { "=(securityContext)": { "=(privileged)": "false" } },
                                ],
                                "=(initContainers)": [
                                    { "=(securityContext)": { "=(privileged)": "false" } },
                                ],
                                containers: [
                                    { "=(securityContext)": { "=(privileged)": "false" } },
                                ],
                            },
                        },
                    },
                },
            ],
        },
    },
    {
        apiVersion: "kyverno.io/v1",
        kind: "ClusterPolicy",
        metadata: { name: "disallow-host-path" },
        spec: {
            validationFailureAction: "Enforce",
            rules: [
                {
                    name: "host-path",
                    match: { any: [{ resources: { kinds: ["Pod"] } }] },
                    validate: {
                        message: "HostPath volumes are forbidden.",
                        pattern: { spec: { "=(volumes)": [{ "X(hostPath)": "null" }] } },
                    },
                },
            ],
        },
    },
    {
        apiVersion: "kyverno.io/v1",
        kind: "ClusterPolicy",
        metadata: { name: "require-team-label" },
        spec: {
            validationFailureAction: "Enforce",
            rules: [
                {
                    name: "team-label",
                    match: { any: [{ resources: { kinds: ["Deployment"] } }] },
                    validate: {
                        message: "label team is required",
                        pattern: { metadata: { labels: { team: "?*" } } },
                    },
                },
            ],
        },
    },
];

/**
 * Istio's sidecar injector as istiod installs it (four webhooks, the same selectors), except that it
 * points at a Service that does not exist and fails open, so it never blocks a request here.
 */
export const ISTIO_INJECTOR = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfiguration",
    metadata: {
        name: "istio-sidecar-injector",
        labels: { app: "sidecar-injector", "istio.io/rev": "default" },
    },
    webhooks: [
        {
            name: "rev.namespace.sidecar-injector.istio.io",
            namespaceSelector: {
                matchExpressions: [
                    { key: "istio.io/rev", operator: "In", values: ["default"] },
                    { key: "istio-injection", operator: "DoesNotExist" },
                ],
            },
            objectSelector: {
                matchExpressions: [
                    { key: "sidecar.istio.io/inject", operator: "NotIn", values: ["false"] },
                ],
            },
        },
        {
            name: "rev.object.sidecar-injector.istio.io",
            namespaceSelector: {
                matchExpressions: [
                    { key: "istio.io/rev", operator: "DoesNotExist" },
                    { key: "istio-injection", operator: "DoesNotExist" },
                ],
            },
            objectSelector: {
                matchExpressions: [
                    { key: "sidecar.istio.io/inject", operator: "NotIn", values: ["false"] },
                    { key: "istio.io/rev", operator: "In", values: ["default"] },
                ],
            },
        },
        {
            name: "namespace.sidecar-injector.istio.io",
            namespaceSelector: {
                matchExpressions: [{ key: "istio-injection", operator: "In", values: ["enabled"] }],
            },
            objectSelector: {
                matchExpressions: [
                    { key: "sidecar.istio.io/inject", operator: "NotIn", values: ["false"] },
                ],
            },
        },
        {
            name: "object.sidecar-injector.istio.io",
            namespaceSelector: {
                matchExpressions: [
                    { key: "istio-injection", operator: "DoesNotExist" },
                    { key: "istio.io/rev", operator: "DoesNotExist" },
                ],
            },
            objectSelector: {
                matchExpressions: [
                    { key: "sidecar.istio.io/inject", operator: "In", values: ["true"] },
                    { key: "istio.io/rev", operator: "DoesNotExist" },
                ],
            },
        },
    ].map((w) => ({
        ...w,
        clientConfig: {
            service: {
                name: "istiod",
                namespace: "istio-system",
                path: "/inject",
                port: 443,
            },
        },
        rules: [
            {
                operations: ["CREATE"],
                apiGroups: [""],
                apiVersions: ["v1"],
                resources: ["pods"],
                scope: "*",
            },
        ],
        failurePolicy: "Ignore",
        sideEffects: "None",
        admissionReviewVersions: ["v1beta1", "v1"],
        reinvocationPolicy: "Never",
        timeoutSeconds: 2,
    })),
};

export const STORAGE_CLASSES = [
    {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: "nfs-csi" },
        provisioner: "nfs.csi.k8s.io",
        parameters: { server: "nfs-server.storage.svc.cluster.local", share: "/" },
        reclaimPolicy: "Delete",
        volumeBindingMode: "Immediate",
    },
    {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: "efs-sc" },
        provisioner: "efs.csi.aws.com",
        parameters: {
            provisioningMode: "efs-ap",
            fileSystemId: "fs-0123456789abcdef0",
            directoryPerms: "700",
        },
    },
    {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: {
            name: "gp3",
            annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", fsType: "ext4" },
        volumeBindingMode: "WaitForFirstConsumer",
    },
];

/** A namespace a platform team locked down with Pod Security `restricted`. */
export const RESTRICTED_NAMESPACE = {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
        name: "team-restricted",
        labels: {
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "latest",
        },
    },
};

/** A namespace with Istio injection turned on (the injector's namespace selector matches it). */
export const ISTIO_NAMESPACE = {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
        name: "mesh-apps",
        labels: {
            "istio-injection": "enabled",
            "pod-security.kubernetes.io/enforce": "privileged",
        },
    },
};

interface CrdShape {
    spec: {
        group: string;
        names: { plural: string };
        versions: { name: string; served: boolean }[];
    };
}

/**
 * Applies everything a cluster has before cvmkit: nodes, engines (Gatekeeper's ConstraintTemplates by
 * `addGatekeeperTemplates`, which waits for the running manager's constraint CRDs), Istio, storage,
 * namespaces.
 */
export async function seedCluster(
    api: Api,
    addGatekeeperTemplates: () => Promise<void>,
): Promise<void> {
    for (const n of NODES) await registerNode(api, n);
    for (const c of ENGINE_CRDS) await api.apply(c);
    await api.waitFor("CRDs established", async () => {
        for (const c of ENGINE_CRDS) {
            const r = await api.get(
                `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${c.metadata.name}`,
            );
            const ok = (r.body?.status?.conditions ?? []).some(
                (x: { type: string; status: string }) =>
                    x.type === "Established" && x.status === "True",
            );
            if (!ok) return false;
        }
        return true;
    });
    // the real Gatekeeper controller creates the constraint CRDs from the templates
    await addGatekeeperTemplates();
    // discovery of freshly established CRDs can lag a moment
    await api.waitFor("kyverno discovery", async () => {
        const [a, b] = await Promise.all([
            api.get("/apis/kyverno.io/v1"),
            api.get("/apis/kyverno.io/v2"),
        ]);
        return a.status === 200 && b.status === 200;
    });
    // A just-established CRD can still answer 429 "storage is (re)initializing" on a loaded machine:
    // wait until every served version of every CRD lists.
    await api.waitFor("CRD storage ready", async () => {
        for (const c of ENGINE_CRDS) {
            const spec = (c as unknown as CrdShape).spec;
            for (const v of spec.versions.filter((x) => x.served)) {
                const r = await api.get(`/apis/${spec.group}/${v.name}/${spec.names.plural}`);
                if (r.status !== 200) return false;
            }
        }
        return true;
    });
    for (const c of GATEKEEPER_CONSTRAINTS) await api.apply(c);
    for (const p of KYVERNO_POLICIES) await api.apply(p);
    await api.apply(ISTIO_INJECTOR);
    for (const s of STORAGE_CLASSES) await api.apply(s);
    await api.apply(RESTRICTED_NAMESPACE);
    await api.apply(ISTIO_NAMESPACE);
}
