import type { ComponentSource } from "./index";

/** Schema type token → [source file, exported TypeScript type]: the types of `cvmkit/azure` and its CvmStack shapes. */
export const AZURE_SOURCES: Readonly<Record<string, readonly [string, string]>> = {
    "cvmkit:azure:AksClusterInfo": ["lib/azure/rules.ts", "AksClusterInfo"],
    "cvmkit:azure:AzurePolicyExclusion": ["lib/azure/rules.ts", "AzurePolicyExclusionArgs"],
    "cvmkit:azure:PolicyEffect": ["lib/azure/rules.ts", "PolicyEffect"],
    "cvmkit:azure:UbuntuOsSku": ["lib/azure/rules.ts", "UbuntuOsSku"],
    "cvmkit:azure:KubeloginMode": ["lib/azure/kubelogin.ts", "KubeloginMode"],
    "cvmkit:index:AzureStackCluster": ["lib/azure/cluster-rules.ts", "ClusterArgs"],
    "cvmkit:azure:ExistingCluster": ["lib/azure/cluster-rules.ts", "ClusterArgs.existing"],
    "cvmkit:index:AzureStackNodePool": ["lib/stack/args.ts", "AzureStackNodePoolArgs"],
};

export const AZURE_COMPONENT_SOURCES: Readonly<Record<string, ComponentSource>> = {
    "cvmkit:azure:SysboxNodePool": {
        args: ["lib/azure/rules.ts", "SysboxNodePoolArgs"],
        component: ["lib/azure/node-pool.ts", "SysboxNodePool"],
    },
};
