/**
 * `cvmkit/aws`: EKS node groups and clusters ready for CVMs. Loads only the `@pulumi/aws` submodules it uses
 * (`eks`, `iam`, `ec2`, `ssm`), never the package root; without `@pulumi/aws` installed it fails with a message
 * that says so.
 */
import "./require-sdk";
export {
    bootstrapUserData,
    BootstrapInput,
    canonicalAmiParameter,
    CapacityType,
    ClusterArgs,
    ClusterDnsFlags,
    clusterDnsFlags,
    EksClusterInfo,
    eksKubeconfig,
    EksKubeconfigInput,
    EksServiceNetwork,
    NodeImage,
    regionOfArn,
    resolveClusterArgs,
    resolveNodeImage,
    resolveNodeGroupArgs,
    ResolvedNodeGroup,
    SysboxNodeGroupArgs,
    UBUNTU_AMI_FAMILIES,
    UbuntuAmiFamily,
    USER_DATA_BOUNDARY,
} from "./rules";
export {
    createNodeGroup,
    createNodeRole,
    NODE_ROLE_POLICIES,
    nodeImageOf,
    pinnedAmi,
    NodeGroupResources,
    SYSBOX_NODE_GROUP_TYPE,
    SysboxNodeGroup,
} from "./node-group";
export { pinImage, PinnedImage } from "./ami-pin";
export {
    Cluster,
    CLUSTER_ADMIN_POLICY,
    CLUSTER_TYPE,
    createCluster,
    EksClusterData,
    findCluster,
} from "./cluster";
