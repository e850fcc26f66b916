import * as container from "@pulumi/gcp/container";
import * as organizations from "@pulumi/gcp/organizations";
import * as pulumi from "@pulumi/pulumi";
import { assertInputs } from "../kubernetes/input-errors";
import { cloudVersionOf, GKE_DATAPLANE_V2, KubernetesVersion } from "../compat";
import { autopilotError, ClusterArgs, gkeKubeconfig, resolveClusterArgs } from "./rules";

/**
 * The `cvmkit/gcp` `Cluster` component: a minimal GKE Standard cluster, or an existing one looked up, with its
 * kubeconfig.
 */

/** The type token of {@link Cluster}. */
export const CLUSTER_TYPE = "cvmkit:gcp:Cluster";

/** The outputs {@link createCluster} / {@link findCluster} produce. */
export interface GkeClusterData {
    readonly clusterName: pulumi.Output<string>;
    readonly location: pulumi.Output<string>;
    readonly project: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly clusterCaCertificate: pulumi.Output<string>;
    readonly kubernetesVersion: pulumi.Output<string>;
    /** The release channel, `UNSPECIFIED` when on none. */
    readonly releaseChannel: pulumi.Output<string>;
    /** Workload Identity is on (a workload pool is set), so node pools can use the GKE metadata server. */
    readonly workloadIdentity: pulumi.Output<boolean>;
    readonly cluster?: container.Cluster;
}

/**
 * The cluster fields that only take effect at creation: `datapathProvider` is immutable in GKE and the provider
 * replaces the cluster when it changes (terraform-provider-google ForceNew since magic-modules pull/6657), so a
 * cluster created without Dataplane V2 (by an older cvmkit, or with `enforceNetworkPolicy: false`) is never
 * replaced for it. `ignoreChanges` keeps the value of the state on updates and uses the program's on create.
 *
 * @see https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/
 */
export const GKE_CREATE_TIME_FIELDS = ["datapathProvider"] as const;

/**
 * Creates a minimal GKE Standard cluster: default node pool removed (node pools are added separately), the
 * given version as `minMasterVersion`, a release channel, deletion protection off unless asked, Workload
 * Identity on (`<project>.svc.id.goog`), so that CVM node pools can hide the node's credentials from pods, and
 * (unless `enforceNetworkPolicy: false`) Dataplane V2, which enforces NetworkPolicies.
 */
export function createCluster(
    name: string,
    args: ClusterArgs,
    kubernetesVersion: KubernetesVersion,
    parent: pulumi.Resource,
): GkeClusterData {
    const channel = args.releaseChannel ?? "REGULAR";
    const project =
        args.project !== undefined
            ? pulumi.output(args.project)
            : organizations.getClientConfigOutput({ parent }).project;
    const cluster = new container.Cluster(
        name,
        {
            location: args.location!,
            ...(args.project !== undefined ? { project: args.project } : {}),
            ...(args.network !== undefined ? { network: args.network } : {}),
            ...(args.subnetwork !== undefined ? { subnetwork: args.subnetwork } : {}),
            minMasterVersion: cloudVersionOf("gke", kubernetesVersion),
            releaseChannel: { channel },
            enableAutopilot: false,
            removeDefaultNodePool: true,
            initialNodeCount: 1,
            deletionProtection: args.deletionProtection ?? false,
            workloadIdentityConfig: { workloadPool: pulumi.interpolate`${project}.svc.id.goog` },
            ...((args.enforceNetworkPolicy ?? true) ? { datapathProvider: GKE_DATAPLANE_V2 } : {}),
        },
        { parent, ignoreChanges: [...GKE_CREATE_TIME_FIELDS] },
    );
    return {
        clusterName: cluster.name,
        location: cluster.location,
        project: cluster.project,
        endpoint: cluster.endpoint,
        clusterCaCertificate: cluster.masterAuth.apply((a) => a.clusterCaCertificate ?? ""),
        kubernetesVersion: cluster.masterVersion,
        releaseChannel: pulumi.output(channel),
        workloadIdentity: pulumi.output(true),
        cluster,
    };
}

/**
 * Passes a looked-up cluster through, or throws an `InputPropertyError` for an Autopilot cluster (its nodes
 * always run COS and it rejects privileged pods).
 */
