import type { EnvVar, PodTemplateSpec, Volume, VolumeMount } from "kubernetes-types/core/v1";
import { SUPERVISOR_SERVICE_ACCOUNT } from "./namespace";
import { componentLabels } from "./objects";
import type { ResolvedConfig } from "./resolve";
import { supervisorDefinition } from "./supervisor";

export { SupervisorHostPath, supervisorHostPaths } from "./supervisor";

/**
 * The pod templates CVM workspaces are started from: the supervisor (envbox) template and the Sysbox template,
 * with their host paths, node selector and tolerations.
 */

/** The node selector of CVM pods: the configured labels on Linux nodes. */
export function cvmNodeSelector(config: ResolvedConfig): Record<string, string> {
    return { "kubernetes.io/os": "linux", ...config.nodeSelector };
}

/**
 * The supervisor pod template (not deployed: the workspace platform creates pods from it), built from the
 * supervisor definition ({@link supervisorDefinition}): a privileged supervisor container running exactly
 * the supervisor command, the host paths of the caching mode with their `readOnly`, CPU and memory limits
 * passed through the Downward API, Istio injection off, CVM node selector and tolerations.
 */
export function supervisorPodTemplate(config: ResolvedConfig): PodTemplateSpec {
    const s = config.supervisor;
    const def = supervisorDefinition(s);
    const volumes: Volume[] = def.hostPaths.map((h) => ({
        name: h.volume,
        hostPath: { path: h.path, type: "" },
    }));
    const mounts: VolumeMount[] = def.hostPaths.map((h) => ({
        name: h.volume,
        mountPath: h.mountPath,
        readOnly: h.readOnly,
    }));
    for (const d of def.templateDataMounts) {
        volumes.push({ name: d.volume, emptyDir: {} });
        mounts.push({ name: d.volume, mountPath: d.mountPath });
    }
    const env: EnvVar[] = [
        {
            name: "CODER_CPUS",
            valueFrom: {
                resourceFieldRef: { containerName: "supervisor", resource: "limits.cpu" },
            },
        },
        {
            name: "CODER_MEMORY",
            valueFrom: {
                resourceFieldRef: { containerName: "supervisor", resource: "limits.memory" },
            },
        },
    ];
    return {
        metadata: {
            labels: componentLabels(config, "cvm-workspace"),
            annotations: { "sidecar.istio.io/inject": "false" },
        },
        spec: {
            serviceAccountName: SUPERVISOR_SERVICE_ACCOUNT,
            automountServiceAccountToken: false,
            restartPolicy: "Never",
            nodeSelector: cvmNodeSelector(config),
            ...(config.tolerations.length > 0 ? { tolerations: [...config.tolerations] } : {}),
            containers: [
                {
                    name: "supervisor",
                    image: def.images[0]!,
                    imagePullPolicy: "IfNotPresent",
                    command: [...def.command],
                    securityContext: { privileged: true },
                    env,
                    resources: { requests: { ...s.requests }, limits: { ...s.limits } },
                    volumeMounts: mounts,
                },
            ],
            volumes,
        },
    };
}

/** Annotation CRI-O reads for a user-namespaced Sysbox pod (CRI-O path, Kubernetes ≤ 1.32). */
export const CRIO_USERNS_ANNOTATION = "io.kubernetes.cri-o.userns-mode";

/**
 * The Sysbox workspace pod template, present when the Sysbox runtime is on: `runtimeClassName:
 * sysbox-runc`, an unprivileged container, and a user namespace (`hostUsers: false` or the CRI-O
 * annotation).
 */
export function sysboxPodTemplate(
    config: ResolvedConfig,
    runtimeClassName: string,
): PodTemplateSpec | undefined {
    const sysbox = config.sysbox;
    if (!sysbox) {
        return undefined;
    }
    const annotations: Record<string, string> = { "sidecar.istio.io/inject": "false" };
    if (sysbox.userNamespaces === "crio-annotation") {
        annotations[CRIO_USERNS_ANNOTATION] = "auto:size=65536";
    }
    return {
        metadata: { labels: componentLabels(config, "cvm-workspace"), annotations },
        spec: {
            runtimeClassName,
            ...(sysbox.userNamespaces === "hostUsers" ? { hostUsers: false } : {}),
            serviceAccountName: SUPERVISOR_SERVICE_ACCOUNT,
            automountServiceAccountToken: false,
            restartPolicy: "Never",
            nodeSelector: cvmNodeSelector(config),
            ...(config.tolerations.length > 0 ? { tolerations: [...config.tolerations] } : {}),
            containers: [
                {
                    name: "workspace",
                    image: sysbox.workspaceImage,
                    imagePullPolicy: "IfNotPresent",
                    command: ["/sbin/init"],
                    resources: {
                        requests: { ...config.supervisor.requests },
                        limits: { ...config.supervisor.limits },
                    },
                },
            ],
        },
    };
}
