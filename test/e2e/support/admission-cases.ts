/**
 * The Pod Security baseline admission matrix: every control, inside and outside the supervisor exception,
 * on pods and ephemeral containers, CREATE and UPDATE, in supervisor mode (namespace `coder-workspaces`,
 * Coder's own image allow-listed) and with the Sysbox runtime on (namespace `cvm-workspaces`).
 *
 * Expected denials are written out in full here: they are the contract of cvmkit's messages.
 */
import type { Container, EphemeralContainer, Pod, PodTemplateSpec } from "kubernetes-types/core/v1";
import { renderManifests } from "../../../lib";
import { SUP_FIX, SUPERVISOR_CASES, SUPERVISOR_STORED } from "./supervisor-cases";
import {
    CODER_ENVBOX_IMAGE,
    coderEnvboxPod,
    sysboxCrioExamplePod,
    sysboxHostUsersExamplePod,
} from "./upstream-pods";

export const NS = "cvm-workspaces";
export const NS_SUPERVISOR = "coder-workspaces";
export const MIRROR = "mirror.example.com/coder/envbox:0.6.7";
export const ENVBOX = "ghcr.io/coder/envbox:0.6.7";

/** Sysbox runtime on, default supervisor image plus a mirror. */
export const sysboxConfig = {
    kubernetesVersion: "1.35",
    sysboxRuntime: { enabled: true },
    supervisor: { allowedImages: [MIRROR] },
};
/**
 * Supervisor mode only, Coder's template image allow-listed, in a namespace of its own; the kernel paths
 * writable, as Coder's template mounts them.
 */
export const supervisorConfig = {
    kubernetesVersion: "1.35",
    namespace: NS_SUPERVISOR,
    supervisor: { image: CODER_ENVBOX_IMAGE, prePull: false, writableKernelPaths: true },
};
export const sysboxRendered = renderManifests(sysboxConfig);
export const supervisorRendered = renderManifests(supervisorConfig);

const BUSYBOX = "docker.io/library/busybox:1.36";

export function podFrom(
    template: PodTemplateSpec,
    name: string,
    namespace: string,
    edit: (p: Pod) => void = () => {},
): Pod {
    const pod: Pod = structuredClone({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { ...template.metadata, name, namespace },
        spec: template.spec,
    });
    edit(pod);
    return pod;
}

export const plainPod = (name: string, namespace: string, edit: (p: Pod) => void = () => {}) =>
    podFrom(
        { spec: { containers: [{ name: "main", image: BUSYBOX, command: ["sleep", "3600"] }] } },
        name,
        namespace,
        edit,
    );

export const supervisorPod = (name: string, edit: (p: Pod) => void = () => {}) =>
    podFrom(sysboxRendered.supervisorPodTemplate, name, NS, edit);
export const sysboxPod = (name: string, edit: (p: Pod) => void = () => {}) =>
    podFrom(sysboxRendered.sysboxPodTemplate!, name, NS, edit);

const main = (p: Pod): Container => p.spec!.containers[0]!;
const sc = (c: Container | EphemeralContainer) => (c.securityContext ??= {});
const podSc = (p: Pod) => (p.spec!.securityContext ??= {});

/** The expected denial of cvmkit's policy in `namespace`. */
export interface Denial {
    readonly control: string;
    readonly detail: string;
    readonly fix: string;
}

/** A refusal by Pod Security Admission (403) or by the API's own validation (422). */
export interface Refusal {
    readonly status: 403 | 422;
    readonly match: RegExp;
}

export function denialMessage(namespace: string, name: string, d: Denial): string {
    const policy = `cvmkit-${namespace}-privileged-allowlist`;
    return (
        `pods "${name}" is forbidden: ValidatingAdmissionPolicy '${policy}' with binding '${policy}' denied request: ` +
        `cvmkit Pod Security baseline, control "${d.control}": ${d.detail} is not allowed in namespace ${namespace}. Fix: ${d.fix}`
    );
}

const BASELINE_CAPS =
    "AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT";
const SAFE_SYSCTLS =
    "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem";

