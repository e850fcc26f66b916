import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Cluster, SysboxNodeGroup } from "cvmkit/aws";
import { CvmCluster } from "cvmkit/kubernetes";

const config = new pulumi.Config();
const kubernetesVersion = config.get("kubernetesVersion") ?? "1.33";
const subnetIds = config.requireObject<string[]>("subnetIds");

// A minimal EKS cluster (IAM role, API access entries, kubeconfig using `aws eks get-token`).
const cluster = new Cluster("cvm", { kubernetesVersion, subnetIds });

// Ubuntu nodes from the Canonical EKS AMI, labelled sysbox-install=yes, tainted for CVMs only.
const nodes = new SysboxNodeGroup("cvm", {
    cluster,
    kubernetesVersion,
    instanceTypes: ["m6i.xlarge"],
    sysboxRuntime: { enabled: true },
    taint: true,
    minSize: 1,
    maxSize: 2,
});

const provider = new k8s.Provider("cvm", { kubeconfig: cluster.kubeconfig });

// Namespace, admission exemptions, Sysbox installer and RuntimeClass. Only the DaemonSets wait for the nodes.
const cvm = new CvmCluster(
    "cvm",
    {
        kubernetesVersion,
        sysboxRuntime: { enabled: true },
        nodeSelector: { "cvmkit.dev/cvm-node": "true" },
        tolerations: [
            { key: "cvmkit.dev/cvm-node", operator: "Equal", value: "true", effect: "NoSchedule" },
        ],
        nodeDependencies: [nodes],
    },
    { provider },
);

export const clusterName = cluster.clusterName;
export const kubeconfig = cluster.kubeconfig;
export const nodeGroupName = nodes.nodeGroupName;
export const amiId = nodes.amiId;
export const amiParameter = nodes.amiParameter;
export const namespace = cvm.namespace;
export const runtimeClassName = cvm.runtimeClassName;
export const sysboxPodTemplate = cvm.sysboxPodTemplate;
