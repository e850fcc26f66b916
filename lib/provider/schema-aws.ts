import type { CapacityType, ClusterArgs, EksClusterInfo, UbuntuAmiFamily } from "../aws/rules";
import type { SysboxNodeGroup } from "../aws/node-group";
import type { SysboxNodeGroupArgs } from "../aws/rules";
import type { AwsStackNodePoolArgs } from "../stack/args";
import type { OutputKeys } from "./schema-cluster";
import { poolCommonInputs, poolTokens, poolTypes } from "./schema-pools";
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
 * The schema of `cvmkit/aws`: the `cvmkit:aws:SysboxNodeGroup` component (lib/aws/node-group.ts) and the aws shapes of
 * `CvmStack` (its `cluster` and `nodePool` when `cloud: "aws"`).
 */

/** Type tokens `CvmStack` refers to when `cloud` is "aws". */
export const AWS_STACK_T = {
    cluster: "cvmkit:index:AwsStackCluster",
    nodePool: "cvmkit:index:AwsStackNodePool",
} as const;

/** The type token of the aws pool component (equal to the class's, checked by a test). */
export const AWS_POOL_TYPE = "cvmkit:aws:SysboxNodeGroup";

/** Type tokens of the aws types. */
const T = {
    clusterInfo: "cvmkit:aws:EksClusterInfo",
    amiFamily: "cvmkit:aws:UbuntuAmiFamily",
    capacityType: "cvmkit:aws:CapacityType",
    existing: "cvmkit:aws:ExistingCluster",
    ipFamily: "cvmkit:aws:IpFamily",
} as const;

/** The `SysboxNodeGroupArgs` a `CvmStack` provides itself (`AwsStackNodePoolArgs` leaves them out). */
type StackProvidedKey = "cluster" | "sysboxRuntime";

/** The shared pool inputs; the Sysbox runtime is the node group's only (a stack takes it from `cvm`). */
const { sysboxRuntime: SYSBOX_RUNTIME_INPUT, ...POOL_SETTINGS } = poolCommonInputs("aws");

/** The node group inputs a stack's `nodePool` has too (all but the cluster and the Sysbox runtime). */
const NODE_GROUP_SETTINGS: {
    readonly [K in Exclude<keyof SysboxNodeGroupArgs, StackProvidedKey>]-?: PropertySpec;
} = {
    ...POOL_SETTINGS,
    kubernetesVersion: str(
        "The nodes' Kubernetes version, e.g. 1.33 (the Canonical AMI is published per minor); never newer than the control plane. Default: the cluster's kubernetesVersion (required when the cluster info has none).",
    ),
    instanceTypes: strings(
        'EC2 instance types: each 4+ vCPU, no GPU, all one architecture. Default ["m6i.xlarge"].',
    ),
    amiFamily: ref(
        T.amiFamily,
        'Canonical Ubuntu EKS image family. Default "Ubuntu2204" on 1.29+, "Ubuntu2004" below.',
    ),
    amiId: str(
        "Pin an Ubuntu EKS AMI for the node minor instead of the SSM lookup (changing it rolls the nodes). Default: the image Canonical's SSM parameter names at the first up, kept.",
    ),
    architecture: ref(
        poolTokens("aws").architecture,
        "CPU architecture; must match the instance types. Default: read from the instance types (Graviton → arm64).",
    ),
    subnetIds: strings("Subnets of the nodes. Default: cluster.subnetIds."),
    nodeRoleArn: str(
        "ARN of an existing node IAM role (AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, AmazonEC2ContainerRegistryReadOnly). Default: a role with those policies is created.",
    ),
    diskSizeGiB: int("Root volume size in GiB (gp3, encrypted). Default 100."),
    capacityType: ref(T.capacityType, 'On-demand or spot capacity. Default "ON_DEMAND".'),
    kubeletExtraArgs: str("Further kubelet flags appended to --kubelet-extra-args. Default none."),
    tags: stringMap("Tags on the node group, launch template and instances. Default {}."),
    metadataHopLimit: int(
        "IMDSv2 hop limit of the instances (1–64): at 1 no pod outside hostNetwork can fetch the node role's credentials; 2 lets pods reach IMDS. Default 1.",
    ),
};

