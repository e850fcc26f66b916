import type {
    Container,
    EnvVar,
    Lifecycle,
    PodSpec,
    Probe,
    Volume,
    VolumeMount,
} from "kubernetes-types/core/v1";
import type { CachingMode } from "./config";
import type { ResolvedSupervisor } from "./resolve-supervisor";

/**
 * The one definition of "the CVM supervisor": what cvmkit's `supervisorPodTemplate` is built from, and what
 * every enforcement of the supervisor exception is derived from (the ValidatingAdmissionPolicy's rules, the
 * Kyverno exceptions' conditions, the PodSecurityPolicy's host paths, the doctor's escape pods). A pod in the
 * CVM namespace that is privileged or has hostPath volumes is admitted only when every container and init
 * container *is* the supervisor by this definition ({@link supervisorViolations}); everything else there gets
 * plain Pod Security baseline.
 */

/** One host path the supervisor mounts. */
export interface SupervisorHostPath {
    /** The volume's name; a hostPath volume of the pod must be named so (as in the template). */
    readonly volume: string;
    readonly path: string;
    readonly mountPath: string;
    /** The template mounts it read-only; a pod must mount it with `readOnly: true`. */
    readonly readOnly: boolean;
}

/**
 * Host paths per caching mode (Coder's CVM table): kernel sources and modules always (read-only unless
 * `writableKernelPaths` or `cached-shiftfs`); the node's `/var/run` (read-only) and `/var/lib` when CVMs
 * are cached on the node.
 */
export function supervisorHostPaths(
    caching: CachingMode,
    writableKernelPaths = false,
): SupervisorHostPath[] {
    const kernelWritable = caching === "cached-shiftfs" || writableKernelPaths;
    const paths: SupervisorHostPath[] = [
        { volume: "usr-src", path: "/usr/src", mountPath: "/usr/src", readOnly: !kernelWritable },
        {
            volume: "lib-modules",
            path: "/lib/modules",
            mountPath: "/lib/modules",
            readOnly: !kernelWritable,
        },
    ];
    if (caching !== "none") {
        paths.push(
            { volume: "host-var-run", path: "/var/run", mountPath: "/var/run", readOnly: true },
            { volume: "host-var-lib", path: "/var/lib", mountPath: "/var/lib", readOnly: false },
        );
    }
    return paths;
}

/**
 * Environment variables the supervisor may be given: envbox's interface (coder/envbox `README.md` and
 * `cli/docker.go`; `coder-cvm-and-envbox.md` §5) and the proxy variables its Docker daemon pulls the inner
 * image through. None of them makes the dynamic loader or a shell load code (`LD_PRELOAD`,
 * `LD_LIBRARY_PATH`, `LD_AUDIT`, `BASH_ENV`, `ENV`, `PYTHONPATH`, … are refused because they are not here).
 */
export const SUPERVISOR_ENV: readonly string[] = [
    "CODER_AGENT_TOKEN",
    "CODER_AGENT_URL",
    "CODER_AGENT_SUBSYSTEM",
    "CODER_INNER_IMAGE",
    "CODER_INNER_USERNAME",
    "CODER_INNER_ENVS",
    "CODER_INNER_HOSTNAME",
    "CODER_INNER_WORK_DIR",
    "CODER_IMAGE_PULL_SECRET",
    "CODER_DOCKER_BRIDGE_CIDR",
    "CODER_BOOTSTRAP_SCRIPT",
    "CODER_MOUNTS",
    "CODER_USR_LIB_DIR",
    "CODER_INNER_USR_LIB_DIR",
    "CODER_ADD_TUN",
    "CODER_ADD_FUSE",
    "CODER_ADD_GPU",
    "CODER_CPUS",
    "CODER_MEMORY",
    "CODER_DISABLE_IDMAPPED_MOUNT",
    "CODER_EXTRA_CERTS_PATH",
    "CODER_DOCKER_CONFIG",
    "CODER_DEBUG",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
];

/** The variable through which envbox bind-mounts outer paths into the inner container. */
export const SUPERVISOR_MOUNTS_ENV = "CODER_MOUNTS";

/**
 * Where the supervisor may mount its data volumes (emptyDir, persistentVolumeClaim): envbox's private
 * directories and their Coder-template subpaths (coder/envbox `cli/docker.go` `envboxPrivateMounts`;
 * coder/coder `kubernetes-envbox` template), plus anything below `/home/` (the workspace home). Nothing
 * where the supervisor reads code or configuration (`/usr`, `/etc`, `/lib`, the image's binaries).
 */
