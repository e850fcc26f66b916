import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as ssm from "@pulumi/aws/ssm";
import * as pulumi from "@pulumi/pulumi";
import { assertInputs } from "../kubernetes/input-errors";
import { stickySysboxLabel, trackNodeRolls } from "../kubernetes/node-rolls";
import {
    assertNodeNotNewer,
    CVM_NODE_LABEL,
    CVM_NODE_LABEL_VALUE,
    parseKubernetesVersion,
    SYSBOX_INSTALL_LABEL,
} from "../compat";
import { pinImage } from "./ami-pin";
import {
    bootstrapUserData,
    clusterDnsFlags,
    NodeImage,
    ResolvedNodeGroup,
    resolveNodeGroupArgs,
    resolveNodeImage,
    SysboxNodeGroupArgs,
} from "./rules";

/**
 * The `SysboxNodeGroup` component: an EKS managed node group of Canonical Ubuntu nodes ready for CVMs (node role,
 * launch template, pinned AMI, labels and taint).
 */

/** The type token of {@link SysboxNodeGroup}. */
export const SYSBOX_NODE_GROUP_TYPE = "cvmkit:aws:SysboxNodeGroup";

/** The managed policies of an EKS node role. */
export const NODE_ROLE_POLICIES: readonly string[] = [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
];

/** The resources {@link createNodeGroup} made. */
export interface NodeGroupResources {
    readonly nodeGroup: eks.NodeGroup;
    readonly launchTemplate: ec2.LaunchTemplate;
    readonly nodeRoleArn: pulumi.Output<string>;
    readonly role?: iam.Role;
    readonly amiId: pulumi.Output<string>;
    readonly amiParameter: pulumi.Output<string>;
    /** The stash that keeps the resolved AMI (none with `amiId`). */
    readonly amiStash?: pulumi.Stash;
    /** The node-roll warnings of this preview (see {@link trackNodeRolls}). */
    readonly nodeRolls: pulumi.Output<string[]>;
}

/** Creates the node IAM role with the three standard policies, as children of `parent`. */
export function createNodeRole(
    name: string,
    parent: pulumi.Resource,
    tags: Readonly<Record<string, string>> = {},
): { role: iam.Role; attachments: iam.RolePolicyAttachment[] } {
    const role = new iam.Role(
        `${name}-node-role`,
        {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "ec2.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            }),
            tags: { ...tags },
        },
        { parent },
    );
    const attachments = NODE_ROLE_POLICIES.map(
        (policy) =>
            new iam.RolePolicyAttachment(
                `${name}-${policy}`,
                { role: role.name, policyArn: `arn:aws:iam::aws:policy/${policy}` },
                { parent },
            ),
    );
    return { role, attachments };
}

/**
 * The node image and the control plane check of a node group: the image decided at plan time when the node
 * version is known, else from the looked-up control plane version; and, when the cluster's version is known,
 * the node version checked against it (never newer). Errors reject the output, which fails the deployment
 * with the field, value and fix.
 */
export function nodeImageOf(
    args: SysboxNodeGroupArgs,
    pool: ResolvedNodeGroup,
): { image: pulumi.Output<NodeImage>; controlPlaneChecked: pulumi.Output<true> } {
    const controlPlane =
        args.cluster.kubernetesVersion === undefined
            ? undefined
            : pulumi
                  .output(args.cluster.kubernetesVersion)
                  .apply((v) =>
                      assertInputs(() => parseKubernetesVersion(v, "cluster.kubernetesVersion")),
                  );
    const image = pool.image
        ? pulumi.output(pool.image)
        : controlPlane!.apply((cp) =>
              assertInputs(() => resolveNodeImage(args, pool, cp, "cluster.kubernetesVersion")),
          );
    const controlPlaneChecked =
        pool.image && controlPlane
            ? controlPlane.apply((cp) =>
                  assertInputs(() => {
                      assertNodeNotNewer(pool.image!.version, cp, "kubernetesVersion");
                      return true as const;
                  }),
              )
            : pulumi.output(true as const);
    return { image, controlPlaneChecked };
}

