import { atLeast, formatMinor, KubernetesVersion } from "./version";

/**
 * Which admission and workload APIs a Kubernetes minor offers, as cvmkit uses them.
 *
 * Facts: PodSecurityPolicy (`policy/v1beta1`) exists below 1.25; Pod Security Admission is
 * alpha in 1.22 and on by default from 1.23; ValidatingAdmissionPolicy is GA
 * (`admissionregistration.k8s.io/v1`) from 1.30; RuntimeClass is `node.k8s.io/v1` from 1.20
 * (`v1beta1` before); the `seccompProfile` security-context field exists from 1.19 (an annotation
 * before); `spec.hostUsers` exists from 1.25 and user namespaces are on by default
 * from 1.33.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export interface FeatureGates {
    /** The minor these gates were derived from, e.g. `1.30`. */
    readonly minor: string;
    /** Pod Security Admission enforces namespace labels (1.23+; alpha behind a gate in 1.22). */
    readonly podSecurityAdmission: boolean;
    /** The value for `pod-security.kubernetes.io/enforce-version`, e.g. `v1.30`. */
    readonly podSecurityVersion: string;
    /** The PodSecurityPolicy API (`policy/v1beta1`) is served (below 1.25). */
    readonly podSecurityPolicy: boolean;
    /** ValidatingAdmissionPolicy at `admissionregistration.k8s.io/v1` is served and on by default (1.30+). */
    readonly validatingAdmissionPolicy: boolean;
    /** apiVersion of RuntimeClass. */
    readonly runtimeClassApiVersion: "node.k8s.io/v1" | "node.k8s.io/v1beta1";
    /** The `securityContext.seccompProfile` field exists (1.19+); older clusters read the seccomp annotations. */
    readonly seccompProfileField: boolean;
    /** The pod field `spec.hostUsers` exists (1.25+). */
    readonly hostUsersField: boolean;
    /** User namespaces for pods are enabled by default (1.33+), so `hostUsers: false` works without gates. */
    readonly userNamespacesByDefault: boolean;
}

/** Derives the {@link FeatureGates} for a Kubernetes version. */
export function featureGates(v: KubernetesVersion): FeatureGates {
    return {
        minor: formatMinor(v),
        podSecurityAdmission: atLeast(v, 1, 23),
        podSecurityVersion: `v${formatMinor(v)}`,
        podSecurityPolicy: !atLeast(v, 1, 25),
        validatingAdmissionPolicy: atLeast(v, 1, 30),
        runtimeClassApiVersion: atLeast(v, 1, 20) ? "node.k8s.io/v1" : "node.k8s.io/v1beta1",
        seccompProfileField: atLeast(v, 1, 19),
        hostUsersField: atLeast(v, 1, 25),
        userNamespacesByDefault: atLeast(v, 1, 33),
    };
}
