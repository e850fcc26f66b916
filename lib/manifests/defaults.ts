import type { CachingMode, GatekeeperConstraintRef, KyvernoPolicyRef } from "./config";

/** Defaults of {@link CvmConfig}. */
export const DEFAULTS = {
    namespace: "cvm-workspaces",
    supervisorImage: "ghcr.io/coder/envbox:0.6.7",
    supervisorCommand: ["/envbox", "docker"],
    caching: "none" as CachingMode,
    requests: { cpu: "1", memory: "2Gi" },
    limits: { cpu: "4", memory: "8Gi" },
    installerNamespace: "kube-system",
    workspaceImage: "registry.nestybox.com/nestybox/ubuntu-jammy-systemd-docker",
    pauseImage: "registry.k8s.io/pause:3.10",
    gatekeeperConstraints: [
        { kind: "K8sPSPPrivilegedContainer", name: "psp-privileged-container" },
        { kind: "K8sPSPHostFilesystem", name: "psp-host-filesystem" },
    ] as readonly GatekeeperConstraintRef[],
    gatekeeperExcluded: ["kube-system"],
    kyvernoPolicies: [
        {
            policyName: "disallow-privileged-containers",
            ruleNames: [
                "privileged-containers",
                "autogen-privileged-containers",
                "autogen-cronjob-privileged-containers",
            ],
        },
        {
            policyName: "disallow-host-path",
            ruleNames: ["host-path", "autogen-host-path", "autogen-cronjob-host-path"],
        },
        {
            policyName: "podsecurity-subrule-baseline",
            ruleNames: ["baseline", "autogen-baseline", "autogen-cronjob-baseline"],
            podSecurity: true,
        },
    ] as readonly KyvernoPolicyRef[],
} as const;
