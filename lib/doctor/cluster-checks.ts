import type { Namespace, Node, Pod } from "kubernetes-types/core/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import {
    assertCvmKubernetesVersion,
    assertInstallerSupports,
    CvmkitConfigError,
    DEFAULT_SYSBOX_INSTALLER,
    featureGates,
    KubernetesVersion,
    ServerVersionInfo,
    versionFromServerInfo,
} from "../compat";
import { renderManifests, SYSBOX_RUNTIME_CLASS } from "../manifests";
import type { KubeClient } from "./client";
import { apiError, DoctorFinding, forbidden } from "./findings";
import { DoctorMode, nodeFindings } from "./node-checks";

interface List<T> {
    readonly items?: T[];
}

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
    const res = await client.get<List<Node>>(
        `/api/v1/nodes${labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : ""}`,
    );
    if (res.status === 403) return [forbidden("nodes", "list", "nodes")];
    if (res.status !== 200) return [apiError("nodes", "list nodes", res.status, res.body)];
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
    if (
        mode === "sysbox" &&
        !nodes.some((n) => n.metadata?.labels?.["sysbox-runtime"] === "running")
    ) {
        findings.push({
            check: "nodes.sysbox",
            status: "fail",
            message: "no node runs Sysbox (none is labelled sysbox-runtime=running)",
            remedy: "label CVM nodes sysbox-install=yes and deploy cvmkit with the Sysbox runtime on; the installer labels nodes when done",
        });
    }
    return findings;
}

/** The admission chain answers for itself: dry-run the supervisor pod and a privileged pod with another image. */
export async function checkAdmission(
    client: KubeClient,
    version: KubernetesVersion | undefined,
    namespace: string,
    supervisorImage: string | undefined,
): Promise<DoctorFinding[]> {
    const ns = await client.get<Namespace>(`/api/v1/namespaces/${namespace}`);
    if (ns.status === 403)
        return [forbidden("admission", "get", "namespaces", `namespace/${namespace}`)];
    if (ns.status === 404) {
        return [
            {
                check: "admission.namespace",
                status: "fail",
                subject: `namespace/${namespace}`,
                message: `the CVM namespace ${namespace} does not exist`,
                remedy: "deploy cvmkit (pulumi up / cvmkit render | kubectl apply) or pass --namespace",
            },
        ];
    }
    if (ns.status !== 200)
        return [apiError("admission.namespace", `get namespace ${namespace}`, ns.status, ns.body)];
    const findings: DoctorFinding[] = [];
    const enforce = ns.body.metadata?.labels?.["pod-security.kubernetes.io/enforce"];
    findings.push(
        enforce === "privileged" || enforce === undefined
            ? {
                  check: "admission.psa",
                  status: "ok",
                  subject: `namespace/${namespace}`,
                  message: `Pod Security enforce=${enforce ?? "unset (cluster default)"}`,
              }
            : {
                  check: "admission.psa",
                  status: "fail",
                  subject: `namespace/${namespace}`,
                  message: `Pod Security enforce=${enforce} rejects privileged supervisor pods`,
                  remedy: `label the namespace pod-security.kubernetes.io/enforce=privileged (cvmkit does)`,
              },
    );
    const istio = ns.body.metadata?.labels ?? {};
    const template = renderManifests({
        kubernetesVersion: version?.raw ?? "1.35",
        namespace,
        ...(supervisorImage ? { supervisor: { image: supervisorImage } } : {}),
    }).supervisorPodTemplate;
    const pod = (name: string, image?: string): Pod => ({
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
            name,
            namespace,
            labels: template.metadata?.labels,
            annotations: template.metadata?.annotations,
        },
        spec: {
            ...template.spec!,
            containers: template.spec!.containers.map((c) => (image ? { ...c, image } : c)),
        },
    });
    const supervisor = await client.dryRunCreate<{ message?: string }>(
        `/api/v1/namespaces/${namespace}/pods`,
        pod("cvmkit-doctor-supervisor"),
    );
    if (supervisor.status === 403 && !isAdmissionDenial(supervisor.body)) {
        return [
            ...findings,
            forbidden("admission.supervisor", "create (dry-run)", "pods", `namespace/${namespace}`),
        ];
    }
    findings.push(
        supervisor.status < 300
            ? {
                  check: "admission.supervisor",
                  status: "ok",
                  subject: `namespace/${namespace}`,
                  message: "the supervisor pod (privileged, its host paths) is admitted",
              }
            : {
                  check: "admission.supervisor",
                  status: "fail",
                  subject: `namespace/${namespace}`,
                  message: `the supervisor pod is rejected: ${supervisor.body?.message ?? `HTTP ${supervisor.status}`}`,
                  remedy: "exempt the CVM namespace from the rejecting policy (cvmkit's policyEngines settings) or fix the supervisor image",
              },
    );
    const other = await client.dryRunCreate<{ message?: string }>(
        `/api/v1/namespaces/${namespace}/pods`,
        pod("cvmkit-doctor-other", "docker.io/library/busybox:1.36"),
    );
    findings.push(
        other.status >= 400
            ? {
                  check: "admission.scoped",
                  status: "ok",
                  subject: `namespace/${namespace}`,
                  message: `a privileged pod with another image is rejected: ${other.body?.message ?? other.status}`,
              }
            : {
                  check: "admission.scoped",
                  status: "warn",
                  subject: `namespace/${namespace}`,
                  message: "a privileged pod with any image is admitted in the CVM namespace",
                  remedy:
                      version && featureGates(version).validatingAdmissionPolicy
                          ? "deploy cvmkit's ValidatingAdmissionPolicy (it limits privilege to the supervisor image)"
                          : "upgrade to Kubernetes 1.30+ for the image allow-list, or restrict the namespace with your policy engine",
              },
    );
    if (istio["istio-injection"] === "enabled" || istio["istio.io/rev"]) {
        findings.push({
            check: "istio.namespace",
            status: "fail",
            subject: `namespace/${namespace}`,
            message: `Istio injection is enabled on the CVM namespace (${istio["istio.io/rev"] ? `istio.io/rev=${istio["istio.io/rev"]}` : "istio-injection=enabled"})`,
            remedy: "label the namespace istio-injection=disabled and remove istio.io/rev",
        });
    }
    return findings;
}

