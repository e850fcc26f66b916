import type { DaemonSet } from "kubernetes-types/apps/v1";
import type {
    ConfigMap,
    Container,
    ServiceAccount,
    Toleration,
    Volume,
    VolumeMount,
} from "kubernetes-types/core/v1";
import type { ClusterRole, ClusterRoleBinding, PolicyRule } from "kubernetes-types/rbac/v1";
import { SYSBOX_INSTALL_LABEL } from "../compat";
import { componentLabels, KubernetesObject } from "./objects";
import { inPhase, OrderedObject } from "./order";
import type { ResolvedConfig } from "./resolve";

/** The upstream installer's names, kept so that upstream docs and uninstall steps still apply. */
export const INSTALLER_SERVICE_ACCOUNT = "sysbox-label-node";
export const INSTALLER_CLUSTER_ROLE = "sysbox-node-labeler";
export const INSTALLER_CLUSTER_ROLE_BINDING = "sysbox-label-node-rb";
export const INSTALLER_CONFIG_MAP = "sysbox-operational-attributes";
export const INSTALLER_DAEMONSET = "sysbox-deploy-k8s";
export { SYSBOX_INSTALL_LABEL };
/** The node label the installer sets once Sysbox runs (`running`). Never set it yourself. */
export const SYSBOX_RUNTIME_LABEL = "sysbox-runtime";
/** Name and handler of the RuntimeClass. */
export const SYSBOX_RUNTIME_CLASS = "sysbox-runc";

/** Volume name, host path and mount path of each installer volume (upstream sysbox-install.yaml). */
export const INSTALLER_HOST_PATHS: readonly [string, string, string][] = [
    ["host-etc", "/etc", "/mnt/host/etc"],
    ["host-osrelease", "/etc/os-release", "/mnt/host/os-release"],
    ["host-dbus", "/var/run/dbus", "/var/run/dbus"],
    ["host-run-systemd", "/run/systemd", "/run/systemd"],
    ["host-lib-systemd", "/lib/systemd/system", "/mnt/host/lib/systemd/system"],
    ["host-etc-systemd", "/etc/systemd/system", "/mnt/host/etc/systemd/system"],
    ["host-lib-sysctl", "/lib/sysctl.d", "/mnt/host/lib/sysctl.d"],
    ["host-opt-lib-sysctl", "/opt/lib/sysctl.d", "/mnt/host/opt/lib/sysctl.d"],
    ["host-usr-bin", "/usr/bin/", "/mnt/host/usr/bin"],
    ["host-opt-bin", "/opt/bin/", "/mnt/host/opt/bin"],
    ["host-usr-local-bin", "/usr/local/bin/", "/mnt/host/usr/local/bin"],
    ["host-opt-local-bin", "/opt/local/bin/", "/mnt/host/opt/local/bin"],
    ["host-usr-lib-mod-load", "/usr/lib/modules-load.d", "/mnt/host/usr/lib/modules-load.d"],
    ["host-opt-lib-mod-load", "/opt/lib/modules-load.d", "/mnt/host/opt/lib/modules-load.d"],
    ["host-run", "/run", "/mnt/host/run"],
    ["host-var-lib", "/var/lib", "/mnt/host/var/lib"],
];

/**
 * Readiness of the installer pod: the installer writes `sysbox_installed` and the installed version under
 * `/var/lib/sysbox-deploy-k8s` on the host once Sysbox is in place, so a finished rollout of the
 * DaemonSet means "Sysbox installed on every labelled node".
 */
export const INSTALLER_READINESS_SCRIPT =
    'test -f /mnt/host/var/lib/sysbox-deploy-k8s/sysbox_installed && test "$(cat /mnt/host/var/lib/sysbox-deploy-k8s/sysbox_installed_version)" = "$(echo "$SYSBOX_VERSION" | sed \'/-[0-9]/!s/.*/&-0/\')"';

/**
 * The ServiceAccount, ClusterRole and ClusterRoleBinding of upstream's install and uninstall manifests (the
 * same names in both; the uninstall role has the nodes rule only).
 */
export function installerRbac(
    namespace: string,
    labels: Record<string, string>,
    rules: PolicyRule[],
): [
    KubernetesObject & ServiceAccount,
    KubernetesObject & ClusterRole,
    KubernetesObject & ClusterRoleBinding,
] {
    return [
        {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name: INSTALLER_SERVICE_ACCOUNT, namespace, labels },
        },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRole",
            metadata: { name: INSTALLER_CLUSTER_ROLE, labels },
            rules,
        },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: INSTALLER_CLUSTER_ROLE_BINDING, labels },
            roleRef: {
                apiGroup: "rbac.authorization.k8s.io",
                kind: "ClusterRole",
                name: INSTALLER_CLUSTER_ROLE,
            },
            subjects: [{ kind: "ServiceAccount", name: INSTALLER_SERVICE_ACCOUNT, namespace }],
        },
    ];
}

/** What differs between upstream's two `sysbox-deploy-k8s` DaemonSets (install and cleanup). */
export interface SysboxDeployDaemonSet {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly serviceAccountName: string;
    /** The node label value the DaemonSet selects (`sysbox-install=yes`, `sysbox-runtime=running`). */
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly image: string;
    /** `sysbox-deploy-k8s.sh ce <action>`. */
    readonly action: "install" | "cleanup";
    readonly env?: NonNullable<Container["env"]>;
    readonly readinessProbe?: Container["readinessProbe"];
    /** Volume name, host path and mount path of each host volume. */
    readonly hostPaths: readonly (readonly [string, string, string])[];
    readonly tolerations: Toleration[];
}

