import type { Validation, Variable } from "kubernetes-types/admissionregistration/v1";
import { APPARMOR_ANNOTATION_PREFIX, baselineValues } from "../compat/pod-security";
import { supervisorHostPaths } from "./pod-templates";
import type { ResolvedConfig } from "./resolve";

/**
 * The CEL rules of cvmkit's ValidatingAdmissionPolicy: every Pod Security **baseline** control, for every
 * pod in the CVM namespace, with one exception — containers whose image is on the supervisor allow-list
 * may be privileged, and pods whose containers all run such images may mount exactly the caching mode's
 * host paths. Each rule answers with its own message: the control, the field path, the value and the fix.
 *
 * Field lists and allowed values follow `k8s.io/pod-security-admission/policy` (see
 * {@link baselineValues}); containers, initContainers and ephemeralContainers all count.
 */

/** The images allowed to run privileged or with host paths in the CVM namespace. */
export function allowedImages(config: ResolvedConfig): string[] {
    return [...new Set([config.supervisor.image, ...config.supervisor.allowedImages])];
}

/** The host paths allowed in the CVM namespace (each with and without a trailing slash). */
export function allowedHostPaths(config: ResolvedConfig): string[] {
    return supervisorHostPaths(config.supervisor.caching).flatMap((h) => [h.path, `${h.path}/`]);
}

/** The three container lists of a pod spec. */
export const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;
type ContainerList = (typeof CONTAINER_LISTS)[number];

/** A CEL string literal. */
const lit = (s: string): string => JSON.stringify(s);
const celList = (items: readonly string[]): string => `[${items.map(lit).join(", ")}]`;
/** CEL: render a list of strings as `["a", "b"]`. */
const quoted = (list: string): string => `'["' + ${list}.join('", "') + '"]'`;

/** `has(a.b) && has(a.b.c) …` for a dotted path below `root`. */
function hasPath(root: string, path: string): string {
    const parts = path.split(".");
    return parts.map((_, i) => `has(${root}.${parts.slice(0, i + 1).join(".")})`).join(" && ");
}

/** The start of every message: the control and that it is cvmkit's CVM-namespace policy speaking. */
export function messagePrefix(control: string): string {
    return `cvmkit Pod Security baseline, control "${control}":`;
}

interface RuleText {
    readonly control: string;
    readonly fix: string;
}

/** A rule over one container list: `bad(c)` flags a container, `detail(c)` renders `field=value`. */
function containerRule(
    config: ResolvedConfig,
    list: ContainerList,
    text: RuleText,
    bad: string,
    detail: string,
): Validation {
    const items = `object.spec.${list}`;
    const suffix = ` is not allowed in namespace ${config.namespace}. Fix: ${text.fix}`;
    return {
        expression: `!has(${items}) || ${items}.all(c, !(${bad}))`,
        message: `${messagePrefix(text.control)} a container in spec.${list}${suffix}`,
        messageExpression:
            `${lit(messagePrefix(text.control) + " ")} + ${items}.filter(c, ${bad})` +
            `.map(c, ${lit(`spec.${list}[name="`)} + c.name + '"].' + ${detail}).join(', ') + ${lit(suffix)}`,
        reason: "Forbidden",
    };
}

/** A rule over the pod: `detail` renders `field=value` (CEL string), evaluated only when `bad` holds. */
function podRule(config: ResolvedConfig, text: RuleText, bad: string, detail: string): Validation {
    const suffix = ` is not allowed in namespace ${config.namespace}. Fix: ${text.fix}`;
    return {
        expression: `!(${bad})`,
        message: `${messagePrefix(text.control)} the pod spec${suffix}`,
        messageExpression: `${lit(messagePrefix(text.control) + " ")} + ${detail} + ${lit(suffix)}`,
        reason: "Forbidden",
    };
}

const PRIVILEGED = `${hasPath("c", "securityContext.privileged")} && c.securityContext.privileged`;
const SUPERVISOR = "c.image in variables.allowedImages";

/** The policy's variables (allow-lists), referenced by the rules as `variables.<name>`. */
export function baselineVariables(config: ResolvedConfig): Variable[] {
    const b = baselineValues(config.version);
    return [
        { name: "allowedImages", expression: celList(allowedImages(config)) },
        { name: "allowedHostPaths", expression: celList(allowedHostPaths(config)) },
        { name: "supervisorCommand", expression: celList(config.supervisor.command) },
        { name: "capabilities", expression: celList(b.capabilities) },
        { name: "sysctls", expression: celList(b.sysctls) },
        { name: "seLinuxTypes", expression: celList(b.seLinuxTypes) },
        { name: "profileTypes", expression: celList(b.seccompTypes) },
        {
            name: "hostPathVolumes",
            expression:
                "has(object.spec.volumes) ? object.spec.volumes.filter(v, has(v.hostPath)).map(v, v.name) : []",
        },
        {
            name: "userNamespaced",
            expression: "has(object.spec.hostUsers) && object.spec.hostUsers == false",
        },
    ];
}

