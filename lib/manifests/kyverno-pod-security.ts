import { allowedHostPaths, allowedImages } from "./admission";
import type { ResolvedConfig } from "./resolve";
import { INSTALLER_HOST_PATHS } from "./sysbox";

/**
 * One `PolicyException.spec.podSecurity` entry (Kyverno's `PodSecurityStandard`): a Pod Security Standards
 * control a `validate.podSecurity` rule does not check, for the containers of `images` (container-level
 * controls) or for the `values` of `restrictedField` (e.g. the host paths of `spec.volumes[*].hostPath`).
 *
 * @see https://kyverno.io/docs/exceptions/#pod-security-exemptions
 */
export interface KyvernoPodSecurityControl {
    readonly controlName: "Privileged Containers" | "HostPath Volumes";
    readonly images?: readonly string[];
    readonly restrictedField?: string;
    readonly values?: readonly string[];
}

/** The two baseline controls the supervisor (and the Sysbox installer) trip, and nothing else. */
function controls(
    images: readonly string[],
    hostPaths: readonly string[],
): KyvernoPodSecurityControl[] {
    return [
        // container-level: only containers running one of these images may be privileged
        { controlName: "Privileged Containers", images: [...images] },
        // pod-level (Kyverno refuses `images` here): only these host paths; the exception's image
        // condition keeps pods with any other image out of it
        {
            controlName: "HostPath Volumes",
            restrictedField: "spec.volumes[*].hostPath",
            values: [...hostPaths],
        },
    ];
}

/**
 * The Pod Security exemptions of CVM supervisor pods (privileged for the allowed images, the caching mode's
 * host paths) and, with the runtime on, of the Sysbox installer (privileged for its image, its host paths).
 * Every other baseline control — host namespaces, host ports, capabilities, sysctls, seccomp, AppArmor,
 * SELinux, `/proc` mount, HostProcess — stays checked.
 */
export function kyvernoPodSecurity(config: ResolvedConfig): {
    readonly supervisor: KyvernoPodSecurityControl[];
    readonly installer?: KyvernoPodSecurityControl[];
} {
    return {
        supervisor: controls(allowedImages(config), allowedHostPaths(config)),
        ...(config.sysbox
            ? {
                  installer: controls(
                      [config.sysbox.image],
                      INSTALLER_HOST_PATHS.map(([, hostPath]) => hostPath),
                  ),
              }
            : {}),
    };
}
