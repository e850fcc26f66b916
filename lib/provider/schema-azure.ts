import type { ClusterArgs } from "../azure/cluster-rules";
import type { KubeloginMode } from "../azure/kubelogin";
import type { SysboxNodePool } from "../azure/node-pool";
import type {
    AksClusterInfo,
    AzurePolicyExclusionArgs,
    PolicyEffect,
    SysboxNodePoolArgs,
    UbuntuOsSku,
} from "../azure/rules";
import type { AzureStackNodePoolArgs } from "../stack/args";
import type { OutputKeys } from "./schema-cluster";
import { poolCommonInputs, poolTypes } from "./schema-pools";
import {
    arrayOf,
    bool,
    ComponentSpec,
    EnumTypeSpec,
    enumType,
    int,
    kube,
    ObjectTypeSpec,
    objectType,
    PropertySpec,
    ref,
    secretString,
    str,
    stringMap,
    strings,
} from "./spec";

/**
 * The schema of `cvmkit/azure`: the `cvmkit:azure:SysboxNodePool` component (lib/azure/node-pool.ts) and the azure shapes of
 * `CvmStack` (its `cluster` and `nodePool` when `cloud: "azure"`).
 */

/** Type tokens `CvmStack` refers to when `cloud` is "azure". */
export const AZURE_STACK_T = {
    cluster: "cvmkit:index:AzureStackCluster",
    nodePool: "cvmkit:index:AzureStackNodePool",
} as const;

/** The type token of the azure pool component (equal to the class's, checked by a test). */
export const AZURE_POOL_TYPE = "cvmkit:azure:SysboxNodePool";

/** Type tokens of the azure types. */
const T = {
    aksCluster: "cvmkit:azure:AksClusterInfo",
    policy: "cvmkit:azure:AzurePolicyExclusion",
    effect: "cvmkit:azure:PolicyEffect",
    osSku: "cvmkit:azure:UbuntuOsSku",
    existing: "cvmkit:azure:ExistingCluster",
    kubelogin: "cvmkit:azure:KubeloginMode",
} as const;

/** The inputs of `SysboxNodePool`: every key of `SysboxNodePoolArgs`. */
const POOL_INPUTS: { readonly [K in keyof SysboxNodePoolArgs]-?: PropertySpec } = {
    ...poolCommonInputs("azure"),
    cluster: ref(
        T.aksCluster,
        "The cluster to add the pool to: its resource group and name (the outputs of a cvmkit Azure cluster). Required.",
    ),
    agentPoolName: str(
        'The agent pool name: 1–12 lower-case letters and digits, starting with a letter. Default "cvm".',
    ),
    vmSize: str('VM size with 4+ vCPU and no GPU. Default "Standard_D4s_v5".'),
    osType: str('OS type: only "Linux" runs Sysbox. Default "Linux".'),
    osSKU: ref(
        T.osSku,
        'Ubuntu node image (Azure Linux, CBL-Mariner, Windows and Ubuntu2404 are refused). Default "Ubuntu".',
    ),
    osDiskSizeGB: int("OS disk size in GB, at least 30. Default 128."),
    availabilityZones: strings("Availability zones of the nodes. Default none."),
    vnetSubnetID: str("Subnet of the nodes. Default: the cluster's."),
    azurePolicy: ref(
        T.policy,
        "Pod-security baseline exclusion for the Azure Policy add-on. Default off, unless cluster.azurePolicyEnabled is true.",
    ),
    tags: stringMap("Tags of the agent pool. Default {}."),
};

/** The `SysboxNodePoolArgs` keys whose type takes a `pulumi.Input` (outside `cluster`). */
const POOL_INPUT_KEYS = ["vnetSubnetID"] as const satisfies readonly (keyof SysboxNodePoolArgs)[];

/** The `AksClusterInfo` keys: every one takes a `pulumi.Input` (a cvmkit Azure cluster's outputs). */
const AKS_CLUSTER_KEYS = [
    "resourceGroupName",
    "clusterName",
    "clusterId",
    "kubernetesVersion",
    "azurePolicyEnabled",
] as const satisfies readonly (keyof AksClusterInfo)[];

/** The `pulumi.Input` paths of `SysboxNodePoolArgs`. */
const POOL_INPUT_PATHS: readonly string[] = [
    ...AKS_CLUSTER_KEYS.map((k) => `cluster.${k}`),
    ...POOL_INPUT_KEYS,
];

