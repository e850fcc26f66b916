import type { DaemonSet } from "kubernetes-types/apps/v1";
import type { Container, SecurityContext } from "kubernetes-types/core/v1";
import { SUPERVISOR_SERVICE_ACCOUNT } from "./namespace";
import { componentLabels, KubernetesObject } from "./objects";
import { inPhase, OrderedObject } from "./order";
import { cvmNodeSelector } from "./pod-templates";
import { DEFAULTS, ResolvedConfig } from "./resolve";

/**
 * The DaemonSet that pre-pulls the supervisor image onto CVM nodes.
 */

/** Name of the pre-pull DaemonSet. */
export const PREPULL_DAEMONSET = "cvm-image-prepull";

const RESTRICTED: SecurityContext = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 65534,
};

/**
 * An unprivileged DaemonSet on CVM nodes whose init containers pull the supervisor image (and the
 * Sysbox workspace image when the runtime is on) and exit at once, so the first workspace does not wait
 * for a large pull. It passes the `restricted` Pod Security Standard. It comes after `uses` (the
 * supervisor ServiceAccount it runs as and the namespace's NetworkPolicies).
 */
export function prePullDaemonSet(
    config: ResolvedConfig,
    uses: readonly KubernetesObject[] = [],
): OrderedObject[] {
    if (!config.supervisor.prePull) {
        return [];
    }
    const images = [
        config.supervisor.image,
        ...(config.sysbox ? [config.sysbox.workspaceImage] : []),
    ];
    const labels = componentLabels(config, "image-prepull");
    const selector = {
        "app.kubernetes.io/name": "cvmkit",
        "app.kubernetes.io/component": "image-prepull",
    };
    const initContainers: Container[] = images.map((image, i) => ({
        name: `pull-${i}`,
        image,
        imagePullPolicy: "IfNotPresent",
        command: ["/bin/true"],
        securityContext: RESTRICTED,
        resources: {
            requests: { cpu: "10m", memory: "16Mi" },
            limits: { cpu: "100m", memory: "64Mi" },
        },
    }));
    const daemonSet: KubernetesObject & DaemonSet = {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: PREPULL_DAEMONSET, namespace: config.namespace, labels },
        spec: {
            selector: { matchLabels: selector },
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%" } },
            template: {
                metadata: {
                    labels: { ...labels, ...selector },
                    annotations: {
                        "sidecar.istio.io/inject": "false",
                        // Kubernetes 1.18 has no seccompProfile field, only the annotation.
                        ...(config.features.seccompProfileField
                            ? {}
                            : { "seccomp.security.alpha.kubernetes.io/pod": "runtime/default" }),
                    },
                },
                spec: {
                    serviceAccountName: SUPERVISOR_SERVICE_ACCOUNT,
                    automountServiceAccountToken: false,
                    nodeSelector: cvmNodeSelector(config),
                    ...(config.tolerations.length > 0
                        ? { tolerations: [...config.tolerations] }
                        : {}),
                    ...(config.features.seccompProfileField
                        ? { securityContext: { seccompProfile: { type: "RuntimeDefault" } } }
                        : {}),
                    initContainers,
                    containers: [
                        {
                            name: "pause",
                            image: DEFAULTS.pauseImage,
                            imagePullPolicy: "IfNotPresent",
                            securityContext: RESTRICTED,
                            resources: {
                                requests: { cpu: "1m", memory: "8Mi" },
                                limits: { cpu: "10m", memory: "16Mi" },
                            },
                        },
                    ],
                },
            },
        },
    };
    return [inPhase("workloads", daemonSet, uses, { runsPods: true })];
}
