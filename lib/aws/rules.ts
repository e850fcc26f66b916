import type * as pulumi from "@pulumi/pulumi";
import {
    assertArgs,
    assertChoice,
    assertCvmMachineSize,
    CpuArchitecture,
    assertCvmDiskSize,
    CvmkitConfigError,
    CvmNodePoolCommonArgs,
    ResolvedNodePool,
    resolveNodePool,
    withFieldPrefix,
} from "../compat";
import { assertAmiFamily, NodeImage, resolveNodeImage, UbuntuAmiFamily } from "./ami";

export * from "./ami";
export * from "./bootstrap";
export * from "./cluster-rules";

/**
 * Pure rules of `cvmkit/aws` node groups: argument checks and defaults (the node image is in `ami.ts`, the node
 * user data in `bootstrap.ts`, the cluster rules in `cluster-rules.ts`). Nothing here loads the AWS SDK.
 */

/** The connection data of an EKS cluster that nodes need to join; {@link Cluster} has these outputs. */
export interface EksClusterInfo {
    /** The EKS cluster name. */
    readonly clusterName: pulumi.Input<string>;
    /** The API server endpoint (`https://…eks.amazonaws.com`). */
    readonly endpoint: pulumi.Input<string>;
    /** The base64 cluster CA certificate. */
    readonly certificateAuthorityData: pulumi.Input<string>;
    /**
     * Subnets for node groups when the node group does not name its own.
     * @default none
     */
    readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The control plane's Kubernetes version. Node groups without their own `kubernetesVersion` take it (the AMI
     * is chosen for its minor), and a node version newer than it is refused.
     * @default none: the node group's `kubernetesVersion` is then required
     */
    readonly kubernetesVersion?: pulumi.Input<string>;
    /**
     * `ipv4` or `ipv6` (`kubernetesNetworkConfig.ipFamily`).
     * @default "ipv4"
     */
    readonly ipFamily?: pulumi.Input<string>;
    /**
     * The cluster's IPv4 service CIDR; the node bootstrap gets its `.10` address as `--dns-cluster-ip`.
     * @default none: `bootstrap.sh` guesses 10.100.0.10 or 172.20.0.10 from the VPC CIDR (EKS's defaults)
     */
    readonly serviceIpv4Cidr?: pulumi.Input<string>;
    /**
     * The cluster's IPv6 service CIDR (required for IPv6 clusters).
     * @default none
     */
    readonly serviceIpv6Cidr?: pulumi.Input<string>;
}

/**
 * EC2 capacity type of a managed node group.
 *
 * - `ON_DEMAND`: On-demand instances.
 * - `SPOT`: Spot instances.
 */
export type CapacityType = (typeof CAPACITY_TYPES)[number];
/** The {@link CapacityType}s. */
export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;