export function assertNotAutopilot<T extends { enableAutopilot: boolean; name: string }>(
    cluster: T,
): T {
    if (cluster.enableAutopilot) {
        const err = autopilotError("existing.name", cluster.name);
        throw new pulumi.InputPropertyError({ propertyPath: err.field, reason: err.message });
    }
    return cluster;
}

/**
 * Looks up an existing GKE cluster. The lookup result is checked: an Autopilot cluster fails the preview
 * with a {@link CvmkitConfigError}-style message.
 */
export function findCluster(
    existing: NonNullable<ClusterArgs["existing"]>,
    parent: pulumi.Resource,
): GkeClusterData {
    const found = container
        .getClusterOutput(
            {
                name: existing.name,
                location: existing.location,
                ...(existing.project !== undefined ? { project: existing.project } : {}),
            },
            { parent },
        )
        .apply(assertNotAutopilot);
    return {
        clusterName: found.name,
        location: found.apply((c) => c.location ?? ""),
        project: found.apply((c) => c.project ?? ""),
        endpoint: found.endpoint,
        clusterCaCertificate: found.masterAuths.apply((a) => a[0]?.clusterCaCertificate ?? ""),
        kubernetesVersion: found.masterVersion,
        releaseChannel: found.releaseChannels.apply((r) => r[0]?.channel || "UNSPECIFIED"),
        workloadIdentity: found.apply((c) =>
            (c.workloadIdentityConfigs ?? []).some((w) => (w.workloadPool ?? "") !== ""),
        ),
    };
}

/**
 * A GKE Standard cluster for CVM node pools: a minimal new cluster (default pool removed, kubeconfig using
 * `gke-gcloud-auth-plugin`), or an existing cluster looked up by name and location. Autopilot is refused —
 * `enableAutopilot: true` before anything is registered, an existing Autopilot cluster when the lookup
 * returns. Its outputs fit {@link SysboxNodePoolArgs.cluster}.
 *
 * @example
 * const cluster = new Cluster("cvm", { kubernetesVersion: "1.33", location: "europe-west1-b" });
 */
export class Cluster extends pulumi.ComponentResource {
    /** The cluster name. */
    public readonly clusterName!: pulumi.Output<string>;
    /** The cluster location. */
    public readonly location!: pulumi.Output<string>;
    /** The cluster project. */
    public readonly project!: pulumi.Output<string>;
    /** The API server address (IP or host, no scheme). */
    public readonly endpoint!: pulumi.Output<string>;
    /** The control plane's Kubernetes version (`masterVersion`). */
    public readonly kubernetesVersion!: pulumi.Output<string>;
    /** The release channel (`UNSPECIFIED` when on none); node pools check `autoUpgrade` against it. */
    public readonly releaseChannel!: pulumi.Output<string>;
    /** Kubeconfig using `gke-gcloud-auth-plugin` (secret). */
    public readonly kubeconfig!: pulumi.Output<string>;
    /** Workload Identity is on: always for a created cluster; as found for an existing one. */
    public readonly workloadIdentity!: pulumi.Output<boolean>;
    /** The created `gcp.container.Cluster`, when this component created one. */
    public readonly cluster?: container.Cluster;

    constructor(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const checked = assertInputs(() => resolveClusterArgs(args));
        super(CLUSTER_TYPE, name, {}, opts);
        if (opts.urn) return;
        const data = args.existing
            ? findCluster(args.existing, this)
            : createCluster(name, args, checked.version!, this);
        this.cluster = data.cluster;
        this.clusterName = data.clusterName;
        this.location = data.location;
        this.project = data.project;
        this.endpoint = data.endpoint;
        this.kubernetesVersion = data.kubernetesVersion;
        this.releaseChannel = data.releaseChannel;
        this.workloadIdentity = data.workloadIdentity;
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([
                    data.project,
                    data.location,
                    data.clusterName,
                    data.endpoint,
                    data.clusterCaCertificate,
                ])
                .apply(([project, location, clusterName, endpoint, clusterCaCertificate]) =>
                    gkeKubeconfig({
                        contextName: `gke_${project}_${location}_${clusterName}`,
                        endpoint,
                        clusterCaCertificate,
                    }),
                ),
        );
        this.registerOutputs({
            clusterName: this.clusterName,
            location: this.location,
            project: this.project,
            endpoint: this.endpoint,
            kubernetesVersion: this.kubernetesVersion,
            releaseChannel: this.releaseChannel,
            workloadIdentity: this.workloadIdentity,
            kubeconfig: this.kubeconfig,
        });
    }
}
