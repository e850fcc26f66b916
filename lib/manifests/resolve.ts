import type { Toleration } from "kubernetes-types/core/v1";
import {
    assertCvmKubernetesVersion,
    assertInstallerSupports,
    CvmkitConfigError,
    DEFAULT_SYSBOX_INSTALLER,
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

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
// registry/path:tag or @sha256:digest, lower-case repository
const IMAGE =
    /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]{1,2}[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
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

function fail(field: string, value: unknown, reason: string, fix: string): never {
    throw new CvmkitConfigError(field, value, reason, fix);
}

function checkKeys(field: string, value: object, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
        if (!allowed.includes(key)) {
            fail(
                field ? `${field}.${key}` : key,
                (value as Record<string, unknown>)[key],
                "unknown setting",
                `remove it, or use one of ${allowed.join(", ")}`,
            );
        }
    }
}

function checkObject(
    field: string,
    value: unknown,
): asserts value is Record<string, unknown> | undefined {
    if (
        value !== undefined &&
        (value === null || typeof value !== "object" || Array.isArray(value))
    ) {
        fail(field, value, "must be an object", `pass an object for ${field} or leave it out`);
    }
}

function checkNamespace(field: string, value: unknown): string {
    if (typeof value !== "string" || value.length > 63 || !DNS_LABEL.test(value)) {
        fail(
            field,
            value,
            "not a valid namespace name (RFC 1123 label, at most 63 characters)",
            'use lower-case letters, digits and "-", e.g. "cvm-workspaces"',
        );
    }
    return value;
}

function checkImage(field: string, value: unknown): string {
    if (typeof value !== "string" || value.length === 0 || !IMAGE.test(value)) {
        fail(
            field,
            value,
            "not a valid image reference",
            'use "registry/repository:tag" or "registry/repository@sha256:<digest>"',
        );
    }
    return value;
}

function checkQuantity(field: string, value: unknown): string {
    if (typeof value !== "string" || !QUANTITY.test(value)) {
        fail(
            field,
            value,
            "not a Kubernetes quantity",
            'use a quantity such as "2", "500m" or "4Gi"',
        );
    }
    return value;
}

function checkLabels(field: string, value: unknown): Record<string, string> {
    checkObject(field, value);
    const labels: Record<string, string> = {};
    for (const [key, v] of Object.entries(value ?? {})) {
        const slash = key.indexOf("/");
        const [prefix, name] =
            slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
        if (
            (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) ||
            name === undefined ||
            name.length > 63 ||
            !LABEL_NAME.test(name)
        ) {
            fail(
                `${field}.${key}`,
                key,
                "not a valid label key",
                'use "name" or "prefix.example.com/name" (alphanumerics, "-", "_", ".")',
            );
        }
        if (typeof v !== "string" || v.length > 63 || !LABEL_VALUE.test(v)) {
            fail(
                `${field}.${key}`,
                v,
                "not a valid label value",
                "use at most 63 alphanumerics, '-', '_' or '.' (quote numbers and booleans)",
            );
        }
        labels[key] = v;
    }
    return labels;
}

function checkTolerations(value: unknown): Toleration[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
        fail(
            "tolerations",
            value,
            "must be a list",
            'pass a list such as [{ key: "cvm", operator: "Exists", effect: "NoSchedule" }]',
        );
    }
    return value.map((t: unknown, i: number) => {
        const field = `tolerations[${i}]`;
        checkObject(field, t);
        if (!t) fail(field, t, "must be an object", "remove the empty entry");
        checkKeys(field, t, ["key", "operator", "value", "effect", "tolerationSeconds"]);
        const operator = t.operator ?? "Equal";
        if (operator !== "Equal" && operator !== "Exists") {
            fail(
                `${field}.operator`,
                t.operator,
                'must be "Equal" or "Exists"',
                'use "Equal" with a value, or "Exists"',
            );
        }
        if (
            t.effect !== undefined &&
            !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(t.effect as string)
        ) {
            fail(
                `${field}.effect`,
                t.effect,
                "not a taint effect",
                'use "NoSchedule", "PreferNoSchedule" or "NoExecute"',
            );
        }
        if (operator === "Exists" && t.value !== undefined && t.value !== "") {
            fail(
                `${field}.value`,
                t.value,
                'a value makes no sense with operator "Exists"',
                'drop the value or use operator "Equal"',
            );
        }
        if (t.key === undefined && operator !== "Exists") {
            fail(`${field}.key`, t.key, 'an empty key needs operator "Exists"', "set a key");
        }
        return t as Toleration;
    });
}

function checkStringList(
    field: string,
    value: unknown,
    check: (f: string, v: unknown) => string,
): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) fail(field, value, "must be a list", `pass a list for ${field}`);
    return value.map((v: unknown, i: number) => check(`${field}[${i}]`, v));
}

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
            ? DEFAULT_SYSBOX_INSTALLER
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