/** Arguments of {@link SysboxNodeGroup}. */
export interface SysboxNodeGroupArgs extends CvmNodePoolCommonArgs {
    /** The cluster to join: a {@link Cluster}, or its name, endpoint and CA. */
    readonly cluster: EksClusterInfo;
    /**
     * The nodes' Kubernetes version, e.g. `1.33` (`v1.33.2-eks-abc` is read as its minor): the Canonical AMI is
     * published per minor. Never newer than the control plane.
     * @default the cluster's `kubernetesVersion` (required when the cluster info has none)
     */
    readonly kubernetesVersion?: string;
    /**
     * EC2 instance types; each needs 4+ vCPU, no GPU, and all one architecture.
     * @default ["m6i.xlarge"]
     */
    readonly instanceTypes?: readonly string[];
    /**
     * Canonical Ubuntu EKS image family: `Ubuntu2004` (EKS ≤ 1.29), `Ubuntu2204` (1.29+), `Ubuntu2404` (1.31+).
     * Amazon Linux, Bottlerocket and Windows cannot run Sysbox.
     * @default "Ubuntu2204" on 1.29+, "Ubuntu2004" below
     */
    readonly amiFamily?: UbuntuAmiFamily;
    /**
     * Pin a specific Ubuntu EKS AMI instead of the SSM lookup; changing it rolls the nodes. It must be a Canonical
     * Ubuntu EKS image for the node minor (it is booted with `/etc/eks/bootstrap.sh`). Without it, the image
     * Canonical's SSM parameter names at the first `up` is kept in the stack state (a `pulumi:index:Stash`
     * named `<name>-ami`) and later Canonical releases do not roll the nodes: to move to a newer image, set
     * `amiId`, or run `pulumi up --replace <the stash's URN>`.
     * @default the image `/aws/service/canonical/ubuntu/eks/…/ami-id` named at the first `up`, kept
     */
    readonly amiId?: pulumi.Input<string>;
    /**
     * CPU architecture; must match the instance types.
     * @default read from the instance types (Graviton → arm64)
     */
    readonly architecture?: CpuArchitecture;
    /**
     * Subnets of the nodes.
     * @default `cluster.subnetIds`
     */
    readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * ARN of an existing node IAM role (with `AmazonEKSWorkerNodePolicy`, `AmazonEKS_CNI_Policy` and
     * `AmazonEC2ContainerRegistryReadOnly`).
     * @default a role with those three policies is created
     */
    readonly nodeRoleArn?: pulumi.Input<string>;
    /**
     * Root volume size in GiB (gp3, encrypted). CVM images and their Docker caches are large.
     * @default 100
     */
    readonly diskSizeGiB?: number;
    /**
     * On-demand or spot capacity.
     * @default "ON_DEMAND"
     */
    readonly capacityType?: CapacityType;
    /**
     * Further kubelet flags appended to `--kubelet-extra-args`.
     * @default none
     */
    readonly kubeletExtraArgs?: string;
    /**
     * Tags on the node group, launch template and instances.
     * @default {}
     */
    readonly tags?: Readonly<Record<string, string>>;
    /**
     * IMDSv2 hop limit of the instances (`metadataOptions.httpPutResponseHopLimit`). At 1 the instance
     * metadata service answers the node itself and `hostNetwork` pods only, so no pod on a CVM node — and
     * no code a workspace user runs inside a CVM — can fetch the node role's credentials. DaemonSets that
     * call IMDS from a pod network namespace (e.g. an AWS Load Balancer Controller or CSI driver without
     * IRSA / Pod Identity and without `hostNetwork`) then need the region and credentials some other way;
     * set 2 to let pods reach IMDS again.
     * @default 1
     */
    readonly metadataHopLimit?: number;
}

/** The checked {@link SysboxNodeGroupArgs}. */
export interface ResolvedNodeGroup extends ResolvedNodePool {
    readonly instanceTypes: readonly string[];
    readonly architecture: CpuArchitecture;
    readonly diskSizeGiB: number;
    readonly capacityType: CapacityType;
    /** IMDSv2 hop limit of the instances (1–64). */
    readonly metadataHopLimit: number;
    /**
     * The image, when the node version is known from the args; otherwise {@link resolveNodeImage} decides it
     * from the looked-up control plane version.
     */
    readonly image?: NodeImage;
}

/**
 * Checks {@link SysboxNodeGroupArgs} (everything that is not an `Input`) and fills in defaults. Throws a
 * {@link CvmkitConfigError} naming field, value and fix.
 */
