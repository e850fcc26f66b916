import type * as pulumi from "@pulumi/pulumi";
import {
    assertArgs,
    assertCvmNamespace,
    assertNamespace,
    atLeast,
    assertChoice,
    assertCvmMachineSize,
    cloudVersionOf,
    CpuArchitecture,
    assertCvmDiskSize,
    CvmkitConfigError,
    CvmNodePoolCommonArgs,
    CvmTaint,
    formatMinor,
    KubernetesVersion,
    ResolvedNodePool,
    resolveNodePool,
} from "../compat";
import { DEFAULTS } from "../manifests/defaults";

/**
 * Pure rules of `cvmkit/azure` agent pools: argument checks, the pod-security baseline initiative and its
 * exclusions (the cluster rules are in `cluster-rules.ts`). Nothing here loads the Azure SDK.
 */

export * from "./cluster-rules";

/** The AKS cluster a node pool joins; {@link Cluster} has these outputs. */
export interface AksClusterInfo {
    /** The resource group of the cluster. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** The managed cluster name. */
    readonly clusterName: pulumi.Input<string>;
    /**
     * The managed cluster's resource id; required when {@link SysboxNodePoolArgs.azurePolicy} is on (the policy
     * assignment's scope).
     * @default none
     */
    readonly clusterId?: pulumi.Input<string>;
    /**
     * The control plane's Kubernetes version: an `orchestratorVersion` newer than it is refused, and osSKU and
     * the Sysbox installer range are checked against it when the pool names no version.
     * @default none
     */
    readonly kubernetesVersion?: pulumi.Input<string>;
    /**
     * Whether the cluster runs the Azure Policy add-on (a {@link Cluster} reads it from the cluster). Pools follow
     * it unless {@link AzurePolicyExclusionArgs.enabled} says otherwise.
     * @default unknown: no exclusion unless `azurePolicy.enabled`
     */
    readonly azurePolicyEnabled?: pulumi.Input<boolean>;
}

/**
 * Azure Policy initiative "Kubernetes cluster pod security baseline standards for Linux-based workloads".
 * @see https://github.com/Azure/azure-policy/blob/master/built-in-policies/policySetDefinitions/Kubernetes/PSPBaselineStandard.json
 */
export const POD_SECURITY_BASELINE_INITIATIVE =
    "/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d";

/**
 * The initiative's default `excludedNamespaces` (its `parameters.excludedNamespaces.defaultValue`).
 * @see https://github.com/Azure/azure-policy/blob/master/built-in-policies/policySetDefinitions/Kubernetes/Kubernetes_PSPBaselineStandard.json
 */
export const BASELINE_DEFAULT_EXCLUDED_NAMESPACES: readonly string[] = [
    "kube-system",
    "gatekeeper-system",
    "azure-arc",
];

/** The Sysbox installer's default namespace (as in `CvmCluster`). */
export const DEFAULT_INSTALLER_NAMESPACE = DEFAULTS.installerNamespace;

/** The default CVM namespace (as in `CvmCluster`). */
export const DEFAULT_CVM_NAMESPACE = DEFAULTS.namespace;

/**
 * Azure Policy effect of the baseline assignment.
 *
 * - `Audit`: Record violations.
 * - `Deny`: Refuse violating pods.
 * - `Disabled`: Do not evaluate.
 */
export type PolicyEffect = (typeof POLICY_EFFECTS)[number];
/** The {@link PolicyEffect}s. */
export const POLICY_EFFECTS = ["Audit", "Deny", "Disabled"] as const;

