import { NODE_CHECKS } from "../compat";

/**
 * The one registry of doctor check ids: every finding's `check` is one of these, so a new check is
 * added here first (the compiler refuses a finding with an unlisted id). Dotted ids name a sub-check
 * of their group (`admission.psa` of `admission`); the groups are also the ids of a group that could
 * not run.
 */
export const DOCTOR_CHECKS = [
    "server.version",
    "server.admission",
    "server.sysbox-range",
    "nodes",
    "nodes.sysbox",
    "nodes.rollout",
    ...NODE_CHECKS,
    "node.autopilot",
    "node.cpu",
    "node.gpu",
    "node.kubelet",
    "node.sysbox",
    "admission",
    "admission.namespace",
    "admission.psa",
    "admission.supervisor",
    "admission.scoped",
    "admission.sysbox",
    "admission.baseline",
    "network.policies",
    "network.metadata",
    "engines",
    "gatekeeper",
    "kyverno",
    "kyverno.exceptions",
    "istio",
    "istio.namespace",
    "storage",
    "runtimeclass",
] as const;

/** A doctor check id: one of {@link DOCTOR_CHECKS}. */
export type DoctorCheckId = (typeof DOCTOR_CHECKS)[number];

/** What a doctor check looks at: the API objects it reads (or dry-runs) and what it tells. */
export interface DoctorCheckInfo {
    /** The API reads or server-side dry-runs the check makes. */
    readonly reads: string;
    /** What it tells, in one sentence. */
    readonly tells: string;
}

/**
 * What every check of {@link DOCTOR_CHECKS} reads and tells — the source of the doctor checks reference
 * (docs/reference/doctor-checks.md, generated). A new id needs its entry here (the type refuses a missing one).
 */
