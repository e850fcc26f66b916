import type * as pulumi from "@pulumi/pulumi";
import {
    assertArgs,
    assertChoice,
    atLeast,
    CvmkitConfigError,
    EKS_NETWORK_POLICY_MIN,
    formatMinor,
    KubernetesVersion,
    resolveCreateOrExisting,
    execKubeconfig,
} from "../compat";

/**
 * Pure rules of the `cvmkit/aws` cluster: argument checks and the `aws eks get-token` kubeconfig. Nothing here
 * loads the AWS SDK.
 */

/** The IP families of an EKS cluster (`kubernetesNetworkConfig.ipFamily`). */
export const EKS_IP_FAMILIES = ["ipv4", "ipv6"] as const;

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
     * Kubernetes version of a new cluster, e.g. `1.33` (required when creating). EKS takes `major.minor`; a
     * patch or vendor suffix (`v1.33.2-eks-abc`) is cut off.
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
     * IP family of a new cluster's pods and services (`kubernetesNetworkConfig.ipFamily`). IPv6 needs IPv6
     * subnets; the node bootstrap then gets `--ip-family ipv6` and the service IPv6 CIDR EKS assigns.
     * @default "ipv4"
     */
    readonly ipFamily?: (typeof EKS_IP_FAMILIES)[number];
    /**
     * Service CIDR of a new IPv4 cluster (`kubernetesNetworkConfig.serviceIpv4Cidr`, /12–/24 in a private range).
     * The node bootstrap's `--dns-cluster-ip` is its `.10` address.
     * @default chosen by EKS (10.100.0.0/16 or 172.20.0.0/16)
     */
    readonly serviceIpv4Cidr?: string;
    /**
     * Enforce NetworkPolicies in a new cluster (cvmkit's workspace policies keep pods from the node's credentials
     * only where something enforces them): the `vpc-cni` EKS add-on is managed with `enableNetworkPolicy: "true"`,
     * which starts the network policy agent in the `aws-node` DaemonSet (Kubernetes 1.25+, node kernel 5.10+ —
     * Canonical's Ubuntu EKS images qualify). The add-on takes over the VPC CNI EKS installed
     * (`resolveConflictsOnCreate: OVERWRITE`) and is kept when the resource is deleted (`preserve`), so setting this
     * to `false` later stops managing the add-on but does not turn enforcement off — that is
     * `aws eks update-addon --configuration-values '{"enableNetworkPolicy":"false"}'`. On a cluster created by an
     * older cvmkit the add-on is added in place (the cluster itself is not changed); `OVERWRITE` resets `aws-node`
     * settings changed by hand (e.g. with `kubectl set env`) to EKS's defaults — pass `false` and use
     * `aws eks create-addon` with your configuration values to keep them.
     * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
     * @default true
     */
    readonly enforceNetworkPolicy?: boolean;
    /**
     * AWS region written into the kubeconfig's `aws eks get-token --region`.
     * @default the cluster's region (from its ARN)
     */
    readonly region?: string;
    /**
     * AWS CLI profile for the kubeconfig (`AWS_PROFILE` of the `aws eks get-token` call).
     * @default the stack's `aws:profile` config, else the AWS CLI's default credentials
     */
    readonly profile?: string;
    /**
     * IAM role the kubeconfig's `aws eks get-token --role-arn` assumes (e.g. the role CI deploys with, which has
     * an access entry on the cluster).
     * @default none: the caller's credentials
     */
    readonly authRoleArn?: string;
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
    "ipFamily",
    "serviceIpv4Cidr",
    "enforceNetworkPolicy",
];

const PRIVATE_V4 = /^(10\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.)/;

