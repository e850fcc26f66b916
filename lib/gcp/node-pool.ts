import * as container from "@pulumi/gcp/container";
import * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../kubernetes/input-errors";
import { ResolvedGkeNodePool, resolveNodePoolArgs, SysboxNodePoolArgs } from "./rules";

/** The type token of {@link SysboxNodePool}. */
export const SYSBOX_NODE_POOL_TYPE = "cvmkit:gcp:SysboxNodePool";

/**
 * Creates the GKE node pool of a {@link SysboxNodePool}: `UBUNTU_CONTAINERD` image, Secure Boot off (it
 * blocks loading the shiftfs module), CVM labels, the optional `NO_SCHEDULE` taint, autoscaling, and the
 * GKE metadata server where the cluster has Workload Identity.
 */
export function createNodePool(
    name: string,
    args: SysboxNodePoolArgs,
    pool: ResolvedGkeNodePool,
    parent: pulumi.Resource,
): container.NodePool {
    return new container.NodePool(
        name,
        {
            cluster: args.cluster.clusterName,
            ...(args.cluster.location !== undefined ? { location: args.cluster.location } : {}),
            ...(args.cluster.project !== undefined ? { project: args.cluster.project } : {}),
            ...(pool.version ? { version: pool.version.raw } : {}),
            ...(args.nodeLocations !== undefined ? { nodeLocations: args.nodeLocations } : {}),
            initialNodeCount: pool.desiredSize,
            autoscaling: { minNodeCount: pool.minSize, maxNodeCount: pool.maxSize },
            management: { autoRepair: true, autoUpgrade: args.autoUpgrade ?? true },
            nodeConfig: {
                machineType: pool.machineType,
                imageType: pool.imageType,
                diskSizeGb: pool.diskSizeGb,
                diskType: pool.diskType,
                labels: { ...pool.labels },
                taints: pool.taint
                    ? [{ key: pool.taint.key, value: pool.taint.value, effect: "NO_SCHEDULE" }]
                    : [],
                shieldedInstanceConfig: {
                    enableSecureBoot: false,
                    enableIntegrityMonitoring: true,
                },
                oauthScopes: [
                    ...(args.oauthScopes ?? ["https://www.googleapis.com/auth/cloud-platform"]),
                ],
                ...(args.serviceAccount !== undefined
                    ? { serviceAccount: args.serviceAccount }
                    : {}),
                ...(args.spot ? { spot: true } : {}),
                guestAccelerators: (args.guestAccelerators ?? []).map((a) => ({ ...a })),
                workloadMetadataConfig: pulumi
                    .output(args.cluster.workloadIdentity ?? false)
                    .apply((on) => ({ mode: on ? "GKE_METADATA" : "GCE_METADATA" })),
            },
        },
        { parent, ignoreChanges: ["initialNodeCount"] },
    );
}

/**
 * A GKE Standard node pool ready for CVMs: image type `UBUNTU_CONTAINERD`, Secure Boot off, 4+ vCPU machine
 * type without GPU, the CVM node label, `sysbox-install=yes` when the Sysbox runtime is on, an optional
 * `NO_SCHEDULE` taint, a 100 GB boot disk. COS images and GPUs are refused before anything is registered;
 * Autopilot clusters are refused by {@link Cluster}.
 *
 * @example
 * const cluster = new Cluster("cvm", { kubernetesVersion: "1.33", location: "europe-west1-b" });
 * const pool = new SysboxNodePool("cvm", { cluster, machineType: "e2-standard-4" });
 */
export class SysboxNodePool extends pulumi.ComponentResource {
    /** The node pool name. */
    public readonly nodePoolName!: pulumi.Output<string>;
    /** Node selector that targets this pool's nodes. */
    public readonly nodeSelector!: pulumi.Output<Record<string, string>>;
    /** Tolerations CVM pods need on this pool. */
    public readonly tolerations!: pulumi.Output<
        { key: string; operator: string; value: string; effect: string }[]
    >;
    /** The underlying node pool. */
    public readonly nodePool!: container.NodePool;

    constructor(
        name: string,
        args: SysboxNodePoolArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        const pool = checkInputs(() => resolveNodePoolArgs(args));
        super(SYSBOX_NODE_POOL_TYPE, name, {}, opts);
        if (opts.urn) return;
        this.nodePool = createNodePool(name, args, pool, this);
        this.nodePoolName = this.nodePool.name;
        this.nodeSelector = pulumi.output({ ...pool.nodeSelector });
        this.tolerations = pulumi.output(pool.tolerations.map((t) => ({ ...t })));
        this.registerOutputs({
            nodePoolName: this.nodePoolName,
            nodeSelector: this.nodeSelector,
            tolerations: this.tolerations,
        });
    }
}
