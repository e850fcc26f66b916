import * as pulumi from "@pulumi/pulumi";
import { CvmkitConfigError } from "../compat/errors";
import { isPatch, KubernetesObject, MANAGED_BY } from "../manifests";

/**
 * What cvmkit's Pulumi renderer does to objects over their life: who owns them (one owner per object, checked
 * before adopting or deleting), what destroy does with the CVM namespace, and the annotations that make
 * server-side apply converge. Pure apart from the in-program ownership registry.
 */

/**
 * What `pulumi destroy`, or removing the component, does with the CVM namespace.
 *
 * - `retain`: Keep the namespace, its pods and PVCs; remove cvmkit's other objects.
 * - `delete`: Delete the namespace and everything in it.
 */
export type NamespaceDeletionPolicy = "retain" | "delete";

/** The lifecycle settings of `CvmCluster` (Pulumi only; the YAML and cdk8s renderers leave deletion to you). */
export interface LifecycleArgs {
    /**
     * `retain`: destroy (or a replacement) leaves the CVM namespace and everything in it — workspace pods and
     * their PVCs, i.e. users' home directories — and only removes cvmkit's other objects; the next `up` adopts
     * the namespace again. `delete`: destroy deletes the namespace and with it every object in it; every
     * preview/`up` then refuses while the namespace holds pods or PVCs cvmkit did not create, unless
     * {@link forceNamespaceDeletion} is set. The policy in effect is the one of the last `up`.
     * @default "retain"
     */
    readonly namespaceDeletionPolicy?: NamespaceDeletionPolicy;
    /**
     * With `namespaceDeletionPolicy: "delete"`, allow it even though the namespace holds pods or PVCs that
     * cvmkit did not create (they are deleted with the namespace).
     * @default false
     */
    readonly forceNamespaceDeletion?: boolean;
    /**
     * Allow changing `namespace` while a namespace this component created before still exists: the old one is
     * kept (with its PVCs) beside the new one, and no longer managed. Without it such a change is refused at
     * preview. Needs `namespaceDeletionPolicy: "retain"` at the last `up`.
     * @default false
     */
    readonly keepPreviousNamespace?: boolean;
}

/** The keys of {@link LifecycleArgs}. */
export const LIFECYCLE_KEYS = [
    "namespaceDeletionPolicy",
    "forceNamespaceDeletion",
    "keepPreviousNamespace",
] as const;

/** {@link LifecycleArgs} checked, with defaults. */
export type ResolvedLifecycle = Required<LifecycleArgs>;

/** Checks the lifecycle settings; throws a {@link CvmkitConfigError} naming the field. */
export function resolveLifecycle(args: LifecycleArgs): ResolvedLifecycle {
    const policy = args.namespaceDeletionPolicy ?? "retain";
    if (policy !== "retain" && policy !== "delete") {
        throw new CvmkitConfigError(
            "namespaceDeletionPolicy",
            policy,
            "not a deletion policy",
            'use "retain" (keep the namespace and its PVCs on destroy) or "delete"',
        );
    }
    const flag = (field: "forceNamespaceDeletion" | "keepPreviousNamespace"): boolean => {
        const v = args[field];
        if (v !== undefined && typeof v !== "boolean") {
            throw new CvmkitConfigError(
                field,
                v,
                "must be true or false",
                "set true or leave it out",
            );
        }
        return v ?? false;
    };
    return {
        namespaceDeletionPolicy: policy,
        forceNamespaceDeletion: flag("forceNamespaceDeletion"),
        keepPreviousNamespace: flag("keepPreviousNamespace"),
    };
}

/** Annotation naming the one Pulumi component that owns an object: `<project>/<stack>/<component>`. */
export const OWNER_ANNOTATION = "cvmkit.dev/owner";
/** Annotation on the CVM namespace recording the deletion policy of the last `up`. */
export const DELETION_POLICY_ANNOTATION = "cvmkit.dev/deletion-policy";
/** The server-side apply field manager of every object cvmkit creates through Pulumi. */
export const FIELD_MANAGER = "cvmkit";

/** The owner id of a component of this program's stack. */
export function ownerId(component: string): string {
    return `${pulumi.getProject()}/${pulumi.getStack()}/${component}`;
}

/**
 * The owner ids a component accepts as its own: its own, and those of the names in its `aliases` (a renamed
 * component takes over what it owned under its old name).
 */
export function acceptedOwners(component: string, aliases: readonly unknown[] = []): string[] {
    const names = [component];
    for (const a of aliases) {
        if (typeof a === "string") {
            // a URN: urn:pulumi:stack::project::type::name
            const name = a.split("::").pop();
            if (name) names.push(name);
        } else if (
            a &&
            typeof a === "object" &&
            typeof (a as { name?: unknown }).name === "string"
        ) {
            names.push((a as { name: string }).name);
        }
    }
    return [...new Set(names.map(ownerId))];
}