/** How the CVM namespace is excluded from the pod-security baseline when the Azure Policy add-on is on. */
export interface AzurePolicyExclusionArgs {
    /**
     * The cluster runs the Azure Policy add-on: cvmkit assigns the pod-security baseline initiative at the
     * cluster scope with the CVM namespace (and the Sysbox installer's) excluded. Assignments of the initiative at
     * wider scopes (subscription, management group) are not changed: add the CVM namespace to their
     * `excludedNamespaces` too. `false` turns the exclusion off even when the add-on is on.
     * @default the cluster's add-on state (`cluster.azurePolicyEnabled`, which a {@link Cluster} looks up), else off
     */
    readonly enabled?: boolean;
    /**
     * The CVM namespace to exclude (the `CvmCluster`'s namespace).
     * @default "cvm-workspaces"
     */
    readonly cvmNamespace?: string;
    /**
     * The Sysbox installer's namespace, excluded too (it runs a privileged DaemonSet with host paths).
     * @default "kube-system" (among the initiative's defaults)
     */
    readonly installerNamespace?: string;
    /**
     * Effect of the assignment for all other namespaces.
     * @default "Audit"
     */
    readonly effect?: PolicyEffect;
    /**
     * Namespaces excluded besides the CVM namespace.
     * @default the initiative's defaults: kube-system, gatekeeper-system, azure-arc
     */
    readonly excludedNamespaces?: readonly string[];
}

/**
 * Ubuntu node OS SKUs of AKS that cvmkit can send. `Ubuntu2404` is refused: it is in the AgentPool `OSSKU` enum
 * only from API version 2025-10-01, and `@pulumi/azure-native` 3.28's `containerservice` module uses
 * 2025-09-01 (v3 ships no per-API-version submodules). `Ubuntu` gets 24.04 on Kubernetes 1.35+ anyway.
 *
 * - `Ubuntu`: Ubuntu 22.04 on Kubernetes 1.25–1.34, 24.04 from 1.35.
 * - `Ubuntu2204`: Ubuntu 22.04 (Kubernetes 1.25+).
 */
export type UbuntuOsSku = (typeof UBUNTU_OS_SKUS)[number];
/** The {@link UbuntuOsSku}s. */
export const UBUNTU_OS_SKUS = ["Ubuntu", "Ubuntu2204"] as const;