function isAdmissionDenial(body: unknown): boolean {
    const message = (body as { message?: string } | undefined)?.message ?? "";
    return /admission|denied|policy|violat/i.test(message);
}

/** Policy engines and Istio present in the cluster, and whether the CVM namespace is exempted. */
export async function checkEngines(
    client: KubeClient,
    namespace: string,
): Promise<DoctorFinding[]> {
    const crds = await client.get<List<{ metadata?: { name?: string } }>>(
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
    );
    if (crds.status === 403) return [forbidden("engines", "list", "customresourcedefinitions")];
    if (crds.status !== 200) return [apiError("engines", "list CRDs", crds.status, crds.body)];
    const names = new Set((crds.body.items ?? []).map((c) => c.metadata?.name ?? ""));
    const findings: DoctorFinding[] = [];
    if (names.has("constrainttemplates.templates.gatekeeper.sh")) {
        findings.push(...(await checkGatekeeper(client, namespace, names)));
    }
    if (names.has("clusterpolicies.kyverno.io")) {
        findings.push(...(await checkKyverno(client, namespace, names)));
    }
    const hooks = await client.get<
        List<{ metadata?: { name?: string }; webhooks?: { name?: string }[] }>
    >("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations");
    if (hooks.status === 403) {
        findings.push(forbidden("istio", "list", "mutatingwebhookconfigurations"));
    } else if (hooks.status === 200) {
        const istio = (hooks.body.items ?? []).filter(
            (h) =>
                /istio|sidecar-injector/i.test(h.metadata?.name ?? "") ||
                (h.webhooks ?? []).some((w) => /sidecar-injector\.istio\.io/.test(w.name ?? "")),
        );
        if (istio.length > 0) {
            findings.push({
                check: "istio",
                status: "ok",
                message: `Istio sidecar injection present (${istio.map((h) => h.metadata?.name).join(", ")}); the CVM namespace and pod templates opt out`,
            });
        }
    }
    return findings;
}

interface Constraint {
    readonly kind?: string;
    readonly metadata?: { name?: string };
    readonly spec?: { match?: { excludedNamespaces?: string[] } };
}