/**
 * The object as cvmkit applies it through Pulumi:
 * - a stable server-side apply field manager (`pulumi.com/patchFieldManager`), so a create interrupted after the
 *   API server stored the object (an API server restart) converges on retry instead of failing with a conflict;
 * - `pulumi.com/patchForce` on the objects cvmkit owns outright, so a field someone changed by hand (`kubectl
 *   label`) is taken back by preview and `up` alike instead of failing the preview with a field conflict;
 * - the owner annotation, checked before another component adopts or deletes the object;
 * - on the namespace, the deletion policy in effect.
 * Patches of objects cvmkit does not own get only the field manager.
 */
export function withPulumiAnnotations(
    obj: KubernetesObject,
    owner: string,
    policy: NamespaceDeletionPolicy,
): KubernetesObject {
    const owned = !isPatch(obj);
    return {
        ...obj,
        metadata: {
            ...obj.metadata,
            annotations: {
                ...obj.metadata.annotations,
                "pulumi.com/patchFieldManager": FIELD_MANAGER,
                ...(owned ? { "pulumi.com/patchForce": "true", [OWNER_ANNOTATION]: owner } : {}),
                ...(obj.kind === "Namespace" ? { [DELETION_POLICY_ANNOTATION]: policy } : {}),
            },
        },
    };
}

/** The config field a collision on `obj` is reported on. */
export function fieldOf(obj: KubernetesObject, cvmNamespace: string): string {
    const component = obj.metadata.labels?.["app.kubernetes.io/component"] ?? "";
    if (component.startsWith("sysbox")) return "sysboxRuntime.enabled";
    if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== cvmNamespace)
        return "policyEngines";
    return "namespace";
}

/** `Kind/namespace/name`, the identity of an object on one cluster whatever its apiVersion. */
function identity(obj: KubernetesObject): string {
    return [obj.kind, obj.metadata.namespace, obj.metadata.name].filter(Boolean).join("/");
}

const claims = new WeakMap<object, Map<string, string>>();

/**
 * Records that `component` declares `objects` through `provider` in this program, and throws a
 * {@link CvmkitConfigError} when another component of the program already declares one of them (two
 * `CvmCluster`s with the Sysbox runtime on, or with the same namespace, on one provider).
 */
export function claimObjects(
    component: string,
    objects: readonly KubernetesObject[],
    cvmNamespace: string,
    provider: object | undefined,
): void {
    // Without an explicit provider: one registry per program run (inline programs run many times in one
    // process); outside a program run (unit mocks) there is nothing to scope it to.
    const key = provider ?? pulumi.runtime.getStackResource();
    if (key === undefined) return;
    const taken = claims.get(key) ?? new Map<string, string>();
    claims.set(key, taken);
    const clashes = objects.filter((o) => !isPatch(o) && taken.has(identity(o)));
    if (clashes.length > 0) {
        const first = clashes[0]!;
        const other = taken.get(identity(first))!;
        throw new CvmkitConfigError(
            fieldOf(first, cvmNamespace),
            clashes.map(identity),
            `CvmCluster "${component}" declares objects that CvmCluster "${other}" of this program already ` +
                "declares on the same provider; each object has one owner",
            collisionFix(first),
        );
    }
    for (const o of objects) if (!isPatch(o)) taken.set(identity(o), component);
}

/** How to resolve two owners of one object. */
export function collisionFix(obj: KubernetesObject): string {
    const component = obj.metadata.labels?.["app.kubernetes.io/component"] ?? "";
    if (component.startsWith("sysbox")) {
        return (
            "the Sysbox runtime is cluster-wide: turn sysboxRuntime on in one CvmCluster per cluster only; CVM pods " +
            'in every other CVM namespace use runtimeClassName "sysbox-runc" from it'
        );
    }
    return "give every CvmCluster on a cluster a namespace of its own";
}

/** The owner recorded on a live object, and whether cvmkit labelled it. */
export function liveOwnership(live: {
    metadata?: { annotations?: Record<string, string>; labels?: Record<string, string> };
}): {
    owner?: string;
    cvmkit: boolean;
} {
    const owner = live.metadata?.annotations?.[OWNER_ANNOTATION];
    return {
        ...(owner !== undefined ? { owner } : {}),
        cvmkit: live.metadata?.labels?.[MANAGED_BY] === "cvmkit",
    };
}

/** Lists names compactly for messages. */
export function listNames(names: readonly string[], max = 10): string {
    const shown = names.slice(0, max).join(", ");
    return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
