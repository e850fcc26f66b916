import type { Container, Pod, PodSpec } from "kubernetes-types/core/v1";
import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import { cidrContains, featureGates, KubernetesVersion, METADATA_ENDPOINTS } from "../compat";
import type { KubeClient } from "../client/client";
import { podTemplates } from "./pod-templates";
import { apiError, DoctorFinding, forbidden, isAuthorizationDenial } from "./findings";

const BUSYBOX = "docker.io/library/busybox:1.36";

/** The escape pods the doctor asks the admission chain about (server-side dry-run, nothing stored). */
function escapePods(supervisor: PodSpec): [what: string, spec: PodSpec][] {
    const plain = (edit: (s: PodSpec) => void): PodSpec => {
        const spec: PodSpec = {
            containers: [{ name: "escape", image: BUSYBOX, command: ["sleep", "1"] }],
        };
        edit(spec);
        return spec;
    };
    const c = (s: PodSpec) => s.containers[0]!;
    return [
        [
            "hostPID with SYS_ADMIN and SYS_PTRACE (nsenter -t 1)",
            plain((s) => {
                s.hostPID = true;
                c(s).securityContext = { capabilities: { add: ["SYS_ADMIN", "SYS_PTRACE"] } };
            }),
        ],
        ["hostNetwork", plain((s) => (s.hostNetwork = true))],
        [
            "capability NET_ADMIN",
            plain((s) => (c(s).securityContext = { capabilities: { add: ["NET_ADMIN"] } })),
        ],
        [
            "seccomp Unconfined",
            plain((s) => (c(s).securityContext = { seccompProfile: { type: "Unconfined" } })),
        ],
        [
            "unsafe sysctl kernel.msgmax",
            plain(
                (s) => (s.securityContext = { sysctls: [{ name: "kernel.msgmax", value: "1" }] }),
            ),
        ],
        ["the supervisor image with hostPID", { ...structuredClone(supervisor), hostPID: true }],
        ...supervisorClassPods(supervisor),
    ];
}

/**
 * One pod per way around the supervisor exception, each an edit of cvmkit's supervisor template (so each
 * is the supervisor in every other respect): commands the command pin does not see, the allow-listed image
 * without `privileged` but with the host paths, and the class-3 shapes (loader env, extra volumes, subPath,
 * propagation, process-namespace sharing, stdin/tty, a second container, CODER_MOUNTS of a host path).
 */
export function supervisorClassPods(supervisor: PodSpec): [what: string, spec: PodSpec][] {
    const edit = (f: (s: PodSpec, c: Container) => void): PodSpec => {
        const spec = structuredClone(supervisor);
        f(spec, spec.containers[0]!);
        return spec;
    };
    const shell = { exec: { command: ["sh", "-c", "nsenter -t 1 -a"] } };
    const hostMount = (c: Container) => c.volumeMounts!.find((m) => m.name === "lib-modules")!;
    return [
        [
            "an exec liveness probe in the privileged supervisor",
            edit((_, c) => (c.livenessProbe = shell)),
        ],
        [
            "an exec postStart hook in the privileged supervisor",
            edit((_, c) => (c.lifecycle = { postStart: shell })),
        ],
        [
            "the supervisor image unprivileged running sh with the host paths",
            edit((_, c) => {
                delete c.securityContext;
                c.command = ["sh", "-c", "id"];
            }),
        ],
        [
            "/lib/modules mounted read-write in the supervisor",
            edit((_, c) => (hostMount(c).readOnly = false)),
        ],
        [
            "LD_PRELOAD in the supervisor",
            edit(
                (_, c) => (c.env = [...(c.env ?? []), { name: "LD_PRELOAD", value: "/tmp/x.so" }]),
            ),
        ],
        [
            "a ConfigMap volume mounted into the privileged supervisor",
            edit((s, c) => {
                s.volumes = [...(s.volumes ?? []), { name: "tools", configMap: { name: "tools" } }];
                c.volumeMounts = [
                    ...(c.volumeMounts ?? []),
                    { name: "tools", mountPath: "/usr/local/bin" },
                ];
            }),
        ],
        [
            "a subPath on the supervisor's /lib/modules mount",
            edit((_, c) => (hostMount(c).subPath = "kernel")),
        ],
        [
            "mountPropagation HostToContainer on the supervisor's /lib/modules mount",
            edit((_, c) => (hostMount(c).mountPropagation = "HostToContainer")),
        ],
        [
            "shareProcessNamespace beside the privileged supervisor",
            edit((s) => (s.shareProcessNamespace = true)),
        ],
        [
            "stdin and tty on the privileged supervisor",
            edit((_, c) => {
                c.stdin = true;
                c.tty = true;
            }),
        ],
        [
            "a second supervisor-image container running sh beside the privileged one",
            edit((s, c) =>
                s.containers.push({
                    name: "helper",
                    image: c.image!,
                    command: ["sh", "-c", "sleep 1"],
                    volumeMounts: structuredClone(c.volumeMounts),
                }),
            ),
        ],
        [
            "CODER_MOUNTS passing /lib/modules into the inner container",
            edit(
                (_, c) =>
                    (c.env = [
                        ...(c.env ?? []),
                        { name: "CODER_MOUNTS", value: "/lib/modules:/mnt" },
                    ]),
            ),
        ],
    ];
}

