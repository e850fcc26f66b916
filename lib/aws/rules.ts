import type * as pulumi from "@pulumi/pulumi";
import {
    assertNoCreateOnlyKeys,
    requireCreateVersion,
    atLeast,
    checkChoice,
    checkCvmMachineSize,
    CpuArchitecture,
    CvmkitConfigError,
    CvmNodePoolCommonArgs,
    CvmTaint,
    formatMinor,
    KubernetesVersion,
    ResolvedNodePool,
    resolveNodePool,
    withFieldPrefix,
} from "../compat";

/**
 * Pure rules of `cvmkit/aws`: argument checks, the Canonical AMI parameter path and the node user data.
 * Nothing here loads the AWS SDK.
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
}

/** Canonical Ubuntu EKS image families (eksctl `amiFamily` names). */
export type UbuntuAmiFamily = "Ubuntu2004" | "Ubuntu2204" | "Ubuntu2404";

/** EC2 capacity type of a managed node group. */
export type CapacityType = "ON_DEMAND" | "SPOT";

/** Arguments of {@link SysboxNodeGroup}. */
export interface SysboxNodeGroupArgs extends CvmNodePoolCommonArgs {
    /** The cluster to join: a {@link Cluster}, or its name, endpoint and CA. */
    readonly cluster: EksClusterInfo;
    /**
     * The cluster's Kubernetes version, e.g. `1.33`: the Canonical AMI is published per minor, so it is required.
     */
    readonly kubernetesVersion: string;
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
     * A specific Ubuntu EKS AMI instead of the SSM lookup. It must be a Canonical Ubuntu EKS image (it is booted
     * with `/etc/eks/bootstrap.sh`).
     * @default the latest image from `/aws/service/canonical/ubuntu/eks/…/ami-id`
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
    readonly version: KubernetesVersion;
    readonly instanceTypes: readonly string[];
    readonly architecture: CpuArchitecture;
    readonly amiFamily: UbuntuAmiFamily;
    /** `22.04` etc. */
    readonly ubuntuRelease: string;
    readonly diskSizeGiB: number;
    readonly capacityType: CapacityType;
    /** The SSM parameter of the AMI (also when `amiId` overrides it). */
    readonly amiParameter: string;
    readonly metadataHopLimit: number;
}

/** The Ubuntu release and the EKS minors Canonical publishes it for. */
export const UBUNTU_AMI_FAMILIES: Readonly<
    Record<UbuntuAmiFamily, { release: string; minMinor?: number; maxMinor?: number }>
> = {
    Ubuntu2004: { release: "20.04", maxMinor: 29 },
    Ubuntu2204: { release: "22.04", minMinor: 29 },
    Ubuntu2404: { release: "24.04", minMinor: 31 },
};

const REFUSED_AMI_FAMILIES: Readonly<Record<string, string>> = {
    AmazonLinux2023:
        "Amazon Linux 2023 cannot run the Sysbox installer (nestybox/sysbox#536; distro not supported)",
    AL2023: "Amazon Linux 2023 cannot run the Sysbox installer (nestybox/sysbox#536; distro not supported)",
    AmazonLinux2: "Amazon Linux 2 cannot run the Sysbox installer (nestybox/sysbox#536)",
    AL2: "Amazon Linux 2 cannot run the Sysbox installer (nestybox/sysbox#536)",
    Bottlerocket:
        "Bottlerocket's read-only root file system blocks the Sysbox installer (nestybox/sysbox#588)",
    BOTTLEROCKET:
        "Bottlerocket's read-only root file system blocks the Sysbox installer (nestybox/sysbox#588)",
    Windows: "Sysbox is Linux-only",
    WINDOWS: "Sysbox is Linux-only",
    UbuntuPro: "Ubuntu Pro EKS images are not wired into cvmkit yet",
};

/**
 * The public SSM parameter Canonical publishes the current Ubuntu EKS AMI under:
 * `/aws/service/canonical/ubuntu/eks/<release>/<minor>/stable/current/<arch>/hvm/<volume>/ami-id`; 24.04 images
 * are published for `ebs-gp3`, older releases for `ebs-gp2`.
 *
 * @see https://documentation.ubuntu.com/aws/en/latest/aws-how-to/instances/find-ubuntu-images/
 */
