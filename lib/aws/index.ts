/**
 * `cvmkit/aws`: EKS node groups and clusters ready for CVMs. Loads only the `@pulumi/aws` submodules it uses
 * (`eks`, `iam`, `ec2`, `ssm`), never the package root; without `@pulumi/aws` installed it fails with a message
 * that says so. The public API is listed by name; the resolvers and resource builders the stack shares
 * (`resolve*Args`, `create*`, `findCluster`) stay in their modules. `api/aws.api.md` is the reviewed report of
 * this list.
 */
import "./require-sdk";
export {
    bootstrapUserData,
    BootstrapInput,
    canonicalAmiParameter,
    CAPACITY_TYPES,
    CapacityType,
    ClusterArgs,
    ClusterDnsFlags,
    clusterDnsFlags,
    EksClusterInfo,
    EKS_IP_FAMILIES,
    eksKubeconfig,
    EksKubeconfigInput,
    EksServiceNetwork,
    SysboxNodeGroupArgs,
    UBUNTU_AMI_FAMILIES,
    UBUNTU_AMI_FAMILY_NAMES,
    UbuntuAmiFamily,
} from "./rules";
export { NODE_ROLE_POLICIES, SYSBOX_NODE_GROUP_TYPE, SysboxNodeGroup } from "./node-group";
export { Cluster, CLUSTER_ADMIN_POLICY, CLUSTER_TYPE } from "./cluster";