/** Probe and lifecycle `host` fields (Pod Security 1.34+ `hostProbesAndHostLifecycle`). */
const HOST_FIELDS = [
    "livenessProbe.httpGet.host",
    "livenessProbe.tcpSocket.host",
    "readinessProbe.httpGet.host",
    "readinessProbe.tcpSocket.host",
    "startupProbe.httpGet.host",
    "startupProbe.tcpSocket.host",
    "lifecycle.postStart.httpGet.host",
    "lifecycle.postStart.tcpSocket.host",
    "lifecycle.preStop.httpGet.host",
    "lifecycle.preStop.tcpSocket.host",
];
const hostSet = (f: string): string => `(${hasPath("c", f)} && c.${f} != '')`;

function containerRules(config: ResolvedConfig, list: ContainerList): Validation[] {
    const rule = (text: RuleText, bad: string, detail: string): Validation =>
        containerRule(config, list, text, bad, detail);
    const b = baselineValues(config.version);
    const images = allowedImages(config);
    const ephemeral = list === "ephemeralContainers";
    const sc = (f: string): string => `${hasPath("c", `securityContext.${f}`)}`;
    const rules: Validation[] = [
        rule(
            {
                control: "Privileged Containers",
                fix: ephemeral
                    ? "remove securityContext.privileged; ephemeral containers are never privileged here, not even with the CVM supervisor image"
                    : `remove securityContext.privileged; only the CVM supervisor image (${images.join(", ")}) may run privileged (setting supervisor.allowedImages)`,
            },
            ephemeral ? PRIVILEGED : `${PRIVILEGED} && !(${SUPERVISOR})`,
            `'securityContext.privileged=true with image "' + c.image + '"'`,
        ),
    ];
    if (!ephemeral && config.supervisor.pinCommand) {
        rules.push(
            rule(
                {
                    control: "Privileged Containers",
                    fix: `a privileged CVM supervisor container must run exactly command ${JSON.stringify(config.supervisor.command)} with no args (settings supervisor.command, supervisor.pinCommand)`,
                },
                `${PRIVILEGED} && ${SUPERVISOR} && (!has(c.command) || c.command != variables.supervisorCommand || (has(c.args) && size(c.args) > 0))`,
                `'command=' + (has(c.command) ? ${quoted("c.command")} : 'unset') + (has(c.args) && size(c.args) > 0 ? ' args=' + ${quoted("c.args")} : '')`,
            ),
        );
    }
    rules.push(
        rule(
            {
                control: "Capabilities",
                fix: `add only capabilities of the baseline set (${b.capabilities.join(", ")}); the supervisor gets what it needs from privileged`,
            },
            `${sc("capabilities.add")} && c.securityContext.capabilities.add.exists(x, !(x in variables.capabilities))`,
            `'securityContext.capabilities.add=' + ${quoted("c.securityContext.capabilities.add.filter(x, !(x in variables.capabilities))")}`,
        ),
        rule(
            {
                control: "Seccomp",
                fix: 'use seccompProfile.type "RuntimeDefault" or "Localhost", or leave it out',
            },
            `${sc("seccompProfile.type")} && !(c.securityContext.seccompProfile.type in variables.profileTypes)`,
            `'securityContext.seccompProfile.type="' + c.securityContext.seccompProfile.type + '"'`,
        ),
        rule(
            {
                control: "AppArmor",
                fix: 'use appArmorProfile.type "RuntimeDefault" or "Localhost", or leave it out',
            },
            `${sc("appArmorProfile.type")} && !(c.securityContext.appArmorProfile.type in variables.profileTypes)`,
            `'securityContext.appArmorProfile.type="' + c.securityContext.appArmorProfile.type + '"'`,
        ),
        rule(
            {
                control: "SELinux",
                fix: `use seLinuxOptions.type ${b.seLinuxTypes.filter((t) => t).join(", ")} or leave it out`,
            },
            `${sc("seLinuxOptions.type")} && !(c.securityContext.seLinuxOptions.type in variables.seLinuxTypes)`,
            `'securityContext.seLinuxOptions.type="' + c.securityContext.seLinuxOptions.type + '"'`,
        ),
        rule(
            { control: "SELinux", fix: "remove seLinuxOptions.user and seLinuxOptions.role" },
            `(${sc("seLinuxOptions.user")} && c.securityContext.seLinuxOptions.user != '') || (${sc("seLinuxOptions.role")} && c.securityContext.seLinuxOptions.role != '')`,
            `(${sc("seLinuxOptions.user")} && c.securityContext.seLinuxOptions.user != '' ? 'securityContext.seLinuxOptions.user="' + c.securityContext.seLinuxOptions.user + '"' : 'securityContext.seLinuxOptions.role="' + c.securityContext.seLinuxOptions.role + '"')`,
        ),
        rule(
            {
                control: "/proc Mount Type",
                fix: b.procMountRelaxedInUserNamespace
                    ? 'use procMount "Default" or leave it out (any value is allowed with spec.hostUsers: false)'
                    : 'use procMount "Default" or leave it out',
            },
            `${sc("procMount")} && c.securityContext.procMount != 'Default'${b.procMountRelaxedInUserNamespace ? " && !variables.userNamespaced" : ""}`,
            `'securityContext.procMount="' + c.securityContext.procMount + '"'`,
        ),
        rule(
            {
                control: "Host Ports",
                fix: "remove hostPort; no pod in this namespace may bind node ports, the CVM supervisor included (use a Service)",
            },
            "has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0)",
            "'ports[*].hostPort=' + c.ports.filter(p, has(p.hostPort) && p.hostPort != 0).map(p, string(p.hostPort)).join(', ')",
        ),
        rule(
            { control: "HostProcess", fix: "remove securityContext.windowsOptions.hostProcess" },
            `${sc("windowsOptions.hostProcess")} && c.securityContext.windowsOptions.hostProcess`,
            "'securityContext.windowsOptions.hostProcess=true'",
        ),
        rule(
            {
                control: "Probes and lifecycle host",
                fix: "remove the host field; probes and lifecycle handlers may only target the pod itself",
            },
            HOST_FIELDS.map(hostSet).join(" || "),
            `[${HOST_FIELDS.map((f) => `${hostSet(f)} ? ${lit(`${f}="`)} + c.${f} + '"' : ''`).join(", ")}].filter(s, s != '').join(', ')`,
        ),
    );
    if (ephemeral) {
        rules.push(
            rule(
                {
                    control: "HostPath Volumes",
                    fix: "do not mount the pod's hostPath volumes in an ephemeral container",
                },
                "has(c.volumeMounts) && c.volumeMounts.exists(m, m.name in variables.hostPathVolumes)",
                `'volumeMounts=' + ${quoted("c.volumeMounts.filter(m, m.name in variables.hostPathVolumes).map(m, m.name)")} + ' (hostPath volumes)'`,
            ),
        );
    } else {
        rules.push(
            rule(
                {
                    control: "HostPath Volumes",
                    fix: `pods with hostPath volumes may only run the CVM supervisor image (${images.join(", ")}); move this container to another pod or drop the hostPath volumes`,
                },
                `size(variables.hostPathVolumes) > 0 && !(${SUPERVISOR})`,
                `'image="' + c.image + '" in a pod with hostPath volumes'`,
            ),
        );
    }
    return rules;
}

