import { SYSBOX_INSTALLER_REPOSITORY } from "../compat";
import type {
    CachingMode,
    GatekeeperConstraintRef,
    KyvernoPolicyRef,
    UserNamespaceMode,
    ValidationAction,
} from "./config";

/**
 * Defaults of {@link CvmConfig}, one place for each: the resolvers fill from here, and the `@default` of each
 * option in config.ts must say the same (test/unit/documented-defaults.test.ts).
 */
export const DEFAULTS = {
    namespace: "cvm-workspaces",
    supervisorImage: "ghcr.io/coder/envbox:0.6.7",
    supervisorCommand: ["/envbox", "docker"],
    caching: "none" as CachingMode,
    requests: { cpu: "1", memory: "2Gi" },
    limits: { cpu: "4", memory: "8Gi" },
    pinCommand: true,
    writableKernelPaths: false,
    prePull: true,
    installerRepository: SYSBOX_INSTALLER_REPOSITORY,
    installerNamespace: "kube-system",
    workspaceImage: "registry.nestybox.com/nestybox/ubuntu-jammy-systemd-docker",
    userNamespaces: "auto" as UserNamespaceMode,
    admissionPolicyActions: ["Deny"] as readonly ValidationAction[],
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
