import type { Node, Pod } from "kubernetes-types/core/v1";
import { CVM_NODE_LABEL, CVM_NODE_LABEL_VALUE } from "../compat";
import type { KubeClient, List } from "../client/client";
import { DoctorFinding, readApi } from "./findings";

/**
 * `nodes.rollout` (`cvmkit doctor --rollout`): what a roll of each CVM node pool would evict — the CVM pods
 * (of the CVM namespace) on its nodes, counted per pool. Read-only (lists nodes and the namespace's pods).
 */

/** The node labels that name a node's pool on EKS managed node groups, GKE and AKS. */
export const POOL_LABELS: readonly string[] = [
    "eks.amazonaws.com/nodegroup",
    "cloud.google.com/gke-nodepool",
    "kubernetes.azure.com/agentpool",
    "agentpool",
];

/** The pool label of a node, as `key=value` (the selector `kubectl cordon -l` takes), or the CVM label. */
export function poolOf(node: Node): string {
    const labels = node.metadata?.labels ?? {};
    for (const key of POOL_LABELS) {
        if (labels[key]) return `${key}=${labels[key]}`;
    }
    return `${CVM_NODE_LABEL}=${CVM_NODE_LABEL_VALUE}`;
}

/** True for a pod a roll would evict: not finished, bound to a node. */
function evictable(pod: Pod): boolean {
    const phase = pod.status?.phase;
    return Boolean(pod.spec?.nodeName) && phase !== "Succeeded" && phase !== "Failed";
}

/**
 * Counts, per CVM node pool (nodes labelled `cvmkit.dev/cvm-node=true`, or those of `nodeSelector`), the pods
 * of `namespace` a roll of that pool would evict, naming up to five of them.
 */
export async function checkRollout(
    client: KubeClient,
    namespace: string,
    nodeSelector: Readonly<Record<string, string>>,
): Promise<DoctorFinding[]> {
    const selector = Object.keys(nodeSelector).length
        ? nodeSelector
        : { [CVM_NODE_LABEL]: CVM_NODE_LABEL_VALUE };
    const query = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
    const nodes = await readApi<List<Node>>(
        client,
        `/api/v1/nodes?labelSelector=${encodeURIComponent(query)}`,
        "nodes.rollout",
        { resource: "nodes", what: "list nodes" },
    );
    if (nodes.failure) return [nodes.failure];
    const pods = await readApi<List<Pod>>(
        client,
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
        "nodes.rollout",
        { resource: "pods", what: `list pods in namespace ${namespace}` },
    );
    if (pods.failure) return [pods.failure];
    const pools = new Map<string, { nodes: string[]; pods: string[] }>();
    const poolOfNode = new Map<string, string>();
    for (const node of nodes.body.items ?? []) {
        const pool = poolOf(node);
        const name = node.metadata?.name ?? "";
        poolOfNode.set(name, pool);
        const entry = pools.get(pool) ?? { nodes: [], pods: [] };
        entry.nodes.push(name);
        pools.set(pool, entry);
    }
    if (pools.size === 0) {
        return [
            {
                check: "nodes.rollout",
                status: "ok",
                message: `no node labelled ${query}: a roll evicts no CVM pod`,
            },
        ];
    }
    for (const pod of pods.body.items ?? []) {
        if (!evictable(pod)) continue;
        const pool = poolOfNode.get(pod.spec!.nodeName!);
        if (pool) pools.get(pool)!.pods.push(pod.metadata?.name ?? "");
    }
    return [...pools.entries()].map(([pool, entry]) => {
        const n = entry.pods.length;
        const shown = entry.pods.slice(0, 5).join(", ") + (n > 5 ? `, … (${n - 5} more)` : "");
        return {
            check: "nodes.rollout" as const,
            status: n === 0 ? ("ok" as const) : ("warn" as const),
            subject: pool,
            message:
                n === 0
                    ? `a roll of this pool (${entry.nodes.length} node(s)) evicts no CVM pod`
                    : `a roll of this pool (${entry.nodes.length} node(s)) evicts ${n} CVM pod(s) in ${namespace}: ${shown}`,
            ...(n === 0
                ? {}
                : {
                      remedy: `before a change that replaces the nodes: kubectl cordon -l ${pool}, have users stop or move their workspaces, then kubectl drain <node> --ignore-daemonsets --delete-emptydir-data`,
                  }),
        };
    });
}
