/**
 * The top-level Pulumi program: makes the cluster of a kubeconfig ready for CVMs with `CvmCluster`,
 * configured from stack config (see Pulumi.example.yaml for every key).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import type { CvmClusterArgs } from "../lib/kubernetes";
import { CvmCluster } from "../lib/kubernetes";

const config = new pulumi.Config("cvmkit");

/** Reads the kubeconfig named by `cvmkit:kubeconfig` (a path or inline YAML), if any. */
function kubeconfigFromConfig(): string | undefined {
    const value = config.get("kubeconfig");
    if (!value) return undefined;
    return value.includes("\n") || value.trimStart().startsWith("{")
        ? value
        : readFileSync(value, "utf8");
}

const kubeconfig = kubeconfigFromConfig();
const context = config.get("context");
const provider =
    kubeconfig || context
        ? new k8s.Provider("cvmkit-k8s", {
              ...(kubeconfig ? { kubeconfig } : {}),
              ...(context ? { context } : {}),
              enableServerSideApply: true,
          })
        : undefined;

const args: CvmClusterArgs = {
    kubernetesVersion: config.get("kubernetesVersion"),
    namespace: config.get("namespace"),
    supervisor: config.getObject("supervisor"),
    sysboxRuntime: config.getObject("sysboxRuntime"),
    policyEngines: config.getObject("policyEngines"),
    nodeSelector: config.getObject("nodeSelector"),
    tolerations: config.getObject("tolerations"),
    labels: config.getObject("labels"),
    admissionPolicyActions: config.getObject("admissionPolicyActions"),
    ...(kubeconfig ? { kubeconfig: pulumi.secret(kubeconfig) } : {}),
    ...(context ? { context } : {}),
};
// Leave unset keys out so that the component's defaults apply.
const defined = Object.fromEntries(
    Object.entries(args).filter(([, v]) => v !== undefined),
) as CvmClusterArgs;

const cvm = new CvmCluster("cvmkit", defined, provider ? { provider } : {});

export const namespace = cvm.namespace;
export const serviceAccountName = cvm.serviceAccountName;
export const runtimeClassName = cvm.runtimeClassName;
export const nodeSelector = cvm.nodeSelector;
export const tolerations = cvm.tolerations;
export const supervisorPodTemplate = cvm.supervisorPodTemplate;
export const sysboxPodTemplate = cvm.sysboxPodTemplate;
export const kubernetesVersion = cvm.kubernetesVersion;
