import type * as pulumi from "@pulumi/pulumi";
import {
    assertArgs,
    CvmkitConfigError,
    KubernetesVersion,
    resolveCreateOrExisting,
} from "../compat";
import { KUBELOGIN_MODES, KubeloginMode } from "./kubelogin";

/** Pure rules of the `cvmkit/azure` cluster. Nothing here loads the Azure SDK. */

/** Arguments to create or find an AKS cluster with {@link Cluster}. */
export interface ClusterArgs {
    /** The resource group of the cluster (created beforehand; cvmkit does not load the resources SDK). */
    readonly resourceGroupName: pulumi.Input<string>;
    /**
     * Use an existing AKS cluster of this name instead of creating one.
     * @default create a cluster
     */
    readonly existing?: {
        /** The managed cluster name. */
        readonly name: pulumi.Input<string>;
    };
    /** Kubernetes version of a new cluster, e.g. `1.33`; required when creating. */
    readonly kubernetesVersion?: string;
    /**
     * Azure region of a new cluster.
     * @default the resource group's location
     */
    readonly location?: pulumi.Input<string>;
    /**
     * DNS prefix of a new cluster.
     * @default derived from the resource name
     */
    readonly dnsPrefix?: pulumi.Input<string>;
    /**
     * VM size of the system pool (no CVMs run there).
     * @default "Standard_D2s_v5"
     */
    readonly systemVmSize?: string;
    /**
     * Nodes in the system pool.
     * @default 1
     */
    readonly systemNodeCount?: number;
    /**
     * Turn on the Azure Policy add-on of a new cluster.
     * @default false
     */
    readonly azurePolicy?: boolean;
    /**
     * Enforce NetworkPolicies in a new cluster (cvmkit's workspace policies keep pods from the node's credentials
     * only where something enforces them) with Azure CNI Powered by Cilium: `networkProfile` `networkPlugin: azure`,
     * `networkPluginMode: overlay`, `networkDataplane: cilium`, `networkPolicy: cilium` (Linux nodes; Azure Network
     * Policy Manager is being retired on Linux and kubenet is retired). With `false` the network profile is left to
     * AKS's defaults, with no enforcement. The network profile is chosen at creation: cvmkit ignores later changes of
     * it, so a cluster created by an older cvmkit, or with `false`, keeps its network (moving an existing cluster
     * to Cilium reimages every node: `az aks update --network-dataplane cilium`).
     * @see https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium
     * @default true
     */
    readonly enforceNetworkPolicy?: boolean;
    /**
     * Tags of a new cluster.
     * @default {}
     */
    readonly tags?: Readonly<Record<string, string>>;
    /**
     * A kubeconfig to use instead of the cluster's user credentials (e.g. one you converted with `kubelogin`, or
     * admin credentials). Used as given: no credentials are listed.
     * @default the cluster's user credentials (`listManagedClusterUserCredentials`)
     */
    readonly kubeconfig?: pulumi.Input<string>;
    /**
     * How the kubeconfig of a cluster with Microsoft Entra ID (AAD) logs in: its `kubelogin get-token --login`
     * mode. AKS returns `devicecode`, which waits for a person to open a browser — the Pulumi Kubernetes provider
     * would hang — so cvmkit rewrites it, as `kubelogin convert-kubeconfig -l <mode>` does. `kubelogin` must be
     * on the PATH wherever the kubeconfig is used. Kubeconfigs without Entra ID are not touched.
     * @default "azurecli" (the identity of `az login`, also in CI after `az login --service-principal`)
     */
    readonly kubeloginMode?: KubeloginMode;
}

const CREATE_ONLY_KEYS: readonly (keyof ClusterArgs)[] = [
    "kubernetesVersion",
    "location",
    "dnsPrefix",
    "systemVmSize",
    "systemNodeCount",
    "azurePolicy",
    "enforceNetworkPolicy",
];

/** Checks {@link ClusterArgs}; returns the parsed version when creating. */
export function resolveClusterArgs(args: ClusterArgs): { version?: KubernetesVersion } {
    assertArgs(
        args,
        "pass { resourceGroupName, kubernetesVersion } or { resourceGroupName, existing: { name } }",
    );
    if (!args.resourceGroupName) {
        throw new CvmkitConfigError(
            "resourceGroupName",
            args.resourceGroupName,
            "is required",
            "pass the resource group of the cluster",
        );
    }
    if (
        args.kubeloginMode !== undefined &&
        !(KUBELOGIN_MODES as readonly string[]).includes(args.kubeloginMode)
    ) {
        throw new CvmkitConfigError(
            "kubeloginMode",
            args.kubeloginMode,
            `not a kubelogin login mode (${KUBELOGIN_MODES.join(", ")})`,
            'use "azurecli" (az login), "spn", "msi" or "workloadidentity"',
        );
    }
    const version = resolveCreateOrExisting(args, {
        names: (e) => !!e && !!(e as { name?: unknown }).name,
        field: "existing.name",
        value: (e) => (e as { name?: unknown } | null)?.name,
        reason: "is required",
        fix: "pass the AKS cluster name",
        createOnly: CREATE_ONLY_KEYS,
        existingHint: "existing: { name }",
    });
    if (version === undefined) return {};
    assertSystemPool(args);
    if (args.enforceNetworkPolicy !== undefined && typeof args.enforceNetworkPolicy !== "boolean") {
        throw new CvmkitConfigError(
            "enforceNetworkPolicy",
            args.enforceNetworkPolicy,
            "must be true or false",
            "leave it out (true) or pass false",
        );
    }
    return { version };
}

function assertSystemPool(args: ClusterArgs): void {
    const count = args.systemNodeCount ?? 1;
    if (!Number.isInteger(count) || count < 1) {
        throw new CvmkitConfigError(
            "systemNodeCount",
            count,
            "must be a whole number ≥ 1",
            "use 1 (or 3 for production)",
        );
    }
}
