import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { isPatch, KubernetesObject } from "../manifests";

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

/** The server-side apply field manager of every object cvmkit creates through Pulumi. */
export const FIELD_MANAGER = "cvmkit";

/**
 * The object with a stable server-side apply field manager (`pulumi.com/patchFieldManager`). Without it,
 * pulumi-kubernetes picks a random manager per resource and records it only once the create succeeded: a
 * create interrupted after the API server stored the object (say, the API server restarting) is retried
 * under a new manager and fails with a field conflict. With one stable manager the retry simply converges.
 */
export function withFieldManager(obj: KubernetesObject): KubernetesObject {
    return {
        ...obj,
        metadata: {
            ...obj.metadata,
            annotations: {
                ...obj.metadata.annotations,
                "pulumi.com/patchFieldManager": FIELD_MANAGER,
            },
        },
    };
}

/** Timeouts for objects whose readiness takes long (the installer waits for Sysbox on every node). */
function timeoutsFor(obj: KubernetesObject): pulumi.CustomTimeouts | undefined {
    return obj.kind === "DaemonSet" ? { create: "20m", update: "20m" } : undefined;
}

/**
 * Creates one typed Pulumi resource per rendered object, as children of `parent`, wired with the
 * dependencies of {@link dependenciesOf}. Objects that patch something cvmkit does not own become
 * `CustomResourcePatch` resources; other custom resources become `CustomResource`s.
 *
 * @param nodeDependencies resources only the DaemonSets wait for (the node pool that gives them nodes).
 */
export function createResources(
    component: string,
    objects: readonly KubernetesObject[],
    parent: pulumi.Resource,
    nodeDependencies: readonly pulumi.Input<pulumi.Resource>[] = [],
): Map<KubernetesObject, pulumi.CustomResource> {
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
        };
        const name = resourceName(component, obj);
        const factory = FACTORIES[`${obj.apiVersion}/${obj.kind}`];
        const args = withFieldManager(obj);
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
