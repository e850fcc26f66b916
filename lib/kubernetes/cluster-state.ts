import type { KubeClient } from "../client/client";
import { isPatch, KubernetesObject, MANAGED_BY } from "../manifests";
import {
    collisionFix,
    DELETION_POLICY_ANNOTATION,
    fieldOf,
    listNames,
    liveOwnership,
    ResolvedLifecycle,
} from "./lifecycle";

/**
 * The checks `CvmCluster` runs against the live cluster at every preview and `up`, before anything is
 * changed: one owner per object, no silent namespace rename, and no deletion of user data the user did not
 * ask for. Read-only.
 */

/** One problem found, reported as an input error of `field`. */
export interface ClusterProblem {
    readonly field: string;
    readonly message: string;
}

/** What the checks found. */
export interface ClusterState {
    readonly problems: readonly ClusterProblem[];
    /** Notes for the log (adopted objects). */
    readonly notes: readonly string[];
}

interface LiveObject {
    readonly metadata: {
        readonly name: string;
        readonly namespace?: string;
        readonly annotations?: Record<string, string>;
        readonly labels?: Record<string, string>;
        readonly ownerReferences?: readonly unknown[];
    };
}

/** The REST path of an object (plural: lower-case kind + s/es/ies). */
export function objectPath(obj: KubernetesObject): string {
    const kind = obj.kind.toLowerCase();
    const plural = kind.endsWith("y")
        ? `${kind.slice(0, -1)}ies`
        : kind.endsWith("s")
          ? `${kind}es`
          : `${kind}s`;
    const base = obj.apiVersion.includes("/")
        ? `/apis/${obj.apiVersion}`
        : `/api/${obj.apiVersion}`;
    const ns = obj.metadata.namespace ? `/namespaces/${obj.metadata.namespace}` : "";
    return `${base}${ns}/${plural}/${obj.metadata.name}`;
}

/**
 * Reads the live objects of a rendered config and reports:
 * - objects another owner holds (another `CvmCluster`, another stack), and objects of the same names that
 *   cvmkit did not create (say, an upstream `sysbox-install.yaml`) — never adopted, never deleted;
 * - a namespace this component created under another name that still exists (a rename), unless
 *   `keepPreviousNamespace` (and the old namespace was retained by policy);
 * - with `namespaceDeletionPolicy: "delete"` and no force, pods and PVCs in the namespace cvmkit did not create.
 * Objects whose API is not served (404) or not readable (403) are skipped.
 */
export async function inspectCluster(
    client: KubeClient,
    objects: readonly KubernetesObject[],
    cvmNamespace: string,
    owners: readonly string[],
    lifecycle: ResolvedLifecycle,
): Promise<ClusterState> {
    const problems: ClusterProblem[] = [];
    const notes: string[] = [];
    const owner = owners[0]!;

    for (const obj of objects) {
        if (isPatch(obj)) continue;
        const res = await client.get<LiveObject>(objectPath(obj));
        if (res.status !== 200) continue;
        const live = liveOwnership(res.body);
        const what = `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ""}${obj.metadata.name}`;
        if (live.owner !== undefined && !owners.includes(live.owner)) {
            problems.push({
                field: fieldOf(obj, cvmNamespace),
                message:
                    `${what} is owned by ${live.owner} (annotation cvmkit.dev/owner), not by ${owner}; ` +
                    `cvmkit neither adopts nor deletes it. Fix: ${collisionFix(obj)}; if ${live.owner} was this ` +
                    "component under an old name, add that name to the component's `aliases`; to hand the object " +
                    `over, remove the annotation (kubectl annotate ${obj.kind.toLowerCase()} ` +
                    `${obj.metadata.namespace ? `-n ${obj.metadata.namespace} ` : ""}${obj.metadata.name} cvmkit.dev/owner-)`,
            });
        } else if (live.owner === undefined && obj.kind === "Namespace") {
            notes.push(`adopting the existing namespace ${obj.metadata.name}`);
        } else if (live.owner === undefined && !live.cvmkit) {
            problems.push({
                field: fieldOf(obj, cvmNamespace),
                message:
                    `${what} already exists and was not created by cvmkit (no ${MANAGED_BY}=cvmkit label); cvmkit ` +
                    "neither adopts nor deletes it. Fix: remove it (for an upstream Sysbox install, run its " +
                    "uninstall first) or turn off the setting that renders it",
            });
        } else if (live.owner === undefined) {
            notes.push(`adopting ${what} (created by cvmkit without an owner)`);
        }
    }

    const namespaces = await client.get<{ items?: LiveObject[] }>(
        `/api/v1/namespaces?labelSelector=${encodeURIComponent(`${MANAGED_BY}=cvmkit`)}`,
    );
    const previous = (namespaces.status === 200 ? (namespaces.body.items ?? []) : []).filter(
        (n) =>
            n.metadata.name !== cvmNamespace &&
            owners.includes(liveOwnership(n).owner ?? "") &&
            (n.metadata as { deletionTimestamp?: string }).deletionTimestamp === undefined,
    );
    for (const old of previous) {
        const oldName = old.metadata.name;
        const oldPolicy = old.metadata.annotations?.[DELETION_POLICY_ANNOTATION] ?? "delete";
        if (lifecycle.keepPreviousNamespace && oldPolicy === "retain") {
            notes.push(`keeping the previous namespace ${oldName} beside ${cvmNamespace}`);
            continue;
        }
        problems.push({
            field: "namespace",
            message:
                `the CVM namespace would change from ${oldName} to ${cvmNamespace}; ${oldName} still exists and holds ` +
                "the workspaces' pods and PVCs, and cvmkit never replaces a CVM namespace. Migrate: stop the " +
                `workspaces, copy their PVC data into ${cvmNamespace} (or re-create the workspaces there), then either ` +
                `delete ${oldName} (kubectl delete namespace ${oldName}) or set keepPreviousNamespace: true to keep it ` +
                `beside ${cvmNamespace}` +
                (oldPolicy === "retain"
                    ? ""
                    : ` (first \`up\` once with namespaceDeletionPolicy "retain", so ${oldName} is not deleted)`) +
                `. Or set namespace back to "${oldName}"`,
        });
    }

    if (lifecycle.namespaceDeletionPolicy === "delete" && !lifecycle.forceNamespaceDeletion) {
        const foreign: string[] = [];
        for (const [kind, plural] of [
            ["pod", "pods"],
            ["pvc", "persistentvolumeclaims"],
        ] as const) {
            const res = await client.get<{ items?: LiveObject[] }>(
                `/api/v1/namespaces/${cvmNamespace}/${plural}`,
            );
            if (res.status !== 200) continue;
            for (const item of res.body.items ?? []) {
                if (item.metadata.labels?.[MANAGED_BY] !== "cvmkit")
                    foreign.push(`${kind}/${item.metadata.name}`);
            }
        }
        if (foreign.length > 0) {
            problems.push({
                field: "namespaceDeletionPolicy",
                message:
                    `"delete" would delete namespace ${cvmNamespace} on destroy, and it holds ${foreign.length} ` +
                    `object(s) cvmkit did not create: ${listNames(foreign)}. Fix: move or delete them first, keep ` +
                    'namespaceDeletionPolicy "retain", or set forceNamespaceDeletion: true to delete them with the namespace',
            });
        }
    }
    return { problems, notes };
}
