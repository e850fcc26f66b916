import type * as pulumi from "@pulumi/pulumi";
import {
    assertArgs,
    assertChoice,
    CvmkitConfigError,
    execKubeconfig,
    KubernetesVersion,
    resolveCreateOrExisting,
} from "../compat";

/**
 * Pure rules of the `cvmkit/gcp` cluster: argument checks (GKE Standard only, create or existing) and the
 * `gke-gcloud-auth-plugin` kubeconfig. Nothing here loads the GCP SDK.
 */

/** GKE release channels. */
export type ReleaseChannel = (typeof RELEASE_CHANNELS)[number];
/** The {@link ReleaseChannel}s. */
export const RELEASE_CHANNELS = ["RAPID", "REGULAR", "STABLE", "EXTENDED", "UNSPECIFIED"] as const;

/** Arguments to create or find a GKE Standard cluster with {@link Cluster}. */
export interface ClusterArgs {
    /**
     * Use an existing GKE Standard cluster instead of creating one (`gcp.container.getCluster`). Autopilot
     * clusters are refused when the lookup returns.
     * @default create a cluster
     */
    readonly existing?: {
        /** Cluster name. */
        readonly name: pulumi.Input<string>;
        /** Region or zone. */
        readonly location: pulumi.Input<string>;
        /**
         * Project.
         * @default the provider's project
         */
        readonly project?: pulumi.Input<string>;
    };
    /** Kubernetes version of a new cluster (`minMasterVersion`), e.g. `1.33`; required when creating. */
    readonly kubernetesVersion?: string;
    /** Region or zone of a new cluster, e.g. `europe-west1-b`; required when creating. */
    readonly location?: string;
    /**
     * Project of a new cluster.
     * @default the provider's project
     */
    readonly project?: pulumi.Input<string>;
    /**
     * VPC network.
     * @default "default"
     */
    readonly network?: pulumi.Input<string>;
    /**
     * Subnetwork.
     * @default the network's subnetwork in the region
     */
    readonly subnetwork?: pulumi.Input<string>;
    /**
     * Release channel.
     * @default "REGULAR"
     */
    readonly releaseChannel?: ReleaseChannel;
    /**
     * Refuse `pulumi destroy` of the cluster.
     * @default false
     */
    readonly deletionProtection?: boolean;
    /**
     * Enforce NetworkPolicies in a new cluster (cvmkit's workspace policies keep pods from the node's credentials
     * only where something enforces them) with GKE Dataplane V2 (`datapathProvider: ADVANCED_DATAPATH`), which has
     * enforcement built in and runs on Ubuntu node pools. Dataplane V2 can only be chosen at creation (the provider
     * replaces a cluster whose `datapathProvider` changes), so cvmkit ignores later changes of the field: a cluster
     * created by an older cvmkit, or with `false`, keeps its datapath. Turning enforcement on there is
     * GKE's Calico network policy (`gcloud container clusters update --enable-network-policy`, which recreates the
     * node pools).
     * @see https://cloud.google.com/kubernetes-engine/docs/how-to/dataplane-v2
     * @default true
     */
    readonly enforceNetworkPolicy?: boolean;
    /**
     * Autopilot. Refused when `true`: Autopilot nodes always run COS and reject privileged pods.
     * @default false
     */
    readonly enableAutopilot?: boolean;
}

const CREATE_ONLY_KEYS: readonly (keyof ClusterArgs)[] = [
    "kubernetesVersion",
    "location",
    "project",
    "network",
    "subnetwork",
    "releaseChannel",
    "deletionProtection",
    "enforceNetworkPolicy",
];

/** The error for Autopilot clusters. */
export function autopilotError(field: string, value: unknown): CvmkitConfigError {
    return new CvmkitConfigError(
        field,
        value,
        "GKE Autopilot cannot run CVMs: its nodes always run COS and it rejects privileged pods",
        "use a GKE Standard cluster (enableAutopilot: false) with a UBUNTU_CONTAINERD node pool",
    );
}

/** Checks {@link ClusterArgs}; returns the parsed version when creating. */
export function resolveClusterArgs(args: ClusterArgs): { version?: KubernetesVersion } {
    assertArgs(args, "pass { kubernetesVersion, location } or { existing: { name, location } }");
    if (args.enableAutopilot === true) {
        throw autopilotError("enableAutopilot", true);
    }
    const version = resolveCreateOrExisting(args, {
        names: (e) => {
            const existing = e as { name?: unknown; location?: unknown } | null;
            return !!existing && !!existing.name && !!existing.location;
        },
        field: "existing",
        value: (e) => e,
        reason: "needs name and location",
        fix: 'pass { name: "my-cluster", location: "europe-west1" }',
        createOnly: CREATE_ONLY_KEYS,
        existingHint: "existing: { name, location }",
    });
    if (version === undefined) return {};
    if (args.enforceNetworkPolicy !== undefined && typeof args.enforceNetworkPolicy !== "boolean") {
        throw new CvmkitConfigError(
            "enforceNetworkPolicy",
            args.enforceNetworkPolicy,
            "must be true or false",
            "leave it out (true) or pass false",
        );
    }
    if (typeof args.location !== "string" || args.location === "") {
        throw new CvmkitConfigError(
            "location",
            args.location,
            "is required when creating a cluster",
            'pass a region or zone, e.g. "europe-west1-b" (a zone keeps the control plane free of regional charges)',
        );
    }
    assertChoice(
        "releaseChannel",
        args.releaseChannel ?? "REGULAR",
        RELEASE_CHANNELS,
        {},
        'use "REGULAR" or "STABLE"',
    );
    return { version };
}

/** What {@link gkeKubeconfig} needs. */
export interface GkeKubeconfigInput {
    readonly contextName: string;
    readonly endpoint: string;
    readonly clusterCaCertificate: string;
}

/**
 * A kubeconfig (JSON, valid YAML) that authenticates with `gke-gcloud-auth-plugin`, like
 * `gcloud container clusters get-credentials` writes.
 */
export function gkeKubeconfig(input: GkeKubeconfigInput): string {
    return execKubeconfig({
        name: input.contextName,
        server: `https://${input.endpoint}`,
        certificateAuthorityData: input.clusterCaCertificate,
        exec: {
            command: "gke-gcloud-auth-plugin",
            installHint:
                "Install gke-gcloud-auth-plugin: https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin",
            provideClusterInfo: true,
        },
    });
}
