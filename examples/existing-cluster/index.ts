import * as pulumi from "@pulumi/pulumi";
import { CvmStack } from "cvmkit/stack";

const config = new pulumi.Config();
const kubernetesVersion = config.get("kubernetesVersion");
const context = config.get("context");

// Supervisor mode: no node install; privileged supervisor pods are admitted in the CVM namespace only.
const stack = new CvmStack("cvm", {
    cloud: "existing",
    ...(kubernetesVersion ? { kubernetesVersion } : {}),
    ...(context ? { context } : {}),
    cvm: { namespace: "cvm-workspaces", supervisor: { caching: "none" } },
});

export const namespace = stack.namespace;
export const serviceAccountName = stack.serviceAccountName;
export const nodeSelector = stack.nodeSelector;
export const supervisorPodTemplate = stack.supervisorPodTemplate;
