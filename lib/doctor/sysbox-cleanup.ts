/**
 * The node cleanup of the Sysbox runtime, as upstream documents it (delete the installer, apply
 * `sysbox-uninstall.yaml`, wait, delete it) with the waits made explicit: refuse while the installer or
 * Sysbox pods remain, apply the cleanup objects, wait until every node that ran Sysbox is clean (its
 * `sysbox-runtime` label gone and the script's taint removed), then delete the cleanup objects.
 */
import type { Node, Pod, Taint } from "kubernetes-types/core/v1";
import {
    CLEANUP_COMPONENT,
    INSTALLER_DAEMONSET,
    KubernetesObject,
    SYSBOX_RUNTIME_CLASS,
    SYSBOX_RUNTIME_LABEL,
} from "../manifests";
import type { ApiResponse, KubeWriteClient, List } from "../client/client";

/** The taint `sysbox-deploy-k8s.sh` sets while it installs or removes Sysbox (its `SYSBOX_TAINT` default). */
export const SYSBOX_TAINT: Readonly<Taint> = {
    key: SYSBOX_RUNTIME_LABEL,
    value: "not-running",
    effect: "NoSchedule",
};

/** Field manager of the cleanup objects. */
export const CLEANUP_FIELD_MANAGER = "cvmkit-sysbox-cleanup";

/** How {@link runSysboxCleanup} runs. */
export interface SysboxCleanupOptions {
    /** The cleanup objects in apply order (`sysboxCleanup(config)`). */
    readonly objects: readonly KubernetesObject[];
    /** Longest wait for the nodes, in seconds. @default 600 */
    readonly timeoutSeconds?: number;
    /** Seconds between polls. @default 5 */
    readonly pollSeconds?: number;
    /**
     * Seconds the script gets, after it removed a node's label, to remove its own taint before cvmkit removes
     * it (the DaemonSet controller deletes the pod once the label is gone; its grace period is 30 s).
     * @default 45
     */
    readonly taintGraceSeconds?: number;
    /** Only check and print the plan. @default false */
    readonly dryRun?: boolean;
    /** Progress lines. @default none */
    readonly onProgress?: (line: string) => void;
}

/** A node's state at the end. */
export interface CleanupNodeResult {
    readonly node: string;
    /** `clean`, `deleted` (the node went away), or what it still shows (`sysbox-runtime=removing`, …). */
    readonly state: string;
    /** True when cvmkit removed the script's leftover taint. */
    readonly taintRemovedByCvmkit: boolean;
}

/** What {@link runSysboxCleanup} did. */
export interface SysboxCleanupResult {
    /** Why nothing was applied (installer objects or Sysbox pods still there); empty when it ran. */
    readonly refusals: readonly string[];
    /** The nodes labelled `sysbox-runtime=running` at the start. */
    readonly nodes: readonly CleanupNodeResult[];
    /** True when every node is clean (or there was none) and nothing was refused. */
    readonly ok: boolean;
    /** The plan (`dryRun`) or the steps taken, one line each. */
    readonly log: readonly string[];
}

const PLURALS: Readonly<Record<string, string>> = {
    ServiceAccount: "serviceaccounts",
    ClusterRole: "clusterroles",
    ClusterRoleBinding: "clusterrolebindings",
    DaemonSet: "daemonsets",
};

/** The REST path of a cleanup object. */
export function objectPath(obj: KubernetesObject): string {
    const plural = PLURALS[obj.kind];
    if (!plural) throw new Error(`no REST path known for ${obj.kind}`);
    const base = obj.apiVersion.includes("/")
        ? `/apis/${obj.apiVersion}`
        : `/api/${obj.apiVersion}`;
    const ns = obj.metadata.namespace ? `/namespaces/${obj.metadata.namespace}` : "";
    return `${base}${ns}/${plural}/${obj.metadata.name}`;
}

