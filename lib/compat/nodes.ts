/**
 * Distro, kernel, runtime and architecture rules for nodes that run CVMs, as data plus one
 * checker. Sources: nestybox/sysbox `docs/distro-compat.md`, `install-k8s.md` and the
 * installer script's checks (`is_supported_distro`, `is_supported_kernel`,
 * `is_supported_arch`, `is_containerd_with_userns`).
 */

/** The outcome of one check. */
export type FindingStatus = "ok" | "warn" | "fail";

/** One finding about a node or cluster, with what to do about it. */
export interface Finding<Check extends string = string> {
    /** Short identifier of the check, e.g. `node.os`. */
    readonly check: Check;
    readonly status: FindingStatus;
    /** What was found. */
    readonly message: string;
    /** What to change; present on `warn` and `fail`. */
    readonly remedy?: string;
}

/** The ids of the findings {@link checkNode} returns. */
export const NODE_CHECKS = ["node.os", "node.kernel", "node.runtime", "node.architecture"] as const;

/** A finding of {@link checkNode}. */
export type NodeFinding = Finding<(typeof NODE_CHECKS)[number]>;

/** The node facts cvmkit checks (from `status.nodeInfo` of a Node). */
export interface NodeInfo {
    /** `status.nodeInfo.osImage`, e.g. `Ubuntu 22.04.4 LTS`. */
    readonly osImage: string;
    /** `status.nodeInfo.kernelVersion`, e.g. `5.15.0-1057-aws`. */
    readonly kernelVersion: string;
    /** `status.nodeInfo.containerRuntimeVersion`, e.g. `containerd://1.7.12`. */
    readonly containerRuntimeVersion?: string;
    /** `status.nodeInfo.architecture`, e.g. `amd64`. */
    readonly architecture?: string;
}

/** A kernel version reduced to numbers. */
export interface KernelVersion {
    readonly major: number;
    readonly minor: number;
    readonly patch: number;
}

/** How cvmkit treats a node OS family. */
export interface DistroRule {
    /** Family id, e.g. `ubuntu`, `cos`. */
    readonly id: string;
    /** Human name. */
    readonly name: string;
    /** Matches `osImage`. */
    readonly pattern: RegExp;
    /** `supported`: the installer accepts it; `untested`: it warns; `refused`: Sysbox cannot run there. */
    readonly support: "supported" | "untested" | "refused";
    /** Minimum kernel for families without per-release rules. */
    readonly minKernel?: string;
    /** Why and what instead, for `untested` and `refused`. */
    readonly remedy?: string;
}

/** Minimum kernel per Ubuntu release (sysbox `distro-compat.md`). */
export const UBUNTU_RELEASES: Readonly<
    Record<string, { readonly name: string; readonly minKernel: string }>
> = {
    "24.04": { name: "Noble", minKernel: "6.8" },
    "22.04": { name: "Jammy", minKernel: "5.15" },
    "21.10": { name: "Impish", minKernel: "5.13" },
    "20.04": { name: "Focal", minKernel: "5.4" },
    "18.04": { name: "Bionic", minKernel: "5.3" },
};

const CLOUD_UBUNTU_REMEDY =
    "use Ubuntu nodes: EKS with the Canonical Ubuntu EKS AMI, GKE Standard with image type UBUNTU_CONTAINERD, AKS with osSKU Ubuntu";

/** Node OS families, most specific first. */
export const DISTRO_RULES: readonly DistroRule[] = [
    { id: "ubuntu", name: "Ubuntu", pattern: /^ubuntu\b/i, support: "supported" },
    {
        id: "cos",
        name: "Container-Optimized OS",
        pattern: /container-optimized os|\bcos\b/i,
        support: "refused",
        remedy: "GKE COS nodes (and every Autopilot node) cannot run Sysbox; create a GKE Standard node pool with image type UBUNTU_CONTAINERD",
    },
    {
        id: "bottlerocket",
        name: "Bottlerocket",
        pattern: /bottlerocket/i,
        support: "refused",
        remedy: "Bottlerocket's read-only root blocks the Sysbox installer (nestybox/sysbox#588); use the Canonical Ubuntu EKS AMI",
    },
    {
        id: "amazon-linux",
        name: "Amazon Linux",
        pattern: /amazon linux/i,
        support: "refused",
        remedy: "Amazon Linux 2 / 2023 are not supported by the Sysbox installer (nestybox/sysbox#536); use the Canonical Ubuntu EKS AMI",
    },
    {
        id: "windows",
        name: "Windows",
        pattern: /windows/i,
        support: "refused",
        remedy: "Sysbox is Linux-only; run CVMs on Ubuntu Linux nodes",
    },
    {
        id: "azure-linux",
        name: "Azure Linux / CBL-Mariner",
        pattern: /azure linux|cbl-mariner|mariner/i,
        support: "refused",
        remedy: "the Sysbox installer relies on apt; create the AKS pool with osSKU Ubuntu",
    },
    {
        id: "flatcar",
        name: "Flatcar",
        pattern: /flatcar/i,
        support: "refused",
        remedy: "Flatcar is supported by Sysbox-EE only, which is no longer offered; use Ubuntu nodes",
    },
    {
        id: "debian",
        name: "Debian",
        pattern: /^debian/i,
        support: "untested",
        minKernel: "5.5",
        remedy: "Sysbox on Kubernetes is work in progress on Debian; prefer Ubuntu 22.04 or 24.04 nodes",
    },
    {
        id: "rhel-family",
        name: "RHEL family",
        pattern: /red hat|rhel|centos|rocky|alma|fedora|oracle linux/i,
        support: "refused",
        remedy: "RHEL-family nodes are not supported by the Sysbox CE installer (SELinux hosts are unsupported); use Ubuntu nodes",
    },
];

