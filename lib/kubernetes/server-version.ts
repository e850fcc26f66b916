import { ServerVersionInfo } from "../compat";
import { createClient, KubeClient } from "../client/client";

/**
 * Reading the cluster from a Pulumi program: its `/version` and a client, each with a timeout.
 */

/** How long `CvmCluster` waits for the cluster when reading `/version` or inspecting objects. */
export const CLUSTER_READ_TIMEOUT_MS = 30_000;

/** Rejects when `promise` has not settled after `ms` milliseconds. */
export function withTimeout<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
            () => reject(new Error(`${what} did not answer within ${ms / 1000} s`)),
            ms,
        );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A read-only client for the cluster of a kubeconfig (the default kubeconfig when none is given), with the
 * kubeconfig's own authentication (tokens, client certificates, exec plugins).
 *
 * @param kubeconfig kubeconfig contents (YAML or JSON); `undefined` loads `$KUBECONFIG` or `~/.kube/config`.
 * @param context the context to use; defaults to the kubeconfig's current context.
 */
export function clusterClient(kubeconfig?: string, context?: string): Promise<KubeClient> {
    return createClient({
        ...(kubeconfig ? { kubeconfigData: kubeconfig } : {}),
        ...(context ? { context } : {}),
    });
}

/**
 * Reads `/version` from the cluster of a kubeconfig, giving up after `timeoutMs`.
 *
 * @param kubeconfig kubeconfig contents (YAML or JSON); `undefined` loads `$KUBECONFIG` or `~/.kube/config`.
 * @param context the context to use; defaults to the kubeconfig's current context.
 */
export async function fetchServerVersion(
    kubeconfig?: string,
    context?: string,
    timeoutMs = CLUSTER_READ_TIMEOUT_MS,
): Promise<ServerVersionInfo> {
    const read = async (): Promise<ServerVersionInfo> => {
        const client = await clusterClient(kubeconfig, context);
        const res = await client.get<ServerVersionInfo>("/version");
        if (res.status !== 200) {
            throw new Error(`GET ${client.server}/version answered HTTP ${res.status}`);
        }
        const { gitVersion, major, minor } = res.body;
        return { gitVersion, major, minor };
    };
    return withTimeout("the cluster's /version", read(), timeoutMs);
}
