/**
 * Cluster-wide doctor checks: server version and gates, the node list, the admission chain by
 * server-side dry-run, NFS-backed StorageClasses and the `sysbox-runc` RuntimeClass.
 */
import type { Namespace, Node, Pod, PodTemplateSpec } from "kubernetes-types/core/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import {
    assertCvmKubernetesVersion,
    assertInstallerSupports,
    CvmkitConfigError,
    DEFAULT_SYSBOX_INSTALLER,
    featureGates,
    KubernetesVersion,
    newestMinor,
    ServerVersionInfo,
    versionFromServerInfo,
} from "../compat";
import { resolveConfig, SYSBOX_INSTALL_LABEL, SYSBOX_RUNTIME_CLASS } from "../manifests";
import type { ApiResponse, KubeClient, List } from "../client/client";
import { podTemplates } from "./pod-templates";
import { apiError, DoctorFinding, forbidden, isAuthorizationDenial, readApi } from "./findings";
import { DoctorMode, isSysboxReady, mayHaveSysboxHandler, nodeFindings } from "./node-checks";
import { gatekeeperDenialRemedy } from "./gatekeeper";

/** Server version, the 1.18 floor, the gates it implies, and the installer range in sysbox mode. */
export async function checkServer(
    client: KubeClient,
    mode: DoctorMode,
): Promise<{ findings: DoctorFinding[]; version?: KubernetesVersion }> {
    const res = await client.get<ServerVersionInfo>("/version");
    if (res.status !== 200) {
        return { findings: [apiError("server.version", "GET /version", res.status, res.body)] };
    }
    let version: KubernetesVersion;
    try {
        version = versionFromServerInfo(res.body);
        assertCvmKubernetesVersion(version, "server version");
    } catch (err) {
        const e = err as CvmkitConfigError;
        return {
            findings: [
                {
                    check: "server.version",
                    status: "fail",
                    message: e.reason ?? e.message,
                    remedy: e.fix,
                },
            ],
        };
    }
    const gates = featureGates(version);
    const findings: DoctorFinding[] = [
        {
            check: "server.version",
            status: "ok",
            message: `Kubernetes ${res.body.gitVersion ?? version.raw} (1.18+ required)`,
        },
        {
            check: "server.admission",
            status: gates.validatingAdmissionPolicy ? "ok" : "warn",
            message: [
                gates.podSecurityPolicy ? "PodSecurityPolicy API" : undefined,
                gates.podSecurityAdmission ? "Pod Security Admission" : undefined,
                gates.validatingAdmissionPolicy
                    ? "ValidatingAdmissionPolicy (image allow-list)"
                    : undefined,
            ]
                .filter(Boolean)
                .join(", "),
            ...(gates.validatingAdmissionPolicy
                ? {}
                : {
                      remedy: "below 1.30 privilege is scoped by namespace only (no image allow-list); upgrade to 1.30+",
                  }),
        },
    ];
    if (mode === "sysbox") {
        try {
            assertInstallerSupports(DEFAULT_SYSBOX_INSTALLER, version, "server version");
            findings.push({
                check: "server.sysbox-range",
                status: "ok",
                message: `the Sysbox installer ${DEFAULT_SYSBOX_INSTALLER.tag} supports ${gates.minor}`,
            });
        } catch (err) {
            const e = err as CvmkitConfigError;
            findings.push({
                check: "server.sysbox-range",
                status: "fail",
                message: e.reason,
                remedy: e.fix,
            });
        }
    }
    return { findings, version };
}

/** Node findings for every node matching the selector. */
export async function checkNodes(
    client: KubeClient,
    mode: DoctorMode,
    selector: Readonly<Record<string, string>>,
): Promise<DoctorFinding[]> {
    const labelSelector = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
    const res = await readApi<List<Node>>(
        client,
        `/api/v1/nodes${labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : ""}`,
        "nodes",
        { resource: "nodes", what: "list nodes" },
    );
    if (res.failure) return [res.failure];
    const nodes = res.body.items ?? [];
    if (nodes.length === 0) {
        return [
            {
                check: "nodes",
                status: "fail",
                message: labelSelector
                    ? `no node matches the CVM node selector ${labelSelector}`
                    : "the cluster has no nodes",
                remedy: "add a CVM node pool (cvmkit/aws, cvmkit/gcp, cvmkit/azure) or fix --node-selector",
            },
        ];
    }
    const findings = nodes.flatMap((n) => nodeFindings(n, mode));
    if (mode === "sysbox" && !nodes.some((n) => isSysboxReady(n) && mayHaveSysboxHandler(n))) {
        findings.push({
            check: "nodes.sysbox",
            status: "fail",
            message:
                "no node runs Sysbox (none is labelled sysbox-runtime=running without the not-running taint and with a sysbox-runc runtime handler where the kubelet lists handlers)",
            remedy: `label CVM nodes ${SYSBOX_INSTALL_LABEL}=yes and deploy cvmkit with the Sysbox runtime on; the installer labels nodes when done`,
        });
    }
    return findings;
}