/** Arguments of {@link SysboxNodePool}. */
export interface SysboxNodePoolArgs extends CvmNodePoolCommonArgs {
    /** The cluster to add the pool to: a {@link Cluster}, or its resource group and name. */
    readonly cluster: AksClusterInfo;
    /**
     * The agent pool name: 1–12 lower-case letters and digits, starting with a letter.
     * @default "cvm"
     */
    readonly agentPoolName?: string;
    /**
     * VM size with 4+ vCPU and no GPU (the AKS default of 2 vCPU is too small).
     * @default "Standard_D4s_v5"
     */
    readonly vmSize?: string;
    /**
     * OS type: only Linux runs Sysbox.
     * @default "Linux"
     */
    readonly osType?: "Linux";
    /**
     * Ubuntu node image: `Ubuntu` (AKS picks 22.04 for 1.25–1.34, 24.04 for 1.35+) or `Ubuntu2204` (Kubernetes
     * 1.25+). `Ubuntu2404` is refused (not in the API version `@pulumi/azure-native` 3.28 sends; `Ubuntu` is 24.04
     * from 1.35). Azure Linux / CBL-Mariner and Windows are refused (the Sysbox installer relies on apt).
     * @default "Ubuntu"
     */
    readonly osSKU?: UbuntuOsSku;
    /**
     * OS disk size in GB.
     * @default 128
     */
    readonly osDiskSizeGB?: number;
    /**
     * Availability zones of the nodes.
     * @default none
     */
    readonly availabilityZones?: readonly string[];
    /**
     * Subnet of the nodes.
     * @default the cluster's
     */
    readonly vnetSubnetID?: pulumi.Input<string>;
    /**
     * Pod-security baseline exclusion for the Azure Policy add-on.
     * @default off, unless the cluster's add-on is on (`cluster.azurePolicyEnabled`; see `enabled`)
     */
    readonly azurePolicy?: AzurePolicyExclusionArgs;
    /**
     * Tags of the agent pool.
     * @default {}
     */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The checked {@link SysboxNodePoolArgs}. */
export interface ResolvedAksNodePool extends ResolvedNodePool {
    readonly agentPoolName: string;
    readonly vmSize: string;
    readonly osSKU: UbuntuOsSku;
    readonly architecture?: CpuArchitecture;
    readonly osDiskSizeGB: number;
    /** `nodeTaints` entries (`key=value:NoSchedule`). */
    readonly nodeTaints: readonly string[];
    /**
     * The baseline exclusion, when on or `auto` (then {@link ResolvedAksNodePool.azurePolicyAuto}: created when
     * the cluster's looked-up `azurePolicyEnabled` is true).
     */
    readonly azurePolicy?: {
        readonly effect: PolicyEffect;
        readonly excludedNamespaces: readonly string[];
    };
    /** The exclusion follows the cluster's `azurePolicyEnabled` output (known only once looked up). */
    readonly azurePolicyAuto?: boolean;
    /** The pool version as AKS takes it (`orchestratorVersion`), when given. */
    readonly aksVersion?: string;
}

const REFUSED_OS_SKUS: Readonly<Record<string, string>> = {
    AzureLinux: "Azure Linux is not on Sysbox's distro list (the installer relies on apt)",
    AzureLinux3: "Azure Linux is not on Sysbox's distro list (the installer relies on apt)",
    CBLMariner: "CBL-Mariner / Azure Linux is not on Sysbox's distro list",
    Mariner: "CBL-Mariner / Azure Linux is not on Sysbox's distro list",
    Windows: "Sysbox is Linux-only",
    UbuntuPro: "Ubuntu Pro node images are not wired into cvmkit yet",
    Ubuntu2404:
        "the AgentPool OSSKU enum has Ubuntu2404 only from API version 2025-10-01 (Azure/azure-rest-api-specs#38610), but @pulumi/azure-native 3.28's containerservice module sends 2025-09-01 and ships no newer API-version submodule",
};

/**
 * Checks an osSKU against the node Kubernetes version: AKS ships Ubuntu 22.04 node images from Kubernetes 1.25
 * (the `Ubuntu` SKU follows the version: 22.04 on 1.25–1.34, 24.04 from 1.35).
 *
 * @see https://learn.microsoft.com/azure/aks/upgrade-os-version
 */
export function assertOsSkuSupports(
    osSKU: UbuntuOsSku,
    version: KubernetesVersion,
    field: string,
): void {
    if (osSKU === "Ubuntu2204" && !atLeast(version, 1, 25)) {
        throw new CvmkitConfigError(
            field,
            version.raw,
            `osSKU Ubuntu2204 needs Kubernetes 1.25 or newer on AKS, not ${formatMinor(version)}`,
            'use osSKU "Ubuntu", or a Kubernetes 1.25+ node version',
        );
    }
}

const AGENT_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** Formats a taint for AKS `nodeTaints`: `key=value:NoSchedule`. */
export function aksTaint(taint: CvmTaint): string {
    return `${taint.key}=${taint.value}:${taint.effect}`;
}

/** Checks {@link SysboxNodePoolArgs} (everything that is not an `Input`) and fills in defaults. */
export function resolveNodePoolArgs(args: SysboxNodePoolArgs): ResolvedAksNodePool {
    assertArgs(args, "pass { cluster, vmSize }");
    if (
        !args.cluster ||
        typeof args.cluster !== "object" ||
        !args.cluster.resourceGroupName ||
        !args.cluster.clusterName
    ) {
        throw new CvmkitConfigError(
            "cluster",
            args.cluster,
            "needs resourceGroupName and clusterName",
            "pass a cvmkit/azure Cluster, or { resourceGroupName, clusterName, clusterId }",
        );
    }
    assertChoice(
        "osType",
        args.osType ?? "Linux",
        ["Linux"],
        { Windows: "Sysbox is Linux-only; Windows node pools cannot run CVMs" },
        'use osType "Linux" with osSKU "Ubuntu"',
    );
    const osSKU = assertChoice(
        "osSKU",
        args.osSKU ?? "Ubuntu",
        UBUNTU_OS_SKUS,
        REFUSED_OS_SKUS,
        'use osSKU "Ubuntu" (24.04 on Kubernetes 1.35+, 22.04 below) or "Ubuntu2204"',
    );
    const pool = resolveNodePool(args, { versionField: "kubernetesVersion" });
    if (pool.version) assertOsSkuSupports(osSKU, pool.version, "kubernetesVersion");
    const vmSize = args.vmSize ?? "Standard_D4s_v5";
    const size = assertCvmMachineSize("azure", vmSize, "vmSize", args.vcpus);
    const agentPoolName = args.agentPoolName ?? "cvm";
    if (typeof agentPoolName !== "string" || !AGENT_POOL_NAME.test(agentPoolName)) {
        throw new CvmkitConfigError(
            "agentPoolName",
            agentPoolName,
            "AKS Linux pool names are 1–12 lower-case letters and digits, starting with a letter",
            'use e.g. "cvm" or "sysbox"',
        );
    }
    const osDiskSizeGB = assertCvmDiskSize(
        "osDiskSizeGB",
        args.osDiskSizeGB ?? 128,
        "OS disk",
        "GB",
        128,
    );
    const policy = args.azurePolicy;
    if (policy !== undefined && (policy === null || typeof policy !== "object")) {
        throw new CvmkitConfigError(
            "azurePolicy",
            policy,
            "must be an object",
            "pass { enabled: true } or leave it out (it follows the cluster's add-on)",
        );
    }
    const known = args.cluster.azurePolicyEnabled;
    const mode: "on" | "off" | "auto" =
        policy?.enabled === true
            ? "on"
            : policy?.enabled === false
              ? "off"
              : typeof known === "boolean"
                ? known
                    ? "on"
                    : "off"
                : known === undefined
                  ? "off"
                  : "auto";
    let azurePolicy: ResolvedAksNodePool["azurePolicy"];
    if (mode !== "off") {
        if (args.cluster.clusterId === undefined) {
            throw new CvmkitConfigError(
                "cluster.clusterId",
                undefined,
                "is required when azurePolicy is on (it is the scope of the baseline assignment)",
                "pass a cvmkit/azure Cluster, or the managed cluster's resource id",
            );
        }
        const cvmNamespace = policy?.cvmNamespace ?? DEFAULT_CVM_NAMESPACE;
        const installerNamespace = policy?.installerNamespace ?? DEFAULT_INSTALLER_NAMESPACE;
        const others = policy?.excludedNamespaces ?? BASELINE_DEFAULT_EXCLUDED_NAMESPACES;
        // the same checks as the CVM config's namespace and installerNamespace
        assertCvmNamespace("azurePolicy.cvmNamespace", cvmNamespace);
        assertNamespace("azurePolicy.installerNamespace", installerNamespace);
        others.forEach((ns, i) => assertNamespace(`azurePolicy.excludedNamespaces[${i}]`, ns));
        const effect = assertChoice(
            "azurePolicy.effect",
            policy?.effect ?? "Audit",
            POLICY_EFFECTS,
            {},
            'use "Audit" or "Deny"',
        );
        azurePolicy = {
            effect,
            excludedNamespaces: [...new Set([...others, installerNamespace, cvmNamespace])],
        };
    }
    return {
        ...pool,
        agentPoolName,
        vmSize,
        osSKU,
        ...(size.architecture ? { architecture: size.architecture } : {}),
        osDiskSizeGB,
        nodeTaints: pool.taint ? [aksTaint(pool.taint)] : [],
        ...(azurePolicy ? { azurePolicy } : {}),
        ...(mode === "auto" ? { azurePolicyAuto: true } : {}),
        ...(pool.version ? { aksVersion: cloudVersionOf("aks", pool.version) } : {}),
    };
}