/**
 * The AMI of a node group. With `amiId`, that image (an explicit pin: changing it rolls the nodes). Otherwise
 * Canonical's SSM parameter is read, and the first value is kept in a `pulumi:index:Stash` (`<name>-ami`): a
 * later Canonical release under `stable/current` does not roll the nodes (which would kill running workspaces)
 * on an unrelated `up`. When the parameter itself changes (new node minor, image family or architecture), the
 * kept image stays and a warning names the two ways to move: set `amiId`, or `pulumi up --replace` the stash.
 */
export function pinnedAmi(
    name: string,
    args: SysboxNodeGroupArgs,
    image: pulumi.Output<NodeImage>,
    parent: pulumi.Resource,
): { amiId: pulumi.Output<string>; stash?: pulumi.Stash } {
    if (args.amiId !== undefined) return { amiId: pulumi.output(args.amiId) };
    const parameter = image.amiParameter;
    const current = ssm.getParameterOutput({ name: parameter }, { parent }).value;
    return pinImage(`${name}-ami`, parameter, current, parent);
}

/**
 * Creates the node group of a {@link SysboxNodeGroup}: the Canonical Ubuntu EKS AMI (pinned, see
 * {@link pinnedAmi}), a launch template with that AMI, the bootstrap user data (with the cluster DNS address
 * derived from the service CIDR) and a gp3 root volume, the node role (unless given), and the managed node group
 * on that launch template (no `version`: the AMI fixes it).
 */
