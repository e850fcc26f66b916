import type { Toleration } from "kubernetes-types/core/v1";
import {
    assertCvmKubernetesVersion,
    assertCvmNamespace,
    assertInstallerSupports,
    assertKnownKeys,
    assertLabels,
    assertNamespace,
    assertOptionalObject,
    defaultInstallerFor,
    ErrorCollector,
    fail,
    featureGates,
    FeatureGates,
    findInstallerRelease,
    installerImage,
    isOneOf,
    KubernetesVersion,
    parseKubernetesVersion,
    quotedChoices,
    SysboxInstallerRelease,
} from "../compat";
import {
    CvmConfig,
    USER_NAMESPACE_MODES,
    UserNamespaceMode,
    VALIDATION_ACTIONS,
    ValidationAction,
} from "./config";
import { assertCleanupNodes, assertImage, assertTolerations, isFloatingImage } from "./validate";
import { DEFAULTS } from "./defaults";
import {
    resolveGatekeeper,
    ResolvedGatekeeper,
    ResolvedKyverno,
    resolveKyverno,
} from "./resolve-engines";
import { resolveNetworkPolicy, ResolvedNetworkPolicy } from "./resolve-network";
import { resolveSupervisor, ResolvedSupervisor } from "./resolve-supervisor";

export { DEFAULTS } from "./defaults";

/**
 * Checks a whole {@link CvmConfig} against the cluster's Kubernetes version, reports every problem at once, and
 * fills the defaults: the {@link ResolvedConfig} every object builder reads.
 */

/** A {@link CvmConfig} checked and completed with defaults. */
export interface ResolvedConfig {
    readonly version: KubernetesVersion;
    readonly features: FeatureGates;
    readonly namespace: string;
    readonly supervisor: ResolvedSupervisor;
    readonly sysbox?: {
        readonly release: SysboxInstallerRelease;
        readonly image: string;
        readonly namespace: string;
        readonly mgrConfig: string;
        readonly fsConfig: string;
        readonly workspaceImage: string;
        readonly userNamespaces: Exclude<UserNamespaceMode, "auto">;
    };
    /** The installer settings of `sysboxRuntime.cleanupNodes` (runtime off): the cleanup DaemonSet is rendered. */
    readonly sysboxCleanup?: NonNullable<ResolvedConfig["sysbox"]>;
    readonly gatekeeper?: ResolvedGatekeeper;
    readonly kyverno?: ResolvedKyverno;
    readonly networkPolicy?: ResolvedNetworkPolicy;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly Toleration[];
    readonly labels: Readonly<Record<string, string>>;
    readonly admissionPolicyActions: readonly ValidationAction[];
    /** Problems that do not stop rendering, e.g. a supervisor image without a pinned tag. */
    readonly warnings: readonly string[];
}

const TOP_LEVEL_KEYS = [
    "kubernetesVersion",
    "namespace",
    "supervisor",
    "sysboxRuntime",
    "policyEngines",
    "networkPolicy",
    "nodeSelector",
    "tolerations",
    "labels",
    "admissionPolicyActions",
];

