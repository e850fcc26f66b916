import * as containerservice from "@pulumi/azure-native/containerservice";
import * as pulumi from "@pulumi/pulumi";
import { assertInputs } from "../kubernetes/input-errors";
import { AKS_NETWORK_PROFILE, cloudVersionOf, KubernetesVersion } from "../compat";
import { convertKubeconfig } from "./kubelogin";
import { ClusterArgs, resolveClusterArgs } from "./rules";

/**
 * The `cvmkit/azure` `Cluster` component: a minimal AKS cluster, or an existing one looked up, with its
 * kubeconfig.
 */

/** The type token of {@link Cluster}. */
export const CLUSTER_TYPE = "cvmkit:azure:Cluster";

/** The outputs {@link createCluster} / {@link findCluster} produce. */
export interface AksClusterData {
    readonly clusterName: pulumi.Output<string>;
    readonly clusterId: pulumi.Output<string>;
    readonly kubernetesVersion: pulumi.Output<string>;
    readonly azurePolicyEnabled: pulumi.Output<boolean>;
    /** Microsoft Entra ID (AAD) integration is on. */
    readonly aadEnabled: pulumi.Output<boolean>;
    readonly cluster?: containerservice.ManagedCluster;
}

/**
 * The cluster fields cvmkit sets only at creation: `agentPoolProfiles` (CVM pools are separate `AgentPool`
 * resources) and `networkProfile` (changing the network plugin, mode or dataplane of an existing cluster is a
 * migration that reimages every node, or is refused by AKS; a cluster created by an older cvmkit has no network
 * profile in its inputs and keeps its network). `ignoreChanges` keeps the state's value on updates and uses the
 * program's on create.
 *
 * @see https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/
 * @see https://learn.microsoft.com/azure/aks/upgrade-aks-ipam-and-dataplane
 */
export const AKS_CREATE_TIME_FIELDS = ["agentPoolProfiles", "networkProfile"] as const;

/**
 * Creates a minimal AKS cluster: system-assigned identity, RBAC, one system pool (Ubuntu, no CVMs), the Azure
 * Policy add-on when asked, and (unless `enforceNetworkPolicy: false`) Azure CNI Overlay with the Cilium
 * dataplane, which enforces NetworkPolicies. Changes to {@link AKS_CREATE_TIME_FIELDS} are ignored after creation.
 */
export function createCluster(
    name: string,
    args: ClusterArgs,
    version: KubernetesVersion,
    parent: pulumi.Resource,
): AksClusterData {
    const kubernetesVersion = cloudVersionOf("aks", version);
    const cluster = new containerservice.ManagedCluster(
        name,
        {
            resourceGroupName: args.resourceGroupName,
            ...(args.location !== undefined ? { location: args.location } : {}),
            dnsPrefix:
                args.dnsPrefix ??
                name
                    .toLowerCase()
                    .replace(/[^a-z0-9-]/g, "-")
                    .slice(0, 40),
            kubernetesVersion,
            enableRBAC: true,
            identity: { type: "SystemAssigned" },
            agentPoolProfiles: [
                {
                    name: "system",
                    mode: "System",
                    type: "VirtualMachineScaleSets",
                    osType: "Linux",
                    osSKU: "Ubuntu",
                    vmSize: args.systemVmSize ?? "Standard_D2s_v5",
                    count: args.systemNodeCount ?? 1,
                    orchestratorVersion: kubernetesVersion,
                },
            ],
            addonProfiles: {
                azurepolicy: { enabled: args.azurePolicy ?? false },
            },
            ...((args.enforceNetworkPolicy ?? true)
                ? { networkProfile: { ...AKS_NETWORK_PROFILE } }
                : {}),
            tags: { ...(args.tags ?? {}) },
        },
        { parent, ignoreChanges: [...AKS_CREATE_TIME_FIELDS] },
    );
    return {
        clusterName: cluster.name,
        clusterId: cluster.id,
        kubernetesVersion: cluster.currentKubernetesVersion,
        azurePolicyEnabled: pulumi.output(args.azurePolicy ?? false),
        aadEnabled: pulumi.output(false),
        cluster,
    };
}

