/**
 * The pod templates cvmkit renders for the cluster's version: what the admission dry-runs submit and
 * what the Istio check matches webhook selectors against.
 */
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { CvmkitConfigError, KubernetesVersion, newestMinor } from "../compat";
import { renderManifests } from "../manifests";

/** The pod templates cvmkit renders for this server, used for the admission dry-runs and the Istio selectors. */
export function podTemplates(
    version: KubernetesVersion | undefined,
    supervisorImage: string | undefined,
): { supervisor: PodTemplateSpec; sysbox?: PodTemplateSpec } {
    const kubernetesVersion = version?.raw ?? newestMinor();
    const supervisor = supervisorImage ? { supervisor: { image: supervisorImage } } : {};
    const base = renderManifests({ kubernetesVersion, ...supervisor }).supervisorPodTemplate;
    let sysbox: PodTemplateSpec | undefined;
    try {
        sysbox = renderManifests({
            kubernetesVersion,
            ...supervisor,
            sysboxRuntime: { enabled: true },
        }).sysboxPodTemplate;
    } catch (err) {
        // outside the installer's range: server.sysbox-range reports it
        if (!(err instanceof CvmkitConfigError)) throw err;
    }
    return { supervisor: base, ...(sysbox ? { sysbox } : {}) };
}
