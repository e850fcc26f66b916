import { atLeast, KubernetesVersion } from "./version";

/**
 * The values the Pod Security Standards' **baseline** level allows, per Kubernetes minor, as the
 * reference implementation checks them (`k8s.io/pod-security-admission/policy`, v0.35.4):
 *
 * - `check_capabilities_baseline.go`: `capabilities.add` only from the default set.
 * - `check_sysctls.go`: safe sysctls (1.0 set; `ip_local_reserved_ports` from 1.27; the four TCP keepalive /
 *   fin timeout sysctls from 1.29; `tcp_rmem` / `tcp_wmem` from 1.32).
 * - `check_seLinuxOptions.go`: SELinux types (`container_engine_t` from 1.31); user and role never.
 * - `check_seccompProfile_baseline.go`: `RuntimeDefault` or `Localhost` (fields, 1.19+).
 * - `check_appArmorProfile.go`: fields `RuntimeDefault` / `Localhost`; annotations `runtime/default`,
 *   `localhost/*` or empty.
 * - `check_procMount_baseline.go`: `Default` only; any value in a user-namespaced pod (`hostUsers: false`)
 *   from 1.35.
 * - `check_hostProbesAndhostLifecycle.go`: no `host` in probes and lifecycle handlers (1.34+).
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export interface BaselineValues {
    readonly capabilities: readonly string[];
    readonly sysctls: readonly string[];
    readonly seLinuxTypes: readonly string[];
    readonly seccompTypes: readonly string[];
    readonly appArmorTypes: readonly string[];
    /** `procMount` values other than `Default` are allowed when the pod sets `hostUsers: false`. */
    readonly procMountRelaxedInUserNamespace: boolean;
    /** Pod Security itself checks probe and lifecycle hosts (1.34+); cvmkit checks them on every minor. */
    readonly hostProbesChecked: boolean;
}

const CAPABILITIES = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

const SYSCTLS_1_0 = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
];

/** The baseline level's allowed values at a Kubernetes minor. */
export function baselineValues(v: KubernetesVersion): BaselineValues {
    const sysctls = [...SYSCTLS_1_0];
    if (atLeast(v, 1, 27)) sysctls.push("net.ipv4.ip_local_reserved_ports");
    if (atLeast(v, 1, 29)) {
        sysctls.push(
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes",
        );
    }
    if (atLeast(v, 1, 32)) sysctls.push("net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
    const seLinuxTypes = ["", "container_t", "container_init_t", "container_kvm_t"];
    if (atLeast(v, 1, 31)) seLinuxTypes.push("container_engine_t");
    return {
        capabilities: CAPABILITIES,
        sysctls,
        seLinuxTypes,
        seccompTypes: ["RuntimeDefault", "Localhost"],
        appArmorTypes: ["RuntimeDefault", "Localhost"],
        procMountRelaxedInUserNamespace: atLeast(v, 1, 35),
        hostProbesChecked: true,
    };
}

/** Annotation prefix of the pre-1.30 AppArmor profiles (still checked by Pod Security baseline). */
export const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/**
 * Link-local addresses where the clouds serve instance metadata or platform services that hand out
 * node credentials, with the source of each.
 */
export const METADATA_ENDPOINTS: readonly {
    readonly cidr: string;
    readonly clouds: string;
    readonly source: string;
}[] = [
    {
        cidr: "169.254.169.254/32",
        clouds: "AWS IMDS, GCP metadata server, Azure IMDS",
        source: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html, https://cloud.google.com/compute/docs/metadata/querying-metadata, https://learn.microsoft.com/azure/virtual-machines/instance-metadata-service",
    },
    {
        cidr: "fd00:ec2::254/128",
        clouds: "AWS IMDS over IPv6 (Nitro)",
        source: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html",
    },
    {
        cidr: "169.254.170.2/32",
        clouds: "AWS ECS/EKS container credentials endpoint",
        source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html",
    },
    {
        cidr: "169.254.170.23/32",
        clouds: "AWS EKS Pod Identity agent",
        source: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html",
    },
    {
        cidr: "fd00:ec2::23/128",
        clouds: "AWS EKS Pod Identity agent over IPv6",
        source: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html",
    },
    {
        cidr: "168.63.129.16/32",
        clouds: "Azure WireServer (VM agent, extensions)",
        source: "https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16",
    },
];