export const SUPERVISOR_DATA_PATHS: readonly string[] = [
    "/var/lib/sysbox",
    "/var/lib/docker",
    "/var/lib/containers",
    "/var/lib/coder",
    "/var/lib/coder/docker",
    "/var/lib/coder/containers",
];
/** Mount-path prefixes for data volumes (see {@link SUPERVISOR_DATA_PATHS}). */
export const SUPERVISOR_DATA_PREFIXES: readonly string[] = ["/home/"];
/** Volume types the supervisor may mount besides its host paths. */
export const SUPERVISOR_DATA_VOLUME_TYPES = ["emptyDir", "persistentVolumeClaim"] as const;

/**
 * Where the ServiceAccount admission plugin mounts the pod's API token (a `projected` volume,
 * `kube-api-access-<hash>`, read-only) when `automountServiceAccountToken` is not false, as in Coder's
 * template. The one projected volume the supervisor may mount, only there and only read-only: data the
 * kubelet writes, at a path nothing in the supervisor executes.
 */
export const SERVICE_ACCOUNT_TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

/** Probe and lifecycle handlers that could carry an `exec` command. */
export const EXEC_HANDLERS = [
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle.postStart",
    "lifecycle.preStop",
] as const;

/** The supervisor, as data. */
export interface SupervisorDefinition {
    /** Allowed images: `supervisor.image` first, then `supervisor.allowedImages`. */
    readonly images: readonly string[];
    /** The exact command; no `args`. Checked with the exec handlers, env and stdin/tty when `pinCommand`. */
    readonly command: readonly string[];
    readonly pinCommand: boolean;
    readonly hostPaths: readonly SupervisorHostPath[];
    /** The template's own data mounts (emptyDir), besides the host paths. */
    readonly templateDataMounts: readonly { readonly volume: string; readonly mountPath: string }[];
    readonly env: readonly string[];
    readonly dataPaths: readonly string[];
    readonly dataPrefixes: readonly string[];
    readonly dataVolumeTypes: readonly string[];
    /** The only mount path of a projected volume (read-only): the ServiceAccount token's. */
    readonly tokenPath: string;
}

/** The definition for resolved `supervisor` settings. */
export function supervisorDefinition(s: ResolvedSupervisor): SupervisorDefinition {
    return {
        images: [...new Set([s.image, ...s.allowedImages])],
        command: [...s.command],
        pinCommand: s.pinCommand,
        hostPaths: supervisorHostPaths(s.caching, s.writableKernelPaths),
        templateDataMounts:
            s.caching === "none" ? [{ volume: "sysbox", mountPath: "/var/lib/sysbox" }] : [],
        env: SUPERVISOR_ENV,
        dataPaths: SUPERVISOR_DATA_PATHS,
        dataPrefixes: SUPERVISOR_DATA_PREFIXES,
        dataVolumeTypes: SUPERVISOR_DATA_VOLUME_TYPES,
        tokenPath: SERVICE_ACCOUNT_TOKEN_PATH,
    };
}

/** A host path as a hostPath volume may write it: with or without a trailing `/`. */
export function hostPathSpellings(h: SupervisorHostPath): string[] {
    return [h.path, `${h.path}/`];
}

/** True for a data mount path: one of the listed paths or below a listed prefix. */
export function isDataPath(def: SupervisorDefinition, mountPath: string): boolean {
    return (
        def.dataPaths.includes(mountPath) || def.dataPrefixes.some((p) => mountPath.startsWith(p))
    );
}

/** One way a container is not the supervisor: where, and what the supervisor requires there. */
export interface SupervisorViolation {
    /** Field path, e.g. `spec.containers[name="dev"].livenessProbe.exec`. */
    readonly path: string;
    readonly requirement: string;
}

const privileged = (c: Container): boolean => c.securityContext?.privileged === true;

/** True when the pod asks for the supervisor exception: a privileged (init) container or a hostPath volume. */
export function usesSupervisorException(spec: PodSpec): boolean {
    return (
        [...spec.containers, ...(spec.initContainers ?? [])].some(privileged) ||
        (spec.volumes ?? []).some((v) => v.hostPath !== undefined)
    );
}

function handler(c: Container, h: (typeof EXEC_HANDLERS)[number]): Probe | undefined {
    if (h === "lifecycle.postStart") return (c.lifecycle as Lifecycle | undefined)?.postStart;
    if (h === "lifecycle.preStop") return (c.lifecycle as Lifecycle | undefined)?.preStop;
    return c[h];
}

/** CODER_MOUNTS entries (`src:dst[:ro]`, comma-separated) whose source is not one of `sources`. */
export function foreignMountSources(value: string, sources: readonly string[]): string[] {
    if (value === "") return [];
    return value
        .split(",")
        .map((m) => m.split(":")[0]!)
        .filter((src) => !sources.includes(src));
}

