/**
 * `cvmkit/azure`: AKS agent pools and clusters ready for CVMs. Loads only
 * `@pulumi/azure-native/containerservice` and `@pulumi/azure-native/authorization`; without
 * `@pulumi/azure-native` installed it fails with a message that says so.
 */
import "./require-sdk";
export {
    AksClusterInfo,
    assertOsSkuSupports,
    aksTaint,
    AzurePolicyExclusionArgs,
    BASELINE_DEFAULT_EXCLUDED_NAMESPACES,
    ClusterArgs,
    DEFAULT_CVM_NAMESPACE,
    DEFAULT_INSTALLER_NAMESPACE,
    POD_SECURITY_BASELINE_INITIATIVE,
    PolicyEffect,
    resolveClusterArgs,
    ResolvedAksNodePool,
    resolveNodePoolArgs,
    SysboxNodePoolArgs,
    UbuntuOsSku,
} from "./rules";
export {
    convertKubeconfig,
    KUBELOGIN_MODES,
    kubeloginArgs,
    KubeloginMode,
    usesEntraId,
} from "./kubelogin";
export { createNodePool, SYSBOX_NODE_POOL_TYPE, SysboxNodePool } from "./node-pool";
export { AksClusterData, Cluster, CLUSTER_TYPE, createCluster, findCluster } from "./cluster";
