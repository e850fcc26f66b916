import type { Validation, Variable } from "kubernetes-types/admissionregistration/v1";
import { APPARMOR_ANNOTATION_PREFIX, baselineValues } from "../compat/pod-security";
import type { ResolvedConfig } from "./resolve";
import {
    EXEC_HANDLERS,
    hostPathSpellings,
    SUPERVISOR_MOUNTS_ENV,
    SupervisorDefinition,
    supervisorDefinition,
} from "./supervisor";

/**
 * The CEL rules of cvmkit's ValidatingAdmissionPolicy: every Pod Security **baseline** control, for every
 * pod in the CVM namespace, with one exception — a pod whose every container and init container *is* the
 * supervisor ({@link supervisorDefinition}: allow-listed image, exact command, no exec handlers, only the
 * supervisor's env, host paths exactly as the template mounts them, data volumes only at its data paths)
 * may be privileged and mount the caching mode's host paths. Each rule answers with its own message: the
 * control, the field path, the value and the fix.
 *
 * Field lists and allowed values follow `k8s.io/pod-security-admission/policy` (see
 * {@link baselineValues}); containers, initContainers and ephemeralContainers all count.
 */

/** The images allowed to run privileged or with host paths in the CVM namespace. */
export function allowedImages(config: ResolvedConfig): string[] {
    return [...supervisorDefinition(config.supervisor).images];
}

/** The host paths allowed in the CVM namespace (each with and without a trailing slash). */
export function allowedHostPaths(config: ResolvedConfig): string[] {
    return supervisorDefinition(config.supervisor).hostPaths.flatMap(hostPathSpellings);
}

/** The three container lists of a pod spec. */
export const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;
type ContainerList = (typeof CONTAINER_LISTS)[number];

/** A CEL string literal. */
const lit = (s: string): string => JSON.stringify(s);
const celList = (items: readonly string[]): string => `[${items.map(lit).join(", ")}]`;
const celMap = (entries: readonly [string, string][]): string =>
    `{${entries.map(([k, v]) => `${lit(k)}: ${v}`).join(", ")}}`;
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
/** The pod asks for the supervisor exception: a privileged (init) container or a hostPath volume. */
const EXCEPTION = "variables.exception";
const privilegedIn = (list: string) =>
    `(has(object.spec.${list}) && object.spec.${list}.exists(c, ${PRIVILEGED}))`;

