import type { EnvVar, PodTemplateSpec, Volume, VolumeMount } from "kubernetes-types/core/v1";
import type { CachingMode } from "./config";
import { SUPERVISOR_SERVICE_ACCOUNT } from "./namespace";
import { componentLabels } from "./objects";
import type { ResolvedConfig } from "./resolve";

/**
 * The pod templates CVM workspaces are started from: the supervisor (envbox) template and the Sysbox template,
 * with their host paths, node selector and tolerations.
 */

/** One host path the supervisor mounts. */
export interface SupervisorHostPath {
    readonly volume: string;
    readonly path: string;
    readonly mountPath: string;
    readonly readOnly: boolean;
}

/**
 * Host paths per caching mode (Coder's CVM table): kernel sources and modules always; the node's
 * `/var/run` and `/var/lib` when CVMs are cached on the node.
 */
export function supervisorHostPaths(caching: CachingMode): SupervisorHostPath[] {
    const kernelWritable = caching === "cached-shiftfs";
    const paths: SupervisorHostPath[] = [
        { volume: "usr-src", path: "/usr/src", mountPath: "/usr/src", readOnly: !kernelWritable },
        {
            volume: "lib-modules",
            path: "/lib/modules",
            mountPath: "/lib/modules",
            readOnly: !kernelWritable,
        },
    ];
    if (caching !== "none") {
        paths.push(
            { volume: "host-var-run", path: "/var/run", mountPath: "/var/run", readOnly: true },
            { volume: "host-var-lib", path: "/var/lib", mountPath: "/var/lib", readOnly: false },
        );
    }
    return paths;
}

/** The node selector of CVM pods: the configured labels on Linux nodes. */
export function cvmNodeSelector(config: ResolvedConfig): Record<string, string> {
    return { "kubernetes.io/os": "linux", ...config.nodeSelector };
}

/**
 * The supervisor pod template (not deployed: the workspace platform creates pods from it). A privileged
 * supervisor container, the host paths of the caching mode, CPU and memory limits passed through the
 * Downward API, Istio injection off, CVM node selector and tolerations.
 */
export function supervisorPodTemplate(config: ResolvedConfig): PodTemplateSpec {
    const s = config.supervisor;
    const hostPaths = supervisorHostPaths(s.caching);
    const volumes: Volume[] = hostPaths.map((h) => ({
        name: h.volume,
        hostPath: { path: h.path, type: "" },
    }));
    const mounts: VolumeMount[] = hostPaths.map((h) => ({
        name: h.volume,
        mountPath: h.mountPath,
        readOnly: h.readOnly,
    }));
    if (s.caching === "none") {
        volumes.push({ name: "sysbox", emptyDir: {} });
        mounts.push({ name: "sysbox", mountPath: "/var/lib/sysbox" });
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
                    image: s.image,
                    imagePullPolicy: "IfNotPresent",
                    command: [...s.command],
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
