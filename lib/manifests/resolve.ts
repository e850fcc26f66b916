import type { Toleration } from "kubernetes-types/core/v1";
import {
    assertCvmKubernetesVersion,
    assertInstallerSupports,
    defaultInstallerFor,
    featureGates,
    FeatureGates,
    findInstallerRelease,
    installerImage,
    KubernetesVersion,
    parseKubernetesVersion,
    SYSBOX_INSTALLER_REPOSITORY,
    SysboxInstallerRelease,
} from "../compat";
import type {
    CachingMode,
    CvmConfig,
    GatekeeperConstraintRef,
    KyvernoPolicyRef,
    ResourceQuantities,
    UserNamespaceMode,
    ValidationAction,
} from "./config";
import {
    checkImage,
    checkKeys,
    checkLabels,
    checkNamespace,
    checkObject,
    checkQuantity,
    checkStringList,
    checkTolerations,
    DNS_SUBDOMAIN,
    fail,
} from "./validate";

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
    ] as readonly KyvernoPolicyRef[],
} as const;

/** A {@link CvmConfig} checked and completed with defaults. */
export interface ResolvedConfig {
    readonly version: KubernetesVersion;
    readonly features: FeatureGates;
    readonly namespace: string;
    readonly supervisor: {
        readonly image: string;
        readonly allowedImages: readonly string[];
        readonly caching: CachingMode;
        readonly command: readonly string[];
        readonly requests: Required<ResourceQuantities>;
        readonly limits: Required<ResourceQuantities>;
        readonly prePull: boolean;
    };
    readonly sysbox?: {
        readonly release: SysboxInstallerRelease;
        readonly image: string;
        readonly namespace: string;
        readonly mgrConfig: string;
        readonly fsConfig: string;
        readonly workspaceImage: string;
        readonly userNamespaces: Exclude<UserNamespaceMode, "auto">;
    };
    readonly gatekeeper?: readonly Required<GatekeeperConstraintRef>[];
    readonly kyverno?: {
        readonly apiVersion: string;
        readonly exceptionNamespace: string;
        readonly policies: readonly KyvernoPolicyRef[];
    };
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly Toleration[];
    readonly labels: Readonly<Record<string, string>>;
    readonly admissionPolicyActions: readonly ValidationAction[];
}

const RESERVED_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease", "default"];
const TOP_LEVEL_KEYS = [
    "kubernetesVersion",
    "namespace",
    "supervisor",
    "sysboxRuntime",
    "policyEngines",
    "nodeSelector",
    "tolerations",
    "labels",
    "admissionPolicyActions",
];

function resolveSupervisor(value: unknown): ResolvedConfig["supervisor"] {
    checkObject("supervisor", value);
    const s = value ?? {};
    checkKeys("supervisor", s, [
        "image",
        "allowedImages",
        "caching",
        "command",
        "requests",
        "limits",
        "prePull",
    ]);
    const caching = s.caching ?? DEFAULTS.caching;
    if (!["none", "cached", "cached-shiftfs"].includes(caching as string)) {
        fail(
            "supervisor.caching",
            caching,
            "not a caching mode",
            'use "none", "cached" or "cached-shiftfs"',
        );
    }
    const command =
        s.command === undefined
            ? [...DEFAULTS.supervisorCommand]
            : checkStringList("supervisor.command", s.command, (f, v) => {
                  if (typeof v !== "string" || v.length === 0)
                      fail(f, v, "must be a non-empty string", "remove the entry or give it text");
                  return v;
              });
    if (command.length === 0)
        fail(
            "supervisor.command",
            s.command,
            "must not be empty",
            'leave it out for ["/envbox", "docker"]',
        );
    const quantities = (
        field: string,
        q: unknown,
        defaults: Required<ResourceQuantities>,
    ): Required<ResourceQuantities> => {
        checkObject(field, q);
        const v = q ?? {};
        checkKeys(field, v, ["cpu", "memory"]);
        return {
            cpu: v.cpu === undefined ? defaults.cpu : checkQuantity(`${field}.cpu`, v.cpu),
            memory:
                v.memory === undefined
                    ? defaults.memory
                    : checkQuantity(`${field}.memory`, v.memory),
        };
    };
    if (s.prePull !== undefined && typeof s.prePull !== "boolean") {
        fail(
            "supervisor.prePull",
            s.prePull,
            "must be true or false",
            "set true to pre-pull the supervisor image, false to skip",
        );
    }
    return {
        image:
            s.image === undefined
                ? DEFAULTS.supervisorImage
                : checkImage("supervisor.image", s.image),
        allowedImages: checkStringList("supervisor.allowedImages", s.allowedImages, checkImage),
        caching: caching as CachingMode,
        command,
        requests: quantities("supervisor.requests", s.requests, DEFAULTS.requests),
        limits: quantities("supervisor.limits", s.limits, DEFAULTS.limits),
        prePull: (s.prePull as boolean | undefined) ?? true,
    };
}

