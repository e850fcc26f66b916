import type * as pulumi from "@pulumi/pulumi";
import {
    assertArgs,
    assertNoGpu,
    assertChoice,
    assertCvmMachineSize,
    cloudVersionOf,
    CpuArchitecture,
    assertCvmDiskSize,
    CvmkitConfigError,
    CvmNodePoolCommonArgs,
    gcpAcceleratorGpu,
    ResolvedNodePool,
    resolveNodePool,
} from "../compat";

export * from "./cluster-rules";

/**
 * Pure rules of `cvmkit/gcp` node pools: argument checks and defaults (the cluster rules and the kubeconfig are
 * in `cluster-rules.ts`). Nothing here loads the GCP SDK.
 */

/** The GKE cluster a node pool joins; {@link Cluster} has these outputs. */
export interface GkeClusterInfo {
    /** The cluster name (or its full id). */
    readonly clusterName: pulumi.Input<string>;
    /**
     * The cluster's location (region or zone).
     * @default the provider's location
     */
    readonly location?: pulumi.Input<string>;
    /**
     * The cluster's project.
     * @default the provider's project
     */
    readonly project?: pulumi.Input<string>;
    /**
     * The control plane's Kubernetes version: a pool version newer than it is refused, and with the Sysbox
     * runtime on (and no pool version) the installer's range is checked against it.
     * @default none
     */
    readonly kubernetesVersion?: pulumi.Input<string>;
    /**
     * The cluster's release channel (`UNSPECIFIED` when it is on none): `autoUpgrade: false` is refused on a
     * channel, as GKE refuses it.
     * @default unknown: `autoUpgrade: false` is then refused (pass `"UNSPECIFIED"` for a cluster on no channel)
     */
    readonly releaseChannel?: pulumi.Input<string>;
    /**
     * The cluster has Workload Identity on. Then the pool's nodes run the GKE metadata server
     * (`workloadMetadataConfig.mode: GKE_METADATA`), which hides the node service account's credentials
     * from pods; without it they keep `GCE_METADATA` and only the NetworkPolicy blocks the metadata server.
     * @default false (a {@link Cluster} sets it: true when it created the cluster)
     */
    readonly workloadIdentity?: pulumi.Input<boolean>;
}

/** A GPU / accelerator attached to GKE nodes. */
export interface GuestAcceleratorArgs {
    /** Accelerator type, e.g. `nvidia-l4`. */
    readonly type: string;
    /** Number of accelerators per node. */
    readonly count: number;
}

/** The GKE image types that run Sysbox. */
export type GkeImageType = (typeof GKE_IMAGE_TYPES)[number];
/** The {@link GkeImageType}s. */
export const GKE_IMAGE_TYPES = ["UBUNTU_CONTAINERD"] as const;

/** Arguments of {@link SysboxNodePool}. */
export interface SysboxNodePoolArgs extends CvmNodePoolCommonArgs {
    /** The cluster to add the pool to: a {@link Cluster}, or its name, location and project. */
    readonly cluster: GkeClusterInfo;
    /**
     * Machine type with 4+ vCPU and no GPU.
     * @default "e2-standard-4"
     */
    readonly machineType?: string;
    /**
     * Node image: only `UBUNTU_CONTAINERD` runs Sysbox (COS cannot; Docker-based `UBUNTU` is gone since GKE 1.24).
     * Matched case-insensitively, as GKE does (`ubuntu_containerd` is accepted and sent upper-case).
     * @default "UBUNTU_CONTAINERD"
     */
    readonly imageType?: GkeImageType | Lowercase<GkeImageType>;
    /**
     * Boot disk size in GB.
     * @default 100
     */
    readonly diskSizeGb?: number;
    /**
     * Boot disk type.
     * @default "pd-balanced"
     */
    readonly diskType?: string;
    /**
     * Accelerators per node. GPUs are refused: NVIDIA GPUs work in CVMs on bare metal only, AMD GPUs not at all.
     * @default none
     */
    readonly guestAccelerators?: readonly GuestAcceleratorArgs[];
    /**
     * Use Spot VMs.
     * @default false
     */
    readonly spot?: boolean;
    /**
     * Service account of the nodes.
     * @default the Compute Engine default service account
     */
    readonly serviceAccount?: pulumi.Input<string>;
    /**
     * OAuth scopes of the nodes.
     * @default ["https://www.googleapis.com/auth/cloud-platform"]
     */
    readonly oauthScopes?: readonly string[];
    /**
     * Zones of the nodes.
     * @default the cluster's zones
     */
    readonly nodeLocations?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Let GKE upgrade the nodes. While it does, the pool's `version` is set only at creation and its later drift
     * is ignored (GKE owns it; a managed `version` would fight every upgrade). Upgrades may leave the Sysbox
     * installer's Kubernetes range. `false` is refused on clusters enrolled in a release channel (every cluster
     * cvmkit creates is, on `REGULAR` unless told otherwise): GKE rejects it there.
     * @default true
     */
    readonly autoUpgrade?: boolean;
    /**
     * Minimum number of nodes of the whole pool, all zones together (`autoscaling.totalMinNodeCount`): a regional
     * cluster does not get three times the nodes.
     * @default 1
     */
    readonly minSize?: number;
    /**
     * Maximum number of nodes of the whole pool, all zones together (`autoscaling.totalMaxNodeCount`).
     * @default 3, or minSize when that is larger
     */
    readonly maxSize?: number;
    /**
     * Nodes of the whole pool at creation, spread over its zones (`initialNodeCount` is per zone: this divided by
     * the zone count, rounded up; a regional cluster without `nodeLocations` counts as three zones, GKE's default).
     * @default minSize, at least 1
     */
    readonly desiredSize?: number;
}