function podFrom(template: PodTemplateSpec, namespace: string, image?: string): Pod {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
            // generateName: a dry-run never collides with an existing pod
            generateName: "cvmkit-doctor-",
            namespace,
            labels: template.metadata?.labels,
            annotations: template.metadata?.annotations,
        },
        spec: {
            ...template.spec!,
            containers: template.spec!.containers.map((c) => (image ? { ...c, image } : c)),
        },
    };
}

/** The API's message for a rejected request, cut to a readable length. */
function fullMessage(res: ApiResponse<unknown>): string {
    return (res.body as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`;
}

function apiMessage(res: ApiResponse<unknown>): string {
    const message = fullMessage(res);
    return message.length > 400 ? `${message.slice(0, 399)}…` : message;
}

/**
 * The admission chain answers for itself: server-side dry-run creates of the supervisor pod (admitted?), of
 * a privileged pod with another image (rejected?) and, in sysbox mode, of the Sysbox workspace pod.
 */
export async function checkAdmission(
    client: KubeClient,
    version: KubernetesVersion | undefined,
    namespace: string,
    supervisorImage: string | undefined,
    mode: DoctorMode = "supervisor",
): Promise<DoctorFinding[]> {
    const subject = `namespace/${namespace}`;
    const findings: DoctorFinding[] = [];
    try {
        // cvmkit's own rules for the CVM namespace (not a system namespace, a valid name)
        resolveConfig({ kubernetesVersion: version?.raw ?? newestMinor(), namespace });
    } catch (err) {
        if (!(err instanceof CvmkitConfigError)) throw err;
        findings.push({
            check: "admission.namespace",
            status: "fail",
            subject,
            message: `${namespace} cannot be the CVM namespace: ${err.reason}`,
            remedy: err.fix,
        });
    }
    const ns = await readApi<Namespace>(
        client,
        `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
        "admission.psa",
        { verb: "get", resource: "namespaces", what: `get namespace ${namespace}`, subject },
    );
    if (ns.status === 404) {
        return [
            ...findings,
            {
                check: "admission.namespace",
                status: "fail",
                subject,
                message: `the CVM namespace ${namespace} does not exist`,
                remedy: "deploy cvmkit (pulumi up / cvmkit render | kubectl apply) or pass --namespace",
            },
        ];
    }
    if (ns.failure) {
        findings.push(ns.failure);
    } else {
        const enforce = ns.body.metadata?.labels?.["pod-security.kubernetes.io/enforce"];
        findings.push(
            enforce === "privileged" || enforce === undefined
                ? {
                      check: "admission.psa",
                      status: "ok",
                      subject,
                      message: `Pod Security enforce=${enforce ?? "unset (cluster default)"}`,
                  }
                : {
                      check: "admission.psa",
                      status: "fail",
                      subject,
                      message: `Pod Security enforce=${enforce} rejects privileged supervisor pods`,
                      remedy: `label the namespace pod-security.kubernetes.io/enforce=privileged (cvmkit does)`,
                  },
        );
    }
    const templates = podTemplates(version, supervisorImage);
    const podsPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
    const supervisor = await client.dryRunCreate(
        podsPath,
        podFrom(templates.supervisor, namespace),
    );
    if (isAuthorizationDenial(supervisor.status, supervisor.body)) {
        return [
            ...findings,
            forbidden("admission", "create (dry-run)", "pods", subject, supervisor.body),
        ];
    }
    findings.push(
        supervisor.status < 300
            ? {
                  check: "admission.supervisor",
                  status: "ok",
                  subject,
                  message: "the supervisor pod (privileged, its host paths) is admitted",
              }
            : {
                  check: "admission.supervisor",
                  status: "fail",
                  subject,
                  message: `the supervisor pod is rejected: ${apiMessage(supervisor)}`,
                  remedy: /service ?account/i.test(apiMessage(supervisor))
                      ? "create the cvm-supervisor ServiceAccount in the namespace (cvmkit does)"
                      : (gatekeeperDenialRemedy(fullMessage(supervisor)) ??
                        "exempt the CVM namespace from the rejecting policy (cvmkit's namespace labels and policyEngines settings) or fix the supervisor image"),
              },
    );
    const other = await client.dryRunCreate(
        podsPath,
        podFrom(templates.supervisor, namespace, "docker.io/library/busybox:1.36"),
    );
    findings.push(
        other.status >= 400
            ? {
                  check: "admission.scoped",
                  status: "ok",
                  subject,
                  message: `a privileged pod with another image is rejected${supervisor.status < 300 ? "" : " (as is the supervisor pod)"}: ${apiMessage(other)}`,
              }
            : {
                  check: "admission.scoped",
                  status: "warn",
                  subject,
                  message: "a privileged pod with any image is admitted in the CVM namespace",
                  remedy:
                      version && featureGates(version).validatingAdmissionPolicy
                          ? "deploy cvmkit's ValidatingAdmissionPolicy (it limits privilege to the supervisor image)"
                          : "upgrade to Kubernetes 1.30+ for the image allow-list, or restrict the namespace with your policy engine",
              },
    );
    if (mode === "sysbox" && templates.sysbox) {
        const sysbox = await client.dryRunCreate(podsPath, podFrom(templates.sysbox, namespace));
        findings.push(
            sysbox.status < 300
                ? {
                      check: "admission.sysbox",
                      status: "ok",
                      subject,
                      message:
                          "the Sysbox workspace pod (runtimeClassName sysbox-runc, unprivileged) is admitted",
                  }
                : {
                      check: "admission.sysbox",
                      status: "fail",
                      subject,
                      message: `the Sysbox workspace pod is rejected: ${apiMessage(sysbox)}`,
                      remedy: "deploy cvmkit with sysboxRuntime.enabled=true (RuntimeClass sysbox-runc) and exempt the CVM namespace from the rejecting policy",
                  },
        );
    }
    return findings;
}