/** The policy's variables (allow-lists), referenced by the rules as `variables.<name>`. */
export function baselineVariables(config: ResolvedConfig): Variable[] {
    const b = baselineValues(config.version);
    const def = supervisorDefinition(config.supervisor);
    return [
        { name: "allowedImages", expression: celList(def.images) },
        { name: "allowedHostPaths", expression: celList(allowedHostPaths(config)) },
        { name: "supervisorCommand", expression: celList(def.command) },
        {
            name: "hostPathSpellings",
            expression: celMap(def.hostPaths.map((h) => [h.volume, celList(hostPathSpellings(h))])),
        },
        { name: "hostVolumeNames", expression: celList(def.hostPaths.map((h) => h.volume)) },
        {
            name: "hostMountPaths",
            expression: celMap(def.hostPaths.map((h) => [h.volume, lit(h.mountPath)])),
        },
        {
            name: "readOnlyHostVolumes",
            expression: celList(def.hostPaths.filter((h) => h.readOnly).map((h) => h.volume)),
        },
        { name: "supervisorEnv", expression: celList(def.env) },
        { name: "dataPaths", expression: celList(def.dataPaths) },
        { name: "dataPrefixes", expression: celList(def.dataPrefixes) },
        { name: "tokenPath", expression: lit(def.tokenPath) },
        {
            name: "projectedVolumes",
            expression:
                "has(object.spec.volumes) ? object.spec.volumes.filter(v, has(v.projected)).map(v, v.name) : []",
        },
        {
            name: "dataVolumes",
            expression: `has(object.spec.volumes) ? object.spec.volumes.filter(v, ${def.dataVolumeTypes.map((t) => `has(v.${t})`).join(" || ")}).map(v, v.name) : []`,
        },
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
        {
            name: "exception",
            expression: `${privilegedIn("containers")} || ${privilegedIn("initContainers")} || size(variables.hostPathVolumes) > 0`,
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

const privilegedTarget = (list: string) =>
    `object.spec.${list}.exists(x, x.name == c.targetContainerName && ${PRIVILEGED.replaceAll("c.", "x.")})`;

/** How the fix names the caching mode's host-path mounts. */
function hostMountsText(def: SupervisorDefinition): string {
    return def.hostPaths
        .map(
            (h) =>
                `volume ${h.volume} (hostPath ${h.path}) at ${h.mountPath}${h.readOnly ? " readOnly: true" : ""}`,
        )
        .join(", ");
}

/**
 * The supervisor exception, per container and init container of a pod that asks for it (privileged or
 * hostPath volumes): every one must be the supervisor by {@link supervisorDefinition}.
 */
function supervisorRules(config: ResolvedConfig, list: ContainerList): Validation[] {
    const def = supervisorDefinition(config.supervisor);
    const rule = (fix: string, bad: string, detail: string): Validation =>
        containerRule(config, list, { control: "Supervisor exception", fix }, bad, detail);
    const modes = `supervisor.caching "${config.supervisor.caching}"`;
    const what =
        "in a pod that uses the CVM supervisor exception (a privileged container or hostPath volumes)";
    const isSup = `${EXCEPTION} && ${SUPERVISOR}`;
    const rules: Validation[] = [
        rule(
            `every container and init container ${what} must be the supervisor: image ${def.images.join(", ")} (supervisor.image, supervisor.allowedImages); run other images in a pod of their own`,
            `${EXCEPTION} && !(${SUPERVISOR})`,
            `'image="' + c.image + '" ${what}'`,
        ),
    ];
    if (def.pinCommand) {
        const execAt = (h: string) => `(${hasPath("c", `${h}.exec`)})`;
        rules.push(
            rule(
                `every container ${what} must run exactly command ${JSON.stringify(def.command)} with no args (settings supervisor.command, supervisor.pinCommand)`,
                `${isSup} && (!has(c.command) || c.command != variables.supervisorCommand || (has(c.args) && size(c.args) > 0))`,
                `'command=' + (has(c.command) ? ${quoted("c.command")} : 'unset') + (has(c.args) && size(c.args) > 0 ? ' args=' + ${quoted("c.args")} : '')`,
            ),
            rule(
                "remove the exec handler; the supervisor runs exactly its command and nothing else (use httpGet, tcpSocket or grpc probes)",
                `${isSup} && (${EXEC_HANDLERS.map(execAt).join(" || ")})`,
                `[${EXEC_HANDLERS.map((h) => `${execAt(h)} ? ${lit(`${h}.exec`)} : ''`).join(", ")}].filter(s, s != '').join(', ')`,
            ),
            rule(
                "remove stdin, stdinOnce and tty; the supervisor reads no input",
                `${isSup} && ((has(c.stdin) && c.stdin) || (has(c.stdinOnce) && c.stdinOnce) || (has(c.tty) && c.tty))`,
                `[has(c.stdin) && c.stdin ? 'stdin=true' : '', has(c.stdinOnce) && c.stdinOnce ? 'stdinOnce=true' : '', has(c.tty) && c.tty ? 'tty=true' : ''].filter(s, s != '').join(', ')`,
            ),
            rule(
                `set only the supervisor's environment variables (${def.env.join(", ")}), each with value or valueFrom, and no envFrom; nothing the dynamic loader or a shell reads (LD_PRELOAD, LD_LIBRARY_PATH, BASH_ENV, ...)`,
                `${isSup} && ((has(c.envFrom) && size(c.envFrom) > 0) || (has(c.env) && c.env.exists(e, !(e.name in variables.supervisorEnv))))`,
                `(has(c.envFrom) && size(c.envFrom) > 0 ? 'envFrom' : 'env=' + ${quoted("c.env.filter(e, !(e.name in variables.supervisorEnv)).map(e, e.name)")})`,
            ),
        );
        const sources =
            "(has(c.volumeMounts) ? c.volumeMounts.filter(x, !(x.name in variables.hostVolumeNames)).map(x, x.mountPath) : [])";
        const foreign = `(has(e.valueFrom) || (has(e.value) && e.value.split(',').exists(m, !(m.split(':')[0] in ${sources}))))`;
        rules.push(
            rule(
                `give ${SUPERVISOR_MOUNTS_ENV} as a value whose every source is the mountPath of one of this container's data volumes (not a host path, not below one)`,
                `${isSup} && has(c.env) && c.env.exists(e, e.name == ${lit(SUPERVISOR_MOUNTS_ENV)} && ${foreign})`,
                `c.env.filter(e, e.name == ${lit(SUPERVISOR_MOUNTS_ENV)} && ${foreign}).map(e, has(e.valueFrom) ? 'env[name="${SUPERVISOR_MOUNTS_ENV}"].valueFrom' : 'env[name="${SUPERVISOR_MOUNTS_ENV}"].value="' + e.value + '"').join(', ')`,
            ),
        );
    }
    const sub = (m: string, f: string) => `(has(${m}.${f}) && ${m}.${f} != '')`;
    const prop = (m: string) => `(has(${m}.mountPropagation) && ${m}.mountPropagation != 'None')`;
    const wrongPath = "m.mountPath != variables.hostMountPaths[m.name]";
    const notRo = "(m.name in variables.readOnlyHostVolumes && !(has(m.readOnly) && m.readOnly))";
    const badHost = `m.name in variables.hostVolumeNames && (${wrongPath} || ${notRo} || ${sub("m", "subPath")} || ${sub("m", "subPathExpr")} || ${prop("m")})`;
    const dataPath =
        "(m.mountPath in variables.dataPaths || variables.dataPrefixes.exists(p, m.mountPath.startsWith(p)))";
    const token =
        "(m.mountPath == variables.tokenPath && m.name in variables.projectedVolumes && has(m.readOnly) && m.readOnly)";
    const badData = `!(m.name in variables.hostVolumeNames) && !${token} && (!(m.name in variables.dataVolumes) || !${dataPath} || ${sub("m", "subPathExpr")} || ${prop("m")})`;
    rules.push(
        rule(
            `mount the host paths exactly as the supervisor template does: ${hostMountsText(def)}; no subPath, subPathExpr or mountPropagation (${modes}, supervisor.writableKernelPaths)`,
            `${isSup} && has(c.volumeMounts) && c.volumeMounts.exists(m, ${badHost})`,
            `c.volumeMounts.filter(m, ${badHost}).map(m, 'volumeMounts[name="' + m.name + '"]' + [${wrongPath} ? ' mountPath="' + m.mountPath + '"' : '', ${notRo} ? ' readOnly=false' : '', ${sub("m", "subPath")} ? ' subPath="' + m.subPath + '"' : '', ${sub("m", "subPathExpr")} ? ' subPathExpr="' + m.subPathExpr + '"' : '', ${prop("m")} ? ' mountPropagation="' + m.mountPropagation + '"' : ''].join('')).join(', ')`,
        ),
        rule(
            `besides its host paths the supervisor mounts only ${def.dataVolumeTypes.join(" or ")} volumes, at ${def.dataPaths.join(", ")} or below ${def.dataPrefixes.join(", ")}, without subPathExpr or mountPropagation (and its ServiceAccount token, read-only at ${def.tokenPath})`,
            `${isSup} && has(c.volumeMounts) && c.volumeMounts.exists(m, ${badData})`,
            `c.volumeMounts.filter(m, ${badData}).map(m, 'volumeMounts[name="' + m.name + '"]' + (!(m.name in variables.dataVolumes) ? ' (not ${def.dataVolumeTypes.join("/")})' : '') + (!${dataPath} ? ' mountPath="' + m.mountPath + '"' : '') + (${sub("m", "subPathExpr")} ? ' subPathExpr="' + m.subPathExpr + '"' : '') + (${prop("m")} ? ' mountPropagation="' + m.mountPropagation + '"' : '')).join(', ')`,
        ),
        rule(
            "remove volumeDevices; the supervisor uses no raw block devices",
            `${isSup} && has(c.volumeDevices) && size(c.volumeDevices) > 0`,
            `'volumeDevices=' + ${quoted("c.volumeDevices.map(d, d.name)")}`,
        ),
    );
    return rules;
}

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
            rule(
                {
                    control: "Supervisor exception",
                    fix: "do not target a privileged container; an ephemeral container in its process namespace shares its view of the node",
                },
                `has(c.targetContainerName) && ${privilegedTarget("containers")}`,
                `'targetContainerName="' + c.targetContainerName + '" (a privileged container)'`,
            ),
        );
    } else {
        rules.push(...supervisorRules(config, list));
    }
    return rules;
}

