/**
 * `cvmkit/aws`: EKS node groups and clusters ready for CVMs. Loads only the `@pulumi/aws` submodules it uses
 * (`eks`, `iam`, `ec2`, `ssm`), never the package root.
 */
export {
    bootstrapUserData,
    BootstrapInput,
    canonicalAmiParameter,
    CapacityType,
    ClusterArgs,
    EksClusterInfo,
    resolveClusterArgs,
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
    NodeGroupResources,
    SYSBOX_NODE_GROUP_TYPE,
    SysboxNodeGroup,
} from "./node-group";
export {
    Cluster,
    CLUSTER_ADMIN_POLICY,
    CLUSTER_TYPE,
    createCluster,
    eksKubeconfig,
    EksClusterData,
    EksKubeconfigInput,
    findCluster,
} from "./cluster";
