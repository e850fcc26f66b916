import type * as pulumi from "@pulumi/pulumi";
import {
    assertNoCreateOnlyKeys,
    requireCreateVersion,
    checkChoice,
    checkCvmMachineSize,
    CpuArchitecture,
    CvmkitConfigError,
    CvmNodePoolCommonArgs,
    CvmTaint,
    KubernetesVersion,
    ResolvedNodePool,
    resolveNodePool,
} from "../compat";

/**
 * Pure rules of `cvmkit/azure`: argument checks, the pod-security baseline initiative and its exclusions.
 * Nothing here loads the Azure SDK.
 */

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
}

/**
 * Azure Policy initiative "Kubernetes cluster pod security baseline standards for Linux-based workloads".
 * @see https://github.com/Azure/azure-policy/blob/master/built-in-policies/policySetDefinitions/Kubernetes/PSPBaselineStandard.json
 */
export const POD_SECURITY_BASELINE_INITIATIVE =
    "/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d";

/** The initiative's default `excludedNamespaces`. */
export const BASELINE_DEFAULT_EXCLUDED_NAMESPACES: readonly string[] = [
    "kube-system",
    "gatekeeper-system",
    "azure-arc",
    "azure-extensions-usage-system",
];

/** The default CVM namespace (as in `CvmCluster`). */
export const DEFAULT_CVM_NAMESPACE = "cvm-workspaces";

/** Azure Policy effect of the baseline assignment. */
export type PolicyEffect = "Audit" | "Deny" | "Disabled";

/** How the CVM namespace is excluded from the pod-security baseline when the Azure Policy add-on is on. */
export interface AzurePolicyExclusionArgs {
    /**
     * The cluster runs the Azure Policy add-on: cvmkit assigns the pod-security baseline initiative at the
     * cluster scope with the CVM namespace excluded. Assignments of the initiative at wider scopes (subscription,
     * management group) are not changed: add the CVM namespace to their `excludedNamespaces` too.
     * @default false
     */
    readonly enabled?: boolean;
    /**
     * The CVM namespace to exclude (the `CvmCluster`'s namespace).
     * @default "cvm-workspaces"
     */
    readonly cvmNamespace?: string;
    /**
     * Effect of the assignment for all other namespaces.
     * @default "Audit"
     */
    readonly effect?: PolicyEffect;
    /**
     * Namespaces excluded besides the CVM namespace.
     * @default the initiative's defaults: kube-system, gatekeeper-system, azure-arc, azure-extensions-usage-system
     */
    readonly excludedNamespaces?: readonly string[];
}

/** Ubuntu node OS SKUs of AKS. */
export type UbuntuOsSku = "Ubuntu" | "Ubuntu2204" | "Ubuntu2404";

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
     * Ubuntu node image: `Ubuntu` (AKS picks 22.04 for 1.25–1.34, 24.04 for 1.35+), `Ubuntu2204` or `Ubuntu2404`.
     * Azure Linux / CBL-Mariner and Windows are refused (the Sysbox installer relies on apt).
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
     * @default off
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
    /** The baseline exclusion, when on. */
    readonly azurePolicy?: {
        readonly effect: PolicyEffect;
        readonly excludedNamespaces: readonly string[];
    };
}

const REFUSED_OS_SKUS: Readonly<Record<string, string>> = {
    AzureLinux: "Azure Linux is not on Sysbox's distro list (the installer relies on apt)",
    AzureLinux3: "Azure Linux is not on Sysbox's distro list (the installer relies on apt)",
    CBLMariner: "CBL-Mariner / Azure Linux is not on Sysbox's distro list",
    Mariner: "CBL-Mariner / Azure Linux is not on Sysbox's distro list",
    Windows: "Sysbox is Linux-only",
    UbuntuPro: "Ubuntu Pro node images are not wired into cvmkit yet",
};

const AGENT_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Formats a taint for AKS `nodeTaints`: `key=value:NoSchedule`. */
export function aksTaint(taint: CvmTaint): string {
    return `${taint.key}=${taint.value}:${taint.effect}`;
}