function resolveSysbox(
    value: unknown,
    version: KubernetesVersion,
    features: FeatureGates,
): ResolvedConfig["sysbox"] {
    checkObject("sysboxRuntime", value);
    const s = value ?? {};
    checkKeys("sysboxRuntime", s, [
        "enabled",
        "installerTag",
        "installerRepository",
        "installerNamespace",
        "mgrConfig",
        "fsConfig",
        "workspaceImage",
        "userNamespaces",
    ]);
    if (s.enabled !== undefined && typeof s.enabled !== "boolean") {
        fail(
            "sysboxRuntime.enabled",
            s.enabled,
            "must be true or false",
            "set true to install Sysbox on CVM nodes",
        );
    }
    if (!s.enabled) {
        return undefined;
    }
    const release =
        s.installerTag === undefined
            ? defaultInstallerFor(version)
            : findInstallerRelease(String(s.installerTag));
    assertInstallerSupports(release, version);
    const repository =
        s.installerRepository === undefined
            ? SYSBOX_INSTALLER_REPOSITORY
            : checkImage("sysboxRuntime.installerRepository", s.installerRepository);
    const mode = s.userNamespaces ?? "auto";
    if (!["auto", "hostUsers", "crio-annotation"].includes(mode as string)) {
        fail(
            "sysboxRuntime.userNamespaces",
            mode,
            "not a user-namespace mode",
            'use "auto", "hostUsers" or "crio-annotation"',
        );
    }
    if (mode === "hostUsers" && !features.hostUsersField) {
        fail(
            "sysboxRuntime.userNamespaces",
            mode,
            `spec.hostUsers does not exist on Kubernetes ${features.minor}`,
            'use "crio-annotation" or upgrade to 1.25+',
        );
    }
    const flags = (field: string, v: unknown): string => {
        if (v === undefined) return "";
        if (typeof v !== "string")
            fail(
                field,
                v,
                "must be a string of command-line flags",
                'pass flags such as "--disable-inner-image-preload"',
            );
        return v;
    };
    return {
        release,
        image: installerImage(release, repository),
        namespace:
            s.installerNamespace === undefined
                ? DEFAULTS.installerNamespace
                : checkNamespace("sysboxRuntime.installerNamespace", s.installerNamespace),
        mgrConfig: flags("sysboxRuntime.mgrConfig", s.mgrConfig),
        fsConfig: flags("sysboxRuntime.fsConfig", s.fsConfig),
        workspaceImage:
            s.workspaceImage === undefined
                ? DEFAULTS.workspaceImage
                : checkImage("sysboxRuntime.workspaceImage", s.workspaceImage),
        userNamespaces:
            mode === "auto"
                ? features.userNamespacesByDefault
                    ? "hostUsers"
                    : "crio-annotation"
                : (mode as "hostUsers" | "crio-annotation"),
    };
}

function resolveGatekeeper(value: unknown): ResolvedConfig["gatekeeper"] {
    if (value === undefined || value === false) return undefined;
    if (value !== true) checkObject("policyEngines.gatekeeper", value);
    const g = value === true ? {} : (value as Record<string, unknown>);
    checkKeys("policyEngines.gatekeeper", g, ["constraints"]);
    const list = g.constraints ?? DEFAULTS.gatekeeperConstraints;
    if (!Array.isArray(list) || list.length === 0) {
        fail(
            "policyEngines.gatekeeper.constraints",
            list,
            "must be a non-empty list",
            "list the constraints as { kind, name }, or set gatekeeper: true for the defaults",
        );
    }
    return list.map((c: unknown, i: number) => {
        const field = `policyEngines.gatekeeper.constraints[${i}]`;
        checkObject(field, c);
        if (!c) fail(field, c, "must be an object", "remove the empty entry");
        checkKeys(field, c, ["kind", "name", "excludedNamespaces"]);
        if (typeof c.kind !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(c.kind)) {
            fail(
                `${field}.kind`,
                c.kind,
                "not a constraint kind",
                'use the kind of the ConstraintTemplate, e.g. "K8sPSPPrivilegedContainer"',
            );
        }
        if (typeof c.name !== "string" || !DNS_SUBDOMAIN.test(c.name)) {
            fail(
                `${field}.name`,
                c.name,
                "not a valid object name",
                'use the constraint\'s metadata.name, e.g. "psp-privileged-container"',
            );
        }
        return {
            kind: c.kind,
            name: c.name,
            excludedNamespaces:
                c.excludedNamespaces === undefined
                    ? DEFAULTS.gatekeeperExcluded
                    : checkStringList(
                          `${field}.excludedNamespaces`,
                          c.excludedNamespaces,
                          checkNamespace,
                      ),
        };
    });
}