const describe = (o: KubernetesObject) =>
    `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;

function expectOk<T>(res: ApiResponse<T>, what: string): T {
    if (res.status >= 200 && res.status < 300) return res.body;
    const message = (res.body as { message?: string } | undefined)?.message ?? "";
    throw new Error(`${what}: HTTP ${res.status}${message ? `: ${message}` : ""}`);
}

/** Every item of a list, following `continue` tokens. */
async function listAll<T>(client: KubeWriteClient, path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined;
    do {
        const sep = path.includes("?") ? "&" : "?";
        const page = `${path}${sep}limit=500${next ? `&continue=${encodeURIComponent(next)}` : ""}`;
        const body = expectOk(
            await client.get<List<T> & { metadata?: { continue?: string } }>(page),
            `GET ${path}`,
        );
        items.push(...(body.items ?? []));
        next = body.metadata?.continue || undefined;
    } while (next);
    return items;
}

/** Installer objects and Sysbox pods that must be gone before the cleanup may run. */
export async function cleanupRefusals(client: KubeWriteClient): Promise<string[]> {
    const refusals: string[] = [];
    const installers = await listAll<KubernetesObject>(
        client,
        `/apis/apps/v1/daemonsets?fieldSelector=${encodeURIComponent(`metadata.name=${INSTALLER_DAEMONSET}`)}`,
    );
    for (const ds of installers) {
        refusals.push(
            `the installer DaemonSet ${ds.metadata.namespace}/${ds.metadata.name} still exists (it would re-install Sysbox on the nodes the cleanup empties). Fix: turn the runtime off first: sysboxRuntime.enabled false and \`pulumi up\`, or delete the installer objects you applied (kubectl delete -f)`,
        );
    }
    const rc = await client.get(`/apis/node.k8s.io/v1/runtimeclasses/${SYSBOX_RUNTIME_CLASS}`);
    if (rc.status === 200) {
        refusals.push(
            `the RuntimeClass ${SYSBOX_RUNTIME_CLASS} still exists (new Sysbox pods could start during the cleanup). Fix: turn the runtime off first, as for the installer`,
        );
    }
    const pods = (await listAll<Pod>(client, "/api/v1/pods")).filter(
        (p) =>
            p.spec?.runtimeClassName === SYSBOX_RUNTIME_CLASS &&
            p.status?.phase !== "Succeeded" &&
            p.status?.phase !== "Failed",
    );
    if (pods.length > 0) {
        const names = pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
        const shown =
            names.slice(0, 10).join(", ") +
            (names.length > 10 ? `, and ${names.length - 10} more` : "");
        refusals.push(
            `${pods.length} Sysbox pod(s) (runtimeClassName ${SYSBOX_RUNTIME_CLASS}) still exist: ${shown}. Fix: stop the Sysbox workspaces first (the cleanup removes their runtime and restarts the kubelet)`,
        );
    }
    return refusals;
}

const hasSysboxTaint = (node: Node) =>
    (node.spec?.taints ?? []).some(
        (t) =>
            t.key === SYSBOX_TAINT.key &&
            t.value === SYSBOX_TAINT.value &&
            t.effect === SYSBOX_TAINT.effect,
    );