export function createNodeGroup(
    name: string,
    args: SysboxNodeGroupArgs,
    pool: ResolvedNodeGroup,
    parent: pulumi.Resource,
): NodeGroupResources {
    const tags = { ...(args.tags ?? {}) };
    const { image, controlPlaneChecked } = nodeImageOf(args, pool);
    const { amiId, stash } = pinnedAmi(name, args, image, parent);
    const c = args.cluster;

    const userData = pulumi
        .all([
            c.clusterName,
            c.endpoint,
            c.certificateAuthorityData,
            c.ipFamily,
            c.serviceIpv4Cidr,
            c.serviceIpv6Cidr,
            controlPlaneChecked,
        ])
        .apply(
            ([
                clusterName,
                endpoint,
                certificateAuthorityData,
                ipFamily,
                serviceIpv4Cidr,
                serviceIpv6Cidr,
            ]) => {
                const dns = assertInputs(() =>
                    clusterDnsFlags({
                        ...(ipFamily ? { ipFamily } : {}),
                        ...(serviceIpv4Cidr ? { serviceIpv4Cidr } : {}),
                        ...(serviceIpv6Cidr ? { serviceIpv6Cidr } : {}),
                    }),
                );
                return Buffer.from(
                    bootstrapUserData({
                        clusterName,
                        endpoint,
                        certificateAuthorityData,
                        // Only the label CVM pods select is registered by the kubelet: EKS applies the node
                        // group's labels to the nodes itself (in place, no new launch template version).
                        labels: { [CVM_NODE_LABEL]: CVM_NODE_LABEL_VALUE },
                        ...(pool.taint ? { taint: pool.taint } : {}),
                        ...(args.kubeletExtraArgs
                            ? { kubeletExtraArgs: args.kubeletExtraArgs }
                            : {}),
                        ...(dns ? { dns } : {}),
                    }),
                ).toString("base64");
            },
        );

    // EC2 rejects a tag specification with an empty tag map (InvalidTagSpecification.Malformed), and the
    // provider drops empty maps: send tag specifications only with tags, for the instances and their volumes.
    const hasTags = Object.keys(tags).length > 0;
    const launchTemplate = new ec2.LaunchTemplate(
        `${name}-lt`,
        {
            imageId: amiId,
            userData,
            blockDeviceMappings: [
                {
                    // Root device of the Canonical Ubuntu images.
                    deviceName: "/dev/sda1",
                    ebs: {
                        volumeSize: pool.diskSizeGiB,
                        volumeType: "gp3",
                        encrypted: "true",
                        deleteOnTermination: "true",
                    },
                },
            ],
            metadataOptions: {
                httpEndpoint: "enabled",
                httpTokens: "required",
                httpPutResponseHopLimit: pool.metadataHopLimit,
            },
            ...(hasTags
                ? {
                      tagSpecifications: [
                          { resourceType: "instance", tags },
                          { resourceType: "volume", tags },
                      ],
                      tags,
                  }
                : {}),
            updateDefaultVersion: true,
        },
        { parent },
    );

    let nodeRoleArn: pulumi.Output<string>;
    let role: iam.Role | undefined;
    let dependsOn: pulumi.Resource[] = [];
    if (args.nodeRoleArn !== undefined) {
        nodeRoleArn = pulumi.output(args.nodeRoleArn);
    } else {
        const created = createNodeRole(name, parent, tags);
        role = created.role;
        nodeRoleArn = created.role.arn;
        dependsOn = created.attachments;
    }

    const subnetIds = args.subnetIds ?? args.cluster.subnetIds!;
    const sysboxLabel = stickySysboxLabel(
        name,
        pool.sysbox !== undefined,
        pool.keepSysboxInstallLabel,
        parent,
    );
    const labels = sysboxLabel.apply((on) =>
        on ? { ...pool.baseLabels, [SYSBOX_INSTALL_LABEL]: "yes" } : { ...pool.baseLabels },
    );
    const nodeGroup = new eks.NodeGroup(
        name,
        {
            clusterName: args.cluster.clusterName,
            nodeRoleArn,
            subnetIds,
            instanceTypes: [...pool.instanceTypes],
            capacityType: pool.capacityType,
            scalingConfig: {
                minSize: pool.minSize,
                maxSize: pool.maxSize,
                desiredSize: pool.desiredSize,
            },
            updateConfig: { maxUnavailable: 1 },
            labels,
            taints: pool.taint
                ? [{ key: pool.taint.key, value: pool.taint.value, effect: "NO_SCHEDULE" }]
                : [],
            launchTemplate: {
                id: launchTemplate.id,
                version: launchTemplate.latestVersion.apply((v) => String(v)),
            },
            ...(hasTags ? { tags } : {}),
        },
        { parent, dependsOn, ignoreChanges: ["scalingConfig.desiredSize"] },
    );
    const nodeRolls = trackNodeRolls(
        name,
        "aws",
        {
            taint: pool.taint ? `${pool.taint.key}=${pool.taint.value}:${pool.taint.effect}` : "",
            kubeletFlags: args.kubeletExtraArgs ?? "",
            image: amiId,
            machineType: [...pool.instanceTypes],
            disk: pool.diskSizeGiB,
            metadataHopLimit: pool.metadataHopLimit,
            capacity: pool.capacityType,
            tags,
        },
        parent,
        [launchTemplate, nodeGroup],
        pulumi.interpolate`eks.amazonaws.com/nodegroup=${nodeGroup.nodeGroupName}`,
        // earlier cvmkit versions registered every pool label in the user data: dropping them is one new launch
        // template version, named here (labels beyond the CVM label only).
        Object.keys(pool.labels).length > 1
            ? {
                  poolId: launchTemplate.id,
                  note:
                      `this is the first up of pool ${name} with cvmkit's Day-2 memory: the user data now registers ` +
                      `only ${CVM_NODE_LABEL}=${CVM_NODE_LABEL_VALUE} (EKS applies the other labels in place), so if the ` +
                      `pool's user data still carries its other labels (${Object.keys(pool.labels)
                          .filter((k) => k !== CVM_NODE_LABEL)
                          .join(
                              ", ",
                          )}), this up makes a new launch template version and every node of the pool is ` +
                      `replaced once. Move the workspaces first (cvmkit doctor --rollout; kubectl cordon -l ` +
                      `${CVM_NODE_LABEL}=${CVM_NODE_LABEL_VALUE}; kubectl drain <node> --ignore-daemonsets --delete-emptydir-data).`,
              }
            : undefined,
    );
    return {
        nodeRolls,
        nodeGroup,
        launchTemplate,
        nodeRoleArn,
        ...(role ? { role } : {}),
        amiId,
        amiParameter: image.amiParameter,
        ...(stash ? { amiStash: stash } : {}),
    };
}