/** Checks {@link SysboxNodePoolArgs} (everything that is not an `Input`) and fills in defaults. */
export function resolveNodePoolArgs(args: SysboxNodePoolArgs): ResolvedAksNodePool {
    if (!args || typeof args !== "object") {
        throw new CvmkitConfigError("args", args, "missing", "pass { cluster, vmSize }");
    }
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
    checkChoice(
        "osType",
        args.osType ?? "Linux",
        ["Linux"],
        { Windows: "Sysbox is Linux-only; Windows node pools cannot run CVMs" },
        'use osType "Linux" with osSKU "Ubuntu"',
    );
    const osSKU = checkChoice<UbuntuOsSku>(
        "osSKU",
        args.osSKU ?? "Ubuntu",
        ["Ubuntu", "Ubuntu2204", "Ubuntu2404"],
        REFUSED_OS_SKUS,
        'use osSKU "Ubuntu" (or "Ubuntu2204" / "Ubuntu2404")',
    );
    const pool = resolveNodePool(args, { versionField: "kubernetesVersion" });
    const vmSize = args.vmSize ?? "Standard_D4s_v5";
    const size = checkCvmMachineSize("azure", vmSize, "vmSize", args.vcpus);
    const agentPoolName = args.agentPoolName ?? "cvm";
    if (typeof agentPoolName !== "string" || !AGENT_POOL_NAME.test(agentPoolName)) {
        throw new CvmkitConfigError(
            "agentPoolName",
            agentPoolName,
            "AKS Linux pool names are 1–12 lower-case letters and digits, starting with a letter",
            'use e.g. "cvm" or "sysbox"',
        );
    }
    const osDiskSizeGB = args.osDiskSizeGB ?? 128;
    if (typeof osDiskSizeGB !== "number" || !Number.isInteger(osDiskSizeGB) || osDiskSizeGB < 30) {
        throw new CvmkitConfigError(
            "osDiskSizeGB",
            osDiskSizeGB,
            "CVM nodes need an OS disk of at least 30 GB (workspace images are large)",
            "use 128 or more",
        );
    }
    let azurePolicy: ResolvedAksNodePool["azurePolicy"];
    const policy = args.azurePolicy;
    if (policy?.enabled) {
        if (args.cluster.clusterId === undefined) {
            throw new CvmkitConfigError(
                "cluster.clusterId",
                undefined,
                "is required when azurePolicy is on (it is the scope of the baseline assignment)",
                "pass a cvmkit/azure Cluster, or the managed cluster's resource id",
            );
        }
        const cvmNamespace = policy.cvmNamespace ?? DEFAULT_CVM_NAMESPACE;
        const others = policy.excludedNamespaces ?? BASELINE_DEFAULT_EXCLUDED_NAMESPACES;
        [cvmNamespace, ...others].forEach((ns, i) => {
            if (typeof ns !== "string" || !NAMESPACE.test(ns)) {
                throw new CvmkitConfigError(
                    i === 0
                        ? "azurePolicy.cvmNamespace"
                        : `azurePolicy.excludedNamespaces[${i - 1}]`,
                    ns,
                    "not a namespace name",
                    'use a DNS label such as "cvm-workspaces"',
                );
            }
        });
        const effect = checkChoice<PolicyEffect>(
            "azurePolicy.effect",
            policy.effect ?? "Audit",
            ["Audit", "Deny", "Disabled"],
            {},
            'use "Audit" or "Deny"',
        );
        azurePolicy = {
            effect,
            excludedNamespaces: [...new Set([...others, cvmNamespace])],
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
    };
}

/** Arguments to create or find an AKS cluster with {@link Cluster}. */
export interface ClusterArgs {
    /** The resource group of the cluster (created beforehand; cvmkit does not load the resources SDK). */
    readonly resourceGroupName: pulumi.Input<string>;
    /**
     * Use an existing AKS cluster of this name instead of creating one.
     * @default create a cluster
     */
    readonly existing?: {
        /** The managed cluster name. */
        readonly name: pulumi.Input<string>;
    };
    /** Kubernetes version of a new cluster, e.g. `1.33`; required when creating. */
    readonly kubernetesVersion?: string;
    /**
     * Azure region of a new cluster.
     * @default the resource group's location
     */
    readonly location?: pulumi.Input<string>;
    /**
     * DNS prefix of a new cluster.
     * @default derived from the resource name
     */
    readonly dnsPrefix?: pulumi.Input<string>;
    /**
     * VM size of the system pool (no CVMs run there).
     * @default "Standard_D2s_v5"
     */
    readonly systemVmSize?: string;
    /**
     * Nodes in the system pool.
     * @default 1
     */
    readonly systemNodeCount?: number;
    /**
     * Turn on the Azure Policy add-on of a new cluster.
     * @default false
     */
    readonly azurePolicy?: boolean;
    /**
     * Tags of a new cluster.
     * @default {}
     */
    readonly tags?: Readonly<Record<string, string>>;
}

const CREATE_ONLY_KEYS: readonly (keyof ClusterArgs)[] = [
    "kubernetesVersion",
    "location",
    "dnsPrefix",
    "systemVmSize",
    "systemNodeCount",
    "azurePolicy",
];

/** Checks {@link ClusterArgs}; returns the parsed version when creating. */
export function resolveClusterArgs(args: ClusterArgs): { version?: KubernetesVersion } {
    if (!args || typeof args !== "object") {
        throw new CvmkitConfigError(
            "args",
            args,
            "missing",
            "pass { resourceGroupName, kubernetesVersion } or { resourceGroupName, existing: { name } }",
        );
    }
    if (!args.resourceGroupName) {
        throw new CvmkitConfigError(
            "resourceGroupName",
            args.resourceGroupName,
            "is required",
            "pass the resource group of the cluster",
        );
    }
    if (args.existing !== undefined) {
        if (!args.existing || !args.existing.name) {
            throw new CvmkitConfigError(
                "existing.name",
                args.existing?.name,
                "is required",
                "pass the AKS cluster name",
            );
        }
        assertNoCreateOnlyKeys(args, CREATE_ONLY_KEYS);
        return {};
    }
    const version = requireCreateVersion(args.kubernetesVersion, "existing: { name }");
    const count = args.systemNodeCount ?? 1;
    if (!Number.isInteger(count) || count < 1) {
        throw new CvmkitConfigError(
            "systemNodeCount",
            count,
            "must be a whole number ≥ 1",
            "use 1 (or 3 for production)",
        );
    }
    return { version };
}
