/**
 * The supervisor exception, class by class, for every caching mode: the ways an attacker with `create pods`
 * in the CVM namespace would turn the allow-listed supervisor image into root on the node (commands the
 * command pin does not see, the image without `privileged` but with the host paths, loader environment,
 * extra volumes, subPath / propagation, process-namespace sharing, stdin/tty, a second container), each
 * expected to be denied with its exact message, and the shapes of the real supervisor that must stay
 * admitted. Built from cvmkit's own `supervisorPodTemplate` of each mode.
 *
 * Expected denials are written out in full: they are the contract of cvmkit's messages.
 */
import type { Container, EphemeralContainer, Pod } from "kubernetes-types/core/v1";
import { renderManifests } from "../../../lib";
import type { CachingMode } from "../../../lib";
import { coderEnvboxPod } from "./upstream-pods";
import type { Case, Denial } from "./admission-cases";

export const ENVBOX = "ghcr.io/coder/envbox:0.6.7";
const BUSYBOX = "docker.io/library/busybox:1.36";

/** One CVM namespace per caching mode, each with cvmkit's default supervisor. */
export const MODES: readonly { caching: CachingMode; namespace: string }[] = [
    { caching: "none", namespace: "cvm-none" },
    { caching: "cached", namespace: "cvm-cached" },
    { caching: "cached-shiftfs", namespace: "cvm-shiftfs" },
];
export const modeRendered = MODES.map((m) =>
    renderManifests({
        kubernetesVersion: "1.35",
        namespace: m.namespace,
        supervisor: { caching: m.caching, prePull: false },
    }),
);

const WHAT =
    "in a pod that uses the CVM supervisor exception (a privileged container or hostPath volumes)";
const ENV_LIST =
    "CODER_AGENT_TOKEN, CODER_AGENT_URL, CODER_AGENT_SUBSYSTEM, CODER_INNER_IMAGE, CODER_INNER_USERNAME, CODER_INNER_ENVS, CODER_INNER_HOSTNAME, CODER_INNER_WORK_DIR, CODER_IMAGE_PULL_SECRET, CODER_DOCKER_BRIDGE_CIDR, CODER_BOOTSTRAP_SCRIPT, CODER_MOUNTS, CODER_USR_LIB_DIR, CODER_INNER_USR_LIB_DIR, CODER_ADD_TUN, CODER_ADD_FUSE, CODER_ADD_GPU, CODER_CPUS, CODER_MEMORY, CODER_DISABLE_IDMAPPED_MOUNT, CODER_EXTRA_CERTS_PATH, CODER_DOCKER_CONFIG, CODER_DEBUG, HTTP_PROXY, HTTPS_PROXY, NO_PROXY, http_proxy, https_proxy, no_proxy";

/** The fixes of the supervisor-exception rules, per caching mode. */
export const SUP_FIX = {
    image: (images: string) =>
        `every container and init container ${WHAT} must be the supervisor: image ${images} (supervisor.image, supervisor.allowedImages); run other images in a pod of their own`,
    command: `every container ${WHAT} must run exactly command ["/envbox","docker"] with no args (settings supervisor.command, supervisor.pinCommand)`,
    exec: "remove the exec handler; the supervisor runs exactly its command and nothing else (use httpGet, tcpSocket or grpc probes)",
    stdin: "remove stdin, stdinOnce and tty; the supervisor reads no input",
    env: `set only the supervisor's environment variables (${ENV_LIST}), each with value or valueFrom, and no envFrom; nothing the dynamic loader or a shell reads (LD_PRELOAD, LD_LIBRARY_PATH, BASH_ENV, ...)`,
    mounts: "give CODER_MOUNTS as a value whose every source is the mountPath of one of this container's data volumes (not a host path, not below one)",
    hostMounts: (caching: CachingMode, writableKernel = false) => {
        const k = caching === "cached-shiftfs" || writableKernel ? "" : " readOnly: true";
        const cached =
            caching === "none"
                ? ""
                : ", volume host-var-run (hostPath /var/run) at /var/run readOnly: true, volume host-var-lib (hostPath /var/lib) at /var/lib";
        return `mount the host paths exactly as the supervisor template does: volume usr-src (hostPath /usr/src) at /usr/src${k}, volume lib-modules (hostPath /lib/modules) at /lib/modules${k}${cached}; no subPath, subPathExpr or mountPropagation (supervisor.caching "${caching}", supervisor.writableKernelPaths)`;
    },
    dataMounts:
        "besides its host paths the supervisor mounts only emptyDir or persistentVolumeClaim volumes, at /var/lib/sysbox, /var/lib/docker, /var/lib/containers, /var/lib/coder, /var/lib/coder/docker, /var/lib/coder/containers or below /home/, without subPathExpr or mountPropagation (and its ServiceAccount token, read-only at /var/run/secrets/kubernetes.io/serviceaccount)",
    volumeDevices: "remove volumeDevices; the supervisor uses no raw block devices",
    shareProcessNamespace:
        "remove spec.shareProcessNamespace; no container may share the privileged supervisor's process namespace",
    target: "do not target a privileged container; an ephemeral container in its process namespace shares its view of the node",
    hostPathPath: (caching: CachingMode) =>
        `only the CVM supervisor may mount host paths, and only the template's: volume usr-src hostPath /usr/src, volume lib-modules hostPath /lib/modules${caching === "none" ? "" : ", volume host-var-run hostPath /var/run, volume host-var-lib hostPath /var/lib"} (supervisor.caching "${caching}")`,
};

