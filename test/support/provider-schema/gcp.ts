import type { ComponentSource } from "./index";

/** Schema type token → [source file, exported TypeScript type]: the types of `cvmkit/gcp` and its CvmStack shapes. */
export const GCP_SOURCES: Readonly<Record<string, readonly [string, string]>> = {
    "cvmkit:gcp:GkeClusterInfo": ["lib/gcp/rules.ts", "GkeClusterInfo"],
    "cvmkit:gcp:GuestAccelerator": ["lib/gcp/rules.ts", "GuestAcceleratorArgs"],
    "cvmkit:index:GcpStackCluster": ["lib/gcp/cluster-rules.ts", "ClusterArgs"],
    "cvmkit:gcp:ExistingCluster": ["lib/gcp/cluster-rules.ts", "ClusterArgs.existing"],
    "cvmkit:gcp:ReleaseChannel": ["lib/gcp/cluster-rules.ts", "ReleaseChannel"],
    "cvmkit:index:GcpStackNodePool": ["lib/stack/args.ts", "GcpStackNodePoolArgs"],
};

export const GCP_COMPONENT_SOURCES: Readonly<Record<string, ComponentSource>> = {
    "cvmkit:gcp:SysboxNodePool": {
        args: ["lib/gcp/rules.ts", "SysboxNodePoolArgs"],
        component: ["lib/gcp/node-pool.ts", "SysboxNodePool"],
    },
};