function podRules(config: ResolvedConfig): Validation[] {
    const b = baselineValues(config.version);
    const paths = supervisorHostPaths(config.supervisor.caching).map((h) => h.path);
    const psc = (f: string): string => hasPath("object", `spec.securityContext.${f}`);
    // HostProcess first: a HostProcess pod also needs hostNetwork, and this is the rule it breaks first.
    const rules: Validation[] = [
        podRule(
            config,
            { control: "HostProcess", fix: "remove securityContext.windowsOptions.hostProcess" },
            `${psc("windowsOptions.hostProcess")} && object.spec.securityContext.windowsOptions.hostProcess`,
            "'spec.securityContext.windowsOptions.hostProcess=true'",
        ),
    ];
    for (const [field, what] of [
        ["hostNetwork", "network"],
        ["hostPID", "PID"],
        ["hostIPC", "IPC"],
    ] as const) {
        rules.push(
            podRule(
                config,
                {
                    control: "Host Namespaces",
                    fix: `remove spec.${field}; no pod in this namespace may share the node's ${what} namespace, the CVM supervisor included`,
                },
                `has(object.spec.${field}) && object.spec.${field}`,
                `'spec.${field}=true'`,
            ),
        );
    }
    rules.push(
        podRule(
            config,
            {
                control: "HostPath Volumes",
                fix: `only the CVM supervisor may mount host paths, and only ${paths.join(", ")} (supervisor.caching "${config.supervisor.caching}")`,
            },
            "has(object.spec.volumes) && object.spec.volumes.exists(v, has(v.hostPath) && !(v.hostPath.path in variables.allowedHostPaths))",
            `object.spec.volumes.filter(v, has(v.hostPath) && !(v.hostPath.path in variables.allowedHostPaths)).map(v, 'spec.volumes[name="' + v.name + '"].hostPath.path="' + v.hostPath.path + '"').join(', ')`,
        ),
        podRule(
            config,
            {
                control: "Sysctls",
                fix: `set only the safe sysctls (${b.sysctls.join(", ")}); the CVM supervisor included`,
            },
            `${psc("sysctls")} && object.spec.securityContext.sysctls.exists(s, !(s.name in variables.sysctls))`,
            `'spec.securityContext.sysctls=' + ${quoted("object.spec.securityContext.sysctls.filter(s, !(s.name in variables.sysctls)).map(s, s.name)")}`,
        ),
        podRule(
            config,
            {
                control: "Seccomp",
                fix: 'use seccompProfile.type "RuntimeDefault" or "Localhost", or leave it out',
            },
            `${psc("seccompProfile.type")} && !(object.spec.securityContext.seccompProfile.type in variables.profileTypes)`,
            `'spec.securityContext.seccompProfile.type="' + object.spec.securityContext.seccompProfile.type + '"'`,
        ),
        podRule(
            config,
            {
                control: "AppArmor",
                fix: 'use appArmorProfile.type "RuntimeDefault" or "Localhost", or leave it out',
            },
            `${psc("appArmorProfile.type")} && !(object.spec.securityContext.appArmorProfile.type in variables.profileTypes)`,
            `'spec.securityContext.appArmorProfile.type="' + object.spec.securityContext.appArmorProfile.type + '"'`,
        ),
        podRule(
            config,
            {
                control: "AppArmor",
                fix: 'use "runtime/default" or "localhost/<profile>", or remove the annotation',
            },
            `has(object.metadata.annotations) && object.metadata.annotations.exists(k, k.startsWith(${lit(APPARMOR_ANNOTATION_PREFIX)}) && !(object.metadata.annotations[k] == '' || object.metadata.annotations[k] == 'runtime/default' || object.metadata.annotations[k].startsWith('localhost/')))`,
            `object.metadata.annotations.filter(k, k.startsWith(${lit(APPARMOR_ANNOTATION_PREFIX)}) && !(object.metadata.annotations[k] == '' || object.metadata.annotations[k] == 'runtime/default' || object.metadata.annotations[k].startsWith('localhost/'))).map(k, 'metadata.annotations["' + k + '"]="' + object.metadata.annotations[k] + '"').join(', ')`,
        ),
        podRule(
            config,
            {
                control: "SELinux",
                fix: `use seLinuxOptions.type ${b.seLinuxTypes.filter((t) => t).join(", ")} or leave it out`,
            },
            `${psc("seLinuxOptions.type")} && !(object.spec.securityContext.seLinuxOptions.type in variables.seLinuxTypes)`,
            `'spec.securityContext.seLinuxOptions.type="' + object.spec.securityContext.seLinuxOptions.type + '"'`,
        ),
        podRule(
            config,
            { control: "SELinux", fix: "remove seLinuxOptions.user and seLinuxOptions.role" },
            `(${psc("seLinuxOptions.user")} && object.spec.securityContext.seLinuxOptions.user != '') || (${psc("seLinuxOptions.role")} && object.spec.securityContext.seLinuxOptions.role != '')`,
            `(${psc("seLinuxOptions.user")} && object.spec.securityContext.seLinuxOptions.user != '' ? 'spec.securityContext.seLinuxOptions.user="' + object.spec.securityContext.seLinuxOptions.user + '"' : 'spec.securityContext.seLinuxOptions.role="' + object.spec.securityContext.seLinuxOptions.role + '"')`,
        ),
    );
    return rules;
}

/** Every validation of the policy, pod-level rules first, then per container list. */
export function baselineValidations(config: ResolvedConfig): Validation[] {
    return [
        ...podRules(config),
        ...CONTAINER_LISTS.flatMap((list) => containerRules(config, list)),
    ];
}
