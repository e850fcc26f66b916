/**
 * `cvmkit/azure`: AKS agent pools and clusters ready for CVMs. Loads only
 * `@pulumi/azure-native/containerservice` and `@pulumi/azure-native/authorization`; without
 * `@pulumi/azure-native` installed it fails with a message that says so. The public API is listed by name;
 * the resolvers and resource builders the stack shares (`resolve*Args`, `create*`, `findCluster`) stay in
 * their modules. `api/azure.api.md` is the reviewed report of this list.
 */
import "./require-sdk";
export {
    AksClusterInfo,
    AzurePolicyExclusionArgs,
    BASELINE_DEFAULT_EXCLUDED_NAMESPACES,
    ClusterArgs,
    POD_SECURITY_BASELINE_INITIATIVE,
    POLICY_EFFECTS,
    PolicyEffect,
    SysboxNodePoolArgs,
    UBUNTU_OS_SKUS,
    UbuntuOsSku,
} from "./rules";
export { KUBELOGIN_MODES, KubeloginMode } from "./kubelogin";
export { SYSBOX_NODE_POOL_TYPE, SysboxNodePool } from "./node-pool";
export { Cluster, CLUSTER_TYPE } from "./cluster";
