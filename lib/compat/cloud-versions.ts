import { CvmkitConfigError } from "./errors";
import { compareMinor, formatMinor, KubernetesVersion, parseKubernetesVersion } from "./version";

/**
 * The one place where a Kubernetes version string becomes the form each cloud's API takes. Users (and
 * `/version`) write `v1.33.2-eks-abc`, `1.33.2-gke.1000`, `1.33`; the clouds each accept only their own shape.
 * Pure: no SDK is loaded.
 */

/** The clouds whose version forms cvmkit writes. */
export type VersionCloud = "eks" | "gke" | "aks";

const GKE_SUFFIX = /-gke\.\d+$/;

/**
 * The version string a cloud's API takes:
 *
 * - `eks`: `major.minor` (EKS `CreateCluster.version` takes only the minor; `v1.33.2-eks-abc` → `1.33`).
 * - `gke`: `major.minor[.patch[-gke.N]]` without the `v` (GKE accepts the fuzzy `1.33` / `1.33.2` and the exact
 *   `1.33.2-gke.1000`; other vendors' suffixes are dropped).
 * - `aks`: `major.minor[.patch]` (AKS `kubernetesVersion` / `orchestratorVersion`; suffixes dropped).
 *
 * @param field the input the version came from, used in the error message.
 */
export function cloudVersion(
    cloud: VersionCloud,
    input: string,
    field = "kubernetesVersion",
): string {
    const v = parseKubernetesVersion(input, field);
    return cloudVersionOf(cloud, v);
}

/** {@link cloudVersion} of an already parsed version. */
export function cloudVersionOf(cloud: VersionCloud, v: KubernetesVersion): string {
    const minor = formatMinor(v);
    if (cloud === "eks") return minor;
    if (v.patch === undefined) return minor;
    const patch = `${minor}.${v.patch}`;
    if (cloud === "gke") {
        const suffix = GKE_SUFFIX.exec(v.raw.trim());
        return suffix ? `${patch}${suffix[0]}` : patch;
    }
    return patch;
}

/**
 * Throws unless the node (kubelet) version is no newer than the control plane's: the Kubernetes version skew
 * policy lets the kubelet lag behind the API server, never run ahead of it.
 *
 * @see https://kubernetes.io/releases/version-skew-policy/#kubelet
 */
export function assertNodeNotNewer(
    node: KubernetesVersion,
    controlPlane: KubernetesVersion,
    field: string,
): void {
    if (compareMinor(node, controlPlane) > 0) {
        throw new CvmkitConfigError(
            field,
            node.raw,
            `the nodes would run Kubernetes ${formatMinor(node)}, newer than the control plane (${formatMinor(controlPlane)}); the kubelet must never be newer than the API server`,
            `use ${formatMinor(controlPlane)} or older for the nodes, or upgrade the control plane first`,
        );
    }
}