/** Parses cloud kernel strings such as `5.15.0-1057-aws` or `6.1.94-99.176.amzn2023.x86_64`. */
export function parseKernelVersion(kernel: string): KernelVersion | undefined {
    const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(kernel.trim());
    if (!match) {
        return undefined;
    }
    return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

function kernelAtLeast(k: KernelVersion, min: string): boolean {
    const m = parseKernelVersion(min)!;
    if (k.major !== m.major) return k.major > m.major;
    if (k.minor !== m.minor) return k.minor > m.minor;
    return k.patch >= m.patch;
}

/** Finds the OS family rule for an `osImage`, if any. */
export function distroOf(osImage: string): DistroRule | undefined {
    return DISTRO_RULES.find((rule) => rule.pattern.test(osImage));
}

/** The Ubuntu release (`22.04`) in an `osImage`, if it is Ubuntu. */
export function ubuntuRelease(osImage: string): string | undefined {
    const match = /^ubuntu\s+(\d+\.\d+)/i.exec(osImage.trim());
    return match?.[1];
}

function checkOs(info: NodeInfo): { finding: NodeFinding; minKernel?: string } {
    const rule = distroOf(info.osImage);
    if (!rule) {
        return {
            finding: {
                check: "node.os",
                status: "warn",
                message: `OS image "${info.osImage}" is not one cvmkit knows`,
                remedy: `Sysbox supports Ubuntu 18.04–24.04; ${CLOUD_UBUNTU_REMEDY}`,
            },
        };
    }
    if (rule.support === "refused") {
        return {
            finding: {
                check: "node.os",
                status: "fail",
                message: `${rule.name} ("${info.osImage}") cannot run Sysbox`,
                remedy: rule.remedy ?? CLOUD_UBUNTU_REMEDY,
            },
        };
    }
    if (rule.support === "untested") {
        return {
            finding: {
                check: "node.os",
                status: "warn",
                message: `${rule.name} ("${info.osImage}") is not tested with the Sysbox installer`,
                remedy: rule.remedy ?? CLOUD_UBUNTU_REMEDY,
            },
            minKernel: rule.minKernel,
        };
    }
    const release = ubuntuRelease(info.osImage);
    const known = release ? UBUNTU_RELEASES[release] : undefined;
    if (!release || !known) {
        return {
            finding: {
                check: "node.os",
                status: "warn",
                message: `Ubuntu release ${release ?? "(unknown)"} is not on Sysbox's list (${Object.keys(UBUNTU_RELEASES).join(", ")})`,
                remedy: "use Ubuntu 22.04 or 24.04 node images",
            },
            minKernel: "5.5",
        };
    }
    return {
        finding: {
            check: "node.os",
            status: "ok",
            message: `Ubuntu ${release} ${known.name} is supported`,
        },
        minKernel: known.minKernel,
    };
}

function checkKernel(info: NodeInfo, minKernel: string | undefined): NodeFinding[] {
    const kernel = parseKernelVersion(info.kernelVersion);
    if (!kernel) {
        return [
            {
                check: "node.kernel",
                status: "warn",
                message: `kernel version "${info.kernelVersion}" could not be read`,
                remedy: "check the node's kernel with `uname -r`; Sysbox needs 5.5+ (5.3+ on Ubuntu)",
            },
        ];
    }
    const text = `${kernel.major}.${kernel.minor}.${kernel.patch}`;
    if (minKernel && !kernelAtLeast(kernel, minKernel)) {
        return [
            {
                check: "node.kernel",
                status: "fail",
                message: `kernel ${info.kernelVersion} is below the ${minKernel} minimum for this OS`,
                remedy: `upgrade the node image to one with kernel ${minKernel}+ (Ubuntu 22.04 ships 5.15, 24.04 ships 6.8)`,
            },
        ];
    }
    const findings: NodeFinding[] = [];
    if (!kernelAtLeast(kernel, "5.12")) {
        findings.push({
            check: "node.kernel",
            status: "warn",
            message: `kernel ${text} lacks ID-mapped mounts (5.12+); Sysbox needs the shiftfs module`,
            remedy: "the installer builds shiftfs for kernels 5.4–6.2 (needs kernel headers and Secure Boot off); prefer a 5.19+ kernel",
        });
    } else if (!kernelAtLeast(kernel, "5.19")) {
        findings.push({
            check: "node.kernel",
            status: "warn",
            message: `kernel ${text} lacks ID-mapped overlayfs (5.19+): container start-up chowns image layers and is slow`,
            remedy: "use a 5.19+ kernel (Ubuntu 22.04 HWE or 24.04 node images)",
        });
    } else {
        findings.push({
            check: "node.kernel",
            status: "ok",
            message: `kernel ${text} has ID-mapped mounts and overlayfs`,
        });
    }
    return findings;
}

/** Reads `containerd://2.0.5` into its runtime name and version. */
export function parseContainerRuntime(value: string): { name: string; version?: KernelVersion } {
    const [name, version] = value.split("://");
    return {
        name: (name ?? "").toLowerCase(),
        version: version ? parseKernelVersion(version) : undefined,
    };
}

function checkRuntime(value: string | undefined): NodeFinding | undefined {
    if (!value) {
        return undefined;
    }
    const runtime = parseContainerRuntime(value);
    if (runtime.name === "docker") {
        return {
            check: "node.runtime",
            status: "fail",
            message: `container runtime ${value} (dockershim / cri-dockerd) is not supported by the Sysbox installer`,
            remedy: "use containerd or CRI-O nodes",
        };
    }
    if (runtime.name === "cri-o") {
        return {
            check: "node.runtime",
            status: "ok",
            message: `CRI-O ${value}: Sysbox registers with CRI-O`,
        };
    }
    if (runtime.name !== "containerd" || !runtime.version) {
        return {
            check: "node.runtime",
            status: "warn",
            message: `container runtime "${value}" is not one the Sysbox installer knows`,
            remedy: "use containerd or CRI-O nodes",
        };
    }
    const v = runtime.version;
    if (v.major >= 2) {
        if (v.major === 2 && v.minor === 0 && v.patch >= 1 && v.patch <= 4) {
            return {
                check: "node.runtime",
                status: "warn",
                message: `containerd ${v.major}.${v.minor}.${v.patch} has a user-namespace bug with other runtimes; the installer falls back to CRI-O and restarts the kubelet`,
                remedy: "use node images with containerd 2.0.5+",
            };
        }
        return {
            check: "node.runtime",
            status: "ok",
            message: `containerd ${v.major}.${v.minor}.${v.patch} supports user namespaces: Sysbox registers with containerd`,
        };
    }
    return {
        check: "node.runtime",
        status: "warn",
        message: `containerd ${v.major}.${v.minor}.${v.patch}: the installer replaces it with CRI-O and restarts the kubelet (all pods on the node restart once)`,
        remedy: "expect a 1–2 minute disruption per node at install, or use node images with containerd 2.0.5+",
    };
}

function checkArchitecture(arch: string | undefined): NodeFinding | undefined {
    if (!arch) {
        return undefined;
    }
    if (arch === "amd64" || arch === "arm64") {
        return { check: "node.architecture", status: "ok", message: `${arch} is supported` };
    }
    return {
        check: "node.architecture",
        status: "fail",
        message: `architecture ${arch} is not supported by Sysbox`,
        remedy: "use amd64 or arm64 nodes",
    };
}

/**
 * Checks one node's OS image, kernel, container runtime and architecture against the Sysbox
 * rules. Returns one or more findings per aspect; none of them throw.
 */
export function checkNode(info: NodeInfo): NodeFinding[] {
    const os = checkOs(info);
    const findings: NodeFinding[] = [os.finding];
    if (os.finding.status !== "fail") {
        findings.push(...checkKernel(info, os.minKernel));
    }
    const runtime = checkRuntime(info.containerRuntimeVersion);
    if (runtime) findings.push(runtime);
    const arch = checkArchitecture(info.architecture);
    if (arch) findings.push(arch);
    return findings;
}

/** The worst status of a set of findings. */
export function worstStatus(findings: readonly Finding[]): FindingStatus {
    if (findings.some((f) => f.status === "fail")) return "fail";
    if (findings.some((f) => f.status === "warn")) return "warn";
    return "ok";
}

/** Minimum vCPUs per CVM node (Sysbox's recommendation; Coder's GKE example uses 4). */
export const MIN_CVM_NODE_CPUS = 4;
