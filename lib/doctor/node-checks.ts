/**
 * Per-node doctor checks: the compat node rules plus CPU capacity, GKE Autopilot, GPUs on managed clouds
 * and, in sysbox mode, the installer's labels, taint and Kubernetes range.
 */
import type { Node } from "kubernetes-types/core/v1";
import {
    assertInstallerSupports,
    checkNode,
    CvmkitConfigError,
    DEFAULT_SYSBOX_INSTALLER,
    MIN_CVM_NODE_CPUS,
    parseKubernetesVersion,
} from "../compat";
import { SYSBOX_INSTALL_LABEL, SYSBOX_RUNTIME_CLASS, SYSBOX_RUNTIME_LABEL } from "../manifests";
import type { DoctorFinding } from "./findings";

/** Which CVM mode the cluster is expected to run. */
export type DoctorMode = "supervisor" | "sysbox";

/** Reads a CPU quantity (`4`, `3920m`) as cores. */
export function parseCpu(quantity: string | undefined): number | undefined {
    if (!quantity) return undefined;
    const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity.trim());
    if (!m) return undefined;
    return m[2] === "m" ? Number(m[1]) / 1000 : Number(m[1]);
}

/** The managed cloud a node runs on, from its `spec.providerID`, or undefined (bare metal / unknown). */
export function managedCloudOf(node: Node): "aws" | "gcp" | "azure" | undefined {
    const id = node.spec?.providerID ?? "";
    if (id.startsWith("aws://")) return "aws";
    if (id.startsWith("gce://")) return "gcp";
    if (id.startsWith("azure://")) return "azure";
    return undefined;
}

/** True for bare-metal instance types on a cloud (`m5.metal`, `c6i.metal-24xl`, `c3-standard-192-metal`). */
function isMetalInstance(node: Node): boolean {
    const type = node.metadata?.labels?.["node.kubernetes.io/instance-type"] ?? "";
    return /[.-]metal(?:-\w+)?$/.test(type);
}

/** The number of devices of an extended resource (`nvidia.com/gpu: "1"`); 0 when absent or unreadable. */
function deviceCount(quantity: string | undefined): number {
    const n = Number(quantity ?? "0");
    return Number.isFinite(n) ? n : 0;
}

/** True when the Sysbox installer has finished on a node: label `sysbox-runtime=running` and no `not-running` taint. */
export function isSysboxReady(node: Node): boolean {
    const tainted = (node.spec?.taints ?? []).some(
        (t) => t.key === SYSBOX_RUNTIME_LABEL && t.value === "not-running",
    );
    return node.metadata?.labels?.[SYSBOX_RUNTIME_LABEL] === "running" && !tainted;
}

/** True for GKE Autopilot nodes (their names start with `gk3-`, or they carry Autopilot labels). */
export function isAutopilotNode(node: Node): boolean {
    const labels = node.metadata?.labels ?? {};
    return (
        (node.metadata?.name ?? "").startsWith("gk3-") ||
        Object.keys(labels).some((k) => k.startsWith("autopilot.gke.io/")) ||
        labels["cloud.google.com/gke-autopilot"] === "true"
    );
}

/**
 * Everything the doctor says about one node: OS, kernel, runtime and architecture (compat rules), CPU
 * capacity, GKE Autopilot / COS, GPUs on managed clouds, and in sysbox mode the installer's labels and taint.
 */
export function nodeFindings(node: Node, mode: DoctorMode): DoctorFinding[] {
    const name = node.metadata?.name ?? "(unnamed)";
    const subject = `node/${name}`;
    const info = node.status?.nodeInfo;
    const findings: DoctorFinding[] = [];
    if (isAutopilotNode(node)) {
        findings.push({
            check: "node.autopilot",
            status: "fail",
            subject,
            message: "GKE Autopilot node: privileged pods are rejected and nodes run COS",
            remedy: "use a GKE Standard cluster with a UBUNTU_CONTAINERD node pool",
        });
    }
    if (info) {
        for (const f of checkNode({
            osImage: info.osImage,
            kernelVersion: info.kernelVersion,
            containerRuntimeVersion: info.containerRuntimeVersion,
            architecture: info.architecture,
        })) {
            findings.push({ ...f, subject });
        }
    } else {
        findings.push({
            check: "node.os",
            status: "warn",
            subject,
            message: "node reports no status.nodeInfo",
            remedy: "check that the kubelet is running",
        });
    }
    // vCPUs of the machine (capacity); allocatable is a little less (3920m on a 4-vCPU node) by design
    const cpus = parseCpu(node.status?.capacity?.cpu ?? node.status?.allocatable?.cpu);
    if (cpus === undefined) {
        findings.push({
            check: "node.cpu",
            status: "warn",
            subject,
            message: "CPU capacity unknown",
            remedy: `use nodes with ${MIN_CVM_NODE_CPUS}+ vCPUs`,
        });
    } else if (cpus < MIN_CVM_NODE_CPUS) {
        findings.push({
            check: "node.cpu",
            status: "fail",
            subject,
            message: `${cpus} vCPU, below the ${MIN_CVM_NODE_CPUS} vCPU minimum for CVM nodes`,
            remedy: `use a machine size with ${MIN_CVM_NODE_CPUS}+ vCPUs (e.g. m6i.xlarge, e2-standard-4, Standard_D4s_v5)`,
        });
    } else {
        findings.push({ check: "node.cpu", status: "ok", subject, message: `${cpus} vCPU` });
    }
    const allocatable = node.status?.allocatable ?? {};
    const cloud = isMetalInstance(node) ? undefined : managedCloudOf(node);
    const amd = Object.entries(allocatable)
        .filter(([k]) => k.startsWith("amd.com/"))
        .reduce((sum, [, v]) => sum + deviceCount(v), 0);
    if (amd > 0) {
        findings.push({
            check: "node.gpu",
            status: "warn",
            subject,
            message: `advertises ${amd} AMD GPU(s), which CVMs do not support`,
            remedy: "run GPU workloads outside CVMs, or keep CVM pods off this node",
        });
    }
    const nvidia = deviceCount(allocatable["nvidia.com/gpu"]);
    if (nvidia > 0) {
        findings.push(
            cloud
                ? {
                      check: "node.gpu",
                      status: "warn",
                      subject,
                      message: `advertises ${nvidia} NVIDIA GPU(s) on a managed ${cloud} node; GPUs in CVMs work only on bare metal`,
                      remedy: "run GPU workloads outside CVMs, or use bare-metal nodes for GPU CVMs",
                  }
                : {
                      check: "node.gpu",
                      status: "ok",
                      subject,
                      message: `advertises ${nvidia} NVIDIA GPU(s) on bare metal: usable in CVMs (beta; not with cached CVMs)`,
                  },
        );
    }
    if (mode === "sysbox") {
        const kubelet = kubeletRangeFinding(info?.kubeletVersion, subject);
        if (kubelet) findings.push(kubelet);
        findings.push(sysboxStateFinding(node, subject));
    }
    return findings;
}

