"""CvmStack and the cloud pools through the generated Python SDK (run under mocks by test/e2e/sdks.test.ts):
the discriminated `cloud` union, a cloud's typed cluster and node pool shapes, a bool-or-object taint."""
import pulumi_cvmkit as cvmkit
from pulumi_cvmkit import aws, gcp
from pulumi_cvmkit import kubernetes as cvm_kubernetes

stack = cvmkit.CvmStack(
    "eks",
    cloud=cvmkit.StackCloud.AWS,
    cluster=cvmkit.AwsStackClusterArgs(kubernetes_version="1.33", subnet_ids=["subnet-a", "subnet-b"]),
    node_pool=cvmkit.AwsStackNodePoolArgs(instance_types=["m6i.xlarge"], taint=True, max_size=5),
    cvm=cvmkit.StackCvmArgs(
        namespace="cvm-workspaces",
        sysbox_runtime=cvm_kubernetes.SysboxRuntimeConfigArgs(enabled=True),
    ),
)

pool = gcp.SysboxNodePool(
    "gke-pool",
    cluster=gcp.GkeClusterInfoArgs(cluster_name="lab", location="europe-west1-b", kubernetes_version="1.33"),
    machine_type="n2-standard-8",
    taint=gcp.CvmTaintArgs(key="cvm", value="yes"),
    sysbox_runtime=gcp.NodePoolSysboxArgs(enabled=True),
)