/** The `SysboxNodePoolArgs` keys a stack's `nodePool` leaves out (the stack provides them). */
const STACK_OMITTED = [
    "cluster",
    "sysboxRuntime",
] as const satisfies readonly (keyof SysboxNodePoolArgs)[];

function omit<M extends Record<string, PropertySpec>, K extends keyof M>(
    map: M,
    keys: readonly K[],
): Omit<M, K> {
    const out: Record<string, PropertySpec> = { ...map };
    for (const k of keys) delete out[k as string];
    return out as Omit<M, K>;
}

/** The stack's `nodePool`: the pool's inputs without what the stack provides, defaults as the stack applies them. */
const STACK_POOL_INPUTS: { readonly [K in keyof AzureStackNodePoolArgs]-?: PropertySpec } = {
    ...omit(POOL_INPUTS, STACK_OMITTED),
    kubernetesVersion: str(
        "Node Kubernetes version; never newer than the control plane. Default: the cluster's kubernetesVersion (an existing cluster's control plane version).",
    ),
    azurePolicy: ref(
        T.policy,
        "Pod-security baseline exclusion. Default: follows the cluster's Azure Policy add-on (azurePolicy of a new cluster, the looked-up state of an existing one); cvmNamespace is always the stack's cvm.namespace.",
    ),
};

/** The `ClusterArgs` keys whose type takes a `pulumi.Input` (`existing.name` aside). */
const CLUSTER_INPUT_KEYS = [
    "resourceGroupName",
    "location",
    "dnsPrefix",
    "kubeconfig",
] as const satisfies readonly (keyof ClusterArgs)[];

export const AZURE_TYPES: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>> = {
    ...poolTypes("azure"),
    [T.aksCluster]: objectType<AksClusterInfo>(
        "The AKS cluster a node pool joins (a cvmkit Azure cluster has these outputs).",
        {
            resourceGroupName: str("The resource group of the cluster."),
            clusterName: str("The managed cluster name."),
            clusterId: str(
                "The managed cluster's resource id; required when azurePolicy is on (the assignment's scope). Default none.",
            ),
            kubernetesVersion: str(
                "The control plane's Kubernetes version: a newer pool version is refused, and osSKU and the Sysbox installer range are checked against it when the pool names no version. Default none.",
            ),
            azurePolicyEnabled: bool(
                "Whether the cluster runs the Azure Policy add-on; pools follow it unless azurePolicy.enabled says otherwise. Default unknown: no exclusion unless azurePolicy.enabled.",
            ),
        },
        ["resourceGroupName", "clusterName"],
    ),
    [T.effect]: enumType<PolicyEffect>("Azure Policy effect of the baseline assignment.", {
        Audit: "Record violations.",
        Deny: "Refuse violating pods.",
        Disabled: "Do not evaluate.",
    }),
    [T.policy]: objectType<AzurePolicyExclusionArgs>(
        "How the CVM namespace is excluded from the pod-security baseline initiative when the Azure Policy add-on is on (assigned at the cluster scope; assignments at wider scopes are not changed).",
        {
            enabled: bool(
                "Assign the baseline with the CVM and installer namespaces excluded; false turns it off even when the add-on is on. Default: the cluster's add-on state (cluster.azurePolicyEnabled), else off.",
            ),
            cvmNamespace: str(
                'The CVM namespace to exclude (the CvmCluster\'s namespace). Default "cvm-workspaces".',
            ),
            installerNamespace: str(
                'The Sysbox installer\'s namespace, excluded too. Default "kube-system".',
            ),
            effect: ref(T.effect, 'Effect for all other namespaces. Default "Audit".'),
            excludedNamespaces: strings(
                "Namespaces excluded besides the CVM namespace. Default: the initiative's defaults kube-system, gatekeeper-system, azure-arc.",
            ),
        },
    ),
    [T.osSku]: enumType<UbuntuOsSku>("Ubuntu node OS SKUs of AKS that cvmkit sends.", {
        Ubuntu: "Ubuntu 22.04 on Kubernetes 1.25–1.34, 24.04 from 1.35.",
        Ubuntu2204: "Ubuntu 22.04 (Kubernetes 1.25+).",
    }),
    [T.kubelogin]: enumType<KubeloginMode>(
        "The `kubelogin get-token --login` mode of an Entra ID kubeconfig.",
        {
            azurecli:
                "The identity of `az login` (also a service principal after `az login --service-principal`).",
            spn: "A service principal from AAD_SERVICE_PRINCIPAL_CLIENT_ID / _SECRET.",
            msi: "The managed identity of the machine.",
            workloadidentity: "Workload identity federation.",
            devicecode: "Interactive: waits for a person to open a browser.",
        },
    ),
    [T.existing]: objectType<NonNullable<ClusterArgs["existing"]>>(
        "An existing AKS cluster.",
        { name: str("The managed cluster name.") },
        ["name"],
    ),
    [AZURE_STACK_T.cluster]: objectType<ClusterArgs>(
        "An AKS cluster to create (minimal: one system pool), or an existing one to use.",
        {
            resourceGroupName: str(
                "The resource group of the cluster (created beforehand). Required.",
            ),
            existing: ref(
                T.existing,
                "Use an existing AKS cluster of this name instead of creating one. Default: create a cluster.",
            ),
            kubernetesVersion: str(
                "Kubernetes version of a new cluster, e.g. 1.33; required when creating.",
            ),
            location: str("Azure region of a new cluster. Default: the resource group's location."),
            dnsPrefix: str("DNS prefix of a new cluster. Default: derived from the resource name."),
            systemVmSize: str(
                'VM size of the system pool (no CVMs run there). Default "Standard_D2s_v5".',
            ),
            systemNodeCount: int("Nodes in the system pool. Default 1."),
            azurePolicy: bool("Turn on the Azure Policy add-on of a new cluster. Default false."),
            enforceNetworkPolicy: bool(
                "Enforce NetworkPolicies in a new cluster with Azure CNI Powered by Cilium (networkProfile: azure, overlay, dataplane and policy cilium); chosen at creation only, later changes are ignored. Default true.",
            ),
            tags: stringMap("Tags of a new cluster. Default {}."),
            kubeconfig: secretString(
                "A kubeconfig to use instead of the cluster's user credentials, used as given (secret). Default: the cluster's user credentials.",
            ),
            kubeloginMode: ref(
                T.kubelogin,
                'How the kubeconfig of an Entra ID cluster logs in (kubelogin must be on the PATH). Default "azurecli".',
            ),
        },
        ["resourceGroupName"],
    ),
    [AZURE_STACK_T.nodePool]: objectType<AzureStackNodePoolArgs>(
        "The CVM agent pool of an AKS stack: the SysboxNodePool inputs without cluster and sysboxRuntime (the stack provides them).",
        STACK_POOL_INPUTS,
    ),
};