const main = (p: Pod): Container => p.spec!.containers[0]!;
const C = 'spec.containers[name="supervisor"]';
const exec = { exec: { command: ["sh", "-c", "nsenter -t 1 -m -u -i -n -p -- sh"] } };
const deny = (control: string, detail: string, fix: string): Denial => ({ control, detail, fix });
const sup = (detail: string, fix: string) => deny("Supervisor exception", `${C}${detail}`, fix);

/** The pod of one mode's template, edited. */
function templatePod(i: number, name: string, edit: (p: Pod) => void = () => {}): Pod {
    const r = modeRendered[i]!;
    const pod: Pod = structuredClone({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { ...r.supervisorPodTemplate.metadata, name, namespace: MODES[i]!.namespace },
        spec: r.supervisorPodTemplate.spec,
    });
    edit(pod);
    return pod;
}

/** A mount of the template that the mode mounts read-only: /lib/modules, or /var/run when cached. */
const roVolume = (caching: CachingMode) =>
    caching === "cached-shiftfs" ? "host-var-run" : "lib-modules";

/** The cases of one caching mode. */
function modeCases(i: number): Case[] {
    const { caching, namespace } = MODES[i]!;
    const create = { kind: "create" } as const;
    const hostFix = SUP_FIX.hostMounts(caching);
    const c = (
        title: string,
        name: string,
        edit: (p: Pod) => void,
        expect: Case["expect"],
    ): Case => ({
        title: `[${caching}] ${title}`,
        namespace,
        op: create,
        pod: () => templatePod(i, `${name}-${i}`, edit),
        expect,
    });
    const ro = roVolume(caching);
    const hostPathOf = { "lib-modules": "/lib/modules", "host-var-run": "/var/run" }[ro]!;
    return [
        // --- the supervisor, as cvmkit and Coder run it: admitted --------------------------------
        c("the supervisor template", "tpl", () => {}, "admitted"),
        c(
            "the template with Coder's workspace PVC mounts and CODER_MOUNTS",
            "tpl-pvc",
            (p) => {
                p.spec!.volumes!.push({
                    name: "home",
                    persistentVolumeClaim: { claimName: "coder-alice-dev-home" },
                });
                main(p).volumeMounts!.push(
                    { name: "home", mountPath: "/home/coder", subPath: "home" },
                    { name: "home", mountPath: "/var/lib/docker", subPath: "envbox/docker" },
                    { name: "home", mountPath: "/var/lib/coder/docker", subPath: "cache/docker" },
                );
                main(p).env!.push(
                    { name: "CODER_MOUNTS", value: "/home/coder:/home/coder" },
                    { name: "CODER_INNER_IMAGE", value: "codercom/enterprise-base:ubuntu" },
                    {
                        name: "CODER_AGENT_TOKEN",
                        valueFrom: { secretKeyRef: { name: "agent", key: "token" } },
                    },
                );
            },
            "admitted",
        ),
        c(
            "the template with every host path read-only",
            "tpl-ro",
            (p) => main(p).volumeMounts!.forEach((m) => (m.readOnly = true)),
            "admitted",
        ),
        c(
            "the template with the ServiceAccount token automounted (the projected volume the apiserver adds)",
            "tpl-token",
            (p) => (p.spec!.automountServiceAccountToken = true),
            "admitted",
        ),
        c(
            "a second container that is the supervisor too",
            "tpl-two",
            (p) => p.spec!.containers.push({ ...structuredClone(main(p)), name: "supervisor-2" }),
            "admitted",
        ),
        // --- class 1: commands the pin does not see --------------------------------------------
        ...(["livenessProbe", "readinessProbe", "startupProbe"] as const).map((probe) =>
            c(
                `${probe} exec in the privileged supervisor`,
                probe.toLowerCase(),
                (p) => (main(p)[probe] = { ...exec, periodSeconds: 10 }),
                sup(`.${probe}.exec`, SUP_FIX.exec),
            ),
        ),
        ...(["postStart", "preStop"] as const).map((hook) =>
            c(
                `lifecycle.${hook} exec in the privileged supervisor`,
                hook.toLowerCase(),
                (p) => (main(p).lifecycle = { [hook]: exec }),
                sup(`.lifecycle.${hook}.exec`, SUP_FIX.exec),
            ),
        ),
        // --- class 2: the allow-listed image without privileged ---------------------------------
        c(
            "the supervisor image unprivileged with sh -c and the host paths",
            "unpriv-shell",
            (p) => {
                delete main(p).securityContext;
                main(p).command = ["sh", "-c", "cat /lib/modules/modules.dep"];
            },
            sup('.command=["sh", "-c", "cat /lib/modules/modules.dep"]', SUP_FIX.command),
        ),
        c(
            `the supervisor image unprivileged, exact command, ${ro} read-write`,
            "unpriv-rw",
            (p) => {
                delete main(p).securityContext;
                main(p).volumeMounts!.find((m) => m.name === ro)!.readOnly = false;
            },
            sup(`.volumeMounts[name="${ro}"] readOnly=false`, hostFix),
        ),
        c(
            `the privileged supervisor with ${ro} readOnly unset`,
            "priv-rw",
            (p) => delete main(p).volumeMounts!.find((m) => m.name === ro)!.readOnly,
            sup(`.volumeMounts[name="${ro}"] readOnly=false`, hostFix),
        ),
        c(
            `${ro} mounted somewhere else as well (/host)`,
            "second-mount",
            (p) => main(p).volumeMounts!.push({ name: ro, mountPath: "/host", readOnly: true }),
            sup(`.volumeMounts[name="${ro}"] mountPath="/host"`, hostFix),
        ),
        c(
            `a host path under another volume name (${hostPathOf} as "mods")`,
            "renamed",
            (p) => {
                p.spec!.volumes!.push({ name: "mods", hostPath: { path: hostPathOf } });
                main(p).volumeMounts!.push({ name: "mods", mountPath: "/mods", readOnly: true });
            },
            deny(
                "HostPath Volumes",
                `spec.volumes[name="mods"].hostPath.path="${hostPathOf}"`,
                SUP_FIX.hostPathPath(caching),
            ),
        ),
        // --- class 3: environment, volumes, subPath, propagation, namespaces, stdin ---------------
        ...["LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "BASH_ENV", "ENV"].map((name) =>
            c(
                `${name} in the privileged supervisor`,
                `env-${name.toLowerCase().replaceAll("_", "-")}`,
                (p) => main(p).env!.push({ name, value: "/var/lib/sysbox/x" }),
                sup(`.env=["${name}"]`, SUP_FIX.env),
            ),
        ),
        c(
            "envFrom a ConfigMap",
            "envfrom",
            (p) => (main(p).envFrom = [{ configMapRef: { name: "loader" } }]),
            sup(".envFrom", SUP_FIX.env),
        ),
        c(
            "CODER_MOUNTS passing a host path into the inner container",
            "coder-mounts-host",
            (p) => main(p).env!.push({ name: "CODER_MOUNTS", value: `${hostPathOf}:/mnt` }),
            sup(`.env[name="CODER_MOUNTS"].value="${hostPathOf}:/mnt"`, SUP_FIX.mounts),
        ),
        c(
            "CODER_MOUNTS from a ConfigMap",
            "coder-mounts-ref",
            (p) =>
                main(p).env!.push({
                    name: "CODER_MOUNTS",
                    valueFrom: { configMapKeyRef: { name: "m", key: "mounts" } },
                }),
            sup('.env[name="CODER_MOUNTS"].valueFrom', SUP_FIX.mounts),
        ),
        c(
            "a ConfigMap (binaryData) mounted into the privileged supervisor",
            "configmap",
            (p) => {
                p.spec!.volumes!.push({ name: "bin", configMap: { name: "tools" } });
                main(p).volumeMounts!.push({ name: "bin", mountPath: "/usr/local/bin" });
            },
            sup(
                '.volumeMounts[name="bin"] (not emptyDir/persistentVolumeClaim) mountPath="/usr/local/bin"',
                SUP_FIX.dataMounts,
            ),
        ),
        c(
            "a projected volume at a data path",
            "projected",
            (p) => {
                p.spec!.volumes!.push({
                    name: "proj",
                    projected: { sources: [{ configMap: { name: "tools" } }] },
                });
                main(p).volumeMounts!.push({ name: "proj", mountPath: "/var/lib/coder" });
            },
            sup(
                '.volumeMounts[name="proj"] (not emptyDir/persistentVolumeClaim)',
                SUP_FIX.dataMounts,
            ),
        ),
        c(
            "an emptyDir over the image's binaries (/usr/bin)",
            "emptydir-bin",
            (p) => {
                p.spec!.volumes!.push({ name: "scratch", emptyDir: {} });
                main(p).volumeMounts!.push({ name: "scratch", mountPath: "/usr/bin" });
            },
            sup('.volumeMounts[name="scratch"] mountPath="/usr/bin"', SUP_FIX.dataMounts),
        ),
        c(
            "a CSI inline volume at a data path",
            "csi",
            (p) => {
                p.spec!.volumes!.push({ name: "csi", csi: { driver: "secrets-store.csi.k8s.io" } });
                main(p).volumeMounts!.push({ name: "csi", mountPath: "/var/lib/docker" });
            },
            sup(
                '.volumeMounts[name="csi"] (not emptyDir/persistentVolumeClaim)',
                SUP_FIX.dataMounts,
            ),
        ),
        c(
            "a template host-path name used for an emptyDir",
            "name-squat",
            (p) => {
                const v = p.spec!.volumes!.find((x) => x.name === "usr-src")!;
                delete v.hostPath;
                v.emptyDir = {};
            },
            deny(
                "HostPath Volumes",
                'spec.volumes[name="usr-src"] (not hostPath)',
                SUP_FIX.hostPathPath(caching),
            ),
        ),
        c(
            "subPath into a host path (lib-modules/kernel)",
            "subpath-2",
            (p) =>
                (main(p).volumeMounts!.find((m) => m.name === "lib-modules")!.subPath = "kernel"),
            sup('.volumeMounts[name="lib-modules"] subPath="kernel"', hostFix),
        ),
        c(
            "subPathExpr on a host-path mount",
            "subpathexpr",
            (p) =>
                (main(p).volumeMounts!.find((m) => m.name === "lib-modules")!.subPathExpr =
                    "$(CODER_CPUS)"),
            sup('.volumeMounts[name="lib-modules"] subPathExpr="$(CODER_CPUS)"', hostFix),
        ),
        c(
            "mountPropagation HostToContainer on a host-path mount",
            "propagation",
            (p) =>
                (main(p).volumeMounts!.find((m) => m.name === "lib-modules")!.mountPropagation =
                    "HostToContainer"),
            sup('.volumeMounts[name="lib-modules"] mountPropagation="HostToContainer"', hostFix),
        ),
        c(
            "shareProcessNamespace with the privileged supervisor",
            "sharepid",
            (p) => (p.spec!.shareProcessNamespace = true),
            deny(
                "Supervisor exception",
                "spec.shareProcessNamespace=true",
                SUP_FIX.shareProcessNamespace,
            ),
        ),
        c(
            "stdin and tty on the privileged supervisor (kubectl attach)",
            "tty",
            (p) => {
                main(p).stdin = true;
                main(p).tty = true;
            },
            sup(".stdin=true, tty=true", SUP_FIX.stdin),
        ),
        c(
            "a second supervisor-image container running a shell beside the privileged one",
            "second-shell",
            (p) =>
                p.spec!.containers.push({
                    name: "helper",
                    image: ENVBOX,
                    command: ["sh", "-c", "sleep infinity"],
                    volumeMounts: structuredClone(main(p).volumeMounts),
                }),
            deny(
                "Supervisor exception",
                'spec.containers[name="helper"].command=["sh", "-c", "sleep infinity"]',
                SUP_FIX.command,
            ),
        ),
        c(
            "an unprivileged sidecar of another image in the privileged pod",
            "sidecar",
            (p) => p.spec!.containers.push({ name: "sidecar", image: BUSYBOX }),
            deny(
                "Supervisor exception",
                `spec.containers[name="sidecar"].image="${BUSYBOX}" ${WHAT}`,
                SUP_FIX.image(ENVBOX),
            ),
        ),
        c(
            "an init container of the supervisor image running a shell",
            "init-shell",
            (p) =>
                (p.spec!.initContainers = [
                    {
                        name: "setup",
                        image: ENVBOX,
                        command: ["sh", "-c", "insmod /lib/modules/evil.ko"],
                    },
                ]),
            deny(
                "Supervisor exception",
                'spec.initContainers[name="setup"].command=["sh", "-c", "insmod /lib/modules/evil.ko"]',
                SUP_FIX.command,
            ),
        ),
        c(
            "a raw block device (volumeDevices) in the supervisor",
            "block",
            (p) => {
                p.spec!.volumes!.push({ name: "disk", persistentVolumeClaim: { claimName: "d" } });
                main(p).volumeDevices = [{ name: "disk", devicePath: "/dev/xvdz" }];
            },
            sup('.volumeDevices=["disk"]', SUP_FIX.volumeDevices),
        ),
        // --- without privileged and host paths the image is plain baseline: admitted -------------
        c(
            "the supervisor image as a plain pod (no privileged, no host paths) running a shell",
            "plain-shell",
            (p) => {
                delete main(p).securityContext;
                main(p).command = ["sh", "-c", "id"];
                main(p).volumeMounts = [];
                p.spec!.volumes = [];
            },
            "admitted",
        ),
    ];
}

