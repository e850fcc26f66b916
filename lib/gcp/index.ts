/**
 * `cvmkit/gcp`: GKE Standard node pools and clusters ready for CVMs. Loads only `@pulumi/gcp/container`; without
 * `@pulumi/gcp` installed it fails with a message that says so.
 */
import "./require-sdk";
export {
    autopilotError,
    autoUpgradeChannelError,
    channelForcesAutoUpgrade,
    ClusterArgs,
    GkeClusterInfo,
    GkeImageType,
    gkeKubeconfig,
    GkeKubeconfigInput,
    GuestAcceleratorArgs,
    ReleaseChannel,
    resolveClusterArgs,
    ResolvedGkeNodePool,
    resolveNodePoolArgs,
    SysboxNodePoolArgs,
} from "./rules";
export { createNodePool, SYSBOX_NODE_POOL_TYPE, SysboxNodePool, zoneCount } from "./node-pool";
export {
    assertNotAutopilot,
    Cluster,
    CLUSTER_TYPE,
    createCluster,
    findCluster,
    GkeClusterData,
} from "./cluster";
