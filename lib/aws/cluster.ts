import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../kubernetes/input-errors";
import { ClusterArgs, resolveClusterArgs } from "./rules";

/** The type token of {@link Cluster}. */
export const CLUSTER_TYPE = "cvmkit:aws:Cluster";

/** The EKS access policy granted to {@link ClusterArgs.adminPrincipalArns}. */
export const CLUSTER_ADMIN_POLICY =
    "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/** What {@link eksKubeconfig} needs. */
export interface EksKubeconfigInput {
    readonly clusterName: string;
    readonly endpoint: string;
    readonly certificateAuthorityData: string;
    readonly region?: string;
    readonly profile?: string;
}

/**
 * A kubeconfig (JSON, which is valid YAML) that authenticates with `aws eks get-token`, like
 * `aws eks update-kubeconfig` writes. Needs the AWS CLI wherever it is used.
 */
export function eksKubeconfig(input: EksKubeconfigInput): string {
    const name = input.clusterName;
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name,
                cluster: {
                    server: input.endpoint,
                    "certificate-authority-data": input.certificateAuthorityData,
                },
            },
        ],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        preferences: {},
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: [
                            "eks",
                            "get-token",
                            "--cluster-name",
                            name,
                            "--output",
                            "json",
                            ...(input.region ? ["--region", input.region] : []),
                        ],
                        ...(input.profile
                            ? { env: [{ name: "AWS_PROFILE", value: input.profile }] }
                            : {}),
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}

/** The outputs {@link createCluster} / {@link findCluster} produce. */
export interface EksClusterData {
    readonly clusterName: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly certificateAuthorityData: pulumi.Output<string>;
    readonly subnetIds: pulumi.Output<string[]>;
    readonly kubernetesVersion: pulumi.Output<string>;
    readonly cluster?: eks.Cluster;
}

/**
 * Creates a minimal EKS cluster: the cluster role with `AmazonEKSClusterPolicy` (unless given), the cluster
 * with authentication mode `API` (creator is admin), and access entries for further admins.
 */
export function createCluster(
    name: string,
    args: ClusterArgs,
    kubernetesVersion: string,
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
            version: kubernetesVersion,
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
    return {
        clusterName: cluster.name,
        endpoint: cluster.endpoint,
        certificateAuthorityData: cluster.certificateAuthority.apply((ca) => ca.data ?? ""),
        subnetIds: cluster.vpcConfig.apply((v) => v.subnetIds ?? []),
        kubernetesVersion: cluster.version,
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
    };
}

/**
 * An EKS cluster for CVM node groups: a minimal new cluster (IAM role, authentication mode `API` with access
 * entries, kubeconfig using `aws eks get-token`) for teams starting from nothing, or an existing cluster found
 * by name. Its outputs fit {@link SysboxNodeGroupArgs.cluster}.
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
    /** Kubeconfig using `aws eks get-token` (secret). */
    public readonly kubeconfig!: pulumi.Output<string>;
    /** The created `aws.eks.Cluster`, when this component created one. */
    public readonly cluster?: eks.Cluster;

    constructor(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const checked = checkInputs(() => resolveClusterArgs(args));
        super(CLUSTER_TYPE, name, {}, opts);
        if (opts.urn) return;
        const data = args.existing
            ? findCluster(args.existing.name, this)
            : createCluster(name, args, checked.version!.raw, this);
        this.cluster = data.cluster;
        this.clusterName = data.clusterName;
        this.endpoint = data.endpoint;
        this.certificateAuthorityData = data.certificateAuthorityData;
        this.subnetIds = data.subnetIds;
        this.kubernetesVersion = data.kubernetesVersion;
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([data.clusterName, data.endpoint, data.certificateAuthorityData])
                .apply(([clusterName, endpoint, certificateAuthorityData]) =>
                    eksKubeconfig({
                        clusterName,
                        endpoint,
                        certificateAuthorityData,
                        ...(args.region ? { region: args.region } : {}),
                        ...(args.profile ? { profile: args.profile } : {}),
                    }),
                ),
        );
        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            certificateAuthorityData: this.certificateAuthorityData,
            subnetIds: this.subnetIds,
            kubernetesVersion: this.kubernetesVersion,
            kubeconfig: this.kubeconfig,
        });
    }
}
