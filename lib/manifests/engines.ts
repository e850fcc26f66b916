import { allowedImages } from "./admission";
import { componentLabels, KubernetesObject, PATCH_ANNOTATION } from "./objects";
import type { ResolvedConfig } from "./resolve";
import { INSTALLER_DAEMONSET } from "./sysbox";
import type { KyvernoPolicyRef } from "./config";
import { KyvernoPodSecurityControl, kyvernoPodSecurity } from "./kyverno-pod-security";
import {
    EXEC_HANDLERS,
    hostPathSpellings,
    SUPERVISOR_MOUNTS_ENV,
    supervisorDefinition,
} from "./supervisor";

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

/** The pod spec of a Pod, or of the pod template of a controller (CronJob, Job, Deployment, …), as JMESPath. */
const KYVERNO_SPEC =
    "(request.object.spec.jobTemplate.spec.template.spec || request.object.spec.template.spec || request.object.spec)";
/** Every container image of the pod spec, ephemeral containers included. */
const KYVERNO_IMAGES = `{{ ${KYVERNO_SPEC}.[containers, initContainers, ephemeralContainers][][].image }}`;
/** The containers and init containers (a list without nulls). */
const CONTAINERS = `(${KYVERNO_SPEC}.[containers, initContainers][] | [?name])`;
/** Their volume mounts. */
const MOUNTS = `(${CONTAINERS}[].volumeMounts[] | [?name])`;
const VOLUMES = `(${KYVERNO_SPEC}.volumes || \`[]\`)`;
/** The name prefix of the ServiceAccount token volume the ServiceAccount admission plugin adds. */
const TOKEN_VOLUME = "kube-api-access-";
/** A JMESPath JSON literal. */
const jp = (v: unknown): string => `\`${JSON.stringify(v)}\``;

export interface KyvernoCondition {
    readonly key: string;
    readonly operator: string;
    readonly value: unknown;
}
/** Kyverno's `AnyAllConditions`: every `all` and, when given, at least one `any`. */
export interface KyvernoConditions {
    readonly all: readonly KyvernoCondition[];
    readonly any?: readonly KyvernoCondition[];
}
/** `length(list) == 0`. */
const none = (list: string): KyvernoCondition => ({
    key: `{{ length(${list}) }}`,
    operator: "Equals",
    value: 0,
});

/**
 * The supervisor definition as Kyverno `PolicyException` conditions over the pod (or pod template): every
 * container and init container is the supervisor, so the exception covers a pod only when the
 * ValidatingAdmissionPolicy would admit it (1.30+) — the same checks, from the same data. JMESPath cannot
 * join a mount with its volume or its container, so three checks are keyed differently: `CODER_MOUNTS`
 * sources are the data mount paths of any of the pod's containers; the ServiceAccount token is recognised by
 * its volume name (`kube-api-access-*`, projected, read-only at the token path); no ephemeral container
 * may be present at all (the VAP admits unprivileged ones).
 */
