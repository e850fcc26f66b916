import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { CvmStack } from "cvmkit/stack";

const config = new pulumi.Config();
const group = new resources.ResourceGroup("cvm", {
    location: config.get("location") ?? "westeurope",
});

const stack = new CvmStack("cvm", {
    cloud: "azure",
    cluster: {
        resourceGroupName: group.name,
        kubernetesVersion: config.get("kubernetesVersion") ?? "1.33",
        azurePolicy: true,
    },
    nodePool: { vmSize: "Standard_D4s_v5", osSKU: "Ubuntu", minSize: 1, maxSize: 2 },
    cvm: { sysboxRuntime: { enabled: true } },
});

export const resourceGroupName = group.name;
export const clusterName = stack.clusterName;
export const kubeconfig = stack.kubeconfig;
export const namespace = stack.namespace;
export const runtimeClassName = stack.runtimeClassName;
export const supervisorPodTemplate = stack.supervisorPodTemplate;
