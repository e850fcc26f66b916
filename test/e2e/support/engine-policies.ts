/**
 * Policies as users run them, shared by the engine tests: Kyverno's upstream pod-security policies (the
 * pattern policies and the `podSecurity` baseline subrule).
 */
/** kyverno/policies pod-security/baseline/disallow-privileged-containers, as in the 1.19.1 module's charts/kyverno-policies (Enforce). */
export const DISALLOW_PRIVILEGED = {
    apiVersion: "kyverno.io/v1",
    kind: "ClusterPolicy",
    metadata: { name: "disallow-privileged-containers" },
    spec: {
        validationFailureAction: "Enforce",
        background: true,
        rules: [
            {
                name: "privileged-containers",
                match: { any: [{ resources: { kinds: ["Pod"] } }] },
                validate: {
                    message:
                        "Privileged mode is disallowed. The fields spec.containers[*].securityContext.privileged, spec.initContainers[*].securityContext.privileged, and spec.ephemeralContainers[*].securityContext.privileged must be unset or set to `false`.",
                    pattern: {
                        spec: {
                            "=(ephemeralContainers)": [
                                { "=(securityContext)": { "=(privileged)": "false" } },
                            ],
                            "=(initContainers)": [
                                { "=(securityContext)": { "=(privileged)": "false" } },
                            ],
                            containers: [{ "=(securityContext)": { "=(privileged)": "false" } }],
                        },
                    },
                },
            },
        ],
    },
};

/** kyverno/policies pod-security/baseline/disallow-host-path, as in the 1.19.1 module's charts/kyverno-policies (Enforce). */
export const DISALLOW_HOST_PATH = {
    apiVersion: "kyverno.io/v1",
    kind: "ClusterPolicy",
    metadata: { name: "disallow-host-path" },
    spec: {
        validationFailureAction: "Enforce",
        background: true,
        rules: [
            {
                name: "host-path",
                match: { any: [{ resources: { kinds: ["Pod"] } }] },
                validate: {
                    message:
                        "HostPath volumes are forbidden. The field spec.volumes[*].hostPath must be unset.",
                    pattern: { spec: { "=(volumes)": [{ "X(hostPath)": "null" }] } },
                },
            },
        ],
    },
};

/**
 * kyverno/policies pod-security/subrule/podsecurity-subrule-baseline (github.com/kyverno/policies at
 * b9c4317c), field by field: the whole baseline profile as one `validate.podSecurity` rule. Upstream ships it
 * in `Audit`; users who enforce it switch `validationFailureAction` to `Enforce`, as here.
 */
export const PODSECURITY_BASELINE = {
    apiVersion: "kyverno.io/v1",
    kind: "ClusterPolicy",
    metadata: {
        name: "podsecurity-subrule-baseline",
        annotations: {
            "policies.kyverno.io/title": "Baseline Pod Security Standards",
            "policies.kyverno.io/category": "Pod Security, EKS Best Practices",
            "policies.kyverno.io/severity": "high",
            "kyverno.io/kyverno-version": "1.8.0",
            "policies.kyverno.io/minversion": "1.8.0",
            "kyverno.io/kubernetes-version": "1.24",
            "policies.kyverno.io/subject": "Pod",
            "policies.kyverno.io/description":
                "The baseline profile of the Pod Security Standards is a collection of the most basic and important steps that can be taken to secure Pods. Beginning with Kyverno 1.8, an entire profile may be assigned to the cluster through a single rule. This policy configures the baseline profile through the latest version of the Pod Security Standards cluster wide.",
        },
    },
    spec: {
        background: true,
        validationFailureAction: "Enforce",
        rules: [
            {
                name: "baseline",
                match: { any: [{ resources: { kinds: ["Pod"] } }] },
                validate: { podSecurity: { level: "baseline", version: "latest" } },
            },
        ],
    },
};