/** Pods stored before the ephemeral-container cases run (one supervisor per mode). */
export const SUPERVISOR_STORED: Record<string, () => Pod> = Object.fromEntries(
    MODES.map((_, i) => [`stored-sup-${i}`, () => templatePod(i, `stored-sup-${i}`)]),
);

function ephemeralCases(i: number): Case[] {
    const { caching, namespace } = MODES[i]!;
    const debug =
        (edit: (e: EphemeralContainer) => void) =>
        (stored?: Pod): Pod => {
            const pod = structuredClone(stored!);
            const e: EphemeralContainer = { name: "debugger", image: BUSYBOX, command: ["sh"] };
            edit(e);
            pod.spec!.ephemeralContainers = [...(pod.spec!.ephemeralContainers ?? []), e];
            return pod;
        };
    const op = { kind: "ephemeral", stored: `stored-sup-${i}` } as const;
    return [
        {
            title: `[${caching}] ephemeral: debug container targeting the privileged supervisor`,
            namespace,
            op,
            pod: debug((e) => (e.targetContainerName = "supervisor")),
            expect: deny(
                "Supervisor exception",
                'spec.ephemeralContainers[name="debugger"].targetContainerName="supervisor" (a privileged container)',
                SUP_FIX.target,
            ),
        },
        {
            title: `[${caching}] ephemeral: untargeted unprivileged debug container (baseline)`,
            namespace,
            op,
            pod: debug(() => {}),
            expect: "admitted",
        },
    ];
}

