import type { Namespace, ServiceAccount } from "kubernetes-types/core/v1";
import { componentLabels, KubernetesObject } from "./objects";
import type { ResolvedConfig } from "./resolve";

/**
 * The CVM namespace (with its Pod Security labels) and the supervisor's ServiceAccount.
 */

/** Name of the supervisor ServiceAccount. */
export const SUPERVISOR_SERVICE_ACCOUNT = "cvm-supervisor";

/**
 * The Pod Security Admission levels of the CVM namespace. `enforce` stays `privileged` (PSA cannot scope
 * by image, and the supervisor needs `privileged` and host paths); cvmkit's own policy enforces baseline
 * with the supervisor exception (ValidatingAdmissionPolicy 1.30+, PodSecurityPolicy below 1.25). `audit`
 * is `baseline`, so the audit log records every pod that uses the exception. `warn` is `baseline` only on
 * 1.25–1.29, where nothing else flags a pod beyond baseline; elsewhere cvmkit's policy answers instead,
 * and a warning on every supervisor pod would be noise.
 */
export function podSecurityLevels(config: ResolvedConfig): {
    enforce: "privileged";
    audit: "baseline";
    warn: "baseline" | "privileged";
} {
    const scoped = config.features.validatingAdmissionPolicy || config.features.podSecurityPolicy;
    return { enforce: "privileged", audit: "baseline", warn: scoped ? "privileged" : "baseline" };
}

/**
 * The CVM namespace: Pod Security Admission levels of {@link podSecurityLevels} (pinned to the cluster's
 * minor), Istio injection off, standard labels.
 */
export function cvmNamespace(config: ResolvedConfig): KubernetesObject & Namespace {
    const psa: Record<string, string> = {};
    const levels = podSecurityLevels(config);
    for (const mode of ["enforce", "audit", "warn"] as const) {
        psa[`pod-security.kubernetes.io/${mode}`] = levels[mode];
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
