/**
 * Ordering as data: every object a builder returns carries its apply phase and the objects it depends on.
 * `renderManifests` turns them into one graph ({@link ManifestOrder}) that every renderer maps to its own
 * mechanism: Pulumi `dependsOn`, cdk8s `addDependency`, the YAML stream's order, Argo CD sync waves and the
 * phase directories of `cvmkit render --out DIR --layout phases`. Pure: no I/O, no SDK imports.
 */
import { KubernetesObject, objectKey } from "./objects";

/**
 * The apply phases, in order: cluster prerequisites without CRDs (namespaces), identities and RBAC, config
 * (ConfigMaps, NetworkPolicies), admission (policies and the exemptions that admit CVM pods), workloads
 * (DaemonSets, and the RuntimeClass that needs the installer).
 */
export const APPLY_PHASES = ["namespaces", "rbac", "config", "admission", "workloads"] as const;

/** One of {@link APPLY_PHASES}. */
export type ApplyPhase = (typeof APPLY_PHASES)[number];

/** An object as a builder returns it: the object, its phase and what must exist before it. */
export interface OrderedObject {
    readonly object: KubernetesObject;
    readonly phase: ApplyPhase;
    /**
     * Objects (from the same render) this one is created after and deleted before. A namespaced object
     * also depends on its Namespace when cvmkit renders it; that edge is added for every object.
     * @default []
     */
    readonly dependsOn?: readonly KubernetesObject[];
    /**
     * The object creates pods (a DaemonSet): it also waits for every admission exemption
     * (PodSecurityPolicy and its bindings, Kyverno PolicyException, Gatekeeper patches), and the Pulumi
     * renderer makes it wait for the node pool.
     * @default false
     */
    readonly runsPods?: boolean;
}

/** Where one rendered object sits in the order. */
export interface ObjectOrder {
    readonly phase: ApplyPhase;
    /** {@link objectKey}s of the rendered objects it depends on, in render order. */
    readonly dependsOn: readonly string[];
    /** True for objects that create pods (see {@link OrderedObject.runsPods}). */
    readonly runsPods: boolean;
}

/** The order of one render: an {@link ObjectOrder} per rendered object, keyed by {@link objectKey}. */
export type ManifestOrder = Readonly<Record<string, ObjectOrder>>;

/**
 * An {@link OrderedObject}: `inPhase("rbac", binding, [role])`, or for a DaemonSet
 * `inPhase("workloads", daemonSet, [serviceAccount, configMap], { runsPods: true })`.
 */
export function inPhase(
    phase: ApplyPhase,
    object: KubernetesObject,
    dependsOn: readonly KubernetesObject[] = [],
    options: { readonly runsPods?: boolean } = {},
): OrderedObject {
    return { object, phase, dependsOn, ...(options.runsPods ? { runsPods: true } : {}) };
}

/** Every object of a list in one phase, without dependencies. */
export function allInPhase(
    phase: ApplyPhase,
    objects: readonly KubernetesObject[],
): OrderedObject[] {
    return objects.map((o) => inPhase(phase, o));
}

/** The index of a phase in {@link APPLY_PHASES}. */
export function phaseIndex(phase: ApplyPhase): number {
    return APPLY_PHASES.indexOf(phase);
}

/**
 * Builds the graph of a render. Adds each namespaced object's edge to its rendered Namespace and each
 * pod-running object's edges to `exemptions`, then checks it: every edge points at a rendered object, no
 * object depends on an object of a later phase, and the graph has no cycle. Returns the objects in a stable
 * topological order (the given order wherever it already is one) and the order by key.
 * Throws an `Error` naming the objects when the builders stated an impossible order (a bug in cvmkit).
 */
