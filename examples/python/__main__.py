"""cvmkit from Python: an existing cluster made ready for CVMs through the generated Python SDK of the
cvmkit component package (the same CvmCluster as examples/yaml and the TypeScript API)."""
import pulumi
import pulumi_kubernetes as kubernetes
from pulumi_cvmkit import kubernetes as cvmkit

config = pulumi.Config()
kubeconfig = config.require_secret("kubeconfig")
k8s = kubernetes.Provider("k8s", kubeconfig=kubeconfig)
cvm = cvmkit.CvmCluster(
    "cvm",
    kubeconfig=kubeconfig,
    namespace="cvm-workspaces",
    supervisor=cvmkit.SupervisorConfigArgs(caching=cvmkit.CachingMode.NONE),
    tolerations=[
        kubernetes.core.v1.TolerationArgs(
            key="cvmkit.dev/cvm-node", operator="Equal", value="true", effect="NoSchedule"
        )
    ],
    opts=pulumi.ResourceOptions(providers=[k8s]),
)
pulumi.export("namespace", cvm.namespace)
pulumi.export("supervisorPodTemplate", cvm.supervisor_pod_template)