/** The inputs of `SysboxNodeGroup`: every key of `SysboxNodeGroupArgs`. */
const NODE_GROUP_INPUTS: { readonly [K in keyof SysboxNodeGroupArgs]-?: PropertySpec } = {
    ...NODE_GROUP_SETTINGS,
    cluster: ref(
        T.clusterInfo,
        "The EKS cluster to join: its name, endpoint and CA (the outputs of a cvmkit:aws Cluster or an aws.eks.Cluster).",
    ),
    sysboxRuntime: SYSBOX_RUNTIME_INPUT,
};

/** The `nodePool` of an aws `CvmStack`: the node group's settings (the stack provides cluster and runtime). */
const STACK_NODE_POOL_INPUTS: { readonly [K in keyof AwsStackNodePoolArgs]-?: PropertySpec } = {
    ...NODE_GROUP_SETTINGS,
    kubernetesVersion: str(
        "Node Kubernetes version; never newer than the control plane. Default: the cluster's kubernetesVersion (for an existing cluster: the looked-up control plane version).",
    ),
};

export const AWS_TYPES: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>> = {
    ...poolTypes("aws"),
    [T.clusterInfo]: objectType<EksClusterInfo>(
        "The connection data of an EKS cluster that nodes need to join.",
        {
            clusterName: str("The EKS cluster name."),
            endpoint: str("The API server endpoint (https://…eks.amazonaws.com)."),
            certificateAuthorityData: str("The base64 cluster CA certificate."),
            subnetIds: strings("Subnets for node groups that do not name their own. Default none."),
            kubernetesVersion: str(
                "The control plane's Kubernetes version: node groups without their own take it, and a newer node version is refused. Default none (the node group's kubernetesVersion is then required).",
            ),
            ipFamily: str('ipv4 or ipv6 (kubernetesNetworkConfig.ipFamily). Default "ipv4".'),
            serviceIpv4Cidr: str(
                "The IPv4 service CIDR; its .10 address is the nodes' --dns-cluster-ip. Default none (bootstrap.sh guesses 10.100.0.10 or 172.20.0.10 from the VPC CIDR).",
            ),
            serviceIpv6Cidr: str(
                "The IPv6 service CIDR (required for IPv6 clusters). Default none.",
            ),
        },
        ["clusterName", "endpoint", "certificateAuthorityData"],
    ),
    [T.amiFamily]: enumType<UbuntuAmiFamily>("Canonical Ubuntu EKS image family.", {
        Ubuntu2004: "Ubuntu 20.04 (EKS 1.29 and older).",
        Ubuntu2204: "Ubuntu 22.04 (EKS 1.29+).",
        Ubuntu2404: "Ubuntu 24.04 (EKS 1.31+).",
    }),
    [T.capacityType]: enumType<CapacityType>("EC2 capacity type of a managed node group.", {
        ON_DEMAND: "On-demand instances.",
        SPOT: "Spot instances.",
    }),
    [T.existing]: objectType<NonNullable<ClusterArgs["existing"]>>(
        "An existing EKS cluster, looked up by name.",
        { name: str("The EKS cluster name.") },
        ["name"],
    ),
    [T.ipFamily]: enumType<NonNullable<ClusterArgs["ipFamily"]>>(
        "IP family of a new cluster's pods and services.",
        { ipv4: "IPv4.", ipv6: "IPv6 (needs IPv6 subnets)." },
    ),
    [AWS_STACK_T.cluster]: objectType<ClusterArgs>(
        "A minimal EKS cluster to create, or `existing` to use one.",
        {
            existing: ref(
                T.existing,
                "Use an existing cluster (all creation settings left out). Default: create a cluster.",
            ),
            kubernetesVersion: str(
                "Kubernetes version of a new cluster, e.g. 1.33 (required when creating).",
            ),
            subnetIds: strings(
                "Subnets of the control plane, in at least two availability zones; node groups use them by default. Required when creating.",
            ),
            roleArn: str(
                "ARN of an existing cluster IAM role (AmazonEKSClusterPolicy). Default: a role is created.",
            ),
            endpointPublicAccess: bool("Expose the API server publicly. Default true."),
            publicAccessCidrs: strings(
                'CIDRs allowed to reach the public endpoint. Default ["0.0.0.0/0"].',
            ),
            adminPrincipalArns: strings(
                "IAM principals that get an access entry with AmazonEKSClusterAdminPolicy (the identity running Pulumi is admin anyway). Default [].",
            ),
            ipFamily: ref(
                T.ipFamily,
                'IP family of a new cluster\'s pods and services. Default "ipv4".',
            ),
            serviceIpv4Cidr: str(
                "Service CIDR of a new IPv4 cluster (/12–/24, private). Default: chosen by EKS (10.100.0.0/16 or 172.20.0.0/16).",
            ),
            enforceNetworkPolicy: bool(
                'Enforce NetworkPolicies in a new cluster: the vpc-cni EKS add-on with enableNetworkPolicy "true" (Kubernetes 1.25+). Default true.',
            ),
            region: str(
                "AWS region of the kubeconfig's aws eks get-token. Default: the cluster's region (from its ARN).",
            ),
            profile: str(
                "AWS CLI profile of the kubeconfig (AWS_PROFILE). Default: the stack's aws:profile config, else the AWS CLI's default credentials.",
            ),
            authRoleArn: str(
                "IAM role the kubeconfig's aws eks get-token --role-arn assumes. Default none: the caller's credentials.",
            ),
            tags: stringMap("Tags on created resources. Default {}."),
        },
    ),
    [AWS_STACK_T.nodePool]: objectType<AwsStackNodePoolArgs>(
        "The CVM node group of an aws CvmStack (the stack provides the cluster and the Sysbox runtime).",
        STACK_NODE_POOL_INPUTS,
    ),
};

