/**
 * `cvmkit/gcp`: GKE Standard node pools and clusters ready for CVMs. Loads only `@pulumi/gcp/container`; without
 * `@pulumi/gcp` installed it fails with a message that says so.
 * The public API is listed by name; the resolvers and resource builders the stack shares
 * (`resolve*Args`, `create*`, `findCluster`) stay in their modules. `api/gcp.api.md` is the reviewed
 * report of this list.
 */
import "./require-sdk";
export {
    ClusterArgs,
    GkeClusterInfo,
    GKE_IMAGE_TYPES,
    GkeImageType,
    gkeKubeconfig,
    GkeKubeconfigInput,
    GuestAcceleratorArgs,
    RELEASE_CHANNELS,
    ReleaseChannel,
    SysboxNodePoolArgs,
} from "./rules";
export { SYSBOX_NODE_POOL_TYPE, SysboxNodePool } from "./node-pool";
export { assertNotAutopilot, Cluster, CLUSTER_TYPE } from "./cluster";
