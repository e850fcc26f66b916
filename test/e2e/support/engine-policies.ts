/**
 * Policies as users run them, shared by the engine tests: Kyverno's upstream pod-security pattern policies.
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
