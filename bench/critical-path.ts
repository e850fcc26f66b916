/**
 * 3. Critical path: the longest chain of dependent resources, from the parent/dependency edges the recorded
 * mocks saw.
 *
 * How edges are counted: resource R waits for D when D's URN is among R's dependencies as sent to the engine
 * (explicit `dependsOn` plus property dependencies) or D is R's explicit provider. A dependency on a component
 * stands for every custom resource under it. Parents are not edges (a component parent orders nothing).
 * Provider resources (`pulumi:providers:*`) are links but not counted (they create nothing remotely).
 *
 * Two lengths are reported:
 * - `chain`: custom resources on the longest chain (every cloud/Kubernetes object counts 1);
 * - `slowSteps`: only the steps that take minutes count — the cluster, the node pool, and a DaemonSet
 *   becoming ready (the installer waits for Sysbox on every node). The design's minimum is
 *   cluster → pool → installer DaemonSet = 3 (1 for an existing cluster: the installer only).
 */
import type { GraphNode } from "./workers/program";

const CLUSTERS = new Set([
    "aws:eks/cluster:Cluster",
    "gcp:container/cluster:Cluster",
    "azure-native:containerservice:ManagedCluster",
]);
const POOLS = new Set([
    "aws:eks/nodeGroup:NodeGroup",
    "gcp:container/nodePool:NodePool",
    "azure-native:containerservice:AgentPool",
]);
const READY = new Set(["kubernetes:apps/v1:DaemonSet"]);

const isProvider = (n: GraphNode) => n.type.startsWith("pulumi:providers:");
const slow = (n: GraphNode) =>
    CLUSTERS.has(n.type) || POOLS.has(n.type) || READY.has(n.type) ? 1 : 0;

export interface CriticalPath {
    /** Custom resources on the longest chain (providers not counted). */
    readonly chain: number;
    /** Types along that chain, first to last. */
    readonly chainTypes: string[];
    /** Slow steps (cluster, pool, DaemonSet ready) on the chain with the most of them. */
    readonly slowSteps: number;
    readonly slowStepTypes: string[];
    /** Kubernetes objects (not DaemonSets) that wait for a node pool: should be none. */
    readonly nonDaemonSetsWaitingForPool: string[];
}

export function criticalPath(graph: readonly GraphNode[]): CriticalPath {
    const byUrn = new Map(graph.map((n) => [n.urn, n]));
    const children = new Map<string, GraphNode[]>();
    for (const n of graph) {
        if (n.parent) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
    }
    const customUnder = (urn: string): GraphNode[] =>
        (children.get(urn) ?? []).flatMap((c) => (c.custom ? [c] : customUnder(c.urn)));
    const waitsFor = new Map<string, GraphNode[]>();
    for (const n of graph) {
        if (!n.custom) continue;
        const deps = [...n.dependencies, ...(n.provider ? [n.provider] : [])];
        const out: GraphNode[] = [];
        for (const u of new Set(deps)) {
            const d = byUrn.get(u);
            if (!d) continue;
            out.push(...(d.custom ? [d] : customUnder(d.urn)));
        }
        waitsFor.set(n.urn, out);
    }
    const longest = (weight: (n: GraphNode) => number) => {
        const memo = new Map<string, { w: number; path: GraphNode[] }>();
        const visit = (n: GraphNode, stack: Set<string>): { w: number; path: GraphNode[] } => {
            const hit = memo.get(n.urn);
            if (hit) return hit;
            if (stack.has(n.urn)) throw new Error(`dependency cycle at ${n.urn}`);
            stack.add(n.urn);
            let best = { w: 0, path: [] as GraphNode[] };
            for (const d of waitsFor.get(n.urn) ?? []) {
                const r = visit(d, stack);
                if (r.w > best.w) best = r;
            }
            stack.delete(n.urn);
            const res = { w: best.w + weight(n), path: [...best.path, n] };
            memo.set(n.urn, res);
            return res;
        };
        let top = { w: 0, path: [] as GraphNode[] };
        for (const n of graph) {
            if (!n.custom) continue;
            const r = visit(n, new Set());
            if (r.w > top.w) top = r;
        }
        return top;
    };
    const all = longest((n) => (isProvider(n) ? 0 : 1));
    const slowest = longest(slow);
    const reaches = (
        n: GraphNode,
        pred: (d: GraphNode) => boolean,
        seen = new Set<string>(),
    ): boolean =>
        (waitsFor.get(n.urn) ?? []).some((d) => {
            if (seen.has(d.urn)) return false;
            seen.add(d.urn);
            return pred(d) || reaches(d, pred, seen);
        });
    const nonDaemonSetsWaitingForPool = graph
        .filter((n) => n.custom && n.type.startsWith("kubernetes:") && !READY.has(n.type))
        .filter((n) => reaches(n, (d) => POOLS.has(d.type)))
        .map((n) => n.urn.split("::").pop()!);
    return {
        chain: all.w,
        chainTypes: all.path.filter((n) => !isProvider(n)).map((n) => n.type),
        slowSteps: slowest.w,
        slowStepTypes: slowest.path.filter((n) => slow(n) > 0).map((n) => n.type),
        nonDaemonSetsWaitingForPool,
    };
}
