import * as pulumi from "@pulumi/pulumi";
import { CvmStack } from "cvmkit/stack";

const config = new pulumi.Config();

const stack = new CvmStack("cvm", {
    cloud: "gcp",
    cluster: {
        kubernetesVersion: config.get("kubernetesVersion") ?? "1.33",
        location: config.get("location") ?? "europe-west1-b",
    },
    nodePool: { machineType: "e2-standard-4", minSize: 1, maxSize: 2, taint: true },
    cvm: { sysboxRuntime: { enabled: true } },
});

export const clusterName = stack.clusterName;
export const kubeconfig = stack.kubeconfig;
export const namespace = stack.namespace;
export const runtimeClassName = stack.runtimeClassName;
export const nodeSelector = stack.nodeSelector;
export const tolerations = stack.tolerations;
export const supervisorPodTemplate = stack.supervisorPodTemplate;