export function canonicalAmiParameter(
    ubuntuRelease: string,
    kubernetesMinor: string,
    architecture: CpuArchitecture,
): string {
    const volume = ubuntuRelease === "24.04" ? "ebs-gp3" : "ebs-gp2";
    return `/aws/service/canonical/ubuntu/eks/${ubuntuRelease}/${kubernetesMinor}/stable/current/${architecture}/hvm/${volume}/ami-id`;
}

/**
 * Checks {@link SysboxNodeGroupArgs} (everything that is not an `Input`) and fills in defaults. Throws a
 * {@link CvmkitConfigError} naming field, value and fix.
 */
export function resolveNodeGroupArgs(args: SysboxNodeGroupArgs): ResolvedNodeGroup {
    if (!args || typeof args !== "object") {
        throw new CvmkitConfigError("args", args, "missing", "pass { cluster, kubernetesVersion }");
    }
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
    const pool = resolveNodePool(args, { versionRequired: true });
    const version = pool.version!;

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
            checkCvmMachineSize("aws", type, `instanceTypes[${i}]`, args.vcpus),
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
            : checkChoice(
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

    const defaultFamily: UbuntuAmiFamily = atLeast(version, 1, 29) ? "Ubuntu2204" : "Ubuntu2004";
    const amiFamily = checkChoice<UbuntuAmiFamily>(
        "amiFamily",
        args.amiFamily ?? defaultFamily,
        ["Ubuntu2004", "Ubuntu2204", "Ubuntu2404"],
        REFUSED_AMI_FAMILIES,
        'use a Canonical Ubuntu EKS image family: "Ubuntu2204" (EKS 1.29+) or "Ubuntu2404" (EKS 1.31+)',
    );
    const family = UBUNTU_AMI_FAMILIES[amiFamily];
    if (
        (family.minMinor !== undefined && version.minor < family.minMinor) ||
        (family.maxMinor !== undefined && version.minor > family.maxMinor)
    ) {
        const range =
            family.minMinor !== undefined ? `1.${family.minMinor}+` : `up to 1.${family.maxMinor}`;
        throw new CvmkitConfigError(
            "amiFamily",
            amiFamily,
            `Canonical publishes ${amiFamily} EKS images for Kubernetes ${range}, not ${formatMinor(version)}`,
            version.minor >= 29
                ? 'use "Ubuntu2204" (or "Ubuntu2404" on 1.31+)'
                : 'use "Ubuntu2004" or move the cluster to 1.29+',
        );
    }

    const diskSizeGiB = args.diskSizeGiB ?? 100;
    if (typeof diskSizeGiB !== "number" || !Number.isInteger(diskSizeGiB) || diskSizeGiB < 30) {
        throw new CvmkitConfigError(
            "diskSizeGiB",
            diskSizeGiB,
            "CVM nodes need a root volume of at least 30 GiB (workspace images are large)",
            "use 100 or more",
        );
    }
    const capacityType = checkChoice<CapacityType>(
        "capacityType",
        args.capacityType ?? "ON_DEMAND",
        ["ON_DEMAND", "SPOT"],
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
    return {
        ...pool,
        version,
        instanceTypes: [...instanceTypes],
        architecture,
        amiFamily,
        ubuntuRelease: family.release,
        diskSizeGiB,
        capacityType,
        amiParameter: canonicalAmiParameter(family.release, formatMinor(version), architecture),
        metadataHopLimit: checkHopLimit(args.metadataHopLimit),
    };
}

/** EC2 accepts hop limits 1–64; cvmkit defaults to 1 (pods cannot reach IMDS). */
function checkHopLimit(value: unknown): number {
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

/** What the node bootstrap needs. */
export interface BootstrapInput {
    readonly clusterName: string;
    readonly endpoint: string;
    readonly certificateAuthorityData: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly taint?: CvmTaint;
    readonly kubeletExtraArgs?: string;
}

/** The MIME boundary of the user data. */
export const USER_DATA_BOUNDARY = "==CVMKIT==";

/**
 * The launch-template user data of a Canonical Ubuntu EKS node: a MIME multi-part document whose shell part
 * runs `/etc/eks/bootstrap.sh <cluster> --apiserver-endpoint … --b64-cluster-ca … --kubelet-extra-args
 * '--node-labels=… --register-with-taints=…'`. With a custom AMI, EKS adds no bootstrap of its own, so the
 * labels and taint must be registered by the kubelet here. Not base64-encoded.
 */
export function bootstrapUserData(input: BootstrapInput): string {
    const labels = Object.entries(input.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
    const kubelet = [
        `--node-labels=${labels}`,
        ...(input.taint
            ? [
                  `--register-with-taints=${input.taint.key}=${input.taint.value}:${input.taint.effect}`,
              ]
            : []),
        ...(input.kubeletExtraArgs ? [input.kubeletExtraArgs] : []),
    ].join(" ");
    const script = [
        "#!/bin/bash",
        "set -o xtrace",
        `/etc/eks/bootstrap.sh ${input.clusterName} \\`,
        `  --apiserver-endpoint ${input.endpoint} \\`,
        `  --b64-cluster-ca ${input.certificateAuthorityData} \\`,
        `  --kubelet-extra-args '${kubelet}'`,
    ].join("\n");
    return [
        "MIME-Version: 1.0",
        `Content-Type: multipart/mixed; boundary="${USER_DATA_BOUNDARY}"`,
        "",
        `--${USER_DATA_BOUNDARY}`,
        'Content-Type: text/x-shellscript; charset="us-ascii"',
        "",
        script,
        "",
        `--${USER_DATA_BOUNDARY}--`,
        "",
    ].join("\n");
}

/** Arguments to create or find an EKS cluster with {@link Cluster}. */
export interface ClusterArgs {
    /**
     * Use an existing cluster instead of creating one: looked up by name (`aws.eks.getCluster`). All creation
     * settings must then be left out.
     * @default create a cluster
     */
    readonly existing?: {
        /** The EKS cluster name. */
        readonly name: pulumi.Input<string>;
    };
    /**
     * Kubernetes version of a new cluster, e.g. `1.33` (required when creating).
     */
    readonly kubernetesVersion?: string;
    /**
     * Subnets of the control plane (at least two availability zones); node groups use them by default.
     * Required when creating.
     */
    readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * ARN of an existing cluster IAM role (with `AmazonEKSClusterPolicy`).
     * @default a role is created
     */
    readonly roleArn?: pulumi.Input<string>;
    /**
     * Expose the API server publicly.
     * @default true
     */
    readonly endpointPublicAccess?: boolean;
    /**
     * CIDRs allowed to reach the public endpoint.
     * @default ["0.0.0.0/0"]
     */
    readonly publicAccessCidrs?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * IAM principals (users or roles) that get an access entry with `AmazonEKSClusterAdminPolicy`. The identity
     * running Pulumi is admin anyway (`bootstrapClusterCreatorAdminPermissions`).
     * @default []
     */
    readonly adminPrincipalArns?: readonly pulumi.Input<string>[];
    /**
     * AWS region written into the kubeconfig's `aws eks get-token` call.
     * @default the AWS CLI's default region
     */
    readonly region?: string;
    /**
     * AWS CLI profile for the kubeconfig (`AWS_PROFILE`).
     * @default the AWS CLI's default credentials
     */
    readonly profile?: string;
    /**
     * Tags on created resources.
     * @default {}
     */
    readonly tags?: Readonly<Record<string, string>>;
}

const CREATE_ONLY_KEYS: readonly (keyof ClusterArgs)[] = [
    "kubernetesVersion",
    "subnetIds",
    "roleArn",
    "endpointPublicAccess",
    "publicAccessCidrs",
    "adminPrincipalArns",
];

/** Checks {@link ClusterArgs}; returns the parsed version when creating. */
export function resolveClusterArgs(args: ClusterArgs): { version?: KubernetesVersion } {
    if (!args || typeof args !== "object") {
        throw new CvmkitConfigError(
            "args",
            args,
            "missing",
            "pass { kubernetesVersion, subnetIds } or { existing: { name } }",
        );
    }
    if (args.existing !== undefined) {
        if (!args.existing || typeof args.existing !== "object" || !args.existing.name) {
            throw new CvmkitConfigError(
                "existing.name",
                args.existing?.name,
                "is required",
                "pass the EKS cluster name",
            );
        }
        assertNoCreateOnlyKeys(args, CREATE_ONLY_KEYS);
        return {};
    }
    const version = requireCreateVersion(args.kubernetesVersion, "existing: { name }");
    if (args.subnetIds === undefined) {
        throw new CvmkitConfigError(
            "subnetIds",
            undefined,
            "is required when creating a cluster",
            "pass subnets in at least two availability zones (e.g. the default VPC's subnets)",
        );
    }
    return { version };
}
