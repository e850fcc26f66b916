import type { Namespace, ServiceAccount } from "kubernetes-types/core/v1";
import { componentLabels, KubernetesObject } from "./objects";
import type { ResolvedConfig } from "./resolve";

/** Name of the supervisor ServiceAccount. */
export const SUPERVISOR_SERVICE_ACCOUNT = "cvm-supervisor";

/**
 * The CVM namespace: Pod Security Admission `privileged` (pinned to the cluster's minor), Istio
 * injection off, standard labels.
 */
export function cvmNamespace(config: ResolvedConfig): KubernetesObject & Namespace {
    const psa: Record<string, string> = {};
    for (const mode of ["enforce", "audit", "warn"]) {
        psa[`pod-security.kubernetes.io/${mode}`] = "privileged";
        psa[`pod-security.kubernetes.io/${mode}-version`] = config.features.podSecurityVersion;
    }
    return {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
            name: config.namespace,
            labels: {
                ...componentLabels(config, "cvm-namespace"),
                ...psa,
                "istio-injection": "disabled",
            },
        },
    };
}

/** The supervisor ServiceAccount; it gets no API token (`automountServiceAccountToken: false`). */
export function supervisorServiceAccount(
    config: ResolvedConfig,
): KubernetesObject & ServiceAccount {
    return {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: {
            name: SUPERVISOR_SERVICE_ACCOUNT,
            namespace: config.namespace,
            labels: componentLabels(config, "cvm-supervisor"),
        },
        automountServiceAccountToken: false,
    };
}