/** The outputs of `SysboxNodeGroup`. */
const NODE_GROUP_OUTPUTS: { readonly [K in OutputKeys<SysboxNodeGroup>]-?: PropertySpec } = {
    nodeGroupName: str("The EKS node group name."),
    nodeRoleArn: str("The ARN of the node IAM role (created or given)."),
    amiId: str("The AMI the nodes boot (pinned)."),
    amiParameter: str(
        "Canonical's SSM parameter for the node minor, image family and architecture.",
    ),
    launchTemplateId: str("The launch template id."),
    nodeSelector: stringMap("Node selector that targets this pool's nodes."),
    tolerations: arrayOf(kube("core/v1:Toleration"), "Tolerations CVM pods need on this pool."),
};

/** Where `SysboxNodeGroupArgs` takes a `pulumi.Input` (the cluster info is all Inputs). */
const NODE_GROUP_INPUT_PATHS: readonly string[] = [
    "cluster.clusterName",
    "cluster.endpoint",
    "cluster.certificateAuthorityData",
    "cluster.subnetIds",
    "cluster.kubernetesVersion",
    "cluster.ipFamily",
    "cluster.serviceIpv4Cidr",
    "cluster.serviceIpv6Cidr",
    "amiId",
    "subnetIds",
    "nodeRoleArn",
];

export const AWS_COMPONENTS: Readonly<Record<string, ComponentSpec>> = {
    [AWS_POOL_TYPE]: {
        resource: {
            isComponent: true,
            description:
                "An EKS managed node group ready for CVMs: Canonical Ubuntu EKS AMI (pinned), launch template with the bootstrap user data, node IAM role (created or given), CVM node label, sysbox-install=yes when the Sysbox runtime is on, optional taint, 100 GiB gp3 root volume. Every argument that can be checked is checked before anything is registered.",
            inputProperties: NODE_GROUP_INPUTS,
            requiredInputs: ["cluster"],
            properties: NODE_GROUP_OUTPUTS,
            required: Object.keys(NODE_GROUP_OUTPUTS),
        },
        inputPaths: NODE_GROUP_INPUT_PATHS,
    },
};

/** The pool's Input paths that a stack's `nodePool` has too (the stack provides `cluster`). */
const STACK_NODE_POOL_INPUT_PATHS = NODE_GROUP_INPUT_PATHS.filter((p) => !p.startsWith("cluster."));

/**
 * The paths inside `CvmStack`'s inputs (`cluster.…`, `nodePool.…`) where the aws shapes take a
 * `pulumi.Input` (passed on as Outputs by the provider).
 */
export const AWS_STACK_INPUT_PATHS: readonly string[] = [
    "cluster.existing.name",
    "cluster.subnetIds",
    "cluster.roleArn",
    "cluster.publicAccessCidrs",
    "cluster.adminPrincipalArns[]",
    ...STACK_NODE_POOL_INPUT_PATHS.map((p) => `nodePool.${p}`),
];
