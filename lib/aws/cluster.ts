import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { assertInputs } from "../kubernetes/input-errors";
import {
    cloudVersionOf,
    KubernetesVersion,
    VPC_CNI_ADDON,
    VPC_CNI_NETWORK_POLICY_VALUES,
} from "../compat";
import { ClusterArgs, eksKubeconfig, regionOfArn, resolveClusterArgs } from "./rules";

/**
 * The `cvmkit/aws` `Cluster` component: a minimal EKS cluster, or an existing one looked up, with its kubeconfig.
 */

/** The type token of {@link Cluster}. */
export const CLUSTER_TYPE = "cvmkit:aws:Cluster";

/** The EKS access policy granted to {@link ClusterArgs.adminPrincipalArns}. */
export const CLUSTER_ADMIN_POLICY =
    "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/** The outputs {@link createCluster} / {@link findCluster} produce. */
export interface EksClusterData {
    readonly clusterName: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly certificateAuthorityData: pulumi.Output<string>;
    readonly subnetIds: pulumi.Output<string[]>;
    readonly kubernetesVersion: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    readonly ipFamily: pulumi.Output<string>;
    readonly serviceIpv4Cidr: pulumi.Output<string>;
    readonly serviceIpv6Cidr: pulumi.Output<string>;
    readonly cluster?: eks.Cluster;
    /** The managed `vpc-cni` add-on that enforces NetworkPolicies, when this component created one. */
    readonly networkPolicyAddon?: eks.Addon;
}

/**
 * The managed `vpc-cni` add-on with its network policy agent on. It adopts the VPC CNI that EKS installs
 * with every cluster (`resolveConflictsOnCreate: OVERWRITE`: fields of `aws-node` that differ from EKS's
 * defaults are set to them — settings changed by hand on an older cluster are reset; with `NONE` the creation
 * may fail instead) and keeps the add-on's software when the resource is deleted (`preserve`: deleting a
 * managed `vpc-cni` otherwise removes the `aws-node` DaemonSet, and with it pod networking). No
 * `addonVersion`: EKS installs its default version for the cluster's Kubernetes version (1.14+ on 1.25+).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html
 */
export function networkPolicyAddon(
    name: string,
    clusterName: pulumi.Input<string>,
    tags: Readonly<Record<string, string>>,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[],
): eks.Addon {
    return new eks.Addon(
        `${name}-${VPC_CNI_ADDON}`,
        {
            clusterName,
            addonName: VPC_CNI_ADDON,
            configurationValues: JSON.stringify(VPC_CNI_NETWORK_POLICY_VALUES),
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "PRESERVE",
            preserve: true,
            tags: { ...tags },
        },
        { parent, dependsOn },
    );
}

/**
 * Creates a minimal EKS cluster: the cluster role with `AmazonEKSClusterPolicy` (unless given), the cluster
 * with authentication mode `API` (creator is admin), access entries for further admins, and (unless
 * `enforceNetworkPolicy: false`) the `vpc-cni` add-on with NetworkPolicy enforcement on.
 */
export function createCluster(
    name: string,
    args: ClusterArgs,
    kubernetesVersion: KubernetesVersion,
    parent: pulumi.Resource,
): EksClusterData {
    const tags = { ...(args.tags ?? {}) };
    let roleArn: pulumi.Input<string>;
    const dependsOn: pulumi.Resource[] = [];
    if (args.roleArn !== undefined) {
        roleArn = args.roleArn;
    } else {
        const role = new iam.Role(
            `${name}-cluster-role`,
            {
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "eks.amazonaws.com" },
                            Action: ["sts:AssumeRole", "sts:TagSession"],
                        },
                    ],
                }),
                tags,
            },
            { parent },
        );
        dependsOn.push(
            new iam.RolePolicyAttachment(
                `${name}-AmazonEKSClusterPolicy`,
                {
                    role: role.name,
                    policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
                },
                { parent },
            ),
        );
        roleArn = role.arn;
    }
    const cluster = new eks.Cluster(
        name,
        {
            roleArn,
            // EKS takes major.minor only.
            version: cloudVersionOf("eks", kubernetesVersion),
            ...(args.ipFamily !== undefined || args.serviceIpv4Cidr !== undefined
                ? {
                      kubernetesNetworkConfig: {
                          ...(args.ipFamily !== undefined ? { ipFamily: args.ipFamily } : {}),
                          ...(args.serviceIpv4Cidr !== undefined
                              ? { serviceIpv4Cidr: args.serviceIpv4Cidr }
                              : {}),
                      },
                  }
                : {}),
            vpcConfig: {
                subnetIds: args.subnetIds!,
                endpointPublicAccess: args.endpointPublicAccess ?? true,
                endpointPrivateAccess: true,
                publicAccessCidrs: args.publicAccessCidrs ?? ["0.0.0.0/0"],
            },
            accessConfig: {
                authenticationMode: "API",
                bootstrapClusterCreatorAdminPermissions: true,
            },
            tags,
        },
        { parent, dependsOn },
    );
    (args.adminPrincipalArns ?? []).forEach((principalArn, i) => {
        const entry = new eks.AccessEntry(
            `${name}-admin-${i}`,
            { clusterName: cluster.name, principalArn, type: "STANDARD", tags },
            { parent },
        );
        new eks.AccessPolicyAssociation(
            `${name}-admin-${i}`,
            {
                clusterName: cluster.name,
                principalArn,
                policyArn: CLUSTER_ADMIN_POLICY,
                accessScope: { type: "cluster" },
            },
            { parent, dependsOn: [entry] },
        );
    });
    const addon =
        (args.enforceNetworkPolicy ?? true)
            ? networkPolicyAddon(name, cluster.name, tags, parent, [cluster])
            : undefined;
    return {
        ...(addon ? { networkPolicyAddon: addon } : {}),
        clusterName: cluster.name,
        endpoint: cluster.endpoint,
        certificateAuthorityData: cluster.certificateAuthority.apply((ca) => ca.data ?? ""),
        subnetIds: cluster.vpcConfig.apply((v) => v.subnetIds ?? []),
        kubernetesVersion: cluster.version,
        arn: cluster.arn,
        ipFamily: cluster.kubernetesNetworkConfig.apply((n) => n?.ipFamily ?? "ipv4"),
        serviceIpv4Cidr: cluster.kubernetesNetworkConfig.apply((n) => n?.serviceIpv4Cidr ?? ""),
        serviceIpv6Cidr: cluster.kubernetesNetworkConfig.apply((n) => n?.serviceIpv6Cidr ?? ""),
        cluster,
    };
}