/** Looks up an existing AKS cluster. */
export function findCluster(
    resourceGroupName: pulumi.Input<string>,
    name: pulumi.Input<string>,
    parent: pulumi.Resource,
): AksClusterData {
    const found = containerservice.getManagedClusterOutput(
        { resourceGroupName, resourceName: name },
        { parent },
    );
    return {
        clusterName: found.name,
        clusterId: found.id,
        kubernetesVersion: found.currentKubernetesVersion,
        azurePolicyEnabled: found.apply((c) => c.addonProfiles?.["azurepolicy"]?.enabled ?? false),
        aadEnabled: found.apply((c) => c.aadProfile !== undefined && c.aadProfile !== null),
    };
}

/**
 * An AKS cluster for CVM node pools: a minimal new cluster with a system pool, or an existing cluster by name.
 * The kubeconfig comes from the cluster's user credentials (base64-decoded, secret), or is the one you pass
 * (`kubeconfig`). On clusters with Microsoft Entra ID it runs `kubelogin`, switched from the interactive device
 * login to `kubeloginMode` (default `azurecli`) so that the Pulumi Kubernetes provider does not hang. Its outputs
 * fit {@link SysboxNodePoolArgs.cluster}: pools take the control plane version and the Azure Policy add-on state
 * from it.
 *
 * @example
 * const cluster = new Cluster("cvm", { resourceGroupName: rg.name, kubernetesVersion: "1.33" });
 */
export class Cluster extends pulumi.ComponentResource {
    /** The resource group. */
    public readonly resourceGroupName!: pulumi.Output<string>;
    /** The managed cluster name. */
    public readonly clusterName!: pulumi.Output<string>;
    /** The managed cluster's resource id. */
    public readonly clusterId!: pulumi.Output<string>;
    /** The control plane's Kubernetes version (`currentKubernetesVersion`). */
    public readonly kubernetesVersion!: pulumi.Output<string>;
    /** Whether the Azure Policy add-on is on. */
    public readonly azurePolicyEnabled!: pulumi.Output<boolean>;
    /** Whether Microsoft Entra ID (AAD) integration is on (the kubeconfig then needs `kubelogin`). */
    public readonly aadEnabled!: pulumi.Output<boolean>;
    /** Kubeconfig from the cluster's user credentials (secret). */
    public readonly kubeconfig!: pulumi.Output<string>;
    /** The created managed cluster, when this component created one. */
    public readonly cluster?: containerservice.ManagedCluster;

    constructor(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const checked = assertInputs(() => resolveClusterArgs(args));
        super(CLUSTER_TYPE, name, {}, opts);
        if (opts.urn) return;
        const data = args.existing
            ? findCluster(args.resourceGroupName, args.existing.name, this)
            : createCluster(name, args, checked.version!, this);
        this.cluster = data.cluster;
        this.resourceGroupName = pulumi.output(args.resourceGroupName);
        this.clusterName = data.clusterName;
        this.clusterId = data.clusterId;
        this.kubernetesVersion = data.kubernetesVersion;
        this.azurePolicyEnabled = data.azurePolicyEnabled;
        this.aadEnabled = data.aadEnabled;
        const mode = args.kubeloginMode ?? "azurecli";
        this.kubeconfig = pulumi.secret(
            args.kubeconfig !== undefined
                ? pulumi.output(args.kubeconfig)
                : containerservice
                      .listManagedClusterUserCredentialsOutput(
                          {
                              resourceGroupName: args.resourceGroupName,
                              resourceName: data.clusterName,
                          },
                          { parent: this },
                      )
                      .kubeconfigs.apply((k) =>
                          convertKubeconfig(
                              Buffer.from(k[0]?.value ?? "", "base64").toString("utf8"),
                              mode,
                          ),
                      ),
        );
        this.registerOutputs({
            resourceGroupName: this.resourceGroupName,
            clusterName: this.clusterName,
            clusterId: this.clusterId,
            kubernetesVersion: this.kubernetesVersion,
            azurePolicyEnabled: this.azurePolicyEnabled,
            aadEnabled: this.aadEnabled,
            kubeconfig: this.kubeconfig,
        });
    }
}