export function resolveNodeGroupArgs(args: SysboxNodeGroupArgs): ResolvedNodeGroup {
    assertArgs(args, "pass { cluster, kubernetesVersion }");
    if (!args.cluster || typeof args.cluster !== "object") {
        throw new CvmkitConfigError(
            "cluster",
            args.cluster,
            "is required",
            "pass a cvmkit/aws Cluster, or { clusterName, endpoint, certificateAuthorityData }",
        );
    }
    if (args.subnetIds === undefined && args.cluster.subnetIds === undefined) {
        throw new CvmkitConfigError(
            "subnetIds",
            undefined,
            "is required when the cluster does not provide subnetIds",
            "pass subnetIds, or a cvmkit/aws Cluster (which provides its subnets)",
        );
    }
    if (
        (args.kubernetesVersion === undefined || args.kubernetesVersion === "") &&
        args.cluster.kubernetesVersion === undefined
    ) {
        throw new CvmkitConfigError(
            "kubernetesVersion",
            args.kubernetesVersion,
            "is required when the cluster info carries no kubernetesVersion: the node image is chosen per Kubernetes minor",
            'pass the cluster\'s Kubernetes version, e.g. "1.33", or a cvmkit/aws Cluster (which provides it)',
        );
    }
    const pool = resolveNodePool(args);

    const instanceTypes = args.instanceTypes ?? ["m6i.xlarge"];
    if (!Array.isArray(instanceTypes) || instanceTypes.length === 0) {
        throw new CvmkitConfigError(
            "instanceTypes",
            instanceTypes,
            "must be a non-empty list",
            'pass e.g. ["m6i.xlarge"]',
        );
    }
    const arches = new Set<CpuArchitecture>();
    instanceTypes.forEach((type, i) => {
        const info = withFieldPrefix("", () =>
            assertCvmMachineSize("aws", type, `instanceTypes[${i}]`, args.vcpus),
        );
        arches.add(info.architecture ?? "amd64");
    });
    if (arches.size > 1) {
        throw new CvmkitConfigError(
            "instanceTypes",
            instanceTypes,
            "mixes amd64 and arm64 (Graviton) types; one launch template has one AMI architecture",
            "use one architecture per node group, or create two node groups",
        );
    }
    const derived = [...arches][0]!;
    const architecture =
        args.architecture === undefined
            ? derived
            : assertChoice(
                  "architecture",
                  args.architecture,
                  ["amd64", "arm64"],
                  {},
                  'use "amd64" or "arm64"',
              );
    if (architecture !== derived) {
        throw new CvmkitConfigError(
            "architecture",
            args.architecture,
            `does not match the instance types, which are ${derived}`,
            `drop architecture, or choose ${architecture} instance types`,
        );
    }

    const diskSizeGiB = assertCvmDiskSize(
        "diskSizeGiB",
        args.diskSizeGiB ?? 100,
        "root volume",
        "GiB",
        100,
    );
    const capacityType = assertChoice(
        "capacityType",
        args.capacityType ?? "ON_DEMAND",
        CAPACITY_TYPES,
        {},
        'use "ON_DEMAND" or "SPOT"',
    );
    if (args.kubeletExtraArgs !== undefined && typeof args.kubeletExtraArgs !== "string") {
        throw new CvmkitConfigError(
            "kubeletExtraArgs",
            args.kubeletExtraArgs,
            "must be a string of kubelet flags",
            'pass e.g. "--max-pods=58"',
        );
    }
    if (args.kubeletExtraArgs?.includes("'")) {
        throw new CvmkitConfigError(
            "kubeletExtraArgs",
            args.kubeletExtraArgs,
            "must not contain single quotes (it is placed inside '…' in the user data)",
            "remove the quotes",
        );
    }
    if (args.amiFamily !== undefined) assertAmiFamily(args.amiFamily);
    const resolved = {
        ...pool,
        instanceTypes: [...instanceTypes],
        architecture,
        diskSizeGiB,
        capacityType,
        metadataHopLimit: assertHopLimit(args.metadataHopLimit),
    };
    return pool.version
        ? {
              ...resolved,
              image: resolveNodeImage(args, resolved, pool.version, "kubernetesVersion"),
          }
        : resolved;
}

/** EC2 accepts hop limits 1–64; cvmkit defaults to 1 (pods cannot reach IMDS). */
function assertHopLimit(value: unknown): number {
    if (value === undefined) return 1;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 64) {
        throw new CvmkitConfigError(
            "metadataHopLimit",
            value,
            "must be an integer from 1 to 64 (EC2 httpPutResponseHopLimit)",
            "leave it out for 1 (pods cannot reach the node's credentials), or set 2 if pods must reach IMDS",
        );
    }
    return value;
}
