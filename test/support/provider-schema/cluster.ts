import type { ComponentSource } from "./index";

/** Schema type token → [source file, exported TypeScript type (or Interface.property)]: CvmCluster's types. */
export const CLUSTER_SOURCES: Readonly<Record<string, readonly [string, string]>> = {
    "cvmkit:kubernetes:SupervisorConfig": ["lib/manifests/config.ts", "SupervisorConfig"],
    "cvmkit:kubernetes:ResourceQuantities": ["lib/manifests/config.ts", "ResourceQuantities"],
    "cvmkit:kubernetes:CachingMode": ["lib/manifests/config.ts", "CachingMode"],
    "cvmkit:kubernetes:SysboxRuntimeConfig": ["lib/manifests/config.ts", "SysboxRuntimeConfig"],
    "cvmkit:kubernetes:UserNamespaceMode": ["lib/manifests/config.ts", "UserNamespaceMode"],
    "cvmkit:kubernetes:PolicyEnginesConfig": ["lib/manifests/config.ts", "PolicyEnginesConfig"],
    "cvmkit:kubernetes:GatekeeperConfig": ["lib/manifests/config.ts", "GatekeeperConfig"],
    "cvmkit:kubernetes:GatekeeperConstraintRef": [
        "lib/manifests/config.ts",
        "GatekeeperConstraintRef",
    ],
    "cvmkit:kubernetes:KyvernoConfig": ["lib/manifests/config.ts", "KyvernoConfig"],
    "cvmkit:kubernetes:KyvernoPolicyRef": ["lib/manifests/config.ts", "KyvernoPolicyRef"],
    "cvmkit:kubernetes:KyvernoApiVersion": ["lib/manifests/config.ts", "KyvernoConfig.apiVersion"],
    "cvmkit:kubernetes:NetworkPolicyConfig": ["lib/manifests/config.ts", "NetworkPolicyConfig"],
    "cvmkit:kubernetes:ValidationAction": ["lib/manifests/config.ts", "ValidationAction"],
    "cvmkit:kubernetes:NamespaceDeletionPolicy": [
        "lib/kubernetes/lifecycle.ts",
        "NamespaceDeletionPolicy",
    ],
};

export const CLUSTER_COMPONENT_SOURCES: Readonly<Record<string, ComponentSource>> = {
    "cvmkit:kubernetes:CvmCluster": {
        args: ["lib/kubernetes/cvm-cluster.ts", "CvmClusterArgs"],
        component: ["lib/kubernetes/cvm-cluster.ts", "CvmCluster"],
        notInSchema: ["nodeDependencies"],
    },
};
