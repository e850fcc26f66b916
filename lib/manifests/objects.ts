import type { ObjectMeta } from "kubernetes-types/meta/v1";
import type { ResolvedConfig } from "./resolve";

/**
 * The shape every rendered object shares: the object type, cvmkit's labels and annotations, and object keys.
 */

/** Any Kubernetes object cvmkit renders. */
export interface KubernetesObject {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: ObjectMeta & { readonly name: string };
    readonly [field: string]: unknown;
}

/**
 * Annotation on objects that patch an object someone else owns (e.g. a Gatekeeper constraint). Apply
 * them with server-side apply; the Pulumi renderer creates patch resources for them.
 */
export const PATCH_ANNOTATION = "cvmkit.dev/apply-as";

/** Label key marking what cvmkit manages. */
export const MANAGED_BY = "app.kubernetes.io/managed-by";

/** The standard labels of one component. */
export function componentLabels(config: ResolvedConfig, component: string): Record<string, string> {
    return {
        ...config.labels,
        "app.kubernetes.io/name": "cvmkit",
        "app.kubernetes.io/part-of": "cvmkit",
        "app.kubernetes.io/component": component,
        [MANAGED_BY]: "cvmkit",
    };
}

/** True for objects without a namespace (Namespace, ClusterRole, RuntimeClass, policies, …). */
export function isClusterScoped(obj: KubernetesObject): boolean {
    return obj.metadata.namespace === undefined;
}

/** True for objects that patch something cvmkit does not own. */
export function isPatch(obj: KubernetesObject): boolean {
    return obj.metadata.annotations?.[PATCH_ANNOTATION] === "patch";
}

/** A stable identifier `apiVersion/kind/namespace/name`. */
export function objectKey(obj: KubernetesObject): string {
    return `${obj.apiVersion}/${obj.kind}/${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
}