export const FIX = {
    hostNs: (field: string, what: string) =>
        `remove spec.${field}; no pod in this namespace may share the node's ${what} namespace, the CVM supervisor included`,
    privileged: (images: string) =>
        `remove securityContext.privileged; only the CVM supervisor image (${images}) may run privileged (setting supervisor.allowedImages)`,
    privilegedEphemeral:
        "remove securityContext.privileged; ephemeral containers are never privileged here, not even with the CVM supervisor image",
    command: SUP_FIX.command,
    capabilities: `add only capabilities of the baseline set (${BASELINE_CAPS}); the supervisor gets what it needs from privileged`,
    seccomp: 'use seccompProfile.type "RuntimeDefault" or "Localhost", or leave it out',
    appArmor: 'use appArmorProfile.type "RuntimeDefault" or "Localhost", or leave it out',
    appArmorAnnotation: 'use "runtime/default" or "localhost/<profile>", or remove the annotation',
    seLinuxType:
        "use seLinuxOptions.type container_t, container_init_t, container_kvm_t, container_engine_t or leave it out",
    seLinuxUser: "remove seLinuxOptions.user and seLinuxOptions.role",
    hostPorts:
        "remove hostPort; no pod in this namespace may bind node ports, the CVM supervisor included (use a Service)",
    sysctls: `set only the safe sysctls (${SAFE_SYSCTLS}); the CVM supervisor included`,
    probeHost:
        "remove the host field; probes and lifecycle handlers may only target the pod itself",
    hostPathPath: SUP_FIX.hostPathPath("none"),
    supervisorImage: SUP_FIX.image,
    hostPathEphemeral: "do not mount the pod's hostPath volumes in an ephemeral container",
    hostProcess: "remove securityContext.windowsOptions.hostProcess",
};

const IMAGES_A = `${ENVBOX}, ${MIRROR}`;
const IMAGES_B = CODER_ENVBOX_IMAGE;

/** How a case reaches the apiserver. */
export type Operation =
    | { readonly kind: "create" }
    /** PUT of the stored pod `stored`, edited. */
    | { readonly kind: "update"; readonly stored: string }
    /** PUT of `pods/<stored>/ephemeralcontainers` adding one ephemeral container. */
    | { readonly kind: "ephemeral"; readonly stored: string };

export interface Case {
    readonly title: string;
    readonly namespace: string;
    readonly op: Operation;
    /** CREATE: the pod; UPDATE / ephemeral: an edit of the stored pod. */
    readonly pod: (stored?: Pod) => Pod;
    /** Admitted; denied by cvmkit's policy with exactly this message; or refused by someone else. */
    readonly expect: "admitted" | Denial | Refusal;
}

/** Pods stored before the UPDATE and ephemeral-container cases run. */
export const STORED: Record<string, () => Pod> = {
    "stored-plain": () => plainPod("stored-plain", NS),
    "stored-supervisor": () => supervisorPod("stored-supervisor"),
    "stored-sysbox": () => sysboxPod("stored-sysbox"),
    "stored-coder": () => coderEnvboxPod(NS_SUPERVISOR, "stored-coder"),
    ...SUPERVISOR_STORED,
};

const create = { kind: "create" } as const;
const debug =
    (edit: (e: EphemeralContainer) => void = () => {}) =>
    (stored?: Pod) => {
        const pod = structuredClone(stored!);
        const e: EphemeralContainer = { name: "debugger", image: BUSYBOX, command: ["sh"] };
        edit(e);
        pod.spec!.ephemeralContainers = [...(pod.spec!.ephemeralContainers ?? []), e];
        return pod;
    };
const edited = (edit: (p: Pod) => void) => (stored?: Pod) => {
    const pod = structuredClone(stored!);
    edit(pod);
    return pod;
};