/** What is open, and how to close it, where cvmkit has no baseline policy of its own. */
function openRemedy(version: KubernetesVersion | undefined): string {
    const gates = version ? featureGates(version) : undefined;
    if (gates?.validatingAdmissionPolicy) {
        return "deploy cvmkit's ValidatingAdmissionPolicy with admissionPolicyActions [\"Deny\"] (it enforces Pod Security baseline except the supervisor's privileged + host paths)";
    }
    if (gates?.podSecurityPolicy) {
        return "below 1.25 cvmkit's PodSecurityPolicy binds only the supervisor ServiceAccount and forbids host namespaces and ports; identities that may use a more permissive PSP are not constrained — restrict their PSP use, or enforce baseline with Gatekeeper/Kyverno exempting only the supervisor image";
    }
    return "Kubernetes 1.25–1.29 cannot scope admission by image: the namespace is PSA privileged, so every baseline control is open to anyone who can create pods there; enforce baseline with Gatekeeper or Kyverno in the CVM namespace exempting only the supervisor image, or upgrade to 1.30+ for cvmkit's ValidatingAdmissionPolicy";
}

/**
 * Pod Security baseline and the supervisor exception are enforced in the CVM namespace: server-side dry-run
 * creates of known host escapes and of one pod per way around the exception (each must be rejected).
 */
export async function checkBaseline(
    client: KubeClient,
    version: KubernetesVersion | undefined,
    namespace: string,
    supervisorImage: string | undefined,
): Promise<DoctorFinding[]> {
    const subject = `namespace/${namespace}`;
    const supervisor = podTemplates(version, supervisorImage).supervisor.spec!;
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
    const findings: DoctorFinding[] = [];
    for (const [what, spec] of escapePods(supervisor)) {
        const pod: Pod = {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { generateName: "cvmkit-doctor-escape-", namespace },
            spec,
        };
        const res = await client.dryRunCreate<{ message?: string }>(path, pod);
        if (isAuthorizationDenial(res.status, res.body)) {
            return [forbidden("admission.baseline", "create (dry-run)", "pods", subject, res.body)];
        }
        if (res.status === 404) return []; // no namespace: admission.namespace reports it
        findings.push(
            res.status === 403
                ? {
                      check: "admission.baseline",
                      status: "ok",
                      subject,
                      message: `a pod with ${what} is rejected`,
                  }
                : res.status < 300
                  ? {
                        check: "admission.baseline",
                        status: "warn",
                        subject,
                        message: `a pod with ${what} is admitted in the CVM namespace`,
                        remedy: openRemedy(version),
                    }
                  : apiError(
                        "admission.baseline",
                        `dry-run of a pod with ${what}`,
                        res.status,
                        res.body,
                    ),
        );
    }
    return findings;
}

