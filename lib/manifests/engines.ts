import { allowedImages } from "./admission";
import { componentLabels, KubernetesObject, PATCH_ANNOTATION } from "./objects";
import type { ResolvedConfig } from "./resolve";
import { INSTALLER_DAEMONSET } from "./sysbox";

/**
 * Gatekeeper: one patch per declared privileged / host-filesystem constraint that sets
 * `spec.match.excludedNamespaces` to the constraint's existing exclusions plus the CVM namespace (and the
 * installer namespace when the Sysbox runtime is on). Apply with server-side apply.
 *
 * @see https://open-policy-agent.github.io/gatekeeper/website/docs/howto/#the-match-field
 */
export function gatekeeperExemptions(config: ResolvedConfig): KubernetesObject[] {
    const extra = [config.namespace, ...(config.sysbox ? [config.sysbox.namespace] : [])];
    return (config.gatekeeper ?? []).map((c) => ({
        apiVersion: "constraints.gatekeeper.sh/v1beta1",
        kind: c.kind,
        metadata: {
            name: c.name,
            annotations: { [PATCH_ANNOTATION]: "patch" },
        },
        spec: { match: { excludedNamespaces: [...new Set([...c.excludedNamespaces, ...extra])] } },
    }));
}

/** Kinds the Kyverno exception covers: pods and the controllers autogen rules match. */
const KYVERNO_KINDS = [
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "ReplicaSet",
];

/**
 * Every container image of a Pod, or of the pod template of a controller (CronJob, Job, Deployment, …),
 * as a JMESPath over the admission request.
 */
const KYVERNO_IMAGES =
    "{{ (request.object.spec.jobTemplate.spec.template.spec || request.object.spec.template.spec || request.object.spec)" +
    ".[containers, initContainers, ephemeralContainers][][].image }}";

/**
 * Kyverno: a `PolicyException` exempting pods (and their controllers) in the CVM namespace, and the
 * Sysbox installer DaemonSet when the runtime is on, from the privileged and host-path rules, including
 * their autogen variants — only when every container image is the supervisor's (or another allowed
 * image, or the installer's): a pod with any other image in the namespace stays under the policies.
 * The host paths cannot be narrowed this way (a pattern rule is exempted as a whole); cvmkit's
 * ValidatingAdmissionPolicy (1.30+) limits them.
 *
 * @see https://kyverno.io/docs/exceptions/
 */
export function kyvernoExemptions(config: ResolvedConfig): KubernetesObject[] {
    const k = config.kyverno;
    if (!k) {
        return [];
    }
    const any: Record<string, unknown>[] = [
        { resources: { kinds: KYVERNO_KINDS, namespaces: [config.namespace] } },
    ];
    if (config.sysbox) {
        any.push({
            resources: {
                kinds: ["DaemonSet", "Pod"],
                namespaces: [config.sysbox.namespace],
                names: [INSTALLER_DAEMONSET, `${INSTALLER_DAEMONSET}-*`],
            },
        });
    }
    return [
        {
            apiVersion: k.apiVersion,
            kind: "PolicyException",
            metadata: {
                name: `cvmkit-${config.namespace}`,
                namespace: k.exceptionNamespace,
                labels: componentLabels(config, "admission"),
            },
            spec: {
                exceptions: k.policies.map((p) => ({
                    policyName: p.policyName,
                    ruleNames: [...p.ruleNames],
                })),
                match: { any },
                conditions: {
                    all: [
                        {
                            key: KYVERNO_IMAGES,
                            operator: "AllIn",
                            value: [
                                ...allowedImages(config),
                                ...(config.sysbox ? [config.sysbox.image] : []),
                            ],
                        },
                    ],
                },
            },
        },
    ];
}
