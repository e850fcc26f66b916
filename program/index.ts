/**
 * The top-level Pulumi program: `CvmStack` from stack config. `cvmkit:cloud` selects the shape — `existing`
 * (the default: the cluster of a kubeconfig), `aws`, `gcp` or `azure` (a new or existing managed cluster and
 * a Sysbox-ready node pool). See Pulumi.example.yaml and Pulumi.<cloud>.yaml for every key.
 */
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { CvmStack, CvmStackArgs } from "../lib/stack";

const config = new pulumi.Config("cvmkit");

/** `cvmkit:kubeconfig` is a path or inline kubeconfig (YAML or JSON). */
function kubeconfigFromConfig(): string | undefined {
    const value = config.get("kubeconfig");
    if (!value) return undefined;
    return value.includes("\n") || value.trimStart().startsWith("{")
        ? value
        : readFileSync(value, "utf8");
}

/** Keeps only the keys that are set, so the components' defaults apply. */
function defined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function argsFromConfig(): CvmStackArgs {
    const cloud = config.get("cloud") ?? "existing";
    const cvm = config.getObject<CvmStackArgs["cvm"]>("cvm");
    if (cloud === "existing") {
        const kubeconfig = kubeconfigFromConfig();
        return defined({
            cloud,
            kubeconfig: kubeconfig === undefined ? undefined : pulumi.secret(kubeconfig),
            context: config.get("context"),
            kubernetesVersion: config.get("kubernetesVersion"),
            clusterName: config.get("clusterName"),
            cvm,
        });
    }
    // aws | gcp | azure (anything else is refused by CvmStack with the list of clouds).
    return defined({
        cloud,
        cluster: config.getObject("cluster"),
        nodePool: config.getObject("nodePool"),
        cvm,
    }) as CvmStackArgs;
}

const stack = new CvmStack("cvmkit", argsFromConfig());

export const kubeconfig = stack.kubeconfig;
export const clusterName = stack.clusterName;
export const kubernetesVersion = stack.kubernetesVersion;
export const namespace = stack.namespace;
export const serviceAccountName = stack.serviceAccountName;
export const runtimeClassName = stack.runtimeClassName;
export const nodeSelector = stack.nodeSelector;
export const tolerations = stack.tolerations;
export const supervisorPodTemplate = stack.supervisorPodTemplate;
export const sysboxPodTemplate = stack.sysboxPodTemplate;
