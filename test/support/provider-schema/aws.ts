import type { ComponentSource } from "./index";

/** Schema type token → [source file, exported TypeScript type]: the types of `cvmkit/aws` and its CvmStack shapes. */
export const AWS_SOURCES: Readonly<Record<string, readonly [string, string]>> = {
    "cvmkit:aws:EksClusterInfo": ["lib/aws/rules.ts", "EksClusterInfo"],
    "cvmkit:aws:UbuntuAmiFamily": ["lib/aws/ami.ts", "UbuntuAmiFamily"],
    "cvmkit:aws:CapacityType": ["lib/aws/rules.ts", "CapacityType"],
    "cvmkit:index:AwsStackCluster": ["lib/aws/cluster-rules.ts", "ClusterArgs"],
    "cvmkit:aws:ExistingCluster": ["lib/aws/cluster-rules.ts", "ClusterArgs.existing"],
    "cvmkit:aws:IpFamily": ["lib/aws/cluster-rules.ts", "ClusterArgs.ipFamily"],
    "cvmkit:index:AwsStackNodePool": ["lib/stack/args.ts", "AwsStackNodePoolArgs"],
};

export const AWS_COMPONENT_SOURCES: Readonly<Record<string, ComponentSource>> = {
    "cvmkit:aws:SysboxNodeGroup": {
        args: ["lib/aws/rules.ts", "SysboxNodeGroupArgs"],
        component: ["lib/aws/node-group.ts", "SysboxNodeGroup"],
    },
};
