/**
 * Kubernetes versions: parsing every distribution's version string (EKS, GKE, AKS, k3s, …) down to
 * major.minor, comparing minors, and the 1.18 floor CVMs need.
 */
import { CvmkitConfigError } from "./errors";

/** A Kubernetes version reduced to what matters for feature gates. */
export interface KubernetesVersion {
    readonly major: number;
    readonly minor: number;
    /** The patch release, when the source string carried one. */
    readonly patch?: number;
    /** The string the version was parsed from. */
    readonly raw: string;
}

/** The `/version` document a kube-apiserver serves (only the fields cvmkit reads). */
export interface ServerVersionInfo {
    readonly gitVersion?: string;
    readonly major?: string;
    readonly minor?: string;
}

/**
 * The oldest Kubernetes release on which cvmkit prepares clusters for CVMs.
 *
 * @see https://coder.com/docs/v1/latest/admin/workspace-management/cvms — "Kubernetes version 1.18+"
 */
export const MIN_CVM_KUBERNETES: KubernetesVersion = { major: 1, minor: 18, raw: "1.18" };

// v1.29, 1.29.1, v1.29.1-eks-b9c9ed7, 1.30.2-gke.1587003, v1.31.0+k3s1, v1.29.5+rke2r1
const VERSION_PATTERN = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+.][0-9A-Za-z.+_-]*)?$/;

/**
 * Parses the Kubernetes version strings that clouds and distributions print.
 *
 * Accepts `1.29`, `v1.29.1-eks-b9c9ed7`, `1.30.2-gke.1587003`, `1.29.2`, `v1.31.0+k3s1`,
 * `v1.29.5+rke2r1` and the like; only major, minor and patch are kept. Aliases such as
 * `latest` or `-`, platform versions such as `eks.7` and anything without a minor are
 * rejected with a {@link CvmkitConfigError}.
 *
 * @param input the version string.
 * @param field the name of the input it came from, used in the error message.
 */
export function parseKubernetesVersion(
    input: string,
    field = "kubernetesVersion",
): KubernetesVersion {
    if (typeof input !== "string") {
        throw new CvmkitConfigError(
            field,
            input,
            "a Kubernetes version must be a string",
            'pass the cluster version as "1.30" or "v1.30.2"',
        );
    }
    const text = input.trim();
    const match = VERSION_PATTERN.exec(text);
    if (!match) {
        throw new CvmkitConfigError(
            field,
            input,
            "not a Kubernetes version (expected MAJOR.MINOR[.PATCH], optionally with a v prefix and a vendor suffix)",
            'pass a concrete version such as "1.30" or "v1.30.2-eks-1234"; aliases like "latest" cannot be checked',
        );
    }
    const major = Number(match[1]);
    const minor = Number(match[2]);
    const patch = match[3] === undefined ? undefined : Number(match[3]);
    if (major !== 1) {
        throw new CvmkitConfigError(
            field,
            input,
            `Kubernetes major version ${major} is not known to cvmkit`,
            'pass a Kubernetes 1.x version such as "1.30"',
        );
    }
    return patch === undefined ? { major, minor, raw: text } : { major, minor, patch, raw: text };
}

/**
 * Reads the version from an apiserver's `/version` document: `gitVersion` first, then
 * `major`/`minor` (which are `"27+"`-style on some managed builds).
 */
export function versionFromServerInfo(info: ServerVersionInfo): KubernetesVersion {
    if (info.gitVersion) {
        try {
            return parseKubernetesVersion(info.gitVersion, "/version.gitVersion");
        } catch (err) {
            if (!info.major || !info.minor) {
                throw err;
            }
        }
    }
    const major = Number.parseInt(info.major ?? "", 10);
    const minor = Number.parseInt(info.minor ?? "", 10);
    if (Number.isNaN(major) || Number.isNaN(minor)) {
        throw new CvmkitConfigError(
            "/version",
            info,
            "the server reported no readable version",
            "pass kubernetesVersion explicitly",
        );
    }
    return parseKubernetesVersion(`${major}.${minor}`, "/version");
}

/** Formats the minor as `1.30`. */
export function formatMinor(v: Pick<KubernetesVersion, "major" | "minor">): string {
    return `${v.major}.${v.minor}`;
}

/** Compares two versions by major and minor only. */
export function compareMinor(
    a: Pick<KubernetesVersion, "major" | "minor">,
    b: Pick<KubernetesVersion, "major" | "minor">,
): number {
    return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** True when `v` is at least `major.minor`. */
export function atLeast(
    v: Pick<KubernetesVersion, "major" | "minor">,
    major: number,
    minor: number,
): boolean {
    return compareMinor(v, { major, minor }) >= 0;
}

/**
 * Throws unless the version meets the CVM floor ({@link MIN_CVM_KUBERNETES}).
 *
 * @param field the input the version came from, used in the error message.
 */
export function assertCvmKubernetesVersion(
    v: KubernetesVersion,
    field = "kubernetesVersion",
): void {
    if (!atLeast(v, MIN_CVM_KUBERNETES.major, MIN_CVM_KUBERNETES.minor)) {
        throw new CvmkitConfigError(
            field,
            v.raw,
            `CVMs need Kubernetes ${formatMinor(MIN_CVM_KUBERNETES)} or newer, found ${formatMinor(v)}`,
            `upgrade the cluster (or node pool) to Kubernetes ${formatMinor(MIN_CVM_KUBERNETES)}+`,
        );
    }
}