function resolveKyverno(value: unknown, namespace: string): ResolvedConfig["kyverno"] {
    if (value === undefined || value === false) return undefined;
    if (value !== true) checkObject("policyEngines.kyverno", value);
    const k = value === true ? {} : (value as Record<string, unknown>);
    checkKeys("policyEngines.kyverno", k, ["apiVersion", "exceptionNamespace", "policies"]);
    const apiVersion = k.apiVersion ?? "kyverno.io/v2";
    if (apiVersion !== "kyverno.io/v2" && apiVersion !== "kyverno.io/v2beta1") {
        fail(
            "policyEngines.kyverno.apiVersion",
            apiVersion,
            "not a PolicyException apiVersion cvmkit renders",
            'use "kyverno.io/v2" (Kyverno 1.13+) or "kyverno.io/v2beta1" (1.12)',
        );
    }
    const policies = k.policies ?? DEFAULTS.kyvernoPolicies;
    if (!Array.isArray(policies) || policies.length === 0) {
        fail(
            "policyEngines.kyverno.policies",
            policies,
            "must be a non-empty list",
            "list { policyName, ruleNames }, or set kyverno: true for the defaults",
        );
    }
    policies.forEach((p: unknown, i: number) => {
        const field = `policyEngines.kyverno.policies[${i}]`;
        checkObject(field, p);
        if (!p || typeof p.policyName !== "string" || !DNS_SUBDOMAIN.test(p.policyName)) {
            fail(
                `${field}.policyName`,
                p?.policyName,
                "not a policy name",
                'use the ClusterPolicy name, e.g. "disallow-privileged-containers"',
            );
        }
        if (
            !Array.isArray(p.ruleNames) ||
            p.ruleNames.length === 0 ||
            p.ruleNames.some((r) => typeof r !== "string" || r === "")
        ) {
            fail(
                `${field}.ruleNames`,
                p.ruleNames,
                "must be a non-empty list of rule names",
                'list the rules including their "autogen-" variants, or ["*"]',
            );
        }
    });
    return {
        apiVersion: apiVersion as string,
        exceptionNamespace:
            k.exceptionNamespace === undefined
                ? namespace
                : checkNamespace("policyEngines.kyverno.exceptionNamespace", k.exceptionNamespace),
        policies: policies as KyvernoPolicyRef[],
    };
}

/**
 * Checks a {@link CvmConfig} and fills in defaults. Throws a {@link CvmkitConfigError} naming the field,
 * the value and the fix for the first problem found.
 */
export function resolveConfig(config: CvmConfig): ResolvedConfig {
    checkObject("config", config);
    if (!config) fail("config", config, "missing", "pass at least { kubernetesVersion }");
    checkKeys("", config, TOP_LEVEL_KEYS);
    if (config.kubernetesVersion === undefined) {
        fail(
            "kubernetesVersion",
            undefined,
            "is required",
            'pass the cluster version, e.g. "1.30" (see `kubectl version`)',
        );
    }
    const version = parseKubernetesVersion(config.kubernetesVersion);
    assertCvmKubernetesVersion(version);
    const features = featureGates(version);

    const namespace =
        config.namespace === undefined
            ? DEFAULTS.namespace
            : checkNamespace("namespace", config.namespace);
    if (RESERVED_NAMESPACES.includes(namespace)) {
        fail(
            "namespace",
            namespace,
            "is a system namespace; cvmkit will not relax admission there",
            'use a namespace of its own, e.g. "cvm-workspaces"',
        );
    }

    checkObject("policyEngines", config.policyEngines);
    const engines: NonNullable<CvmConfig["policyEngines"]> = config.policyEngines ?? {};
    checkKeys("policyEngines", engines, ["gatekeeper", "kyverno"]);

    const actions = config.admissionPolicyActions ?? ["Deny"];
    if (
        !Array.isArray(actions) ||
        actions.length === 0 ||
        actions.some((a) => !["Deny", "Warn", "Audit"].includes(a))
    ) {
        fail(
            "admissionPolicyActions",
            actions,
            'must be a non-empty list of "Deny", "Warn", "Audit"',
            'use ["Deny"], or ["Warn", "Audit"] while rolling out',
        );
    }
    if (actions.includes("Deny") && actions.includes("Warn")) {
        fail(
            "admissionPolicyActions",
            actions,
            'Kubernetes rejects "Deny" together with "Warn"',
            'use ["Deny"] or ["Deny", "Audit"]',
        );
    }

    return {
        version,
        features,
        namespace,
        supervisor: resolveSupervisor(config.supervisor),
        sysbox: resolveSysbox(config.sysboxRuntime, version, features),
        gatekeeper: resolveGatekeeper(engines.gatekeeper),
        kyverno: resolveKyverno(engines.kyverno, namespace),
        nodeSelector: checkLabels("nodeSelector", config.nodeSelector),
        tolerations: checkTolerations(config.tolerations),
        labels: checkLabels("labels", config.labels),
        admissionPolicyActions: [...actions],
    };
}