export function kyvernoSupervisorConditions(config: ResolvedConfig): KyvernoConditions {
    const def = supervisorDefinition(config.supervisor);
    const names = jp(def.hostPaths.map((h) => h.volume));
    const spellings = jp(
        def.hostPaths.flatMap((h) => hostPathSpellings(h).map((p) => `${h.volume}=${p}`)),
    );
    const hostMounts = jp(
        def.hostPaths.flatMap((h) =>
            (h.readOnly ? ["true"] : ["true", "false"]).map(
                (ro) => `${h.volume}|${h.mountPath}|${ro}`,
            ),
        ),
    );
    const execs = EXEC_HANDLERS.map((h) => `${h}.exec != null`).join(" || ");
    const conditions: KyvernoCondition[] = [
        { key: KYVERNO_IMAGES, operator: "AllIn", value: [...def.images] },
        none(`${KYVERNO_SPEC}.ephemeralContainers || \`[]\``),
        {
            key: `{{ ${KYVERNO_SPEC}.shareProcessNamespace || \`false\` }}`,
            operator: "Equals",
            value: false,
        },
        none(
            `${VOLUMES}[?hostPath != null] | [?!contains(${spellings}, join('=', [name, hostPath.path]))]`,
        ),
        none(`${VOLUMES}[?hostPath == null && contains(${names}, name)]`),
        none(
            `${VOLUMES}[?hostPath == null && ${def.dataVolumeTypes.map((t) => `${t} == null`).join(" && ")} && !(projected != null && starts_with(name, '${TOKEN_VOLUME}'))]`,
        ),
        none(
            `${MOUNTS}[?starts_with(name, '${TOKEN_VOLUME}') && (mountPath != '${def.tokenPath}' || readOnly != \`true\`)]`,
        ),
        none(
            `${MOUNTS}[?contains(${names}, name)] | [?!contains(${hostMounts}, join('|', [name, mountPath, to_string(readOnly == \`true\`)]))]`,
        ),
        none(`${MOUNTS}[?contains(${names}, name) && (subPath || subPathExpr)]`),
        none(`${MOUNTS}[?subPathExpr || (mountPropagation != null && mountPropagation != 'None')]`),
        none(
            `${MOUNTS}[?!contains(${names}, name)] | [?!contains(${jp(def.dataPaths)}, mountPath) && !(${def.dataPrefixes.map((p) => `starts_with(mountPath, '${p}')`).join(" || ")}) && !(mountPath == '${def.tokenPath}' && starts_with(name, '${TOKEN_VOLUME}'))]`,
        ),
        none(`${CONTAINERS}[?volumeDevices]`),
    ];
    if (def.pinCommand) {
        conditions.push(
            none(`${CONTAINERS}[?command != ${jp(def.command)} || args]`),
            none(`${CONTAINERS}[?${execs}]`),
            none(`${CONTAINERS}[?stdin || stdinOnce || tty]`),
            none(`${CONTAINERS}[?envFrom]`),
            none(`${CONTAINERS}[].env[] | [?!contains(${jp(def.env)}, name)]`),
            none(
                `${CONTAINERS}[].env[] | [?name == '${SUPERVISOR_MOUNTS_ENV}' && valueFrom != null]`,
            ),
        );
    }
    if (!def.pinCommand) return { all: conditions };
    // CODER_MOUNTS sources among the data mount paths; `any` with "no source at all" so the AllIn never
    // runs on an empty list
    const sources = `${CONTAINERS}[].env[] | [?name == '${SUPERVISOR_MOUNTS_ENV}' && value] | [].split(value, ',')[] | [].split(@, ':')[0]`;
    return {
        all: conditions,
        any: [
            none(sources),
            {
                key: `{{ ${sources} }}`,
                operator: "AllIn",
                value: `{{ ${MOUNTS}[?!contains(${names}, name)].mountPath }}`,
            },
        ],
    };
}

/**
 * Kyverno: `PolicyException`s for pods (and their controllers) in the CVM namespace, only when every
 * container and init container is the supervisor ({@link kyvernoSupervisorConditions}), and for the Sysbox
 * installer DaemonSet when the runtime is on (only its image): any other pod stays under the policies.
 *
 * - `cvmkit-<ns>`: the pattern rules (privileged, host-path, incl. autogen), exempted as a whole for a pod
 *   that is the supervisor; `cvmkit-<ns>-installer` the same for the installer.
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
        conditions?: KyvernoConditions,
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
            conditions: conditions ?? {
                all: [{ key: KYVERNO_IMAGES, operator: "AllIn", value: [...new Set(images)] }],
            },
            ...(podSecurity ? { podSecurity } : {}),
        },
    });
    const pattern = k.policies.filter((p) => !p.podSecurity);
    const pss = k.policies.filter((p) => p.podSecurity);
    const controls = kyvernoPodSecurity(config);
    const supervisorImages = allowedImages(config);
    const supervisor = kyvernoSupervisorConditions(config);
    return [
        ...(pattern.length
            ? [exception("", pattern, [cvm], supervisorImages, undefined, supervisor)]
            : []),
        ...(pattern.length && installer && config.sysbox
            ? [exception("-installer", pattern, [installer], [config.sysbox.image])]
            : []),
        ...(pss.length
            ? [
                  exception(
                      "-pod-security",
                      pss,
                      [cvm],
                      supervisorImages,
                      controls.supervisor,
                      supervisor,
                  ),
              ]
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
