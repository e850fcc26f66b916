import { allowedImages } from "./admission";
import { componentLabels, KubernetesObject, PATCH_ANNOTATION } from "./objects";
import type { ResolvedConfig } from "./resolve";
import { INSTALLER_DAEMONSET } from "./sysbox";
import type { KyvernoPolicyRef } from "./config";
import { KyvernoPodSecurityControl, kyvernoPodSecurity } from "./kyverno-pod-security";

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
 * Kyverno: `PolicyException`s for pods (and their controllers) in the CVM namespace, and the Sysbox
 * installer DaemonSet when the runtime is on — only when every container image is the supervisor's (or
 * another allowed image, or the installer's): a pod with any other image in the namespace stays under the
 * policies.
 *
 * - `cvmkit-<ns>`: the pattern rules (privileged, host-path, incl. autogen), exempted as a whole; their host
 *   paths cannot be narrowed (cvmkit's ValidatingAdmissionPolicy, 1.30+, limits them).
 * - `cvmkit-<ns>-pod-security` (and `…-installer`): the `podSecurity` rules, with `spec.podSecurity` naming
 *   only the controls the supervisor needs (Privileged Containers for its images, HostPath Volumes for its
 *   host paths); every other baseline control still applies. Separate objects because Kyverno skips a
 *   `podSecurity` rule as a whole for a matching exception without `spec.podSecurity`.
 *
 * @see https://kyverno.io/docs/exceptions/
 */
export function kyvernoExemptions(config: ResolvedConfig): KubernetesObject[] {
    const k = config.kyverno;
    if (!k) {
        return [];
    }
    const cvm = { resources: { kinds: KYVERNO_KINDS, namespaces: [config.namespace] } };
    const installer = config.sysbox && {
        resources: {
            kinds: ["DaemonSet", "Pod"],
            namespaces: [config.sysbox.namespace],
            names: [INSTALLER_DAEMONSET, `${INSTALLER_DAEMONSET}-*`],
        },
    };
    const exception = (
        suffix: string,
        policies: readonly KyvernoPolicyRef[],
        any: readonly object[],
        images: readonly string[],
        podSecurity?: readonly KyvernoPodSecurityControl[],
    ): KubernetesObject => ({
        apiVersion: k.apiVersion,
        kind: "PolicyException",
        metadata: {
            name: `cvmkit-${config.namespace}${suffix}`,
            namespace: k.exceptionNamespace,
            labels: componentLabels(config, "admission"),
        },
        spec: {
            exceptions: policies.map((p) => ({
                policyName: p.policyName,
                ruleNames: [...p.ruleNames],
            })),
            match: { any },
            conditions: {
                all: [{ key: KYVERNO_IMAGES, operator: "AllIn", value: [...new Set(images)] }],
            },
            ...(podSecurity ? { podSecurity } : {}),
        },
    });
    const pattern = k.policies.filter((p) => !p.podSecurity);
    const pss = k.policies.filter((p) => p.podSecurity);
    const controls = kyvernoPodSecurity(config);
    const supervisorImages = allowedImages(config);
    return [
        ...(pattern.length
            ? [
                  exception(
                      "",
                      pattern,
                      installer ? [cvm, installer] : [cvm],
                      config.sysbox ? [...supervisorImages, config.sysbox.image] : supervisorImages,
                  ),
              ]
            : []),
        ...(pss.length
            ? [exception("-pod-security", pss, [cvm], supervisorImages, controls.supervisor)]
            : []),
        ...(pss.length && installer && config.sysbox && controls.installer
            ? [
                  exception(
                      "-pod-security-installer",
                      pss,
                      [installer],
                      [config.sysbox.image],
                      controls.installer,
                  ),
              ]
            : []),
    ];
}