/**
 * Every way a pod that asks for the supervisor exception is not made of supervisors only (empty: every
 * container and init container is the supervisor, or the pod does not ask for the exception). The
 * ValidatingAdmissionPolicy enforces the same, from the same definition.
 */
export function supervisorViolations(
    def: SupervisorDefinition,
    spec: PodSpec,
): SupervisorViolation[] {
    if (!usesSupervisorException(spec)) return [];
    const out: SupervisorViolation[] = [];
    const add = (path: string, requirement: string) => out.push({ path, requirement });
    const volumes = new Map<string, Volume>((spec.volumes ?? []).map((v) => [v.name, v]));
    const hostByVolume = new Map(def.hostPaths.map((h) => [h.volume, h]));
    for (const v of spec.volumes ?? []) {
        const h = hostByVolume.get(v.name);
        if (v.hostPath && !(h && hostPathSpellings(h).includes(v.hostPath.path))) {
            add(
                `spec.volumes[name="${v.name}"].hostPath.path`,
                `a hostPath volume must be one of the template's (${def.hostPaths.map((x) => `${x.volume}: ${x.path}`).join(", ")})`,
            );
        } else if (h && !v.hostPath) {
            add(`spec.volumes[name="${v.name}"]`, `must be hostPath ${h.path}`);
        }
    }
    if (spec.shareProcessNamespace) {
        add("spec.shareProcessNamespace", "unset or false");
    }
    const lists: [string, readonly Container[]][] = [
        ["containers", spec.containers],
        ["initContainers", spec.initContainers ?? []],
    ];
    for (const [list, containers] of lists) {
        for (const c of containers) {
            const at = `spec.${list}[name="${c.name}"]`;
            if (!def.images.includes(c.image ?? "")) {
                add(`${at}.image`, `one of ${def.images.join(", ")}`);
                continue;
            }
            if (def.pinCommand) {
                if (JSON.stringify(c.command ?? null) !== JSON.stringify(def.command)) {
                    add(`${at}.command`, `exactly ${JSON.stringify(def.command)}`);
                }
                if ((c.args ?? []).length > 0) add(`${at}.args`, "none");
                for (const h of EXEC_HANDLERS) {
                    if (handler(c, h)?.exec) add(`${at}.${h}.exec`, "no exec handler");
                }
                if (c.stdin || c.stdinOnce || c.tty) add(`${at}.stdin/tty`, "unset or false");
                if ((c.envFrom ?? []).length > 0) add(`${at}.envFrom`, "none");
                const dataSources = (c.volumeMounts ?? [])
                    .filter((m) => !hostByVolume.has(m.name))
                    .map((m) => m.mountPath);
                for (const e of c.env ?? ([] as EnvVar[])) {
                    if (!def.env.includes(e.name)) {
                        add(`${at}.env[name="${e.name}"]`, "only the supervisor's variables");
                    } else if (e.name === SUPERVISOR_MOUNTS_ENV) {
                        if (e.valueFrom) add(`${at}.env[name="${e.name}"].valueFrom`, "a value");
                        else if (foreignMountSources(e.value ?? "", dataSources).length > 0)
                            add(
                                `${at}.env[name="${e.name}"].value`,
                                "sources that are this container's data mount paths",
                            );
                    }
                }
            }
            if ((c.volumeDevices ?? []).length > 0) add(`${at}.volumeDevices`, "none");
            for (const m of c.volumeMounts ?? ([] as VolumeMount[])) {
                const mAt = `${at}.volumeMounts[name="${m.name}"]`;
                const h = hostByVolume.get(m.name);
                if (m.mountPropagation !== undefined && m.mountPropagation !== "None") {
                    add(`${mAt}.mountPropagation`, "unset or None");
                }
                if (m.subPathExpr !== undefined && m.subPathExpr !== "") {
                    add(`${mAt}.subPathExpr`, "none");
                }
                if (h) {
                    if (m.mountPath !== h.mountPath) add(`${mAt}.mountPath`, h.mountPath);
                    if (h.readOnly && m.readOnly !== true) add(`${mAt}.readOnly`, "true");
                    if (m.subPath !== undefined && m.subPath !== "") add(`${mAt}.subPath`, "none");
                    continue;
                }
                const v = volumes.get(m.name);
                if (v?.projected && m.mountPath === def.tokenPath && m.readOnly === true) continue;
                if (!v || !def.dataVolumeTypes.some((t) => v[t as keyof Volume] !== undefined)) {
                    add(mAt, `a volume of type ${def.dataVolumeTypes.join(" or ")}`);
                } else if (!isDataPath(def, m.mountPath)) {
                    add(`${mAt}.mountPath`, "a data path of the supervisor");
                }
            }
        }
    }
    return out;
}
