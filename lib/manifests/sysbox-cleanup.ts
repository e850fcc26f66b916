import { componentLabels } from "./objects";
import type { ResolvedConfig } from "./resolve";
import {
    installerRbac,
    installerTolerations,
    SYSBOX_RUNTIME_LABEL,
    sysboxDeployDaemonSet,
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
    const daemonSet = sysboxDeployDaemonSet({
        name: CLEANUP_DAEMONSET,
        namespace: ns,
        labels,
        serviceAccountName: rbac[0].metadata.name,
        nodeSelector: { [SYSBOX_RUNTIME_LABEL]: "running" },
        image: settings.image,
        action: "cleanup",
        hostPaths: CLEANUP_HOST_PATHS,
        tolerations: installerTolerations(config),
    });
    const [sa, role, roleBinding] = rbac;
    return [
        inPhase("rbac", sa),
        inPhase("rbac", role),
        inPhase("rbac", roleBinding, [role]),
        inPhase("workloads", daemonSet, rbac, { runsPods: true }),
    ];
}
