import type {
    ClusterArgs,
    GkeClusterInfo,
    GuestAcceleratorArgs,
    ReleaseChannel,
    SysboxNodePoolArgs,
} from "../gcp/rules";
import type { SysboxNodePool } from "../gcp/node-pool";
import type { GcpStackNodePoolArgs } from "../stack/args";
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
    str,
    stringMap,
    strings,
} from "./spec";

/**
 * The schema of `cvmkit/gcp`: the `cvmkit:gcp:SysboxNodePool` component (lib/gcp/node-pool.ts) and the gcp shapes of
 * `CvmStack` (its `cluster` and `nodePool` when `cloud: "gcp"`).
 *
 * `imageType` is a string, not an enum: the TypeScript type is `UBUNTU_CONTAINERD` in upper or lower case, and an
 * enum of those two values would give the Python SDK two members of the same name. The component checks the value (case
 * insensitively) with its field/value/fix message.
 */

/** Type tokens `CvmStack` refers to when `cloud` is "gcp". */
export const GCP_STACK_T = {
    cluster: "cvmkit:index:GcpStackCluster",
    nodePool: "cvmkit:index:GcpStackNodePool",
} as const;

/** The type token of the gcp pool component (equal to the class's, checked by a test). */
export const GCP_POOL_TYPE = "cvmkit:gcp:SysboxNodePool";

/** Type tokens of the gcp types. */
const T = {
    clusterInfo: "cvmkit:gcp:GkeClusterInfo",
    accelerator: "cvmkit:gcp:GuestAccelerator",
    existing: "cvmkit:gcp:ExistingCluster",
    releaseChannel: "cvmkit:gcp:ReleaseChannel",
} as const;

/** The inputs of `SysboxNodePool`: every key of {@link SysboxNodePoolArgs}. */
const POOL_INPUTS: { readonly [K in keyof SysboxNodePoolArgs]-?: PropertySpec } = {
    ...poolCommonInputs("gcp"),
    cluster: ref(
        T.clusterInfo,
        "The cluster to add the pool to: the outputs of a cvmkit:gcp Cluster, or its name, location and project. Required.",
    ),
    machineType: str('Machine type with 4+ vCPU and no GPU. Default "e2-standard-4".'),
    imageType: str(
        'Node image: only UBUNTU_CONTAINERD runs Sysbox (matched case-insensitively). Default "UBUNTU_CONTAINERD".',
    ),
    diskSizeGb: int("Boot disk size in GB, 30 or more. Default 100."),
    diskType: str('Boot disk type. Default "pd-balanced".'),
    guestAccelerators: arrayOf(
        ref(T.accelerator, ""),
        "Accelerators per node. GPUs are refused: NVIDIA GPUs work in CVMs on bare metal only, AMD GPUs not at all. Default none.",
    ),
    spot: bool("Use Spot VMs. Default false."),
    serviceAccount: str(
        "Service account of the nodes. Default: the Compute Engine default service account.",
    ),
    oauthScopes: strings(
        'OAuth scopes of the nodes. Default ["https://www.googleapis.com/auth/cloud-platform"].',
    ),
    nodeLocations: strings("Zones of the nodes. Default: the cluster's zones."),
    autoUpgrade: bool(
        "Let GKE upgrade the nodes (the pool version is then set only at creation). false is refused on a release channel. Default true.",
    ),
    // On GKE the counts are totals of the whole pool, all zones together.
    minSize: int("Minimum number of nodes of the whole pool, all zones together. Default 1."),
    maxSize: int(
        "Maximum number of nodes of the whole pool, all zones together. Default 3, or minSize when that is larger.",
    ),
    desiredSize: int(
        "Nodes of the whole pool at creation, spread over its zones. Default minSize, at least 1.",
    ),
};

/** The keys of {@link SysboxNodePoolArgs} a stack provides itself (omitted from `GcpStackNodePoolArgs`). */
const STACK_POOL_OMITTED = ["cluster", "sysboxRuntime"] as const;

/** `map` without `keys` (typed, so `objectType` checks the result against the omitted TypeScript type). */
function omit<M extends object, K extends keyof M & string>(
    map: M,
    keys: readonly K[],
): Omit<M, K> {
    return Object.fromEntries(
        Object.entries(map).filter(([k]) => !(keys as readonly string[]).includes(k)),
    ) as Omit<M, K>;
}

/** The stack's gcp `nodePool`: the pool's inputs without those the stack provides. */
const STACK_POOL_INPUTS = omit(POOL_INPUTS, STACK_POOL_OMITTED);