/** Looks up an existing EKS cluster by name. */
export function findCluster(name: pulumi.Input<string>, parent: pulumi.Resource): EksClusterData {
    const found = eks.getClusterOutput({ name }, { parent });
    return {
        clusterName: found.name,
        endpoint: found.endpoint,
        certificateAuthorityData: found.certificateAuthorities.apply((c) => c[0]?.data ?? ""),
        subnetIds: found.vpcConfig.apply((v) => v.subnetIds ?? []),
        kubernetesVersion: found.version,
        arn: found.arn,
        ipFamily: found.kubernetesNetworkConfigs.apply((n) => n[0]?.ipFamily ?? "ipv4"),
        serviceIpv4Cidr: found.kubernetesNetworkConfigs.apply((n) => n[0]?.serviceIpv4Cidr ?? ""),
        serviceIpv6Cidr: found.kubernetesNetworkConfigs.apply((n) => n[0]?.serviceIpv6Cidr ?? ""),
    };
}

/**
 * An EKS cluster for CVM node groups: a minimal new cluster (IAM role, authentication mode `API` with access
 * entries, kubeconfig using `aws eks get-token`) for teams starting from nothing, or an existing cluster found
 * by name. Its outputs fit {@link SysboxNodeGroupArgs.cluster}: besides the connection data they carry the
 * control plane version (node groups take it and are checked against it) and the service network (the node
 * bootstrap's `--dns-cluster-ip`).
 *
 * @example
 * const cluster = new Cluster("cvm", { kubernetesVersion: "1.33", subnetIds });
 * const existing = new Cluster("prod", { existing: { name: "prod-eks" } });
 */
export class Cluster extends pulumi.ComponentResource {
    /** The EKS cluster name. */
    public readonly clusterName!: pulumi.Output<string>;
    /** The API server endpoint. */
    public readonly endpoint!: pulumi.Output<string>;
    /** The base64 cluster CA. */
    public readonly certificateAuthorityData!: pulumi.Output<string>;
    /** The cluster's subnets (node groups use them unless told otherwise). */
    public readonly subnetIds!: pulumi.Output<string[]>;
    /** The control plane's Kubernetes version. */
    public readonly kubernetesVersion!: pulumi.Output<string>;
    /** The cluster ARN. */
    public readonly arn!: pulumi.Output<string>;
    /** `ipv4` or `ipv6`. */
    public readonly ipFamily!: pulumi.Output<string>;
    /** The IPv4 service CIDR (`""` on IPv6 clusters). */
    public readonly serviceIpv4Cidr!: pulumi.Output<string>;
    /** The IPv6 service CIDR (`""` on IPv4 clusters). */
    public readonly serviceIpv6Cidr!: pulumi.Output<string>;
    /** Kubeconfig using `aws eks get-token` (secret). */
    public readonly kubeconfig!: pulumi.Output<string>;
    /** The created `aws.eks.Cluster`, when this component created one. */
    public readonly cluster?: eks.Cluster;

    constructor(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const checked = assertInputs(() => resolveClusterArgs(args));
        super(CLUSTER_TYPE, name, {}, opts);
        if (opts.urn) return;
        const data = args.existing
            ? findCluster(args.existing.name, this)
            : createCluster(name, args, checked.version!, this);
        this.cluster = data.cluster;
        this.clusterName = data.clusterName;
        this.endpoint = data.endpoint;
        this.certificateAuthorityData = data.certificateAuthorityData;
        this.subnetIds = data.subnetIds;
        this.kubernetesVersion = data.kubernetesVersion;
        this.arn = data.arn;
        this.ipFamily = data.ipFamily;
        this.serviceIpv4Cidr = data.serviceIpv4Cidr;
        this.serviceIpv6Cidr = data.serviceIpv6Cidr;
        const profile = args.profile ?? new pulumi.Config("aws").get("profile");
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([data.clusterName, data.endpoint, data.certificateAuthorityData, data.arn])
                .apply(([clusterName, endpoint, certificateAuthorityData, arn]) => {
                    const region = args.region ?? regionOfArn(arn);
                    return eksKubeconfig({
                        clusterName,
                        endpoint,
                        certificateAuthorityData,
                        ...(region ? { region } : {}),
                        ...(profile ? { profile } : {}),
                        ...(args.authRoleArn ? { roleArn: args.authRoleArn } : {}),
                    });
                }),
        );
        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            certificateAuthorityData: this.certificateAuthorityData,
            subnetIds: this.subnetIds,
            kubernetesVersion: this.kubernetesVersion,
            arn: this.arn,
            ipFamily: this.ipFamily,
            serviceIpv4Cidr: this.serviceIpv4Cidr,
            serviceIpv6Cidr: this.serviceIpv6Cidr,
            kubeconfig: this.kubeconfig,
        });
    }
}