/** The `pulumi.Output` properties of `SysboxNodePool` (`agentPool` and `policyAssignment` are resources, not Outputs). */
const POOL_OUTPUTS: { readonly [K in OutputKeys<SysboxNodePool>]-?: PropertySpec } = {
    agentPoolName: str("The agent pool name."),
    nodeSelector: stringMap("Node selector that targets this pool's nodes."),
    tolerations: arrayOf(kube("core/v1:Toleration"), "Tolerations CVM pods need on this pool."),
    policyAssignmentId: str(
        "The id of the pod-security baseline assignment; unset when the exclusion is off.",
    ),
};

export const AZURE_COMPONENTS: Readonly<Record<string, ComponentSpec>> = {
    [AZURE_POOL_TYPE]: {
        resource: {
            isComponent: true,
            description:
                "An AKS agent pool ready for CVMs: Linux with an Ubuntu osSKU, a 4+ vCPU VM size without GPU, the CVM node label, sysbox-install=yes when the runtime is on, an optional NoSchedule taint; with the Azure Policy add-on on, the CVM and installer namespaces excluded from the pod-security baseline at the cluster scope.",
            inputProperties: POOL_INPUTS,
            requiredInputs: ["cluster"],
            properties: POOL_OUTPUTS,
            required: ["agentPoolName", "nodeSelector", "tolerations"],
        },
        inputPaths: POOL_INPUT_PATHS,
    },
};

/**
 * The paths inside `CvmStack`'s inputs (`cluster.…`, `nodePool.…`) where the azure shapes take a
 * `pulumi.Input` (passed on as Outputs by the provider).
 */
export const AZURE_STACK_INPUT_PATHS: readonly string[] = [
    ...CLUSTER_INPUT_KEYS.map((k) => `cluster.${k}`),
    "cluster.existing.name",
    ...POOL_INPUT_PATHS.filter(
        (p) => !STACK_OMITTED.some((k) => p === k || p.startsWith(`${k}.`)),
    ).map((p) => `nodePool.${p}`),
];