/** Checks {@link ClusterArgs}; returns the parsed version when creating. */
export function resolveClusterArgs(args: ClusterArgs): { version?: KubernetesVersion } {
    assertArgs(args, "pass { kubernetesVersion, subnetIds } or { existing: { name } }");
    if (
        args.authRoleArn !== undefined &&
        !/^arn:aws[\w-]*:iam::\d{12}:role\//.test(args.authRoleArn)
    ) {
        throw new CvmkitConfigError(
            "authRoleArn",
            args.authRoleArn,
            "not an IAM role ARN",
            'pass e.g. "arn:aws:iam::123456789012:role/deploy"',
        );
    }
    const version = resolveCreateOrExisting(args, {
        names: (e) => !!e && typeof e === "object" && !!(e as { name?: unknown }).name,
        field: "existing.name",
        value: (e) => (e as { name?: unknown } | null)?.name,
        reason: "is required",
        fix: "pass the EKS cluster name",
        createOnly: CREATE_ONLY_KEYS,
        existingHint: "existing: { name }",
    });
    if (version === undefined) return {};
    assertEnforcement(args, version);
    if (args.subnetIds === undefined) {
        throw new CvmkitConfigError(
            "subnetIds",
            undefined,
            "is required when creating a cluster",
            "pass subnets in at least two availability zones (e.g. the default VPC's subnets)",
        );
    }
    const family = assertChoice(
        "ipFamily",
        args.ipFamily ?? "ipv4",
        EKS_IP_FAMILIES,
        {},
        'use "ipv4" or "ipv6"',
    );
    if (args.serviceIpv4Cidr !== undefined) {
        const cidr = args.serviceIpv4Cidr;
        const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(String(cidr));
        if (family === "ipv6") {
            throw new CvmkitConfigError(
                "serviceIpv4Cidr",
                cidr,
                "is an IPv4 setting, but ipFamily is ipv6 (EKS assigns the IPv6 service CIDR itself)",
                "remove serviceIpv4Cidr, or use ipFamily ipv4",
            );
        }
        if (!m || !PRIVATE_V4.test(m[1]!) || Number(m[2]) < 12 || Number(m[2]) > 24) {
            throw new CvmkitConfigError(
                "serviceIpv4Cidr",
                cidr,
                "EKS takes a private IPv4 block (10/8, 172.16/12, 192.168/16) between /12 and /24",
                'use e.g. "10.100.0.0/16" (it must not overlap the VPC)',
            );
        }
    }
    return { version };
}

/** Refuses NetworkPolicy enforcement on a Kubernetes version whose VPC CNI cannot enforce. */
function assertEnforcement(args: ClusterArgs, version: KubernetesVersion): void {
    const enforce = args.enforceNetworkPolicy ?? true;
    if (typeof enforce !== "boolean") {
        throw new CvmkitConfigError(
            "enforceNetworkPolicy",
            enforce,
            "must be true or false",
            "leave it out (true) or pass false",
        );
    }
    if (enforce && !atLeast(version, EKS_NETWORK_POLICY_MIN.major, EKS_NETWORK_POLICY_MIN.minor)) {
        throw new CvmkitConfigError(
            "enforceNetworkPolicy",
            true,
            `the VPC CNI enforces NetworkPolicies only on Kubernetes ${EKS_NETWORK_POLICY_MIN.raw}+ (VPC CNI 1.14+), this cluster is ${formatMinor(version)}`,
            `use kubernetesVersion ${EKS_NETWORK_POLICY_MIN.raw} or newer, or pass enforceNetworkPolicy: false and enforce NetworkPolicies another way`,
        );
    }
}

/** What {@link eksKubeconfig} needs. */
export interface EksKubeconfigInput {
    readonly clusterName: string;
    readonly endpoint: string;
    readonly certificateAuthorityData: string;
    readonly region?: string;
    readonly profile?: string;
    /** `aws eks get-token --role-arn`. */
    readonly roleArn?: string;
}

/** The region of an EKS cluster ARN (`arn:aws:eks:<region>:<account>:cluster/<name>`), when it is one. */
export function regionOfArn(arn: string | undefined): string | undefined {
    const parts = (arn ?? "").split(":");
    return parts[0] === "arn" && parts[2] === "eks" && parts[3] ? parts[3] : undefined;
}

/**
 * A kubeconfig (JSON, which is valid YAML) that authenticates with `aws eks get-token`, like
 * `aws eks update-kubeconfig` writes: `--region` (so it works without an ambient AWS CLI region, e.g. in CI),
 * optionally `--role-arn`, and `AWS_PROFILE` for a profile. Needs the AWS CLI wherever it is used.
 *
 * @see https://docs.aws.amazon.com/cli/latest/reference/eks/get-token.html
 */
export function eksKubeconfig(input: EksKubeconfigInput): string {
    const name = input.clusterName;
    return execKubeconfig({
        name,
        server: input.endpoint,
        certificateAuthorityData: input.certificateAuthorityData,
        exec: {
            command: "aws",
            args: [
                "eks",
                "get-token",
                "--cluster-name",
                name,
                "--output",
                "json",
                ...(input.region ? ["--region", input.region] : []),
                ...(input.roleArn ? ["--role-arn", input.roleArn] : []),
            ],
            ...(input.profile ? { env: [{ name: "AWS_PROFILE", value: input.profile }] } : {}),
        },
    });
}
