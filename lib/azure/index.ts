/**
 * `cvmkit/azure`: AKS agent pools and clusters ready for CVMs. Loads only
 * `@pulumi/azure-native/containerservice` and `@pulumi/azure-native/authorization`. The public API is
 * listed by name; the resolvers and resource builders the stack shares (`resolve*Args`, `create*`,
 * `findCluster`) stay in their modules. `api/azure.api.md` is the reviewed report of this list.
 */
export {
    AksClusterInfo,
    AzurePolicyExclusionArgs,
    BASELINE_DEFAULT_EXCLUDED_NAMESPACES,
    ClusterArgs,
    POD_SECURITY_BASELINE_INITIATIVE,
    PolicyEffect,
    SysboxNodePoolArgs,
    UbuntuOsSku,
} from "./rules";
export { SYSBOX_NODE_POOL_TYPE, SysboxNodePool } from "./node-pool";
export { Cluster, CLUSTER_TYPE } from "./cluster";
