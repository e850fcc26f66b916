import type { DaemonSet } from "kubernetes-types/apps/v1";
import type { Volume, VolumeMount } from "kubernetes-types/core/v1";
import { componentLabels, KubernetesObject } from "./objects";
import type { ResolvedConfig } from "./resolve";
import {
    installerRbac,
    installerTolerations,
    SYSBOX_INSTALL_LABEL,
    SYSBOX_RUNTIME_LABEL,
} from "./sysbox";
import { inPhase, OrderedObject } from "./order";

/** Upstream's cleanup DaemonSet (`sysbox-uninstall.yaml`); its container has the same name. */
export const CLEANUP_DAEMONSET = "sysbox-cleanup-k8s";
/** The component label of the cleanup objects (`app.kubernetes.io/component`). */
export const CLEANUP_COMPONENT = "sysbox-cleanup";

// name, host path, mount path: upstream sysbox-uninstall.yaml (12 of the installer's 16 volumes; the
// trailing slashes differ from the install manifest and are kept as upstream writes them)
const CLEANUP_HOST_PATHS: readonly [string, string, string][] = [
    ["host-etc", "/etc", "/mnt/host/etc"],
    ["host-osrelease", "/etc/os-release", "/mnt/host/os-release"],
    ["host-dbus", "/var/run/dbus", "/var/run/dbus"],
    ["host-run-systemd", "/run/systemd", "/run/systemd"],
    ["host-lib-systemd", "/lib/systemd/system", "/mnt/host/lib/systemd/system"],
    ["host-etc-systemd", "/etc/systemd/system", "/mnt/host/etc/systemd/system"],
    ["host-usr-bin", "/usr/bin", "/mnt/host/usr/bin"],
    ["host-opt-bin", "/opt/bin", "/mnt/host/opt/bin"],
    ["host-usr-local-bin", "/usr/local/bin", "/mnt/host/usr/local/bin"],
    ["host-opt-local-bin", "/opt/local/bin/", "/mnt/host/opt/local/bin"],
    ["host-run", "/run", "/mnt/host/run"],
    ["host-var-lib", "/var/lib", "/mnt/host/var/lib"],
];

/**
 * Upstream's node cleanup (`sysbox-uninstall.yaml`): the installer's ServiceAccount and ClusterRoleBinding,
 * its ClusterRole with the nodes rule only, and the `sysbox-cleanup-k8s` DaemonSet that runs
 * `sysbox-deploy-k8s.sh ce cleanup` on every node labelled `sysbox-runtime=running`. Image, namespace and
 * pull policy are the installer's (same tag resolution), and the tolerations are the installer's (upstream's
 * plus the CVM tolerations). Empty unless `sysboxRuntime.cleanupNodes` is set.
 *
 * The script taints the node `sysbox-runtime=not-running:NoSchedule`, restores the kubelet's previous
 * runtime (CRI-O path), removes Sysbox and CRI-O, drops the `sysbox-runtime` and `crio-runtime` labels and
 * removes the taint; then it sleeps. Once the label is gone the DaemonSet controller deletes the pod.
 */
export function sysboxCleanup(config: ResolvedConfig): OrderedObject[] {
    const settings = config.sysboxCleanup;
    if (!settings) return [];
    const ns = settings.namespace;
    const labels = componentLabels(config, CLEANUP_COMPONENT);
    const rbac = installerRbac(ns, labels, [
        { apiGroups: [""], resources: ["nodes"], verbs: ["get", "patch"] },
    ]);
    const volumes: Volume[] = CLEANUP_HOST_PATHS.map(([name, path]) => ({
        name,
        hostPath: { path },
    }));
    const volumeMounts: VolumeMount[] = CLEANUP_HOST_PATHS.map(([name, , mountPath]) => ({
        name,
        mountPath,
    }));
    const daemonSet: KubernetesObject & DaemonSet = {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: CLEANUP_DAEMONSET, namespace: ns, labels },
        spec: {
            selector: { matchLabels: { [SYSBOX_INSTALL_LABEL]: "yes" } },
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
            template: {
                metadata: { labels: { ...labels, [SYSBOX_INSTALL_LABEL]: "yes" } },
                spec: {
                    serviceAccountName: rbac[0].metadata.name,
                    nodeSelector: { [SYSBOX_RUNTIME_LABEL]: "running" },
                    tolerations: installerTolerations(config),
                    containers: [
                        {
                            name: CLEANUP_DAEMONSET,
                            image: settings.image,
                            imagePullPolicy: "IfNotPresent",
                            command: [
                                "bash",
                                "-c",
                                "/opt/sysbox/scripts/sysbox-deploy-k8s.sh ce cleanup",
                            ],
                            env: [
                                {
                                    name: "NODE_NAME",
                                    valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } },
                                },
                            ],
                            securityContext: { privileged: true },
                            volumeMounts,
                        },
                    ],
                    volumes,
                },
            },
        },
    };
    const [sa, role, roleBinding] = rbac;
    return [
        inPhase("rbac", sa),
        inPhase("rbac", role),
        inPhase("rbac", roleBinding, [role]),
        inPhase("workloads", daemonSet, rbac, { runsPods: true }),
    ];
}
