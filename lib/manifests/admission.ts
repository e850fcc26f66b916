import type {
    NamedRuleWithOperations,
    ValidatingAdmissionPolicy,
    ValidatingAdmissionPolicyBinding,
} from "kubernetes-types/admissionregistration/v1";
import type { ClusterRole, RoleBinding } from "kubernetes-types/rbac/v1";
import { SUPERVISOR_SERVICE_ACCOUNT } from "./namespace";
import { componentLabels, KubernetesObject } from "./objects";
import { supervisorHostPaths } from "./pod-templates";
import type { ResolvedConfig } from "./resolve";
import { INSTALLER_SERVICE_ACCOUNT } from "./sysbox";

/** Name of the PodSecurityPolicy rendered below Kubernetes 1.25. */
export const PSP_NAME = "cvmkit-privileged";

/** Name of the ValidatingAdmissionPolicy (and its binding) for one CVM namespace. */
export function admissionPolicyName(config: ResolvedConfig): string {
    return `cvmkit-${config.namespace}-privileged-allowlist`;
}

/** The images allowed to run privileged or with host paths in the CVM namespace. */
export function allowedImages(config: ResolvedConfig): string[] {
    return [...new Set([config.supervisor.image, ...config.supervisor.allowedImages])];
}

/** The host paths allowed in the CVM namespace (each with and without a trailing slash). */
export function allowedHostPaths(config: ResolvedConfig): string[] {
    return supervisorHostPaths(config.supervisor.caching).flatMap((h) => [h.path, `${h.path}/`]);
}

/** The messages the policy answers with; exported so tests and the doctor can recognise them. */
export function admissionMessages(config: ResolvedConfig): {
    image: string;
    hostPath: string;
    ephemeral: string;
} {
    const images = allowedImages(config).join(", ");
    const paths = supervisorHostPaths(config.supervisor.caching)
        .map((h) => h.path)
        .join(", ");
    return {
        image: `cvmkit: in namespace ${config.namespace}, privileged containers and pods with hostPath volumes may only run the CVM supervisor image (${images})`,
        hostPath: `cvmkit: in namespace ${config.namespace}, hostPath volumes are limited to ${paths}`,
        ephemeral: `cvmkit: in namespace ${config.namespace}, privileged ephemeral containers are not allowed`,
    };
}

// kubernetes-types 1.30 omits `resources` from NamedRuleWithOperations; the API has it.
const POD_RULE: NamedRuleWithOperations & { resources: string[] } = {
    apiGroups: [""],
    apiVersions: ["v1"],
    operations: ["CREATE", "UPDATE"],
    resources: ["pods", "pods/ephemeralcontainers"],
};

const celList = (items: readonly string[]): string =>
    `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;

const PRIVILEGED =
    "has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged";
const HAS_HOSTPATH = "has(object.spec.volumes) && object.spec.volumes.exists(v, has(v.hostPath))";
const ANY_PRIVILEGED = ["containers", "initContainers", "ephemeralContainers"]
    .map((list) => `(has(object.spec.${list}) && object.spec.${list}.exists(c, ${PRIVILEGED}))`)
    .join(" || ");

/**
 * ValidatingAdmissionPolicy (Kubernetes 1.30+) and its binding: inside the CVM namespace, privileged
 * containers and hostPath volumes are rejected unless the image is on the supervisor allow-list and
 * the host paths are the ones CVMs need. Pods without either are not looked at.
 */
export function validatingAdmissionPolicy(config: ResolvedConfig): KubernetesObject[] {
    const name = admissionPolicyName(config);
    const messages = admissionMessages(config);
    const labels = componentLabels(config, "admission");
    const imageAllowed = (list: string, predicate: string): string =>
        `!has(object.spec.${list}) || object.spec.${list}.all(c, !(${predicate}) || c.image in variables.allowedImages)`;
    const policy: KubernetesObject & ValidatingAdmissionPolicy = {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name, labels },
        spec: {
            failurePolicy: "Fail",
            matchConstraints: {
                resourceRules: [POD_RULE],
            },
            matchConditions: [
                {
                    name: "privileged-or-hostpath",
                    expression: `${ANY_PRIVILEGED} || (${HAS_HOSTPATH})`,
                },
            ],
            variables: [
                { name: "allowedImages", expression: celList(allowedImages(config)) },
                { name: "allowedHostPaths", expression: celList(allowedHostPaths(config)) },
                { name: "hasHostPath", expression: HAS_HOSTPATH },
            ],
            validations: [
                {
                    expression: imageAllowed(
                        "containers",
                        `variables.hasHostPath || ${PRIVILEGED}`,
                    ),
                    message: messages.image,
                    reason: "Forbidden",
                },
                {
                    expression: imageAllowed(
                        "initContainers",
                        `variables.hasHostPath || ${PRIVILEGED}`,
                    ),
                    message: messages.image,
                    reason: "Forbidden",
                },
                {
                    expression: `!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !(${PRIVILEGED}))`,
                    message: messages.ephemeral,
                    reason: "Forbidden",
                },
                {
                    expression:
                        "!has(object.spec.volumes) || object.spec.volumes.all(v, !has(v.hostPath) || v.hostPath.path in variables.allowedHostPaths)",
                    message: messages.hostPath,
                    reason: "Forbidden",
                },
            ],
        },
    };
    const binding: KubernetesObject & ValidatingAdmissionPolicyBinding = {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name, labels },
        spec: {
            policyName: name,
            validationActions: [...config.admissionPolicyActions],
            matchResources: {
                namespaceSelector: {
                    matchLabels: { "kubernetes.io/metadata.name": config.namespace },
                },
            },
        },
    };
    return [policy, binding];
}

/**
 * PodSecurityPolicy (below 1.25), a ClusterRole allowing `use` of it, and RoleBindings for exactly the
 * supervisor ServiceAccount (in the CVM namespace) and the Sysbox installer's (when the runtime is on).
 */
export function podSecurityPolicy(config: ResolvedConfig): KubernetesObject[] {
    const labels = componentLabels(config, "admission");
    const psp: KubernetesObject = {
        apiVersion: "policy/v1beta1",
        kind: "PodSecurityPolicy",
        metadata: {
            name: PSP_NAME,
            labels,
            annotations: { "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "*" },
        },
        spec: {
            privileged: true,
            allowPrivilegeEscalation: true,
            allowedCapabilities: ["*"],
            volumes: ["*"],
            hostNetwork: false,
            hostPID: false,
            hostIPC: false,
            runAsUser: { rule: "RunAsAny" },
            seLinux: { rule: "RunAsAny" },
            supplementalGroups: { rule: "RunAsAny" },
            fsGroup: { rule: "RunAsAny" },
        },
    };
    const roleName = `cvmkit:psp:${PSP_NAME}`;
    const role: KubernetesObject & ClusterRole = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: roleName, labels },
        rules: [
            {
                apiGroups: ["policy"],
                resources: ["podsecuritypolicies"],
                verbs: ["use"],
                resourceNames: [PSP_NAME],
            },
        ],
    };
    const binding = (
        namespace: string,
        serviceAccount: string,
    ): KubernetesObject & RoleBinding => ({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: `cvmkit:psp:${serviceAccount}`, namespace, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
        subjects: [{ kind: "ServiceAccount", name: serviceAccount, namespace }],
    });
    const objects: KubernetesObject[] = [
        psp,
        role,
        binding(config.namespace, SUPERVISOR_SERVICE_ACCOUNT),
    ];
    if (config.sysbox) {
        objects.push(binding(config.sysbox.namespace, INSTALLER_SERVICE_ACCOUNT));
    }
    return objects;
}
