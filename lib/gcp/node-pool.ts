import * as container from "@pulumi/gcp/container";
import * as pulumi from "@pulumi/pulumi";
import { assertInputs } from "../kubernetes/input-errors";
import { stickySysboxLabel, trackNodeRolls } from "../kubernetes/node-rolls";
import {
    assertInstallerSupports,
    assertNodeNotNewer,
    parseKubernetesVersion,
    SYSBOX_INSTALL_LABEL,
} from "../compat";
import {
    autoUpgradeChannelError,
    channelForcesAutoUpgrade,
    ResolvedGkeNodePool,
    resolveNodePoolArgs,
    SysboxNodePoolArgs,
} from "./rules";

/**
 * The `SysboxNodePool` component of `cvmkit/gcp`: a GKE node pool of Ubuntu containerd nodes ready for CVMs.
 */

/** The type token of {@link SysboxNodePool}. */
export const SYSBOX_NODE_POOL_TYPE = "cvmkit:gcp:SysboxNodePool";

/** The zone count of a pool: its `nodeLocations`, else 1 for a zonal cluster, 3 for a regional one. */
export function zoneCount(
    location: string | undefined,
    nodeLocations: readonly string[] | undefined,
): number {
    if (nodeLocations && nodeLocations.length > 0) return nodeLocations.length;
    // Zones are `<region>-<letter>` (europe-west1-b); GKE spreads a regional pool over three zones by default.
    return location && !/-[a-z]$/.test(location) ? 3 : 1;
}

/**
 * Creates the GKE node pool of a {@link SysboxNodePool}: `UBUNTU_CONTAINERD` image, Secure Boot off (it
 * blocks loading the shiftfs module), CVM labels, the optional `NO_SCHEDULE` taint, autoscaling on total node
 * counts, and the GKE metadata server where the cluster has Workload Identity. Checks that need the cluster
 * (node version not newer than the control plane, `autoUpgrade: false` against the looked-up release channel,
 * the installer range against the looked-up version) reject the inputs they guard, which fails the deployment
 * with field, value and fix.
 */
export function createNodePool(
    name: string,
    args: SysboxNodePoolArgs,
    pool: ResolvedGkeNodePool,
    parent: pulumi.Resource,
): { nodePool: container.NodePool; nodeRolls: pulumi.Output<string[]> } {
    const c = args.cluster;
    const controlPlane =
        c.kubernetesVersion === undefined
            ? undefined
            : pulumi
                  .output(c.kubernetesVersion)
                  .apply((v) =>
                      assertInputs(() => parseKubernetesVersion(v, "cluster.kubernetesVersion")),
                  );
    const version =
        pool.gkeVersion === undefined
            ? undefined
            : controlPlane
              ? controlPlane.apply((cp) =>
                    assertInputs(() => {
                        assertNodeNotNewer(pool.version!, cp, "kubernetesVersion");
                        return pool.gkeVersion!;
                    }),
                )
              : pulumi.output(pool.gkeVersion);
    const sysboxLabel = stickySysboxLabel(
        name,
        pool.sysbox !== undefined,
        pool.keepSysboxInstallLabel,
        parent,
    );
    const withSysbox = sysboxLabel.apply((on) =>
        on ? { ...pool.baseLabels, [SYSBOX_INSTALL_LABEL]: "yes" } : { ...pool.baseLabels },
    );
    const labels =
        pool.sysbox && !pool.version && controlPlane
            ? pulumi.all([controlPlane, withSysbox]).apply(([cp, l]) =>
                  assertInputs(() => {
                      assertInstallerSupports(pool.sysbox!, cp, "cluster.kubernetesVersion");
                      return l;
                  }),
              )
            : withSysbox;
    const management =
        !pool.autoUpgrade && c.releaseChannel !== undefined && typeof c.releaseChannel !== "string"
            ? pulumi.output(c.releaseChannel).apply((channel) =>
                  assertInputs(() => {
                      if (channelForcesAutoUpgrade(channel)) throw autoUpgradeChannelError(channel);
                      return { autoRepair: true, autoUpgrade: false };
                  }),
              )
            : { autoRepair: true, autoUpgrade: pool.autoUpgrade };
    const nodeLocations = args.nodeLocations;
    const initialNodeCount = pulumi
        .all([c.location, nodeLocations])
        .apply(([location, zones]) =>
            Math.ceil(pool.desiredSize / zoneCount(location, zones as string[] | undefined)),
        );
    const nodePool = new container.NodePool(
        name,
        {
            cluster: c.clusterName,
            ...(c.location !== undefined ? { location: c.location } : {}),
            ...(c.project !== undefined ? { project: c.project } : {}),
            ...(version ? { version } : {}),
            ...(nodeLocations !== undefined ? { nodeLocations } : {}),
            initialNodeCount,
            autoscaling: {
                totalMinNodeCount: pool.minSize,
                totalMaxNodeCount: pool.maxSize,
                locationPolicy: "BALANCED",
            },
            management,
            nodeConfig: {
                machineType: pool.machineType,
                imageType: pool.imageType,
                diskSizeGb: pool.diskSizeGb,
                diskType: pool.diskType,
                labels,
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
        {
            parent,
            // GKE owns the version while it auto-upgrades the nodes (a managed version would fight it).
            ignoreChanges: pool.autoUpgrade
                ? ["initialNodeCount", "version"]
                : ["initialNodeCount"],
        },
    );
    const nodeRolls = trackNodeRolls(
        name,
        "gcp",
        {
            image: pool.imageType,
            machineType: pool.machineType,
            disk: { diskSizeGb: pool.diskSizeGb, diskType: pool.diskType },
            // With auto-upgrade on GKE owns the version (ignored after creation): no roll from cvmkit.
            ...(pool.autoUpgrade ? {} : { version: version ?? "" }),
            capacity: {
                spot: args.spot ?? false,
                serviceAccount: args.serviceAccount ?? "",
                oauthScopes: [
                    ...(args.oauthScopes ?? ["https://www.googleapis.com/auth/cloud-platform"]),
                ],
                guestAccelerators: (args.guestAccelerators ?? []).map((a) => ({ ...a })),
            },
        },
        parent,
        [nodePool],
        pulumi.interpolate`cloud.google.com/gke-nodepool=${nodePool.name}`,
    );
    return { nodePool, nodeRolls };
}

/**
 * A GKE Standard node pool ready for CVMs: image type `UBUNTU_CONTAINERD`, Secure Boot off, 4+ vCPU machine
 * type without GPU, the CVM node label, `sysbox-install=yes` when the Sysbox runtime is on, an optional
 * `NO_SCHEDULE` taint, a 100 GB boot disk, autoscaling on total node counts (`minSize`/`maxSize` count the
 * whole pool, also on regional clusters). COS images, GPUs and `autoUpgrade: false` on a release channel are
 * refused before anything is registered (or, for a looked-up cluster, when the lookup returns); Autopilot
 * clusters are refused by {@link Cluster}.
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
        const pool = assertInputs(() => resolveNodePoolArgs(args));
        super(SYSBOX_NODE_POOL_TYPE, name, {}, opts);
        if (opts.urn) return;
        const created = createNodePool(name, args, pool, this);
        this.nodePool = created.nodePool;
        this.nodePoolName = this.nodePool.name;
        this.nodeSelector = pulumi.output({ ...pool.nodeSelector });
        this.tolerations = pulumi.output(pool.tolerations.map((t) => ({ ...t })));
        this.registerOutputs({
            nodePoolName: this.nodePoolName,
            nodeSelector: this.nodeSelector,
            tolerations: this.tolerations,
            nodeRolls: created.nodeRolls,
        });
    }
}