export const GCP_TYPES: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>> = {
    ...poolTypes("gcp"),
    [T.clusterInfo]: objectType<GkeClusterInfo>(
        "The GKE cluster a node pool joins (a cvmkit:gcp Cluster has these outputs).",
        {
            clusterName: str("The cluster name (or its full id)."),
            location: str(
                "The cluster's location (region or zone). Default: the provider's location.",
            ),
            project: str("The cluster's project. Default: the provider's project."),
            kubernetesVersion: str(
                "The control plane's Kubernetes version: a newer pool version is refused, and with the Sysbox runtime on (and no pool version) the installer's range is checked against it. Default none.",
            ),
            releaseChannel: str(
                'The cluster\'s release channel ("UNSPECIFIED" when on none): autoUpgrade false is refused on a channel. Default unknown: autoUpgrade false is then refused.',
            ),
            workloadIdentity: bool(
                "The cluster has Workload Identity on: the nodes then run the GKE metadata server. Default false (the workloadIdentity output of a cvmkit:gcp Cluster says it).",
            ),
        },
        ["clusterName"],
    ),
    [T.accelerator]: objectType<GuestAcceleratorArgs>(
        "An accelerator attached to GKE nodes.",
        {
            type: str("Accelerator type, e.g. nvidia-l4."),
            count: int("Number of accelerators per node."),
        },
        ["type", "count"],
    ),
    [T.releaseChannel]: enumType<ReleaseChannel>("GKE release channels.", {
        RAPID: "The newest versions first.",
        REGULAR: "Versions after RAPID has had them a while.",
        STABLE: "Versions after REGULAR has had them a while.",
        EXTENDED: "REGULAR versions with a longer support period.",
        UNSPECIFIED: "No release channel.",
    }),
    [T.existing]: objectType<NonNullable<ClusterArgs["existing"]>>(
        "An existing GKE Standard cluster, looked up by name and location.",
        {
            name: str("Cluster name."),
            location: str("Region or zone."),
            project: str("Project. Default: the provider's project."),
        },
        ["name", "location"],
    ),
    [GCP_STACK_T.cluster]: objectType<ClusterArgs>(
        "Create a minimal GKE Standard cluster, or `{ existing: { name, location } }` to use one.",
        {
            existing: ref(
                T.existing,
                "Use an existing GKE Standard cluster instead of creating one (Autopilot is refused). Default: create a cluster.",
            ),
            kubernetesVersion: str(
                "Kubernetes version of a new cluster (minMasterVersion), e.g. 1.33; required when creating.",
            ),
            location: str(
                "Region or zone of a new cluster, e.g. europe-west1-b; required when creating.",
            ),
            project: str("Project of a new cluster. Default: the provider's project."),
            network: str('VPC network. Default "default".'),
            subnetwork: str("Subnetwork. Default: the network's subnetwork in the region."),
            releaseChannel: ref(T.releaseChannel, 'Release channel. Default "REGULAR".'),
            deletionProtection: bool("Refuse `pulumi destroy` of the cluster. Default false."),
            enforceNetworkPolicy: bool(
                "Enforce NetworkPolicies in a new cluster with GKE Dataplane V2 (datapathProvider ADVANCED_DATAPATH); chosen at creation only, later changes are ignored. Default true.",
            ),
            enableAutopilot: bool(
                "Autopilot. Refused when true: Autopilot nodes always run COS and reject privileged pods. Default false.",
            ),
        },
    ),
    [GCP_STACK_T.nodePool]: objectType<GcpStackNodePoolArgs>(
        "The CVM node pool of a GKE stack (the stack provides the cluster and the Sysbox runtime).",
        STACK_POOL_INPUTS,
    ),
};

/** The outputs of `SysboxNodePool`. */
const POOL_OUTPUTS: { readonly [K in OutputKeys<SysboxNodePool>]-?: PropertySpec } = {
    nodePoolName: str("The node pool name."),
    nodeSelector: stringMap("Node selector that targets this pool's nodes."),
    tolerations: arrayOf(kube("core/v1:Toleration"), "Tolerations CVM pods need on this pool."),
};

/** The paths of {@link SysboxNodePoolArgs} that take a `pulumi.Input`. */
const POOL_INPUT_PATHS = [
    "cluster.clusterName",
    "cluster.location",
    "cluster.project",
    "cluster.kubernetesVersion",
    "cluster.releaseChannel",
    "cluster.workloadIdentity",
    "serviceAccount",
    "nodeLocations",
] as const;

export const GCP_COMPONENTS: Readonly<Record<string, ComponentSpec>> = {
    [GCP_POOL_TYPE]: {
        resource: {
            isComponent: true,
            description:
                "A GKE Standard node pool ready for CVMs: UBUNTU_CONTAINERD image, Secure Boot off, 4+ vCPU machine type without GPU, the CVM node label, sysbox-install=yes when the Sysbox runtime is on, an optional NO_SCHEDULE taint, autoscaling on total node counts.",
            inputProperties: POOL_INPUTS,
            requiredInputs: ["cluster"],
            properties: POOL_OUTPUTS,
            required: ["nodePoolName", "nodeSelector", "tolerations"],
        },
        inputPaths: POOL_INPUT_PATHS,
    },
};

/**
 * The paths inside `CvmStack`'s inputs (`cluster.…`, `nodePool.…`) where the gcp shapes take a
 * `pulumi.Input` (passed on as Outputs by the provider).
 */
export const GCP_STACK_INPUT_PATHS: readonly string[] = [
    "cluster.existing.name",
    "cluster.existing.location",
    "cluster.existing.project",
    "cluster.project",
    "cluster.network",
    "cluster.subnetwork",
    ...POOL_INPUT_PATHS.filter(
        (p) => !(STACK_POOL_OMITTED as readonly string[]).includes(p.split(".")[0]!),
    ).map((p) => `nodePool.${p}`),
];
