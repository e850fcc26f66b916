import type * as pulumi from "@pulumi/pulumi";
import type * as awsRules from "../aws/rules";
import type * as azureRules from "../azure/rules";
import type * as gcpRules from "../gcp/rules";
import type { CvmClusterArgs } from "../kubernetes/cvm-cluster";

/**
 * Argument types of {@link CvmStack}. Type-only imports: no cloud SDK is loaded by this file.
 */

/** The clouds {@link CvmStack} can build on. */
export const STACK_CLOUDS = ["aws", "gcp", "azure", "existing"] as const;

/**
 * The cloud a {@link CvmStack} builds on (one of {@link STACK_CLOUDS}).
 *
 * - `aws`: EKS: a new cluster or `cluster.existing`, and a Canonical Ubuntu EKS node group.
 * - `gcp`: GKE Standard: a new cluster or `cluster.existing`, and a UBUNTU_CONTAINERD node pool.
 * - `azure`: AKS: a new cluster or `cluster.existing`, and an Ubuntu agent pool.
 * - `existing`: Any cluster reached through a kubeconfig: only the Kubernetes side.
 */
export type StackCloud = (typeof STACK_CLOUDS)[number];

/**
 * The `CvmCluster` settings inside a stack: everything but the version (taken from the cluster), the kubeconfig
 * (taken from the cluster) and the node dependencies (the stack's pool). `nodeSelector` and `tolerations` are
 * merged with the pool's.
 */
export type StackCvmArgs = Omit<
    CvmClusterArgs,
    "kubernetesVersion" | "kubeconfig" | "context" | "nodeDependencies"
>;

/** Settings every stack shape shares. */
export interface StackCommonArgs {
    /**
     * The CVM settings (namespace, supervisor, Sysbox runtime, admission engines, …) of the `CvmCluster`.
     * @default supervisor mode in namespace `cvm-workspaces`
     */
    readonly cvm?: StackCvmArgs;
}

/** Node pool settings of an EKS stack: {@link awsRules.SysboxNodeGroupArgs} without what the stack provides. */
export type AwsStackNodePoolArgs = Omit<
    awsRules.SysboxNodeGroupArgs,
    "cluster" | "kubernetesVersion" | "sysboxRuntime"
> & {
    /**
     * Node Kubernetes version; never newer than the control plane.
     * @default the cluster's `kubernetesVersion` (for an existing cluster: the looked-up control plane version)
     */
    readonly kubernetesVersion?: string;
};

/** A stack on EKS. */
export interface AwsStackArgs extends StackCommonArgs {
    /** The cloud; see {@link StackCloud}. */
    readonly cloud: "aws";
    /** Create a minimal EKS cluster, or `{ existing: { name } }` to use one. */
    readonly cluster: awsRules.ClusterArgs;
    /**
     * The CVM node group, or `false` for "no node pool: use the nodes I have" (only with `cluster.existing`:
     * then only the Kubernetes side is deployed; run `cvmkit doctor` to check that the nodes can run CVMs).
     * @default one m6i.xlarge node, Ubuntu 22.04
     */
    readonly nodePool?: AwsStackNodePoolArgs | false;
}

/** Node pool settings of a GKE stack. */
export type GcpStackNodePoolArgs = Omit<gcpRules.SysboxNodePoolArgs, "cluster" | "sysboxRuntime">;

/** A stack on GKE Standard. */
export interface GcpStackArgs extends StackCommonArgs {
    /** The cloud; see {@link StackCloud}. */
    readonly cloud: "gcp";
    /** Create a minimal GKE Standard cluster, or `{ existing: { name, location } }` to use one. */
    readonly cluster: gcpRules.ClusterArgs;
    /**
     * The CVM node pool, or `false` for "no node pool: use the nodes I have" (only with `cluster.existing`).
     * @default one e2-standard-4 node, UBUNTU_CONTAINERD
     */
    readonly nodePool?: GcpStackNodePoolArgs | false;
}

/** Node pool settings of an AKS stack. */
export type AzureStackNodePoolArgs = Omit<
    azureRules.SysboxNodePoolArgs,
    "cluster" | "sysboxRuntime"
>;

/** A stack on AKS. */
export interface AzureStackArgs extends StackCommonArgs {
    /** The cloud; see {@link StackCloud}. */
    readonly cloud: "azure";
    /** Create a minimal AKS cluster, or `{ resourceGroupName, existing: { name } }` to use one. */
    readonly cluster: azureRules.ClusterArgs;
    /**
     * The CVM agent pool, or `false` for "no node pool: use the nodes I have" (only with `cluster.existing`). The
     * baseline exclusion (CVM and installer namespaces) follows the cluster's Azure Policy add-on: `azurePolicy`
     * of a new cluster, the looked-up add-on state of an existing one; `nodePool.azurePolicy.enabled` overrides.
     * @default one Standard_D4s_v5 node, osSKU Ubuntu
     */
    readonly nodePool?: AzureStackNodePoolArgs | false;
}

/** A stack on a cluster you already run (any distribution), reached through a kubeconfig. */
export interface ExistingStackArgs extends StackCommonArgs {
    /** The cloud; see {@link StackCloud}. */
    readonly cloud: "existing";
    /**
     * Kubeconfig contents.
     * @default `$KUBECONFIG` or `~/.kube/config`
     */
    readonly kubeconfig?: pulumi.Input<string>;
    /**
     * Kubeconfig context.
     * @default the current context
     */
    readonly context?: string;
    /**
     * The cluster's Kubernetes version; give it so every check runs at preview.
     * @default read from the cluster's `/version`
     */
    readonly kubernetesVersion?: string;
    /**
     * A name for the cluster in the outputs.
     * @default the context, or "existing"
     */
    readonly clusterName?: string;
}

/** Arguments of {@link CvmStack}: a union on `cloud`. */
export type CvmStackArgs = AwsStackArgs | GcpStackArgs | AzureStackArgs | ExistingStackArgs;