function podRules(config: ResolvedConfig): Validation[] {
    const b = baselineValues(config.version);
    const def = supervisorDefinition(config.supervisor);
    // a hostPath volume that is not the template's (name and path), or a template host-path name used for
    // another volume type in a pod that asks for the exception
    const badVolume = `has(v.hostPath) ? !(v.name in variables.hostPathSpellings && v.hostPath.path in variables.hostPathSpellings[v.name]) : (${EXCEPTION} && v.name in variables.hostVolumeNames)`;
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
                fix: `only the CVM supervisor may mount host paths, and only the template's: ${def.hostPaths.map((h) => `volume ${h.volume} hostPath ${h.path}`).join(", ")} (supervisor.caching "${config.supervisor.caching}")`,
            },
            `has(object.spec.volumes) && object.spec.volumes.exists(v, ${badVolume})`,
            `object.spec.volumes.filter(v, ${badVolume}).map(v, has(v.hostPath) ? 'spec.volumes[name="' + v.name + '"].hostPath.path="' + v.hostPath.path + '"' : 'spec.volumes[name="' + v.name + '"] (not hostPath)').join(', ')`,
        ),
        podRule(
            config,
            {
                control: "Supervisor exception",
                fix: "remove spec.shareProcessNamespace; no container may share the privileged supervisor's process namespace",
            },
            `${EXCEPTION} && has(object.spec.shareProcessNamespace) && object.spec.shareProcessNamespace`,
            "'spec.shareProcessNamespace=true'",
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