export function orderManifests(
    entries: readonly OrderedObject[],
    exemptions: readonly KubernetesObject[] = [],
): { objects: KubernetesObject[]; order: ManifestOrder } {
    const keys = new Map(entries.map((e) => [e.object, objectKey(e.object)]));
    const byKey = new Map(entries.map((e) => [objectKey(e.object), e]));
    if (byKey.size !== entries.length) throw new Error("cvmkit rendered an object twice");
    const namespaces = new Map(
        entries
            .filter((e) => e.object.apiVersion === "v1" && e.object.kind === "Namespace")
            .map((e) => [e.object.metadata.name, e.object]),
    );
    const deps = new Map<string, Set<string>>();
    for (const e of entries) {
        const own = keys.get(e.object)!;
        const targets = [
            ...(e.object.metadata.namespace !== undefined
                ? [namespaces.get(e.object.metadata.namespace)]
                : []),
            ...(e.dependsOn ?? []),
            ...(e.runsPods ? exemptions : []),
        ];
        const set = new Set<string>();
        for (const t of targets) {
            if (t === undefined) continue;
            const key = keys.get(t) ?? objectKey(t);
            if (!byKey.has(key)) {
                throw new Error(`${own} depends on ${key}, which is not rendered`);
            }
            if (phaseIndex(byKey.get(key)!.phase) > phaseIndex(e.phase)) {
                throw new Error(
                    `${own} (phase ${e.phase}) depends on ${key} of the later phase ${byKey.get(key)!.phase}`,
                );
            }
            if (key !== own) set.add(key);
        }
        deps.set(own, set);
    }
    // Stable topological sort: repeatedly take the first object whose dependencies are all placed.
    const placed = new Set<string>();
    const pending = entries.map((e) => keys.get(e.object)!);
    const sorted: string[] = [];
    while (pending.length > 0) {
        const i = pending.findIndex((k) => [...deps.get(k)!].every((d) => placed.has(d)));
        if (i < 0) throw new Error(`cvmkit's objects depend on each other: ${pending.join(", ")}`);
        const [k] = pending.splice(i, 1);
        placed.add(k!);
        sorted.push(k!);
    }
    const position = new Map(sorted.map((k, i) => [k, i]));
    const order: Record<string, ObjectOrder> = {};
    for (const k of sorted) {
        const e = byKey.get(k)!;
        order[k] = {
            phase: e.phase,
            dependsOn: [...deps.get(k)!].sort((a, b) => position.get(a)! - position.get(b)!),
            runsPods: e.runsPods ?? false,
        };
    }
    return { objects: sorted.map((k) => byKey.get(k)!.object), order };
}

/** The rendered objects `obj` depends on, in render order. */
export function dependenciesOf(
    rendered: { readonly objects: readonly KubernetesObject[]; readonly order: ManifestOrder },
    obj: KubernetesObject,
): KubernetesObject[] {
    const byKey = new Map(rendered.objects.map((o) => [objectKey(o), o]));
    return (rendered.order[objectKey(obj)]?.dependsOn ?? []).map((k) => byKey.get(k)!);
}

/** Annotation Argo CD orders an Application's sync by. */
export const ARGOCD_SYNC_WAVE = "argocd.argoproj.io/sync-wave";

/**
 * The Argo CD sync wave of a phase: `-5` (namespaces) to `-1` (workloads), so cvmkit's objects are synced
 * before the objects of the same Application that carry no wave (wave 0), e.g. a workspace platform.
 */
export function syncWave(phase: ApplyPhase): number {
    return phaseIndex(phase) - APPLY_PHASES.length;
}

/** Copies of the objects with the {@link ARGOCD_SYNC_WAVE} annotation of their phase. */
export function withSyncWaves(
    objects: readonly KubernetesObject[],
    order: ManifestOrder,
): KubernetesObject[] {
    return objects.map((o) => {
        const entry = order[objectKey(o)];
        if (!entry) throw new Error(`${objectKey(o)} is not in the order`);
        return {
            ...o,
            metadata: {
                ...o.metadata,
                annotations: {
                    ...o.metadata.annotations,
                    [ARGOCD_SYNC_WAVE]: String(syncWave(entry.phase)),
                },
            },
        };
    });
}