/** The checked {@link SysboxNodePoolArgs}. */
export interface ResolvedGkeNodePool extends ResolvedNodePool {
    /** The pool version as GKE takes it, when given. */
    readonly gkeVersion?: string;
    readonly autoUpgrade: boolean;
    readonly machineType: string;
    readonly imageType: GkeImageType;
    readonly architecture?: CpuArchitecture;
    readonly diskSizeGb: number;
    readonly diskType: string;
}

const REFUSED_IMAGE_TYPES: Readonly<Record<string, string>> = {
    COS_CONTAINERD:
        "Container-Optimized OS cannot run Sysbox (read-only root, no apt; Coder's COS option does not enable CVMs)",
    COS: "Container-Optimized OS cannot run Sysbox",
    cos: "Container-Optimized OS cannot run Sysbox",
    UBUNTU: "the Docker-based UBUNTU image is not offered since GKE 1.24",
    WINDOWS: "Sysbox is Linux-only",
};

/** GKE release channels on which node auto-upgrade cannot be turned off. */
export function channelForcesAutoUpgrade(channel: string | undefined): boolean {
    return (channel ?? "").toUpperCase() !== "UNSPECIFIED";
}

/** The error for `autoUpgrade: false` on a release channel. */
export function autoUpgradeChannelError(channel: string | undefined): CvmkitConfigError {
    return new CvmkitConfigError(
        "autoUpgrade",
        false,
        channel === undefined
            ? "GKE rejects autoUpgrade false on clusters enrolled in a release channel, and the cluster's channel is not known"
            : `GKE rejects autoUpgrade false on clusters enrolled in a release channel; this cluster is on ${channel}`,
        channel === undefined
            ? 'leave autoUpgrade on, or pass cluster.releaseChannel "UNSPECIFIED" for a cluster on no channel'
            : "leave autoUpgrade on (use a maintenance exclusion to hold upgrades), or move the cluster off the release channel",
    );
}

/** Checks {@link SysboxNodePoolArgs} (everything that is not an `Input`) and fills in defaults. */
export function resolveNodePoolArgs(args: SysboxNodePoolArgs): ResolvedGkeNodePool {
    assertArgs(args, "pass { cluster, machineType }");
    if (!args.cluster || typeof args.cluster !== "object" || !args.cluster.clusterName) {
        throw new CvmkitConfigError(
            "cluster",
            args.cluster,
            "is required",
            "pass a cvmkit/gcp Cluster, or { clusterName, location, project }",
        );
    }
    const pool = resolveNodePool(args);
    const rawImage: unknown = args.imageType ?? "UBUNTU_CONTAINERD";
    const imageType = assertChoice(
        "imageType",
        typeof rawImage === "string" ? rawImage.toUpperCase() : rawImage,
        GKE_IMAGE_TYPES,
        REFUSED_IMAGE_TYPES,
        'use imageType "UBUNTU_CONTAINERD" (Ubuntu with containerd)',
    );
    const machineType = args.machineType ?? "e2-standard-4";
    const size = assertCvmMachineSize("gcp", machineType, "machineType", args.vcpus);
    (args.guestAccelerators ?? []).forEach((a, i) => {
        assertNoGpu(gcpAcceleratorGpu(a?.type ?? ""), `guestAccelerators[${i}].type`, a?.type);
    });
    const diskSizeGb = assertCvmDiskSize(
        "diskSizeGb",
        args.diskSizeGb ?? 100,
        "boot disk",
        "GB",
        100,
    );
    const autoUpgrade = args.autoUpgrade ?? true;
    if (typeof autoUpgrade !== "boolean") {
        throw new CvmkitConfigError(
            "autoUpgrade",
            autoUpgrade,
            "must be true or false",
            "pass true",
        );
    }
    const channel = args.cluster.releaseChannel;
    if (!autoUpgrade && (channel === undefined || typeof channel === "string")) {
        if (channelForcesAutoUpgrade(channel)) throw autoUpgradeChannelError(channel);
    }
    return {
        ...pool,
        ...(pool.version ? { gkeVersion: cloudVersionOf("gke", pool.version) } : {}),
        autoUpgrade,
        machineType,
        imageType,
        ...(size.architecture ? { architecture: size.architecture } : {}),
        diskSizeGb,
        diskType: args.diskType ?? "pd-balanced",
    };
}