/** The installer reads the minor from the node's kubelet version; outside its range it dies on the node. */
function kubeletRangeFinding(
    kubeletVersion: string | undefined,
    subject: string,
): DoctorFinding | undefined {
    if (!kubeletVersion) return undefined;
    try {
        assertInstallerSupports(
            DEFAULT_SYSBOX_INSTALLER,
            parseKubernetesVersion(kubeletVersion, "status.nodeInfo.kubeletVersion"),
            "status.nodeInfo.kubeletVersion",
        );
        return undefined;
    } catch (err) {
        if (!(err instanceof CvmkitConfigError)) throw err;
        return {
            check: "node.kubelet",
            status: "fail",
            subject,
            message: `kubelet ${kubeletVersion}: ${err.reason}`,
            remedy: err.fix,
        };
    }
}

/**
 * The runtime handlers the kubelet reports (`status.runtimeHandlers`, kubelet ≥ 1.30 with a CRI that lists
 * them, e.g. containerd 2), or undefined when the node does not say.
 */
export function reportedRuntimeHandlers(node: Node): string[] | undefined {
    const handlers = node.status?.runtimeHandlers;
    if (!Array.isArray(handlers) || handlers.length === 0) return undefined;
    return handlers.map((h) => h.name ?? "").filter((n) => n.length > 0);
}

/** False only when the kubelet lists its runtime handlers and `sysbox-runc` is not among them. */
export function mayHaveSysboxHandler(node: Node): boolean {
    const handlers = reportedRuntimeHandlers(node);
    return !handlers || handlers.includes(SYSBOX_RUNTIME_CLASS);
}

function sysboxStateFinding(node: Node, subject: string): DoctorFinding {
    const labels = node.metadata?.labels ?? {};
    const tainted = (node.spec?.taints ?? []).some(
        (t) => t.key === SYSBOX_RUNTIME_LABEL && t.value === "not-running",
    );
    const runtime = labels[SYSBOX_RUNTIME_LABEL];
    const handlers = reportedRuntimeHandlers(node);
    if (isSysboxReady(node) && handlers && !mayHaveSysboxHandler(node)) {
        // the label says running, the container runtime says otherwise: the kubelet asks the runtime for the
        // handler and the pod sandbox fails ("no runtime for \"sysbox-runc\" is configured" on containerd)
        return {
            check: "node.sysbox",
            status: "fail",
            subject,
            message: `labelled ${SYSBOX_RUNTIME_LABEL}=running, but its container runtime has no ${SYSBOX_RUNTIME_CLASS} handler (the kubelet reports ${handlers.join(", ")}): pods of RuntimeClass ${SYSBOX_RUNTIME_CLASS} fail here with FailedCreatePodSandBox`,
            remedy: `re-run the Sysbox installer on this node (it adds the ${SYSBOX_RUNTIME_CLASS} runtime to the container runtime's config and restarts it), or remove the ${SYSBOX_RUNTIME_LABEL} label so no Sysbox pod is scheduled here`,
        };
    }
    if (isSysboxReady(node)) {
        return {
            check: "node.sysbox",
            status: "ok",
            subject,
            message: "Sysbox is running (sysbox-runtime=running, no taint)",
        };
    }
    if (labels[SYSBOX_INSTALL_LABEL] !== "yes") {
        return {
            check: "node.sysbox",
            status: "warn",
            subject,
            message: `not labelled ${SYSBOX_INSTALL_LABEL}=yes: the Sysbox installer will not run here`,
            remedy: `label CVM node pools ${SYSBOX_INSTALL_LABEL}=yes (cvmkit's node pools do this when the runtime is on)`,
        };
    }
    return {
        check: "node.sysbox",
        status: "warn",
        subject,
        message: `Sysbox not ready yet (sysbox-runtime=${runtime ?? "unset"}${tainted ? ", taint sysbox-runtime=not-running" : ""})`,
        remedy: "wait 2–3 minutes for the installer; if it persists, read the sysbox-deploy-k8s pod's log on this node",
    };
}