/**
 * True when a NetworkPolicy egress rule lets a selected pod reach `ip` over HTTP. Rules limited to DNS
 * (port 53 only, as cvmkit's rule for Azure's WireServer) do not count: the metadata services speak HTTP.
 */
function allowsEgressTo(policy: NetworkPolicy, ip: string): boolean {
    const dnsOnly = (ports: readonly { port?: number | string }[] | undefined) =>
        ports !== undefined && ports.length > 0 && ports.every((p) => p.port === 53);
    return (policy.spec?.egress ?? []).some(
        (rule) =>
            !dnsOnly(rule.ports) &&
            (rule.to === undefined ||
                rule.to.length === 0 ||
                rule.to.some(
                    (peer) =>
                        peer.ipBlock !== undefined &&
                        cidrContains(peer.ipBlock.cidr, ip) &&
                        !(peer.ipBlock.except ?? []).some((e) => cidrContains(e, ip)),
                )),
    );
}

const isEgress = (p: NetworkPolicy) =>
    (p.spec?.policyTypes ?? []).includes("Egress") || p.spec?.egress !== undefined;
const isIngress = (p: NetworkPolicy) => (p.spec?.policyTypes ?? ["Ingress"]).includes("Ingress");
const selectsAll = (p: NetworkPolicy) =>
    Object.keys(p.spec?.podSelector?.matchLabels ?? {}).length === 0 &&
    (p.spec?.podSelector?.matchExpressions ?? []).length === 0;

/**
 * NetworkPolicies of the CVM namespace: every pod isolated for ingress and egress, and no policy letting
 * pods reach the cloud metadata endpoints. Read from the API: whether the CNI enforces them is not visible.
 */
export async function checkNetworkPolicies(
    client: KubeClient,
    namespace: string,
): Promise<DoctorFinding[]> {
    const subject = `namespace/${namespace}`;
    const res = await client.get<{ items?: NetworkPolicy[] }>(
        `/apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/networkpolicies`,
    );
    if (res.status === 403) {
        return [forbidden("network.policies", "list", "networkpolicies", subject, res.body)];
    }
    if (res.status !== 200) {
        return [apiError("network.policies", "list networkpolicies", res.status, res.body)];
    }
    const policies = res.body.items ?? [];
    const ingress = policies.some((p) => selectsAll(p) && isIngress(p));
    const egress = policies.some((p) => selectsAll(p) && isEgress(p));
    const findings: DoctorFinding[] = [
        ingress && egress
            ? {
                  check: "network.policies",
                  status: "ok",
                  subject,
                  message: `every pod is isolated for ingress and egress (${policies.map((p) => p.metadata?.name).join(", ")}); enforced where the CNI enforces NetworkPolicy`,
              }
            : {
                  check: "network.policies",
                  status: "warn",
                  subject,
                  message: `no NetworkPolicy isolates every pod for ${[!ingress && "ingress", !egress && "egress"].filter(Boolean).join(" and ")}`,
                  remedy: "deploy cvmkit's NetworkPolicies (networkPolicy.enabled, the default) and use a CNI that enforces them",
              },
    ];
    const open = METADATA_ENDPOINTS.map((m) => m.cidr.split("/")[0]!).filter(
        (ip) => !egress || policies.some((p) => isEgress(p) && allowsEgressTo(p, ip)),
    );
    findings.push(
        open.length === 0
            ? {
                  check: "network.metadata",
                  status: "ok",
                  subject,
                  message: `egress to the metadata endpoints (${METADATA_ENDPOINTS.map((m) => m.cidr).join(", ")}) is blocked`,
              }
            : {
                  check: "network.metadata",
                  status: "warn",
                  subject,
                  message: `pods may reach the metadata endpoints ${open.join(", ")}`,
                  remedy: "deploy cvmkit's egress NetworkPolicy, or add the endpoints to the except lists of the policies that allow them",
              },
    );
    return findings;
}
