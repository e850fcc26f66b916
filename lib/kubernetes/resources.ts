import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { isPatch, KubernetesObject, ManifestOrder, objectKey } from "../manifests";
import { NamespaceDeletionPolicy, withPulumiAnnotations } from "./lifecycle";

type ResourceFactory = (
    name: string,
    obj: KubernetesObject,
    opts: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

// `obj` is a rendered, schema-checked object; the typed Args only describe the same shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const as = <T>(obj: KubernetesObject): T => obj as any as T;

/** Typed Pulumi resource classes by `apiVersion/kind`. */
const FACTORIES: Record<string, ResourceFactory> = {
    "v1/Namespace": (n, o, opts) => new k8s.core.v1.Namespace(n, as(o), opts),
    "v1/ServiceAccount": (n, o, opts) => new k8s.core.v1.ServiceAccount(n, as(o), opts),
    "v1/ConfigMap": (n, o, opts) => new k8s.core.v1.ConfigMap(n, as(o), opts),
    "rbac.authorization.k8s.io/v1/ClusterRole": (n, o, opts) =>
        new k8s.rbac.v1.ClusterRole(n, as(o), opts),
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding": (n, o, opts) =>
        new k8s.rbac.v1.ClusterRoleBinding(n, as(o), opts),
    "rbac.authorization.k8s.io/v1/RoleBinding": (n, o, opts) =>
        new k8s.rbac.v1.RoleBinding(n, as(o), opts),
    "apps/v1/DaemonSet": (n, o, opts) => new k8s.apps.v1.DaemonSet(n, as(o), opts),
    "networking.k8s.io/v1/NetworkPolicy": (n, o, opts) =>
        new k8s.networking.v1.NetworkPolicy(n, as(o), opts),
    "node.k8s.io/v1/RuntimeClass": (n, o, opts) => new k8s.node.v1.RuntimeClass(n, as(o), opts),
    "node.k8s.io/v1beta1/RuntimeClass": (n, o, opts) =>
        new k8s.node.v1beta1.RuntimeClass(n, as(o), opts),
    "policy/v1beta1/PodSecurityPolicy": (n, o, opts) =>
        new k8s.policy.v1beta1.PodSecurityPolicy(n, as(o), opts),
    "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy": (n, o, opts) =>
        new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(n, as(o), opts),
    "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding": (n, o, opts) =>
        new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(n, as(o), opts),
};

/** A Pulumi resource name for an object, unique within one component. */
export function resourceName(component: string, obj: KubernetesObject): string {
    const ns = obj.metadata.namespace ? `${obj.metadata.namespace}-` : "";
    return `${component}-${obj.kind.toLowerCase()}-${ns}${obj.metadata.name}`.replace(/[:]/g, "-");
}

/** Timeouts for objects whose readiness takes long (the installer waits for Sysbox on every node). */
function timeoutsFor(obj: KubernetesObject): pulumi.CustomTimeouts | undefined {
    return obj.kind === "DaemonSet" ? { create: "20m", update: "20m" } : undefined;
}

/** How {@link createResources} applies the objects. */
export interface ApplyOptions {
    /** Owner id written to every owned object (`cvmkit.dev/owner`). */
    readonly owner: string;
    /**
     * The render's order (`RenderedManifests.order`): each object's `dependsOn` are the resources of the
     * objects it depends on. Objects without an entry depend on nothing.
     * @default {}
     */
    readonly order?: ManifestOrder;
    /**
     * What destroy and replacement do with the namespace.
     * @default "retain"
     */
    readonly namespaceDeletionPolicy?: NamespaceDeletionPolicy;
    /**
     * Resources only the objects that run pods (`runsPods` in the order: the DaemonSets) wait for (the node
     * pool that gives them nodes).
     * @default []
     */
    readonly nodeDependencies?: readonly pulumi.Input<pulumi.Resource>[];
}

/**
 * Creates one typed Pulumi resource per rendered object, as children of `parent`, wired with the
 * dependencies the manifests state ({@link ApplyOptions.order}): an object is created after, and deleted
 * before, the objects it depends on — e.g. the Sysbox installer DaemonSet and RuntimeClass go before the
 * installer's ConfigMap, RBAC and ServiceAccount when the runtime is turned off. Objects that patch something cvmkit does not own become
 * `CustomResourcePatch` resources; other custom resources become `CustomResource`s.
 *
 * Every object has a fixed name, so a replacement (provider change, `pulumi up --replace`, a field the API
 * server cannot change) deletes the old object before creating the new one (`deleteBeforeReplace`);
 * create-before-delete would delete the object it just created. The namespace is `retainOnDelete` unless the
 * policy is `delete`: a replacement or destroy leaves it, and the re-create adopts it (server-side apply).
 */
export function createResources(
    component: string,
    objects: readonly KubernetesObject[],
    parent: pulumi.Resource,
    options: ApplyOptions,
): Map<KubernetesObject, pulumi.CustomResource> {
    const policy = options.namespaceDeletionPolicy ?? "retain";
    const nodeDependencies = options.nodeDependencies ?? [];
    const order = options.order ?? {};
    const created = new Map<string, pulumi.CustomResource>();
    const result = new Map<KubernetesObject, pulumi.CustomResource>();
    for (const obj of objects) {
        const key = objectKey(obj);
        const entry = order[key];
        const dependsOn: pulumi.Input<pulumi.Resource>[] = (entry?.dependsOn ?? []).map((d) => {
            const dep = created.get(d);
            if (!dep) throw new Error(`${key} depends on ${d}, which is not created before it`);
            return dep;
        });
        if (entry?.runsPods) dependsOn.push(...nodeDependencies);
        const opts: pulumi.CustomResourceOptions = {
            parent,
            dependsOn,
            customTimeouts: timeoutsFor(obj),
            deleteBeforeReplace: true,
            ...(obj.kind === "Namespace" && policy === "retain" ? { retainOnDelete: true } : {}),
        };
        const name = resourceName(component, obj);
        const factory = FACTORIES[`${obj.apiVersion}/${obj.kind}`];
        const args = withPulumiAnnotations(obj, options.owner, policy);
        let resource: pulumi.CustomResource;
        if (factory) {
            resource = factory(name, args, opts);
        } else if (isPatch(obj)) {
            resource = new k8s.apiextensions.CustomResourcePatch(name, as(args), opts);
        } else {
            resource = new k8s.apiextensions.CustomResource(name, as(args), opts);
        }
        created.set(key, resource);
        result.set(obj, resource);
    }
    return result;
}
