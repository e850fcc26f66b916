import type {
    NamedRuleWithOperations,
    ValidatingAdmissionPolicy,
    ValidatingAdmissionPolicyBinding,
} from "kubernetes-types/admissionregistration/v1";
import type { ClusterRole, RoleBinding } from "kubernetes-types/rbac/v1";
import { SUPERVISOR_SERVICE_ACCOUNT } from "./namespace";
import { componentLabels, KubernetesObject } from "./objects";
import { inPhase, OrderedObject } from "./order";
import { baselineValidations, baselineVariables } from "./baseline-policy";
import type { ResolvedConfig } from "./resolve";
import { INSTALLER_SERVICE_ACCOUNT } from "./sysbox";

export { allowedHostPaths, allowedImages } from "./baseline-policy";

/**
 * The admission side of the CVM namespace: the ValidatingAdmissionPolicy (Kubernetes 1.30+) that holds every pod
 * there to Pod Security baseline except the supervisor's exact needs, or the PodSecurityPolicy below 1.25.
 */

/** Name of the PodSecurityPolicy rendered below Kubernetes 1.25. */
export const PSP_NAME = "cvmkit-privileged";

/** Name of the ValidatingAdmissionPolicy (and its binding) for one CVM namespace. */
export function admissionPolicyName(config: ResolvedConfig): string {
    return `cvmkit-${config.namespace}-privileged-allowlist`;
}

// kubernetes-types 1.30 omits `resources` from NamedRuleWithOperations; the API has it.
const POD_RULE: NamedRuleWithOperations & { resources: string[] } = {
    apiGroups: [""],
    apiVersions: ["v1"],
    operations: ["CREATE", "UPDATE"],
    resources: ["pods", "pods/ephemeralcontainers"],
};

/**
 * ValidatingAdmissionPolicy (Kubernetes 1.30+) and its binding: every pod in the CVM namespace meets Pod
 * Security baseline, except that containers with an allow-listed supervisor image may be privileged (running
 * exactly the supervisor command unless `supervisor.pinCommand` is off) and mount exactly the caching mode's
 * host paths. Updates that leave the pod spec as it was (labels, finalizers) are not looked at, so pods
 * admitted before the policy existed can still be relabelled and deleted; an ephemeral container changes
 * the spec and always is.
 */
export function validatingAdmissionPolicy(config: ResolvedConfig): OrderedObject[] {
    const name = admissionPolicyName(config);
    const labels = componentLabels(config, "admission");
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
                    name: "pod-spec-created-or-changed",
                    expression: "request.operation != 'UPDATE' || object.spec != oldObject.spec",
                },
            ],
            variables: baselineVariables(config),
            validations: baselineValidations(config),
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
    return [inPhase("admission", policy), inPhase("admission", binding, [policy])];
}

/**
 * PodSecurityPolicy (below 1.25), a ClusterRole allowing `use` of it, and RoleBindings for exactly the
 * supervisor ServiceAccount (in the CVM namespace) and the Sysbox installer's (when the runtime is on).
 * Privileged, but no host network, PID, IPC or ports (PSP allows no host port without `hostPorts`) and no
 * unsafe sysctls. Host paths are not narrowed: the same PSP admits the installer's many host paths.
 */
export function podSecurityPolicy(config: ResolvedConfig): OrderedObject[] {
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
    const objects: OrderedObject[] = [
        inPhase("admission", psp),
        inPhase("rbac", role),
        inPhase("rbac", binding(config.namespace, SUPERVISOR_SERVICE_ACCOUNT), [role]),
    ];
    if (config.sysbox) {
        objects.push(
            inPhase("rbac", binding(config.sysbox.namespace, INSTALLER_SERVICE_ACCOUNT), [role]),
        );
    }
    return objects;
}
