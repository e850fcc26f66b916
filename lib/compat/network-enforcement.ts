import type { KubernetesVersion } from "./version";

/**
 * NetworkPolicy enforcement per managed cloud: the one setting each cloud shell turns on when it creates a
 * cluster, and the way to turn enforcement on for a cluster that already exists (what `cvmkit doctor`
 * names when it finds no enforcing implementation). Pure data with upstream sources.
 */

/** The managed clouds cvmkit creates clusters on. */
export type EnforcementCloud = "eks" | "gke" | "aks";

/** How one cloud enforces NetworkPolicies. */
export interface NetworkEnforcementSetting {
    /** The cloud's name for the implementation. */
    readonly implementation: string;
    /** What cvmkit sets when it creates a cluster (the pinned Pulumi provider field and value). */
    readonly created: string;
    /** Whether the setting can only be chosen when the cluster is created. */
    readonly createTimeOnly: boolean;
    /** How to turn enforcement on for an existing cluster. */
    readonly existing: string;
    /** Where the rule is written down. */
    readonly source: string;
}

/** The EKS add-on that enforces NetworkPolicies (its node agent runs in the `aws-node` DaemonSet). */
export const VPC_CNI_ADDON = "vpc-cni";

/**
 * The `vpc-cni` add-on configuration that turns on its network policy agent. On IPv6 clusters the managed
 * add-on sets the agent's `--enable-ipv6=true` itself (aws/aws-network-policy-agent pull/655).
 */
export const VPC_CNI_NETWORK_POLICY_VALUES = { enableNetworkPolicy: "true" } as const;

/**
 * The oldest Kubernetes minor on which the VPC CNI enforces NetworkPolicies (VPC CNI 1.14+, whose network
 * policy controller runs in the EKS control plane from 1.25).
 */
export const EKS_NETWORK_POLICY_MIN: KubernetesVersion = { major: 1, minor: 25, raw: "1.25" };

/** GKE's datapath provider that is Dataplane V2 (Cilium-based; enforces NetworkPolicies built in). */
export const GKE_DATAPLANE_V2 = "ADVANCED_DATAPATH";

/**
 * The AKS network profile cvmkit creates: Azure CNI Overlay with the Cilium dataplane, which enforces
 * NetworkPolicies with Cilium (`networkPolicy: cilium` requires `networkDataplane: cilium`).
 */
export const AKS_NETWORK_PROFILE = {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkDataplane: "cilium",
    networkPolicy: "cilium",
} as const;

/** Per cloud: what enforces NetworkPolicies, what cvmkit sets, and how to turn it on later. */
export const NETWORK_ENFORCEMENT: { readonly [C in EnforcementCloud]: NetworkEnforcementSetting } =
    {
        eks: {
            implementation: "the Amazon VPC CNI network policy agent",
            created: `aws.eks.Addon "${VPC_CNI_ADDON}" with configurationValues ${JSON.stringify(VPC_CNI_NETWORK_POLICY_VALUES)} (resolveConflictsOnCreate OVERWRITE, preserve true)`,
            createTimeOnly: false,
            existing: `aws eks create-addon (or update-addon) --cluster-name <name> --addon-name ${VPC_CNI_ADDON} --resolve-conflicts OVERWRITE --configuration-values '${JSON.stringify(VPC_CNI_NETWORK_POLICY_VALUES)}' (Kubernetes ${EKS_NETWORK_POLICY_MIN.raw}+, VPC CNI 1.14+, node kernel 5.10+)`,
            source: "https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html",
        },
        gke: {
            implementation: "GKE Dataplane V2 (anetd)",
            created: `gcp.container.Cluster datapathProvider "${GKE_DATAPLANE_V2}"`,
            createTimeOnly: true,
            existing:
                "Dataplane V2 cannot be turned on for an existing cluster; turn on GKE network policy enforcement (Calico): gcloud container clusters update <name> --update-addons=NetworkPolicy=ENABLED, then gcloud container clusters update <name> --enable-network-policy (recreates the node pools)",
            source: "https://cloud.google.com/kubernetes-engine/docs/how-to/dataplane-v2; https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy",
        },
        aks: {
            implementation: "Azure CNI Powered by Cilium",
            created: `azure-native.containerservice.ManagedCluster networkProfile ${JSON.stringify(AKS_NETWORK_PROFILE)}`,
            createTimeOnly: true,
            existing:
                "on an Azure CNI Overlay cluster: az aks update -g <group> -n <name> --network-dataplane cilium (reimages every node); a kubenet cluster is first moved to overlay (az aks update --network-plugin azure --network-plugin-mode overlay --pod-cidr <cidr>)",
            source: "https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium; https://learn.microsoft.com/azure/aks/upgrade-aks-ipam-and-dataplane",
        },
    };