/**
 * An EKS managed node group ready for CVMs: Canonical Ubuntu EKS AMI (looked up from Canonical's public SSM
 * parameter for the Ubuntu release, Kubernetes minor, architecture and volume type), a launch template with
 * the bootstrap user data those images need to join, a node IAM role (created or given), the CVM node label,
 * `sysbox-install=yes` when the Sysbox runtime is on (never `sysbox-runtime`, which the installer sets), an
 * optional taint, and a 100 GiB root volume.
 *
 * Every argument that can be checked is checked before anything is registered: 4+ vCPU per instance type, no
 * GPU, one architecture, an Ubuntu image family published for the Kubernetes minor, Kubernetes 1.18+, and the
 * Sysbox installer's range when the runtime is on.
 *
 * @example
 * const cluster = new Cluster("cvm", { kubernetesVersion: "1.33", subnetIds });
 * const nodes = new SysboxNodeGroup("cvm", {
 *     cluster, kubernetesVersion: "1.33", instanceTypes: ["m6i.xlarge"], sysboxRuntime: { enabled: true },
 * });
 */
export class SysboxNodeGroup extends pulumi.ComponentResource {
    /** The EKS node group name. */
    public readonly nodeGroupName!: pulumi.Output<string>;
    /** The ARN of the node IAM role (created or given). */
    public readonly nodeRoleArn!: pulumi.Output<string>;
    /** The AMI the nodes boot (pinned: see {@link SysboxNodeGroupArgs.amiId}). */
    public readonly amiId!: pulumi.Output<string>;
    /** Canonical's SSM parameter for the node minor, image family and architecture. */
    public readonly amiParameter!: pulumi.Output<string>;
    /** The launch template id. */
    public readonly launchTemplateId!: pulumi.Output<string>;
    /** Node selector that targets this pool's nodes. */
    public readonly nodeSelector!: pulumi.Output<Record<string, string>>;
    /** Tolerations CVM pods need on this pool. */
    public readonly tolerations!: pulumi.Output<
        { key: string; operator: string; value: string; effect: string }[]
    >;
    /** The underlying node group. */
    public readonly nodeGroup!: eks.NodeGroup;

    constructor(
        name: string,
        args: SysboxNodeGroupArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        const pool = assertInputs(() => resolveNodeGroupArgs(args));
        super(SYSBOX_NODE_GROUP_TYPE, name, {}, opts);
        if (opts.urn) return;
        const created = createNodeGroup(name, args, pool, this);
        this.nodeGroup = created.nodeGroup;
        this.nodeGroupName = created.nodeGroup.nodeGroupName;
        this.nodeRoleArn = created.nodeRoleArn;
        this.amiId = created.amiId;
        this.amiParameter = created.amiParameter;
        this.launchTemplateId = created.launchTemplate.id;
        this.nodeSelector = pulumi.output({ ...pool.nodeSelector });
        this.tolerations = pulumi.output(pool.tolerations.map((t) => ({ ...t })));
        this.registerOutputs({
            nodeGroupName: this.nodeGroupName,
            nodeRoleArn: this.nodeRoleArn,
            amiId: this.amiId,
            amiParameter: this.amiParameter,
            launchTemplateId: this.launchTemplateId,
            nodeSelector: this.nodeSelector,
            tolerations: this.tolerations,
            nodeRolls: created.nodeRolls,
        });
    }
}