export const DOCTOR_CHECK_INFO: Readonly<Record<DoctorCheckId, DoctorCheckInfo>> = {
    "server.version": {
        reads: "`GET /version`",
        tells: "the server's Kubernetes version, against cvmkit's 1.18 floor",
    },
    "server.admission": {
        reads: "`GET /version` (the gates of the minor)",
        tells: "which admission mechanisms the version has: Pod Security Admission, ValidatingAdmissionPolicy (image allow-list, 1.30+), PodSecurityPolicy (below 1.25)",
    },
    "server.sysbox-range": {
        reads: "`GET /version`",
        tells: "whether the default Sysbox installer release supports the server's minor (with `--mode sysbox`)",
    },
    nodes: {
        reads: "`GET /api/v1/nodes` (with `--node-selector` as label selector)",
        tells: "that there are nodes to check; the group's id when the node list cannot be read",
    },
    "nodes.sysbox": {
        reads: "the listed Nodes' labels",
        tells: "whether any node is labelled `sysbox-install=yes` or runs Sysbox (`--mode sysbox`)",
    },
    "nodes.rollout": {
        reads: "`GET /api/v1/nodes` (CVM nodes, with `--node-selector`) and the CVM namespace's pods (only with `--rollout`)",
        tells: "per CVM node pool (EKS node group, GKE node pool, AKS agent pool label), how many CVM pods a roll of its nodes would evict",
    },
    "node.os": {
        reads: "each Node's `status.nodeInfo.osImage`",
        tells: "whether the OS image can run Sysbox (Ubuntu 18.04–24.04; not COS, Bottlerocket, Amazon Linux, Azure Linux, Windows, Flatcar)",
    },
    "node.kernel": {
        reads: "each Node's `status.nodeInfo.kernelVersion`",
        tells: "the kernel's minimum for the OS, ID-mapped mounts (5.12+) and ID-mapped overlayfs (5.19+)",
    },
    "node.runtime": {
        reads: "each Node's `status.nodeInfo.containerRuntimeVersion`",
        tells: "whether Sysbox registers with the runtime, or the installer replaces containerd with CRI-O and restarts the kubelet",
    },
    "node.architecture": {
        reads: "each Node's `status.nodeInfo.architecture`",
        tells: "amd64 or arm64",
    },
    "node.autopilot": {
        reads: "each Node's labels",
        tells: "GKE Autopilot nodes, which cannot run privileged CVMs",
    },
    "node.cpu": {
        reads: "each Node's `status.capacity.cpu` (or `allocatable`)",
        tells: "at least 4 vCPUs",
    },
    "node.gpu": {
        reads: "each Node's `status.allocatable` (`nvidia.com/gpu`, `amd.com/*`) and cloud labels",
        tells: "NVIDIA GPUs in CVMs work only on bare metal; AMD GPUs not at all",
    },
    "node.kubelet": {
        reads: "each Node's `status.nodeInfo.kubeletVersion`",
        tells: "whether the default Sysbox installer supports the kubelet's minor (the installer reads it on the node and stops outside its range)",
    },
    "node.sysbox": {
        reads: "each Node's `sysbox-install` / `sysbox-runtime` labels and the `sysbox-runtime` taint",
        tells: "whether Sysbox is installed and running on the node (`--mode sysbox`)",
    },
    admission: {
        reads: "the CVM Namespace and dry-run pod creates in it",
        tells: "the group's id when the admission checks cannot run",
    },
    "admission.namespace": {
        reads: "`GET /api/v1/namespaces/<ns>`",
        tells: "that the CVM namespace exists",
    },
    "admission.psa": {
        reads: "the CVM Namespace's `pod-security.kubernetes.io/*` labels",
        tells: "that Pod Security Admission enforces `privileged` there",
    },
    "admission.supervisor": {
        reads: "a server-side dry-run create of the supervisor pod in the CVM namespace",
        tells: "that the whole admission chain (PSA, cvmkit's policy, webhooks) admits the supervisor",
    },
    "admission.scoped": {
        reads: "a server-side dry-run create of a privileged pod with another image",
        tells: "that privilege is scoped to the supervisor image (the pod must be rejected)",
    },
    "admission.sysbox": {
        reads: "a server-side dry-run create of the Sysbox workspace pod (`--mode sysbox`)",
        tells: "that an unprivileged `sysbox-runc` pod is admitted",
    },
    "admission.baseline": {
        reads: "server-side dry-run creates of six escape pods (hostPID + SYS_ADMIN/SYS_PTRACE, hostNetwork, NET_ADMIN, seccomp Unconfined, sysctl `kernel.msgmax`, the supervisor image with hostPID)",
        tells: "that Pod Security baseline holds in the CVM namespace: each must be rejected",
    },
    "network.policies": {
        reads: "`GET /apis/networking.k8s.io/v1/namespaces/<ns>/networkpolicies`",
        tells: "whether every pod of the CVM namespace is isolated for ingress and egress",
    },
    "network.metadata": {
        reads: "the CVM namespace's NetworkPolicies",
        tells: "whether any of them lets pods reach a cloud metadata endpoint",
    },
    engines: {
        reads: "`GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions`",
        tells: "which policy engines are installed; the group's id when their CRDs cannot be read",
    },
    gatekeeper: {
        reads: "the Gatekeeper constraints of the privileged and host-filesystem templates",
        tells: "whether each constraint excludes the CVM namespace or only reports",
    },
    kyverno: {
        reads: "Kyverno ClusterPolicies and PolicyExceptions",
        tells: "whether a PolicyException covers the CVM namespace for each enforcing privileged / host-path / podSecurity policy",
    },
    "kyverno.exceptions": {
        reads: "the Kyverno admission controller Deployment's container args (label `app.kubernetes.io/component=admission-controller`, container `kyverno`)",
        tells: "whether Kyverno honours PolicyExceptions at all (`--enablePolicyException`, `--exceptionNamespace`)",
    },
    istio: {
        reads: "`GET /apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations`",
        tells: "whether Istio's sidecar injection reaches CVM pods",
    },
    "istio.namespace": {
        reads: "the CVM Namespace's `istio-injection` label",
        tells: "that injection is disabled for the namespace",
    },
    storage: {
        reads: "`GET /apis/storage.k8s.io/v1/storageclasses`",
        tells: "NFS-like provisioners, on which CVM files show as nobody:nogroup and Docker fails",
    },
    runtimeclass: {
        reads: "`GET /apis/node.k8s.io/v1/runtimeclasses/sysbox-runc`",
        tells: "the `sysbox-runc` RuntimeClass and its scheduling (`--mode sysbox`)",
    },
};