async function checkGatekeeper(
    client: KubeClient,
    namespace: string,
    crds: Set<string>,
): Promise<DoctorFinding[]> {
    const kinds = [
        ["k8spspprivilegedcontainer", "privileged containers"],
        ["k8spsphostfilesystem", "host filesystem"],
    ];
    const findings: DoctorFinding[] = [];
    let seen = false;
    for (const [plural, what] of kinds) {
        if (!crds.has(`${plural}.constraints.gatekeeper.sh`)) continue;
        seen = true;
        const res = await client.get<List<Constraint>>(
            `/apis/constraints.gatekeeper.sh/v1beta1/${plural}`,
        );
        if (res.status === 403) {
            findings.push(forbidden("gatekeeper", "list", `${plural}.constraints.gatekeeper.sh`));
            continue;
        }
        for (const c of res.body.items ?? []) {
            const excluded = c.spec?.match?.excludedNamespaces ?? [];
            const name = `${c.kind ?? plural}/${c.metadata?.name}`;
            findings.push(
                excluded.includes(namespace)
                    ? {
                          check: "gatekeeper",
                          status: "ok",
                          subject: name,
                          message: `${what} constraint excludes ${namespace}`,
                      }
                    : {
                          check: "gatekeeper",
                          status: "fail",
                          subject: name,
                          message: `${what} constraint applies to the CVM namespace ${namespace}`,
                          remedy: "set policyEngines.gatekeeper in cvmkit (it adds the namespace to spec.match.excludedNamespaces)",
                      },
            );
        }
    }
    if (!seen) {
        findings.push({
            check: "gatekeeper",
            status: "ok",
            message: "Gatekeeper present without privileged / host-filesystem constraint templates",
        });
    }
    return findings;
}

interface PolicyException {
    readonly metadata?: { name?: string; namespace?: string };
    readonly spec?: { match?: { any?: { resources?: { namespaces?: string[] } }[] } };
}

async function checkKyverno(
    client: KubeClient,
    namespace: string,
    crds: Set<string>,
): Promise<DoctorFinding[]> {
    if (!crds.has("policyexceptions.kyverno.io")) {
        return [
            {
                check: "kyverno",
                status: "warn",
                message: "Kyverno present without the PolicyException API",
                remedy: "upgrade Kyverno to 1.12+ and enable policy exceptions, or exclude the CVM namespace in its policies",
            },
        ];
    }
    for (const version of ["v2", "v2beta1"]) {
        const res = await client.get<List<PolicyException>>(
            `/apis/kyverno.io/${version}/policyexceptions`,
        );
        if (res.status === 404) continue;
        if (res.status === 403)
            return [forbidden("kyverno", "list", "policyexceptions.kyverno.io")];
        const match = (res.body.items ?? []).find((e) =>
            (e.spec?.match?.any ?? []).some((m) => m.resources?.namespaces?.includes(namespace)),
        );
        return [
            match
                ? {
                      check: "kyverno",
                      status: "ok",
                      subject: `policyexception/${match.metadata?.namespace}/${match.metadata?.name}`,
                      message: `a PolicyException covers ${namespace}`,
                  }
                : {
                      check: "kyverno",
                      status: "warn",
                      message: `Kyverno present and no PolicyException covers ${namespace}`,
                      remedy: "set policyEngines.kyverno in cvmkit; the admission dry-run above shows whether Kyverno rejects CVM pods",
                  },
        ];
    }
    return [];
}

const NFS_PROVISIONERS =
    /nfs|efs\.csi\.aws\.com|filestore\.csi\.storage\.gke\.io|file\.csi\.azure\.com/i;

/** StorageClasses backed by NFS-like file systems: files show as nobody:nogroup inside CVMs. */
export async function checkStorage(client: KubeClient): Promise<DoctorFinding[]> {
    const res = await client.get<List<StorageClass>>("/apis/storage.k8s.io/v1/storageclasses");
    if (res.status === 403) return [forbidden("storage", "list", "storageclasses")];
    if (res.status !== 200)
        return [apiError("storage", "list storageclasses", res.status, res.body)];
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
    const res = await client.get<{ handler?: string }>(
        `/apis/node.k8s.io/${api}/runtimeclasses/${SYSBOX_RUNTIME_CLASS}`,
    );
    if (res.status === 403) return [forbidden("runtimeclass", "get", "runtimeclasses")];
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
    if (res.status !== 200)
        return [apiError("runtimeclass", "get runtimeclass", res.status, res.body)];
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