/** `clean` when the node neither has the `sysbox-runtime` label nor the script's taint, else what it has. */
export function nodeCleanupState(node: Node): string {
    const label = node.metadata?.labels?.[SYSBOX_RUNTIME_LABEL];
    const parts = [
        ...(label !== undefined ? [`${SYSBOX_RUNTIME_LABEL}=${label}`] : []),
        ...(hasSysboxTaint(node)
            ? [`taint ${SYSBOX_TAINT.key}=${SYSBOX_TAINT.value}:${SYSBOX_TAINT.effect}`]
            : []),
    ];
    return parts.length === 0 ? "clean" : parts.join(", ");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the node cleanup on a live cluster (see the file comment). Refuses, naming them, while the installer
 * DaemonSet, the RuntimeClass or Sysbox pods exist; applies nothing when no node has `sysbox-runtime=running`.
 * The cleanup objects are deleted at the end, also on timeout: left behind, the DaemonSet would uninstall
 * Sysbox again from every node a later install labels `running`.
 */
export async function runSysboxCleanup(
    client: KubeWriteClient,
    options: SysboxCleanupOptions,
): Promise<SysboxCleanupResult> {
    const log: string[] = [];
    const say = (line: string) => {
        log.push(line);
        options.onProgress?.(line);
    };
    const timeoutMs = (options.timeoutSeconds ?? 600) * 1000;
    const pollMs = (options.pollSeconds ?? 5) * 1000;
    const graceMs = (options.taintGraceSeconds ?? 45) * 1000;
    const daemonSet = options.objects.find((o) => o.kind === "DaemonSet");
    if (!daemonSet) throw new Error("the cleanup objects have no DaemonSet");

    const refusals = await cleanupRefusals(client);
    if (refusals.length > 0) return { refusals, nodes: [], ok: false, log };

    const targets = (
        await listAll<Node>(
            client,
            `/api/v1/nodes?labelSelector=${encodeURIComponent(`${SYSBOX_RUNTIME_LABEL}=running`)}`,
        )
    ).map((n) => n.metadata!.name!);
    const others = (
        await listAll<Node>(
            client,
            `/api/v1/nodes?labelSelector=${encodeURIComponent(SYSBOX_RUNTIME_LABEL)}`,
        )
    ).filter((n) => !targets.includes(n.metadata!.name!));
    for (const n of others) {
        say(
            `node ${n.metadata!.name}: ${nodeCleanupState(n)}; upstream's cleanup runs only on nodes labelled ${SYSBOX_RUNTIME_LABEL}=running, so it is left as it is (replace the node, or see docs/day-2.md)`,
        );
    }
    if (targets.length === 0) {
        say(
            `no node is labelled ${SYSBOX_RUNTIME_LABEL}=running: nothing to clean, nothing applied`,
        );
        return { refusals: [], nodes: [], ok: true, log };
    }
    say(`nodes to clean (${SYSBOX_RUNTIME_LABEL}=running): ${targets.join(", ")}`);
    if (options.dryRun) {
        for (const o of options.objects) say(`would apply ${describe(o)}`);
        say(
            `would wait up to ${timeoutMs / 1000} s until each node has no ${SYSBOX_RUNTIME_LABEL} label and no ${SYSBOX_TAINT.key}=${SYSBOX_TAINT.value} taint`,
        );
        for (const o of [...options.objects].reverse()) say(`would delete ${describe(o)}`);
        return {
            refusals: [],
            nodes: targets.map((node) => ({
                node,
                state: "not started (dry run)",
                taintRemovedByCvmkit: false,
            })),
            ok: true,
            log,
        };
    }

    for (const o of options.objects) {
        expectOk(
            await client.apply(objectPath(o), o, CLEANUP_FIELD_MANAGER),
            `apply ${describe(o)}`,
        );
        say(`applied ${describe(o)}`);
    }

    const state = new Map<string, string>(targets.map((n) => [n, "waiting for the cleanup pod"]));
    const labelGoneAt = new Map<string, number>();
    const taintRemoved = new Set<string>();
    const started = Date.now();
    const podsPath = `/api/v1/namespaces/${daemonSet.metadata.namespace}/pods?labelSelector=${encodeURIComponent(`app.kubernetes.io/component=${CLEANUP_COMPONENT}`)}`;
    for (;;) {
        const pods = await listAll<Pod>(client, podsPath);
        for (const node of targets) {
            const before = state.get(node)!;
            if (before === "clean" || before === "deleted") continue;
            const res = await client.get<Node>(`/api/v1/nodes/${node}`);
            if (res.status === 404) {
                state.set(node, "deleted");
                say(`node ${node}: deleted`);
                continue;
            }
            const n = expectOk(res, `GET node ${node}`);
            let now = nodeCleanupState(n);
            if (n.metadata?.labels?.[SYSBOX_RUNTIME_LABEL] === undefined && hasSysboxTaint(n)) {
                if (!labelGoneAt.has(node)) labelGoneAt.set(node, Date.now());
                if (
                    Date.now() - labelGoneAt.get(node)! >= graceMs &&
                    (await removeSysboxTaint(client, n))
                ) {
                    taintRemoved.add(node);
                    say(
                        `node ${node}: Sysbox is removed (label gone) but the script's taint stayed for ${graceMs / 1000} s (its pod is deleted once the label goes); cvmkit removed the taint ${SYSBOX_TAINT.key}=${SYSBOX_TAINT.value}:${SYSBOX_TAINT.effect}`,
                    );
                    now = "clean";
                }
            }
            if (now !== "clean") {
                const pod = pods.find(
                    (p) => p.spec?.nodeName === node && !p.metadata?.deletionTimestamp,
                );
                const waiting = pod?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
                now += pod
                    ? `; cleanup pod ${pod.metadata?.name} ${waiting ?? pod.status?.phase ?? "Pending"}`
                    : "";
                if (now === `${SYSBOX_RUNTIME_LABEL}=running`)
                    now += "; waiting for the cleanup pod";
            }
            if (now !== before) say(`node ${node}: ${now}`);
            state.set(node, now);
        }
        const open = targets.filter((n) => !["clean", "deleted"].includes(state.get(n)!));
        if (open.length === 0) break;
        if (Date.now() - started >= timeoutMs) {
            say(
                `timed out after ${timeoutMs / 1000} s; not clean: ${open.map((n) => `${n} (${state.get(n)})`).join("; ")}`,
            );
            break;
        }
        await sleep(pollMs);
    }

    for (const o of [...options.objects].reverse()) {
        const res = await client.delete(objectPath(o));
        if (res.status !== 404) expectOk(res, `delete ${describe(o)}`);
        say(`deleted ${describe(o)}`);
    }
    const nodes = targets.map((node) => ({
        node,
        state: state.get(node)!,
        taintRemovedByCvmkit: taintRemoved.has(node),
    }));
    return {
        refusals: [],
        nodes,
        ok: nodes.every((n) => n.state === "clean" || n.state === "deleted"),
        log,
    };
}

/**
 * Removes exactly the script's taint, only if the node's taints are still the ones read (JSON patch test);
 * false when they changed meanwhile (the next poll tries again).
 */
async function removeSysboxTaint(client: KubeWriteClient, node: Node): Promise<boolean> {
    const taints = node.spec?.taints ?? [];
    const kept = taints.filter(
        (t) =>
            !(
                t.key === SYSBOX_TAINT.key &&
                t.value === SYSBOX_TAINT.value &&
                t.effect === SYSBOX_TAINT.effect
            ),
    );
    const res = await client.jsonPatch(`/api/v1/nodes/${node.metadata!.name}`, [
        { op: "test", path: "/spec/taints", value: taints },
        kept.length > 0
            ? { op: "replace", path: "/spec/taints", value: kept }
            : { op: "remove", path: "/spec/taints" },
    ]);
    if (res.status === 409 || res.status === 422) return false;
    expectOk(res, `remove the taint from node ${node.metadata!.name}`);
    return true;
}