const NFS_PROVISIONERS =
    /nfs|efs\.csi\.aws\.com|filestore\.csi\.storage\.gke\.io|file\.csi\.azure\.com/i;

/** StorageClasses backed by NFS-like file systems: files show as nobody:nogroup inside CVMs. */
export async function checkStorage(client: KubeClient): Promise<DoctorFinding[]> {
    const res = await readApi<List<StorageClass>>(
        client,
        "/apis/storage.k8s.io/v1/storageclasses",
        "storage",
        { resource: "storageclasses.storage.k8s.io", what: "list storageclasses" },
    );
    if (res.failure) return [res.failure];
    const nfs = (res.body.items ?? []).filter((s) => NFS_PROVISIONERS.test(s.provisioner ?? ""));
    if (nfs.length === 0) {
        return [{ check: "storage", status: "ok", message: "no NFS-backed StorageClass" }];
    }
    return nfs.map((s) => ({
        check: "storage",
        status: "warn" as const,
        subject: `storageclass/${s.metadata?.name}`,
        message: `provisioner ${s.provisioner} is NFS-like: inside CVMs files show as nobody:nogroup and Docker fails on it`,
        remedy: "keep CVM homes and Docker data on block storage (ebs, pd, managed-csi disks)",
    }));
}

/** The `sysbox-runc` RuntimeClass, expected in sysbox mode. */
export async function checkRuntimeClass(
    client: KubeClient,
    version: KubernetesVersion | undefined,
): Promise<DoctorFinding[]> {
    const api =
        version && featureGates(version).runtimeClassApiVersion === "node.k8s.io/v1beta1"
            ? "v1beta1"
            : "v1";
    const res = await readApi<{ handler?: string }>(
        client,
        `/apis/node.k8s.io/${api}/runtimeclasses/${SYSBOX_RUNTIME_CLASS}`,
        "runtimeclass",
        {
            verb: "get",
            resource: "runtimeclasses.node.k8s.io",
            what: "get runtimeclass",
            subject: `runtimeclass/${SYSBOX_RUNTIME_CLASS}`,
        },
    );
    if (res.status === 404) {
        return [
            {
                check: "runtimeclass",
                status: "fail",
                subject: `runtimeclass/${SYSBOX_RUNTIME_CLASS}`,
                message: "the sysbox-runc RuntimeClass is missing",
                remedy: "deploy cvmkit with sysboxRuntime.enabled=true, or run the doctor with --mode supervisor",
            },
        ];
    }
    if (res.failure) return [res.failure];
    return [
        res.body.handler === SYSBOX_RUNTIME_CLASS
            ? {
                  check: "runtimeclass",
                  status: "ok",
                  subject: `runtimeclass/${SYSBOX_RUNTIME_CLASS}`,
                  message: "present, handler sysbox-runc",
              }
            : {
                  check: "runtimeclass",
                  status: "fail",
                  subject: `runtimeclass/${SYSBOX_RUNTIME_CLASS}`,
                  message: `handler is ${res.body.handler}, not sysbox-runc`,
                  remedy: "recreate the RuntimeClass with handler sysbox-runc",
              },
    ];
}
