/**
 * CNI and NetworkPolicy add-on DaemonSets shaped like their upstream manifests (name, namespace, the
 * containers with their images and args that tell the implementation and its settings); each fixture names
 * its source file. Valid objects: the doctor's e2e test applies them to a real kube-apiserver.
 */
import type { DaemonSet } from "kubernetes-types/apps/v1";
import type { Container } from "kubernetes-types/core/v1";

/** A DaemonSet with the upstream name, namespace and containers (images, args) that matter here. */
export function ds(namespace: string, name: string, containers: Container[]): DaemonSet {
    return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name, namespace },
        spec: {
            selector: { matchLabels: { "k8s-app": name } },
            template: { metadata: { labels: { "k8s-app": name } }, spec: { containers } },
        },
    };
}

const ECR = "602401143452.dkr.ecr.us-west-2.amazonaws.com";

/** The upstream DaemonSets, one per fixture, each with its source. */
export const CNI_DAEMONSETS = {
    /** aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml at f3efb24 (v1.14.0: agent present, policy off). */
    vpcCni114Off: ds("kube-system", "aws-node", [
        { name: "aws-node", image: `${ECR}/amazon-k8s-cni:v1.13.4` },
        {
            name: "aws-eks-nodeagent",
            image: `${ECR}/amazon/aws-network-policy-agent:v1.0.1`,
            args: [
                "--enable-ipv6=false",
                "--enable-network-policy=false",
                "--enable-cloudwatch-logs=false",
            ],
        },
    ]),
    /** aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/templates/daemonset.yaml with enableNetworkPolicy "true" (the add-on's configuration value). */
    vpcCniOn: ds("kube-system", "aws-node", [
        { name: "aws-node", image: `${ECR}/amazon-k8s-cni:v1.19.2` },
        {
            name: "aws-eks-nodeagent",
            image: `${ECR}/amazon/aws-network-policy-agent:v1.1.6`,
            args: [
                "--enable-ipv6=false",
                "--enable-network-policy=true",
                "--enable-cloudwatch-logs=false",
                "--enable-policy-event-logs=false",
                "--metrics-bind-addr=:8162",
                "--health-probe-bind-addr=:8163",
            ],
        },
    ]),
    /** aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml before v1.14.0: no network policy agent. */
    vpcCni113: ds("kube-system", "aws-node", [
        { name: "aws-node", image: `${ECR}/amazon-k8s-cni:v1.13.4` },
    ]),
    /** projectcalico/calico manifests/calico-policy-only.yaml (calico-node for policy beside another CNI). */
    calicoPolicyOnly: ds("kube-system", "calico-node", [
        { name: "calico-node", image: "docker.io/calico/node:v3.29.1" },
    ]),
    /** Calico installed by the tigera operator: calico-node in calico-system (the AKS/GKE Calico layout). */
    calicoOperator: ds("calico-system", "calico-node", [
        { name: "calico-node", image: "quay.io/calico/node:v3.29.1" },
    ]),
    /** projectcalico/calico manifests/canal.yaml (Flannel networking, Calico policy). */
    canal: ds("kube-system", "canal", [
        { name: "calico-node", image: "docker.io/calico/node:v3.29.1" },
        { name: "kube-flannel", image: "quay.io/coreos/flannel:v0.15.1" },
    ]),
    /** cilium/cilium install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml (AKS's Cilium dataplane is this DaemonSet in kube-system). */
    cilium: ds("kube-system", "cilium", [
        {
            name: "cilium-agent",
            image: "quay.io/cilium/cilium:v1.16.5",
            command: ["cilium-agent"],
            args: ["--config-dir=/tmp/cilium/config-map"],
        },
    ]),
    /** GKE Dataplane V2's agent (https://cloud.google.com/kubernetes-engine/docs/how-to/dataplane-v2: the anetd DaemonSet; its pod spec is not published, the name is what counts). */
    anetd: ds("kube-system", "anetd", [
        { name: "cilium-agent", image: "gke.gcr.io/cilium/cilium:v1.15.7-gke.100" },
    ]),
    /** GKE's own DaemonSet on every Standard cluster with Workload Identity (tells the cloud). */
    gkeMetadata: ds("kube-system", "gke-metadata-server", [
        { name: "gke-metadata-server", image: "gke.gcr.io/gke-metadata-server:v0.4.301" },
    ]),
    /** AKS's cloud-node-manager (tells the cloud; kubernetes-sigs/cloud-provider-azure). */
    aksNodeManager: ds("kube-system", "cloud-node-manager", [
        {
            name: "cloud-node-manager",
            image: "mcr.microsoft.com/oss/kubernetes/azure-cloud-node-manager:v1.31.1",
        },
    ]),
    /** Azure/azure-container-networking npm/azure-npm.yaml. */
    azureNpm: ds("kube-system", "azure-npm", [
        { name: "azure-npm", image: "mcr.microsoft.com/containernetworking/azure-npm:v1.5.45" },
    ]),
    /** cloudnativelabs/kube-router daemonset/kubeadm-kuberouter.yaml. */
    kubeRouter: ds("kube-system", "kube-router", [
        {
            name: "kube-router",
            image: "docker.io/cloudnativelabs/kube-router",
            args: ["--run-router=true", "--run-firewall=true", "--run-service-proxy=false"],
        },
    ]),
    /** antrea-io/antrea build/yamls/antrea.yml (DaemonSet antrea-agent). */
    antrea: ds("kube-system", "antrea-agent", [
        {
            name: "antrea-agent",
            image: "antrea/antrea-agent-ubuntu:v2.2.0",
            command: ["antrea-agent"],
        },
        { name: "antrea-ovs", image: "antrea/antrea-agent-ubuntu:v2.2.0", command: ["start_ovs"] },
    ]),
    /** weaveworks/weave prog/weave-kube/weave-daemonset-k8s-1.11.yaml. */
    weave: ds("kube-system", "weave-net", [
        {
            name: "weave",
            image: "docker.io/weaveworks/weave-kube:2.8.1",
            command: ["/home/weave/launch.sh"],
        },
        { name: "weave-npc", image: "docker.io/weaveworks/weave-npc:2.8.1" },
    ]),
    /** flannel-io/flannel Documentation/kube-flannel.yml. */
    flannel: ds("kube-flannel", "kube-flannel-ds", [
        {
            name: "kube-flannel",
            image: "docker.io/flannel/flannel:v0.26.1",
            command: ["/opt/bin/flanneld"],
            args: ["--ip-masq", "--kube-subnet-mgr"],
        },
    ]),
    /** kubernetes-sigs/kind pkg/build/nodeimage/const_cni.go at 991ac8d. */
    kindnetOld: ds("kube-system", "kindnet", [
        { name: "kindnet-cni", image: "docker.io/kindest/kindnetd:v20230809-80a64d96" },
    ]),
    /** kind v0.24.0+'s kindnetd (kubernetes-sigs/kind pull/3698 bumped it to carry kube-network-policies). */
    kindnetNew: ds("kube-system", "kindnet", [
        { name: "kindnet-cni", image: "docker.io/kindest/kindnetd:v20241108-5c6d2daf" },
    ]),
    /** kubernetes-sigs/kind pkg/build/nodeimage/const_network_policy.go. */
    kubeNetworkPolicies: ds("kube-system", "kube-network-policies", [
        {
            name: "kube-network-policies",
            image: "registry.k8s.io/networking/kube-network-policies:v0.2.0",
            args: ["/bin/netpol", "-v", "2"],
        },
    ]),
    /** A CNI the doctor does not know. */
    unknownCni: ds("kube-system", "acme-cni", [{ name: "acme", image: "acme/cni:1" }]),
} satisfies Record<string, DaemonSet>;
