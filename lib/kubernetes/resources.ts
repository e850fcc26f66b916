import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { isPatch, KubernetesObject } from "../manifests";
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

/**
 * The objects `obj` must wait for: its namespace, the ServiceAccount / ConfigMap / RBAC and admission
 * exemptions a workload uses, the role or policy a binding names. Only objects rendered earlier are considered.
 */
export function dependenciesOf(
    obj: KubernetesObject,
    earlier: readonly KubernetesObject[],
): KubernetesObject[] {
    const ns = obj.metadata.namespace;
    const component = obj.metadata.labels?.["app.kubernetes.io/component"];
    return earlier.filter((o) => {
        if (o.kind === "Namespace") return o.metadata.name === ns;
        if (obj.kind === "DaemonSet") {
            const sameNamespace = o.metadata.namespace === ns && o.kind !== "DaemonSet";
            const sameComponentRbac =
                o.metadata.labels?.["app.kubernetes.io/component"] === component &&
                o.kind.startsWith("Cluster");
            // Admission exemptions (PSP, Kyverno PolicyException, Gatekeeper patches) must exist before
            // the DaemonSet and its privileged pods are admitted. The ValidatingAdmissionPolicy only
            // restricts (and matches neither DaemonSet's pods), so nothing waits for it.
            const exemption =
                (o.metadata.labels?.["app.kubernetes.io/component"] === "admission" &&
                    !o.kind.startsWith("ValidatingAdmissionPolicy")) ||
                isPatch(o);
            return sameNamespace || sameComponentRbac || exemption;
        }
        if (obj.kind === "ClusterRoleBinding" || obj.kind === "RoleBinding") {
            const ref = (obj as { roleRef?: { name?: string } }).roleRef?.name;
            return o.kind === "ClusterRole" && o.metadata.name === ref;
        }
        if (obj.kind === "ValidatingAdmissionPolicyBinding") {
            return o.kind === "ValidatingAdmissionPolicy";
        }
        return false;
    });
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
     * What destroy and replacement do with the namespace.
     * @default "retain"
     */
    readonly namespaceDeletionPolicy?: NamespaceDeletionPolicy;
    /**
     * Resources only the DaemonSets wait for (the node pool that gives them nodes).
     * @default []
     */
    readonly nodeDependencies?: readonly pulumi.Input<pulumi.Resource>[];
}

/**
 * Creates one typed Pulumi resource per rendered object, as children of `parent`, wired with the
 * dependencies of {@link dependenciesOf}. Objects that patch something cvmkit does not own become
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
    const created = new Map<KubernetesObject, pulumi.CustomResource>();
    objects.forEach((obj, i) => {
        const dependsOn: pulumi.Input<pulumi.Resource>[] = dependenciesOf(
            obj,
            objects.slice(0, i),
        ).map((d) => created.get(d)!);
        if (obj.kind === "DaemonSet") dependsOn.push(...nodeDependencies);
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
        created.set(obj, resource);
    });
    return created;
}