function resolveSysbox(
    value: unknown,
    version: KubernetesVersion,
    features: FeatureGates,
): ResolvedConfig["sysbox"] {
    assertOptionalObject("sysboxRuntime", value);
    const s = value ?? {};
    assertKnownKeys("sysboxRuntime", s, [
        "enabled",
        "installerTag",
        "installerRepository",
        "installerNamespace",
        "mgrConfig",
        "fsConfig",
        "workspaceImage",
        "userNamespaces",
        "cleanupNodes",
    ]);
    if (s.enabled !== undefined && typeof s.enabled !== "boolean") {
        fail(
            "sysboxRuntime.enabled",
            s.enabled,
            "must be true or false",
            "set true to install Sysbox on CVM nodes",
        );
    }
    assertCleanupNodes(s);
    if (!s.enabled && !s.cleanupNodes) {
        return undefined;
    }
    const release =
        s.installerTag === undefined
            ? defaultInstallerFor(version)
            : findInstallerRelease(String(s.installerTag));
    assertInstallerSupports(release, version);
    const repository =
        s.installerRepository === undefined
            ? DEFAULTS.installerRepository
            : assertImage("sysboxRuntime.installerRepository", s.installerRepository);
    const mode = s.userNamespaces ?? DEFAULTS.userNamespaces;
    if (!isOneOf(USER_NAMESPACE_MODES, mode)) {
        fail(
            "sysboxRuntime.userNamespaces",
            mode,
            "not a user-namespace mode",
            `use ${quotedChoices(USER_NAMESPACE_MODES)}`,
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
                : assertNamespace("sysboxRuntime.installerNamespace", s.installerNamespace),
        mgrConfig: flags("sysboxRuntime.mgrConfig", s.mgrConfig),
        fsConfig: flags("sysboxRuntime.fsConfig", s.fsConfig),
        workspaceImage:
            s.workspaceImage === undefined
                ? DEFAULTS.workspaceImage
                : assertImage("sysboxRuntime.workspaceImage", s.workspaceImage),
        userNamespaces:
            mode === "auto"
                ? features.userNamespacesByDefault
                    ? "hostUsers"
                    : "crio-annotation"
                : (mode as "hostUsers" | "crio-annotation"),
    };
}

/**
 * Checks a {@link CvmConfig} and fills in defaults. Throws a {@link CvmkitConfigError} naming the field,
 * the value and the fix; with several problems, a {@link CvmkitConfigErrors} listing all of them.
 */
export function resolveConfig(config: CvmConfig): ResolvedConfig {
    assertOptionalObject("config", config);
    if (!config) fail("config", config, "missing", "pass at least { kubernetesVersion }");
    assertKnownKeys("", config, TOP_LEVEL_KEYS);
    // Every section is checked; all problems are reported together.
    const c = new ErrorCollector();
    const version = c.attempt(() => {
        if (config.kubernetesVersion === undefined) {
            fail(
                "kubernetesVersion",
                undefined,
                "is required",
                'pass the cluster version, e.g. "1.30" (see `kubectl version`)',
            );
        }
        const v = parseKubernetesVersion(config.kubernetesVersion);
        assertCvmKubernetesVersion(v);
        return v;
    });
    const features = version ? featureGates(version) : undefined;

    const namespace = c.attempt(() => {
        return config.namespace === undefined
            ? DEFAULTS.namespace
            : assertCvmNamespace("namespace", config.namespace);
    });

    const engines = c.attempt(() => {
        assertOptionalObject("policyEngines", config.policyEngines);
        const e: NonNullable<CvmConfig["policyEngines"]> = config.policyEngines ?? {};
        assertKnownKeys("policyEngines", e, ["gatekeeper", "kyverno"]);
        return e;
    });

    const actions = c.attempt(() => {
        const a = config.admissionPolicyActions ?? DEFAULTS.admissionPolicyActions;
        if (!Array.isArray(a) || a.length === 0 || a.some((x) => !isOneOf(VALIDATION_ACTIONS, x))) {
            fail(
                "admissionPolicyActions",
                a,
                `must be a non-empty list of ${VALIDATION_ACTIONS.map((v) => `"${v}"`).join(", ")}`,
                'use ["Deny"], or ["Warn", "Audit"] while rolling out',
            );
        }
        if (a.includes("Deny") && a.includes("Warn")) {
            fail(
                "admissionPolicyActions",
                a,
                'Kubernetes rejects "Deny" together with "Warn"',
                'use ["Deny"] or ["Deny", "Audit"]',
            );
        }
        return a;
    });

    const ns = namespace ?? DEFAULTS.namespace;
    const networkPolicy = c.attempt(() => resolveNetworkPolicy(config.networkPolicy, ns));
    const supervisor = c.attempt(() => resolveSupervisor(config.supervisor));
    const installer =
        version && features
            ? c.attempt(() => resolveSysbox(config.sysboxRuntime, version, features))
            : undefined;
    // with cleanupNodes (runtime off) the installer settings pick the cleanup DaemonSet's image and namespace
    const cleanup = installer !== undefined && config.sysboxRuntime?.cleanupNodes === true;
    const sysbox = cleanup ? undefined : installer;
    if (installer && namespace && installer.namespace === namespace) {
        c.attempt(() =>
            fail(
                "sysboxRuntime.installerNamespace",
                installer.namespace,
                "is the CVM namespace, whose admission policy refuses the installer's privileged, host-network pod",
                'leave it out for "kube-system", or use a namespace of its own',
            ),
        );
    }
    const gatekeeper = engines ? c.attempt(() => resolveGatekeeper(engines.gatekeeper)) : undefined;
    const kyverno = engines ? c.attempt(() => resolveKyverno(engines.kyverno, ns)) : undefined;
    const nodeSelector = c.attempt(() => assertLabels("nodeSelector", config.nodeSelector));
    const tolerations = c.attempt(() => assertTolerations(config.tolerations));
    const labels = c.attempt(() => assertLabels("labels", config.labels));
    c.throwIfAny();

    const sup = supervisor!;
    const warnings = [sup.image, ...sup.allowedImages]
        .filter(isFloatingImage)
        .map(
            (image) =>
                `supervisor image ${image} has no pinned tag (untagged or :latest): the allow-list then admits whatever that tag points to; pin a release tag or a digest`,
        );
    return {
        version: version!,
        features: features!,
        namespace: ns,
        supervisor: sup,
        sysbox,
        ...(cleanup ? { sysboxCleanup: installer } : {}),
        gatekeeper,
        kyverno,
        ...(networkPolicy ? { networkPolicy } : {}),
        nodeSelector: nodeSelector!,
        tolerations: tolerations!,
        labels: labels!,
        admissionPolicyActions: [...actions!],
        warnings,
    };
}