export const CASES: Case[] = [
    // --- must be admitted -------------------------------------------------------------------------
    {
        title: "cvmkit's supervisorPodTemplate as a pod",
        namespace: NS,
        op: create,
        pod: () => supervisorPod("sup"),
        expect: "admitted",
    },
    {
        title: "supervisorPodTemplate with the mirror image on the allow-list",
        namespace: NS,
        op: create,
        pod: () => supervisorPod("sup-mirror", (p) => (main(p).image = MIRROR)),
        expect: "admitted",
    },
    {
        title: "supervisorPodTemplate with a host path written with a trailing slash",
        namespace: NS,
        op: create,
        pod: () =>
            supervisorPod(
                "sup-slash",
                (p) => (p.spec!.volumes!.find((v) => v.hostPath)!.hostPath!.path = "/usr/src/"),
            ),
        expect: "admitted",
    },
    {
        title: "supervisor-mode supervisorPodTemplate (Coder's image allow-listed)",
        namespace: NS_SUPERVISOR,
        op: create,
        pod: () => podFrom(supervisorRendered.supervisorPodTemplate, "sup-b", NS_SUPERVISOR),
        expect: "admitted",
    },
    {
        title: "Coder's upstream kubernetes-envbox pod",
        namespace: NS_SUPERVISOR,
        op: create,
        pod: () => coderEnvboxPod(NS_SUPERVISOR),
        expect: "admitted",
    },
    {
        title: "cvmkit's sysboxPodTemplate as a pod",
        namespace: NS,
        op: create,
        pod: () => sysboxPod("sysbox"),
        expect: "admitted",
    },
    {
        title: "Sysbox's example pod with the CRI-O user-namespace annotation",
        namespace: NS,
        op: create,
        pod: () => sysboxCrioExamplePod(NS),
        expect: "admitted",
    },
    {
        title: "Sysbox's example pod with hostUsers: false",
        namespace: NS,
        op: create,
        pod: () => sysboxHostUsersExamplePod(NS),
        expect: "admitted",
    },
    {
        title: "plain unprivileged pod",
        namespace: NS,
        op: create,
        pod: () => plainPod("plain", NS),
        expect: "admitted",
    },
    {
        title: "every baseline-allowed value at once (caps, seccomp, AppArmor, SELinux, sysctls)",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("allowed-values", NS, (p) => {
                p.spec!.securityContext = {
                    seccompProfile: { type: "RuntimeDefault" },
                    appArmorProfile: { type: "RuntimeDefault" },
                    seLinuxOptions: { type: "container_engine_t" },
                    sysctls: [{ name: "net.ipv4.tcp_rmem", value: "4096 87380 6291456" }],
                };
                main(p).securityContext = {
                    capabilities: { add: ["NET_BIND_SERVICE", "CHOWN"], drop: ["NET_RAW"] },
                    seccompProfile: { type: "Localhost", localhostProfile: "profiles/cvm.json" },
                    appArmorProfile: { type: "Localhost", localhostProfile: "cvm" },
                    seLinuxOptions: { type: "container_t", level: "s0:c1,c2" },
                    procMount: "Default",
                };
            }),
        expect: "admitted",
    },
    {
        title: "Unmasked /proc in a user-namespaced Sysbox pod (1.35 relaxation)",
        namespace: NS,
        op: create,
        pod: () => {
            const p = sysboxHostUsersExamplePod(NS, "userns-unmasked");
            sc(main(p)).procMount = "Unmasked";
            return p;
        },
        expect: "admitted",
    },
    // --- host namespaces, host ports, sysctls: nobody --------------------------------------------
    {
        title: "hostPID + SYS_ADMIN/SYS_PTRACE (nsenter -t 1 escape)",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("hostpid-escape", NS, (p) => {
                p.spec!.hostPID = true;
                sc(main(p)).capabilities = { add: ["SYS_ADMIN", "SYS_PTRACE"] };
            }),
        expect: {
            control: "Host Namespaces",
            detail: "spec.hostPID=true",
            fix: FIX.hostNs("hostPID", "PID"),
        },
    },
    {
        title: "hostNetwork on a plain pod",
        namespace: NS,
        op: create,
        pod: () => plainPod("hostnet", NS, (p) => (p.spec!.hostNetwork = true)),
        expect: {
            control: "Host Namespaces",
            detail: "spec.hostNetwork=true",
            fix: FIX.hostNs("hostNetwork", "network"),
        },
    },
    {
        title: "hostIPC on a plain pod",
        namespace: NS,
        op: create,
        pod: () => plainPod("hostipc", NS, (p) => (p.spec!.hostIPC = true)),
        expect: {
            control: "Host Namespaces",
            detail: "spec.hostIPC=true",
            fix: FIX.hostNs("hostIPC", "IPC"),
        },
    },
    {
        title: "supervisor with hostPID",
        namespace: NS,
        op: create,
        pod: () => supervisorPod("sup-hostpid", (p) => (p.spec!.hostPID = true)),
        expect: {
            control: "Host Namespaces",
            detail: "spec.hostPID=true",
            fix: FIX.hostNs("hostPID", "PID"),
        },
    },
    {
        title: "supervisor with hostNetwork",
        namespace: NS,
        op: create,
        pod: () => supervisorPod("sup-hostnet", (p) => (p.spec!.hostNetwork = true)),
        expect: {
            control: "Host Namespaces",
            detail: "spec.hostNetwork=true",
            fix: FIX.hostNs("hostNetwork", "network"),
        },
    },
    {
        title: "supervisor with hostIPC",
        namespace: NS,
        op: create,
        pod: () => supervisorPod("sup-hostipc", (p) => (p.spec!.hostIPC = true)),
        expect: {
            control: "Host Namespaces",
            detail: "spec.hostIPC=true",
            fix: FIX.hostNs("hostIPC", "IPC"),
        },
    },
    {
        title: "Coder's envbox pod with hostNetwork (supervisor mode)",
        namespace: NS_SUPERVISOR,
        op: create,
        pod: () => {
            const p = coderEnvboxPod(NS_SUPERVISOR, "coder-hostnet");
            p.spec!.hostNetwork = true;
            return p;
        },
        expect: {
            control: "Host Namespaces",
            detail: "spec.hostNetwork=true",
            fix: FIX.hostNs("hostNetwork", "network"),
        },
    },
    {
        title: "Sysbox pod (CRI-O annotation) with hostPID",
        namespace: NS,
        op: create,
        pod: () => {
            const p = sysboxCrioExamplePod(NS, "sysbox-hostpid");
            p.spec!.hostPID = true;
            return p;
        },
        expect: {
            control: "Host Namespaces",
            detail: "spec.hostPID=true",
            fix: FIX.hostNs("hostPID", "PID"),
        },
    },
    {
        title: "hostPort on a plain pod",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("hostport", NS, (p) => {
                main(p).ports = [{ containerPort: 8080, hostPort: 8080 }];
            }),
        expect: {
            control: "Host Ports",
            detail: 'spec.containers[name="main"].ports[*].hostPort=8080',
            fix: FIX.hostPorts,
        },
    },
    {
        title: "supervisor with a hostPort",
        namespace: NS,
        op: create,
        pod: () =>
            supervisorPod("sup-hostport", (p) => {
                main(p).ports = [{ containerPort: 2375, hostPort: 2375 }];
            }),
        expect: {
            control: "Host Ports",
            detail: 'spec.containers[name="supervisor"].ports[*].hostPort=2375',
            fix: FIX.hostPorts,
        },
    },
    {
        title: "unsafe sysctl kernel.msgmax on a plain pod",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("sysctl", NS, (p) => {
                podSc(p).sysctls = [{ name: "kernel.msgmax", value: "65536" }];
            }),
        expect: {
            control: "Sysctls",
            detail: 'spec.securityContext.sysctls=["kernel.msgmax"]',
            fix: FIX.sysctls,
        },
    },
    {
        title: "supervisor with an unsafe sysctl",
        namespace: NS,
        op: create,
        pod: () =>
            supervisorPod("sup-sysctl", (p) => {
                podSc(p).sysctls = [
                    { name: "net.ipv4.tcp_syncookies", value: "1" },
                    { name: "kernel.sem", value: "250 32000 100 128" },
                ];
            }),
        expect: {
            control: "Sysctls",
            detail: 'spec.securityContext.sysctls=["kernel.sem"]',
            fix: FIX.sysctls,
        },
    },
    // --- privileged ------------------------------------------------------------------------------
    {
        title: "privileged plain pod (other image)",
        namespace: NS,
        op: create,
        pod: () => plainPod("priv-other", NS, (p) => (sc(main(p)).privileged = true)),
        expect: {
            control: "Privileged Containers",
            detail: `spec.containers[name="main"].securityContext.privileged=true with image "${BUSYBOX}"`,
            fix: FIX.privileged(IMAGES_A),
        },
    },
    {
        title: "privileged Sysbox pod",
        namespace: NS,
        op: create,
        pod: () => sysboxPod("sysbox-priv", (p) => (sc(main(p)).privileged = true)),
        expect: {
            control: "Privileged Containers",
            detail: `spec.containers[name="workspace"].securityContext.privileged=true with image "registry.nestybox.com/nestybox/ubuntu-jammy-systemd-docker"`,
            fix: FIX.privileged(IMAGES_A),
        },
    },
    {
        title: "privileged init container with another image beside the supervisor",
        namespace: NS,
        op: create,
        pod: () =>
            supervisorPod("sup-init", (p) => {
                p.spec!.initContainers = [
                    { name: "init", image: BUSYBOX, securityContext: { privileged: true } },
                ];
            }),
        expect: {
            control: "Privileged Containers",
            detail: `spec.initContainers[name="init"].securityContext.privileged=true with image "${BUSYBOX}"`,
            fix: FIX.privileged(IMAGES_A),
        },
    },
    {
        title: "Coder's envbox pod with an image not on that namespace's allow-list",
        namespace: NS_SUPERVISOR,
        op: create,
        pod: () => {
            const p = coderEnvboxPod(NS_SUPERVISOR, "coder-other-image");
            main(p).image = ENVBOX;
            return p;
        },
        expect: {
            control: "Privileged Containers",
            detail: `spec.containers[name="dev"].securityContext.privileged=true with image "${ENVBOX}"`,
            fix: FIX.privileged(IMAGES_B),
        },
    },
    {
        title: "supervisor image turned into a shell (command sh -c)",
        namespace: NS,
        op: create,
        pod: () =>
            supervisorPod("sup-shell", (p) => (main(p).command = ["sh", "-c", "nsenter -t 1 -a"])),
        expect: {
            control: "Supervisor exception",
            detail: 'spec.containers[name="supervisor"].command=["sh", "-c", "nsenter -t 1 -a"]',
            fix: FIX.command,
        },
    },
    {
        title: "supervisor with extra args",
        namespace: NS,
        op: create,
        pod: () => supervisorPod("sup-args", (p) => (main(p).args = ["--debug"])),
        expect: {
            control: "Supervisor exception",
            detail: 'spec.containers[name="supervisor"].command=["/envbox", "docker"] args=["--debug"]',
            fix: FIX.command,
        },
    },
    {
        title: "supervisor without a command (image entrypoint)",
        namespace: NS,
        op: create,
        pod: () => supervisorPod("sup-nocmd", (p) => delete main(p).command),
        expect: {
            control: "Supervisor exception",
            detail: 'spec.containers[name="supervisor"].command=unset',
            fix: FIX.command,
        },
    },
    // --- capabilities, seccomp, AppArmor, SELinux, /proc, probes -------------------------------------
    {
        title: "NET_ADMIN on a plain pod",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("netadmin", NS, (p) => {
                sc(main(p)).capabilities = { add: ["CHOWN", "NET_ADMIN"] };
            }),
        expect: {
            control: "Capabilities",
            detail: 'spec.containers[name="main"].securityContext.capabilities.add=["NET_ADMIN"]',
            fix: FIX.capabilities,
        },
    },
    {
        title: "supervisor adding SYS_ADMIN",
        namespace: NS,
        op: create,
        pod: () =>
            supervisorPod("sup-cap", (p) => (sc(main(p)).capabilities = { add: ["SYS_ADMIN"] })),
        expect: {
            control: "Capabilities",
            detail: 'spec.containers[name="supervisor"].securityContext.capabilities.add=["SYS_ADMIN"]',
            fix: FIX.capabilities,
        },
    },
    {
        title: "Sysbox pod adding SYS_ADMIN",
        namespace: NS,
        op: create,
        pod: () =>
            sysboxPod("sysbox-cap", (p) => (sc(main(p)).capabilities = { add: ["SYS_ADMIN"] })),
        expect: {
            control: "Capabilities",
            detail: 'spec.containers[name="workspace"].securityContext.capabilities.add=["SYS_ADMIN"]',
            fix: FIX.capabilities,
        },
    },
    {
        title: "init container adding NET_RAW",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("init-netraw", NS, (p) => {
                p.spec!.initContainers = [
                    {
                        name: "setup",
                        image: BUSYBOX,
                        securityContext: { capabilities: { add: ["NET_RAW"] } },
                    },
                ];
            }),
        expect: {
            control: "Capabilities",
            detail: 'spec.initContainers[name="setup"].securityContext.capabilities.add=["NET_RAW"]',
            fix: FIX.capabilities,
        },
    },
    {
        title: "container seccomp Unconfined",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("seccomp-c", NS, (p) => (sc(main(p)).seccompProfile = { type: "Unconfined" })),
        expect: {
            control: "Seccomp",
            detail: 'spec.containers[name="main"].securityContext.seccompProfile.type="Unconfined"',
            fix: FIX.seccomp,
        },
    },
    {
        title: "pod seccomp Unconfined on the supervisor",
        namespace: NS,
        op: create,
        pod: () =>
            supervisorPod("sup-seccomp", (p) => (podSc(p).seccompProfile = { type: "Unconfined" })),
        expect: {
            control: "Seccomp",
            detail: 'spec.securityContext.seccompProfile.type="Unconfined"',
            fix: FIX.seccomp,
        },
    },
    {
        title: "container AppArmor Unconfined",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod(
                "apparmor-c",
                NS,
                (p) => (sc(main(p)).appArmorProfile = { type: "Unconfined" }),
            ),
        expect: {
            control: "AppArmor",
            detail: 'spec.containers[name="main"].securityContext.appArmorProfile.type="Unconfined"',
            fix: FIX.appArmor,
        },
    },
    {
        title: "pod AppArmor Unconfined",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("apparmor-p", NS, (p) => (podSc(p).appArmorProfile = { type: "Unconfined" })),
        expect: {
            control: "AppArmor",
            detail: 'spec.securityContext.appArmorProfile.type="Unconfined"',
            fix: FIX.appArmor,
        },
    },
    {
        title: "container SELinux type spc_t",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("selinux-c", NS, (p) => (sc(main(p)).seLinuxOptions = { type: "spc_t" })),
        expect: {
            control: "SELinux",
            detail: 'spec.containers[name="main"].securityContext.seLinuxOptions.type="spc_t"',
            fix: FIX.seLinuxType,
        },
    },
    {
        title: "pod SELinux user set",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("selinux-p", NS, (p) => (podSc(p).seLinuxOptions = { user: "system_u" })),
        expect: {
            control: "SELinux",
            detail: 'spec.securityContext.seLinuxOptions.user="system_u"',
            fix: FIX.seLinuxUser,
        },
    },
    {
        title: "supervisor with SELinux type spc_t",
        namespace: NS,
        op: create,
        pod: () =>
            supervisorPod("sup-selinux", (p) => (sc(main(p)).seLinuxOptions = { type: "spc_t" })),
        expect: {
            control: "SELinux",
            detail: 'spec.containers[name="supervisor"].securityContext.seLinuxOptions.type="spc_t"',
            fix: FIX.seLinuxType,
        },
    },
    {
        title: "AppArmor annotation unconfined",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("apparmor-annotation", NS, (p) => {
                p.metadata!.annotations = {
                    "container.apparmor.security.beta.kubernetes.io/main": "unconfined",
                };
            }),
        expect: {
            control: "AppArmor",
            detail: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/main"]="unconfined"',
            fix: FIX.appArmorAnnotation,
        },
    },
    {
        title: "Unmasked /proc without a user namespace",
        namespace: NS,
        op: create,
        pod: () => plainPod("unmasked", NS, (p) => (sc(main(p)).procMount = "Unmasked")),
        // The API itself refuses it first (since 1.30), before any admission policy runs.
        expect: {
            status: 422,
            match: /procMount: Invalid value: "Unmasked": `hostUsers` must be false to use `Unmasked`/,
        },
    },
    {
        title: "Windows HostProcess pod",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("hostprocess", NS, (p) => {
                p.spec!.os = { name: "windows" };
                p.spec!.hostNetwork = true;
                podSc(p).windowsOptions = {
                    hostProcess: true,
                    runAsUserName: "NT AUTHORITY\\SYSTEM",
                };
            }),
        expect: {
            control: "HostProcess",
            detail: "spec.securityContext.windowsOptions.hostProcess=true",
            fix: FIX.hostProcess,
        },
    },
    {
        title: "liveness probe aimed at the metadata endpoint (probe host)",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod("probe-host", NS, (p) => {
                main(p).livenessProbe = {
                    httpGet: { host: "169.254.169.254", port: 80, path: "/" },
                };
            }),
        expect: {
            control: "Probes and lifecycle host",
            detail: 'spec.containers[name="main"].livenessProbe.httpGet.host="169.254.169.254"',
            fix: FIX.probeHost,
        },
    },
    // --- hostPath ---------------------------------------------------------------------------------
    {
        title: "supervisor with a host path outside the allow-list (/etc)",
        namespace: NS,
        op: create,
        pod: () =>
            supervisorPod("sup-etc", (p) => {
                p.spec!.volumes!.push({ name: "etc", hostPath: { path: "/etc" } });
                main(p).volumeMounts!.push({ name: "etc", mountPath: "/host-etc" });
            }),
        expect: {
            control: "HostPath Volumes",
            detail: 'spec.volumes[name="etc"].hostPath.path="/etc"',
            fix: FIX.hostPathPath,
        },
    },
    {
        title: "supervisor with /var/lib, which only the cached modes need",
        namespace: NS,
        op: create,
        pod: () =>
            supervisorPod("sup-varlib", (p) =>
                p.spec!.volumes!.push({ name: "vl", hostPath: { path: "/var/lib" } }),
            ),
        expect: {
            control: "HostPath Volumes",
            detail: 'spec.volumes[name="vl"].hostPath.path="/var/lib"',
            fix: FIX.hostPathPath,
        },
    },
    {
        title: "unprivileged pod with another image mounting an allowed host path",
        namespace: NS,
        op: create,
        pod: () =>
            plainPod(
                "hostpath-other",
                NS,
                (p) => (p.spec!.volumes = [{ name: "mods", hostPath: { path: "/lib/modules" } }]),
            ),
        expect: {
            control: "HostPath Volumes",
            detail: 'spec.volumes[name="mods"].hostPath.path="/lib/modules"',
            fix: FIX.hostPathPath,
        },
    },
    {
        title: "unprivileged sidecar with another image in the supervisor pod",
        namespace: NS,
        op: create,
        pod: () =>
            supervisorPod("sup-sidecar", (p) =>
                p.spec!.containers.push({ name: "sidecar", image: BUSYBOX }),
            ),
        expect: {
            control: "Supervisor exception",
            detail: `spec.containers[name="sidecar"].image="${BUSYBOX}" in a pod that uses the CVM supervisor exception (a privileged container or hostPath volumes)`,
            fix: FIX.supervisorImage(IMAGES_A),
        },
    },
    // --- UPDATE -----------------------------------------------------------------------------------
    {
        title: "UPDATE: supervisor pod's image changed to another image (still privileged)",
        namespace: NS,
        op: { kind: "update", stored: "stored-supervisor" },
        pod: edited((p) => (main(p).image = BUSYBOX)),
        expect: {
            control: "Privileged Containers",
            detail: `spec.containers[name="supervisor"].securityContext.privileged=true with image "${BUSYBOX}"`,
            fix: FIX.privileged(IMAGES_A),
        },
    },
    {
        title: "UPDATE: supervisor pod's image changed to the allow-listed mirror",
        namespace: NS,
        op: { kind: "update", stored: "stored-supervisor" },
        pod: edited((p) => (main(p).image = MIRROR)),
        expect: "admitted",
    },
    {
        title: "UPDATE: Coder pod's image changed to one not on the allow-list",
        namespace: NS_SUPERVISOR,
        op: { kind: "update", stored: "stored-coder" },
        pod: edited((p) => (main(p).image = ENVBOX)),
        expect: {
            control: "Privileged Containers",
            detail: `spec.containers[name="dev"].securityContext.privileged=true with image "${ENVBOX}"`,
            fix: FIX.privileged(IMAGES_B),
        },
    },
    {
        title: "UPDATE: labels only on a stored pod",
        namespace: NS,
        op: { kind: "update", stored: "stored-plain" },
        pod: edited((p) => (p.metadata!.labels = { touched: "yes" })),
        expect: "admitted",
    },
    {
        title: "UPDATE: Sysbox pod's image changed (still baseline)",
        namespace: NS,
        op: { kind: "update", stored: "stored-sysbox" },
        pod: edited(
            (p) => (main(p).image = "registry.nestybox.com/nestybox/ubuntu-noble-systemd-docker"),
        ),
        expect: "admitted",
    },
    // --- ephemeral containers (UPDATE pods/ephemeralcontainers) ----------------------------------
    {
        title: "ephemeral: unprivileged debug container on a plain pod",
        namespace: NS,
        op: { kind: "ephemeral", stored: "stored-plain" },
        pod: debug(),
        expect: "admitted",
    },
    {
        title: "ephemeral: unprivileged debug container on the supervisor pod",
        namespace: NS,
        op: { kind: "ephemeral", stored: "stored-supervisor" },
        pod: debug(),
        expect: "admitted",
    },
    {
        title: "ephemeral: privileged debug container",
        namespace: NS,
        op: { kind: "ephemeral", stored: "stored-plain" },
        pod: debug((e) => (sc(e).privileged = true)),
        expect: {
            control: "Privileged Containers",
            detail: `spec.ephemeralContainers[name="debugger"].securityContext.privileged=true with image "${BUSYBOX}"`,
            fix: FIX.privilegedEphemeral,
        },
    },
    {
        title: "ephemeral: privileged container with the supervisor image",
        namespace: NS,
        op: { kind: "ephemeral", stored: "stored-supervisor" },
        pod: debug((e) => {
            e.image = ENVBOX;
            sc(e).privileged = true;
        }),
        expect: {
            control: "Privileged Containers",
            detail: `spec.ephemeralContainers[name="debugger"].securityContext.privileged=true with image "${ENVBOX}"`,
            fix: FIX.privilegedEphemeral,
        },
    },
    {
        title: "ephemeral: debug container adding SYS_PTRACE",
        namespace: NS,
        op: { kind: "ephemeral", stored: "stored-sysbox" },
        pod: debug((e) => (sc(e).capabilities = { add: ["SYS_PTRACE"] })),
        expect: {
            control: "Capabilities",
            detail: 'spec.ephemeralContainers[name="debugger"].securityContext.capabilities.add=["SYS_PTRACE"]',
            fix: FIX.capabilities,
        },
    },
    {
        title: "ephemeral: debug container with seccomp Unconfined",
        namespace: NS,
        op: { kind: "ephemeral", stored: "stored-plain" },
        pod: debug((e) => (sc(e).seccompProfile = { type: "Unconfined" })),
        expect: {
            control: "Seccomp",
            detail: 'spec.ephemeralContainers[name="debugger"].securityContext.seccompProfile.type="Unconfined"',
            fix: FIX.seccomp,
        },
    },
    {
        title: "ephemeral: debug container mounting the supervisor's hostPath volume",
        namespace: NS,
        op: { kind: "ephemeral", stored: "stored-supervisor" },
        pod: debug((e) => (e.volumeMounts = [{ name: "lib-modules", mountPath: "/host-modules" }])),
        expect: {
            control: "HostPath Volumes",
            detail: 'spec.ephemeralContainers[name="debugger"].volumeMounts=["lib-modules"] (hostPath volumes)',
            fix: FIX.hostPathEphemeral,
        },
    },
    {
        title: "ephemeral: privileged debug container on Coder's envbox pod (supervisor mode)",
        namespace: NS_SUPERVISOR,
        op: { kind: "ephemeral", stored: "stored-coder" },
        pod: debug((e) => (sc(e).privileged = true)),
        expect: {
            control: "Privileged Containers",
            detail: `spec.ephemeralContainers[name="debugger"].securityContext.privileged=true with image "${BUSYBOX}"`,
            fix: FIX.privilegedEphemeral,
        },
    },
    // --- outside the CVM namespaces: Pod Security Admission as configured -------------------------
    {
        title: "unprivileged sysbox-runc pod in an ordinary namespace",
        namespace: "team-a",
        op: create,
        pod: () =>
            podFrom(sysboxRendered.sysboxPodTemplate!, "sysbox-elsewhere", "team-a", (p) => {
                p.spec!.serviceAccountName = "default";
            }),
        expect: "admitted",
    },
    {
        title: "privileged supervisor pod in a namespace labelled restricted",
        namespace: "restricted-ns",
        op: create,
        pod: () =>
            podFrom(
                sysboxRendered.supervisorPodTemplate,
                "sup-restricted",
                "restricted-ns",
                (p) => (p.spec!.serviceAccountName = "default"),
            ),
        expect: {
            status: 403,
            match: /violates PodSecurity "restricted:latest": privileged \(container "supervisor" must not set securityContext\.privileged=true\)/,
        },
    },
    {
        title: "hostPath pod in a namespace labelled baseline",
        namespace: "baseline-ns",
        op: create,
        pod: () =>
            plainPod(
                "hostpath-baseline",
                "baseline-ns",
                (p) => (p.spec!.volumes = [{ name: "mods", hostPath: { path: "/lib/modules" } }]),
            ),
        expect: {
            status: 403,
            match: /violates PodSecurity "baseline:latest": hostPath volumes \(volume "mods"\)/,
        },
    },
    {
        title: "the pre-pull DaemonSet's pod passes the restricted level",
        namespace: "restricted-ns",
        op: create,
        pod: () => {
            const ds = sysboxRendered.objects.find(
                (o) => o.kind === "DaemonSet" && o.metadata.name === "cvm-image-prepull",
            ) as unknown as { spec: { template: PodTemplateSpec } };
            return podFrom(
                ds.spec.template,
                "prepull",
                "restricted-ns",
                (p) => (p.spec!.serviceAccountName = "default"),
            );
        },
        expect: "admitted",
    },
    ...SUPERVISOR_CASES,
];