/** Coder's upstream pod against the default (read-only kernel paths) definition, image swapped in. */
function coderCases(): Case[] {
    const namespace = MODES[0]!.namespace;
    const pod = () => {
        const p = coderEnvboxPod(namespace, "coder-ro-default");
        main(p).image = ENVBOX;
        return p;
    };
    return [
        {
            title: "[none] Coder's kubernetes-envbox pod without supervisor.writableKernelPaths",
            namespace,
            op: { kind: "create" },
            pod,
            expect: deny(
                "Supervisor exception",
                'spec.containers[name="dev"].volumeMounts[name="usr-src"] readOnly=false, volumeMounts[name="lib-modules"] readOnly=false',
                SUP_FIX.hostMounts("none"),
            ),
        },
        {
            title: "[none] Coder's kubernetes-envbox pod with its kernel mounts made read-only",
            namespace,
            op: { kind: "create" },
            pod: () => {
                const p = pod();
                p.metadata!.name = "coder-ro-fixed";
                for (const m of main(p).volumeMounts!) {
                    if (m.name === "usr-src" || m.name === "lib-modules") m.readOnly = true;
                }
                return p;
            },
            expect: "admitted",
        },
    ];
}

export const SUPERVISOR_CASES: Case[] = [
    ...MODES.flatMap((_, i) => [...modeCases(i), ...ephemeralCases(i)]),
    ...coderCases(),
];
