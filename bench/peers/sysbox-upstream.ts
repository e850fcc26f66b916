/**
 * The upstream `sysbox-install.yaml` objects (nestybox/sysbox `sysbox-k8s-manifests`, v0.7.x; see
 * /work/shared/reference/sysbox-on-kubernetes.md §1–§5), written as data the way a team without cvmkit would
 * paste them into a Pulumi program, plus the privileged CVM namespace they would add.
 */

const HOST_PATHS: readonly [name: string, hostPath: string, mountPath: string][] = [
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

export const SYSBOX_SERVICE_ACCOUNT = {
    metadata: { name: "sysbox-label-node", namespace: "kube-system" },
};

export const SYSBOX_CLUSTER_ROLE = {
    metadata: { name: "sysbox-node-labeler" },
    rules: [
        { apiGroups: [""], resources: ["nodes"], verbs: ["get", "patch"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "delete", "watch"] },
    ],
};

export const SYSBOX_CLUSTER_ROLE_BINDING = {
    metadata: { name: "sysbox-label-node-rb" },
    roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "sysbox-node-labeler",
    },
    subjects: [{ kind: "ServiceAccount", name: "sysbox-label-node", namespace: "kube-system" }],
};

export const SYSBOX_CONFIG_MAP = {
    metadata: { name: "sysbox-operational-attributes", namespace: "kube-system" },
    data: { SYSBOX_MGR_CONFIG: "", SYSBOX_FS_CONFIG: "" },
};

const configKey = (key: string) => ({
    name: key,
    valueFrom: { configMapKeyRef: { name: "sysbox-operational-attributes", key } },
});

export const SYSBOX_DAEMON_SET = {
    metadata: { name: "sysbox-deploy-k8s", namespace: "kube-system" },
    spec: {
        selector: { matchLabels: { "sysbox-install": "yes" } },
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
        template: {
            metadata: { labels: { "sysbox-install": "yes" } },
            spec: {
                serviceAccountName: "sysbox-label-node",
                nodeSelector: { "sysbox-install": "yes" },
                tolerations: [
                    {
                        key: "sysbox-runtime",
                        operator: "Equal",
                        value: "not-running",
                        effect: "NoSchedule",
                    },
                ],
                containers: [
                    {
                        name: "sysbox-deploy-k8s",
                        image: "registry.nestybox.com/nestybox/sysbox-deploy-k8s:v0.7.1-0",
                        imagePullPolicy: "Always",
                        command: [
                            "bash",
                            "-c",
                            "/opt/sysbox/scripts/sysbox-deploy-k8s.sh ce install",
                        ],
                        env: [
                            {
                                name: "NODE_NAME",
                                valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } },
                            },
                            configKey("SYSBOX_MGR_CONFIG"),
                            configKey("SYSBOX_FS_CONFIG"),
                        ],
                        securityContext: { privileged: true },
                        volumeMounts: HOST_PATHS.map(([name, , mountPath]) => ({
                            name,
                            mountPath,
                        })),
                    },
                ],
                volumes: HOST_PATHS.map(([name, path]) => ({ name, hostPath: { path } })),
            },
        },
    },
};

export const SYSBOX_RUNTIME_CLASS = {
    metadata: { name: "sysbox-runc" },
    handler: "sysbox-runc",
    scheduling: { nodeSelector: { "sysbox-runtime": "running" } },
};

/** The privileged CVM namespace a team adds for CVM pods (Pod Security Admission `privileged`). */
export const CVM_NAMESPACE = {
    metadata: {
        name: "cvm-workspaces",
        labels: {
            "pod-security.kubernetes.io/enforce": "privileged",
            "pod-security.kubernetes.io/audit": "privileged",
            "pod-security.kubernetes.io/warn": "privileged",
        },
    },
};