/**
 * A DaemonSet of upstream's `sysbox-deploy-k8s` image (sysbox-install.yaml, sysbox-uninstall.yaml): a
 * privileged container on the selected nodes running the script's `action`, one pod at a time.
 */
export function sysboxDeployDaemonSet(d: SysboxDeployDaemonSet): KubernetesObject & DaemonSet {
    return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: d.name, namespace: d.namespace, labels: { ...d.labels } },
        spec: {
            selector: { matchLabels: { [SYSBOX_INSTALL_LABEL]: "yes" } },
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
            template: {
                metadata: { labels: { ...d.labels, [SYSBOX_INSTALL_LABEL]: "yes" } },
                spec: {
                    serviceAccountName: d.serviceAccountName,
                    nodeSelector: { ...d.nodeSelector },
                    tolerations: d.tolerations,
                    containers: [
                        {
                            name: d.name,
                            image: d.image,
                            imagePullPolicy: "IfNotPresent",
                            command: [
                                "bash",
                                "-c",
                                `/opt/sysbox/scripts/sysbox-deploy-k8s.sh ce ${d.action}`,
                            ],
                            env: [
                                {
                                    name: "NODE_NAME",
                                    valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } },
                                },
                                ...(d.env ?? []),
                            ],
                            securityContext: { privileged: true },
                            ...(d.readinessProbe ? { readinessProbe: d.readinessProbe } : {}),
                            volumeMounts: d.hostPaths.map(([name, , mountPath]): VolumeMount => ({
                                name,
                                mountPath,
                            })),
                        },
                    ],
                    volumes: d.hostPaths.map(([name, path]): Volume => ({
                        name,
                        hostPath: { path },
                    })),
                },
            },
        },
    };
}

/**
 * Tolerations of the installer and cleanup pods: upstream's `sysbox-runtime=not-running:NoSchedule` (the
 * taint the script itself sets while it works) and the CVM tolerations, so they reach tainted CVM pools.
 */
export function installerTolerations(config: ResolvedConfig): Toleration[] {
    return [
        {
            key: SYSBOX_RUNTIME_LABEL,
            operator: "Equal",
            value: "not-running",
            effect: "NoSchedule",
        },
        ...config.tolerations,
    ];
}

/**
 * The Sysbox installer (ServiceAccount, ClusterRole, ClusterRoleBinding, ConfigMap, DaemonSet) and the
 * `sysbox-runc` RuntimeClass, after upstream `sysbox-install.yaml` with the image pinned from the installer
 * matrix, a readiness probe on the installer's state, and the CVM tolerations added. The DaemonSet and the
 * RuntimeClass come after (and are deleted before) the installer's ServiceAccount, RBAC and ConfigMap.
 */
export function sysboxRuntime(config: ResolvedConfig): OrderedObject[] {
    const sysbox = config.sysbox;
    if (!sysbox) {
        return [];
    }
    const ns = sysbox.namespace;
    const labels = componentLabels(config, "sysbox-installer");
    const [sa, role, roleBinding] = installerRbac(ns, labels, [
        { apiGroups: [""], resources: ["nodes"], verbs: ["get", "patch"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "delete", "watch"] },
    ]);
    const configMap: KubernetesObject & ConfigMap = {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: INSTALLER_CONFIG_MAP, namespace: ns, labels },
        data: { SYSBOX_MGR_CONFIG: sysbox.mgrConfig, SYSBOX_FS_CONFIG: sysbox.fsConfig },
    };
    const configRef = (key: string) => ({
        valueFrom: { configMapKeyRef: { name: INSTALLER_CONFIG_MAP, key } },
    });
    const daemonSet = sysboxDeployDaemonSet({
        name: INSTALLER_DAEMONSET,
        namespace: ns,
        labels,
        serviceAccountName: INSTALLER_SERVICE_ACCOUNT,
        nodeSelector: { [SYSBOX_INSTALL_LABEL]: "yes" },
        image: sysbox.image,
        action: "install",
        env: [
            { name: "SYSBOX_MGR_CONFIG", ...configRef("SYSBOX_MGR_CONFIG") },
            { name: "SYSBOX_FS_CONFIG", ...configRef("SYSBOX_FS_CONFIG") },
        ],
        readinessProbe: {
            exec: { command: ["bash", "-c", INSTALLER_READINESS_SCRIPT] },
            initialDelaySeconds: 15,
            periodSeconds: 10,
            failureThreshold: 3,
        },
        hostPaths: INSTALLER_HOST_PATHS,
        tolerations: installerTolerations(config),
    });
    const runtimeClass: KubernetesObject = {
        apiVersion: config.features.runtimeClassApiVersion,
        kind: "RuntimeClass",
        metadata: { name: SYSBOX_RUNTIME_CLASS, labels: componentLabels(config, "sysbox-runtime") },
        handler: SYSBOX_RUNTIME_CLASS,
        scheduling: {
            nodeSelector: { [SYSBOX_RUNTIME_LABEL]: "running" },
            ...(config.tolerations.length > 0 ? { tolerations: [...config.tolerations] } : {}),
        },
    };
    const installer = [sa, role, roleBinding, configMap];
    return [
        inPhase("rbac", sa),
        inPhase("rbac", role),
        inPhase("rbac", roleBinding, [role]),
        inPhase("config", configMap),
        inPhase("workloads", daemonSet, installer, { runsPods: true }),
        inPhase("workloads", runtimeClass, installer),
    ];
}
