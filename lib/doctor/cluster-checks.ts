import type { Namespace, Node, Pod, PodTemplateSpec } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
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
import { renderManifests, resolveConfig, SYSBOX_RUNTIME_CLASS } from "../manifests";
import type { ApiResponse, KubeClient } from "./client";
import { apiError, DoctorFinding, forbidden, isAuthorizationDenial } from "./findings";
import { DoctorMode, isSysboxReady, nodeFindings } from "./node-checks";

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
    if (res.status === 403) return [forbidden("nodes", "list", "nodes", undefined, res.body)];
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
    if (mode === "sysbox" && !nodes.some(isSysboxReady)) {
        findings.push({
            check: "nodes.sysbox",
            status: "fail",
            message:
                "no node runs Sysbox (none is labelled sysbox-runtime=running without the not-running taint)",
            remedy: "label CVM nodes sysbox-install=yes and deploy cvmkit with the Sysbox runtime on; the installer labels nodes when done",
        });
    }
    return findings;
}

/** The pod templates cvmkit renders for this server, used for the admission dry-runs and the Istio selectors. */
function podTemplates(
    version: KubernetesVersion | undefined,
    supervisorImage: string | undefined,
): { supervisor: PodTemplateSpec; sysbox?: PodTemplateSpec } {
    const kubernetesVersion = version?.raw ?? "1.35";
    const supervisor = supervisorImage ? { supervisor: { image: supervisorImage } } : {};
    const base = renderManifests({ kubernetesVersion, ...supervisor }).supervisorPodTemplate;
    let sysbox: PodTemplateSpec | undefined;
    try {
        sysbox = renderManifests({
            kubernetesVersion,
            ...supervisor,
            sysboxRuntime: { enabled: true },
        }).sysboxPodTemplate;
    } catch (err) {
        // outside the installer's range: server.sysbox-range reports it
        if (!(err instanceof CvmkitConfigError)) throw err;
    }
    return { supervisor: base, ...(sysbox ? { sysbox } : {}) };
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
function apiMessage(res: ApiResponse<unknown>): string {
    const message = (res.body as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`;
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
        resolveConfig({ kubernetesVersion: version?.raw ?? "1.35", namespace });
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
    const ns = await client.get<Namespace>(`/api/v1/namespaces/${encodeURIComponent(namespace)}`);
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
    if (ns.status === 403) {
        findings.push(forbidden("admission.psa", "get", "namespaces", subject, ns.body));
    } else if (ns.status !== 200) {
        findings.push(apiError("admission.psa", `get namespace ${namespace}`, ns.status, ns.body));
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
                      : "exempt the CVM namespace from the rejecting policy (cvmkit's namespace labels and policyEngines settings) or fix the supervisor image",
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

/** Matches a namespace name against Gatekeeper / Kyverno patterns (`kube-*`, `*-system`, exact names). */
export function namespaceMatches(pattern: string, namespace: string): boolean {
    if (!pattern.includes("*")) return pattern === namespace;
    const re = new RegExp(
        `^${pattern
            .split("*")
            .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
            .join(".*")}$`,
    );
    return re.test(namespace);
}

/** Evaluates a Kubernetes label selector; an absent selector matches everything. */
export function selectorMatches(
    selector: LabelSelector | undefined,
    labels: Readonly<Record<string, string>>,
): boolean {
    if (!selector) return true;
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
        if (labels[k] !== v) return false;
    }
    for (const e of selector.matchExpressions ?? []) {
        const has = Object.prototype.hasOwnProperty.call(labels, e.key);
        const value = labels[e.key];
        const values = e.values ?? [];
        switch (e.operator) {
            case "In":
                if (!has || !values.includes(value!)) return false;
                break;
            case "NotIn":
                if (has && values.includes(value!)) return false;
                break;
            case "Exists":
                if (!has) return false;
                break;
            case "DoesNotExist":
                if (has) return false;
                break;
            default:
                return false;
        }
    }
    return true;
}

/** The namespace's labels (with the automatic name label), `"missing"`, or undefined when it cannot be read. */
async function namespaceLabels(
    client: KubeClient,
    namespace: string,
): Promise<Record<string, string> | "missing" | undefined> {
    const res = await client.get<Namespace>(`/api/v1/namespaces/${encodeURIComponent(namespace)}`);
    if (res.status === 404) return "missing";
    if (res.status !== 200) return undefined;
    return { "kubernetes.io/metadata.name": namespace, ...(res.body.metadata?.labels ?? {}) };
}

/** Policy engines and Istio present in the cluster, and whether the CVM namespace is exempted. */
export async function checkEngines(
    client: KubeClient,
    namespace: string,
    version?: KubernetesVersion,
    supervisorImage?: string,
): Promise<DoctorFinding[]> {
    const found = await namespaceLabels(client, namespace);
    // a missing namespace is reported by admission.namespace; engines are checked against its name alone
    const labels = found === "missing" ? { "kubernetes.io/metadata.name": namespace } : found;
    const findings: DoctorFinding[] = [];
    const crds = await client.get<List<{ metadata?: { name?: string } }>>(
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
    );
    if (crds.status === 403) {
        findings.push(
            forbidden(
                "engines",
                "list",
                "customresourcedefinitions.apiextensions.k8s.io",
                undefined,
                crds.body,
            ),
        );
    } else if (crds.status !== 200) {
        findings.push(apiError("engines", "list CRDs", crds.status, crds.body));
    } else {
        const names = new Set((crds.body.items ?? []).map((c) => c.metadata?.name ?? ""));
        if (names.has("constrainttemplates.templates.gatekeeper.sh")) {
            findings.push(...(await checkGatekeeper(client, namespace, labels, names)));
        }
        if (names.has("clusterpolicies.kyverno.io")) {
            findings.push(...(await checkKyverno(client, namespace, names)));
        }
    }
    findings.push(
        ...(await checkIstio(
            client,
            namespace,
            found,
            podTemplates(version, supervisorImage).supervisor,
        )),
    );
    return findings;
}

interface Webhook {
    readonly name?: string;
    readonly namespaceSelector?: LabelSelector;
    readonly objectSelector?: LabelSelector;
}

async function checkIstio(
    client: KubeClient,
    namespace: string,
    labels: Record<string, string> | "missing" | undefined,
    template: PodTemplateSpec,
): Promise<DoctorFinding[]> {
    const subject = `namespace/${namespace}`;
    const findings: DoctorFinding[] = [];
    if (
        typeof labels === "object" &&
        (labels["istio-injection"] === "enabled" || labels["istio.io/rev"])
    ) {
        findings.push({
            check: "istio.namespace",
            status: "fail",
            subject,
            message: `Istio injection is enabled on the CVM namespace (${labels["istio.io/rev"] ? `istio.io/rev=${labels["istio.io/rev"]}` : "istio-injection=enabled"})`,
            remedy: "label the namespace istio-injection=disabled and remove istio.io/rev",
        });
    }
    const hooks = await client.get<List<{ metadata?: { name?: string }; webhooks?: Webhook[] }>>(
        "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
    );
    if (hooks.status === 403) {
        findings.push(
            forbidden(
                "istio",
                "list",
                "mutatingwebhookconfigurations.admissionregistration.k8s.io",
                undefined,
                hooks.body,
            ),
        );
        return findings;
    }
    if (hooks.status !== 200) {
        findings.push(
            apiError("istio", "list mutatingwebhookconfigurations", hooks.status, hooks.body),
        );
        return findings;
    }
    const istio = (hooks.body.items ?? []).filter(
        (h) =>
            /istio|sidecar-injector/i.test(h.metadata?.name ?? "") ||
            (h.webhooks ?? []).some((w) => /sidecar-injector\.istio\.io/.test(w.name ?? "")),
    );
    if (istio.length === 0) return findings;
    const names = istio.map((h) => h.metadata?.name).join(", ");
    if (labels === "missing") {
        findings.push({
            check: "istio",
            status: "ok",
            subject,
            message: `Istio sidecar injection present (${names}); the CVM namespace does not exist yet (cvmkit creates it with istio-injection=disabled)`,
        });
        return findings;
    }
    if (!labels) {
        findings.push({
            check: "istio",
            status: "warn",
            message: `Istio sidecar injection present (${names}); cannot read namespace ${namespace} to tell whether it reaches CVM pods`,
            remedy: "label the CVM namespace istio-injection=disabled",
        });
        return findings;
    }
    const podLabels = template.metadata?.labels ?? {};
    const reaching = istio.flatMap((h) =>
        (h.webhooks ?? [])
            .filter(
                (w) =>
                    selectorMatches(w.namespaceSelector, labels) &&
                    selectorMatches(w.objectSelector, podLabels),
            )
            .map((w) => `${h.metadata?.name}/${w.name}`),
    );
    findings.push(
        reaching.length === 0
            ? {
                  check: "istio",
                  status: "ok",
                  subject,
                  message: `Istio sidecar injection present (${names}); its selectors do not reach CVM pods in ${namespace}`,
              }
            : {
                  check: "istio",
                  status: "warn",
                  subject,
                  message: `Istio sidecar injection reaches CVM pods in ${namespace} (${reaching.join(", ")}); only the pod annotation sidecar.istio.io/inject=false keeps the sidecar out`,
                  remedy: "label the CVM namespace istio-injection=disabled and remove istio.io/rev (cvmkit's namespace does)",
              },
    );
    return findings;
}

interface Constraint {
    readonly kind?: string;
    readonly metadata?: { name?: string };
    readonly spec?: {
        enforcementAction?: string;
        match?: {
            excludedNamespaces?: string[];
            namespaces?: string[];
            namespaceSelector?: LabelSelector;
        };
    };
}

/** Constraint CRDs about privileged containers or host paths (library, GKE Policy Controller, Azure Policy). */
const GATEKEEPER_PRIVILEGE = /privilege|hostfilesystem|hostpath/i;

async function checkGatekeeper(
    client: KubeClient,
    namespace: string,
    labels: Record<string, string> | undefined,
    crds: Set<string>,
): Promise<DoctorFinding[]> {
    const plurals = [...crds]
        .filter((n) => n.endsWith(".constraints.gatekeeper.sh"))
        .map((n) => n.slice(0, -".constraints.gatekeeper.sh".length))
        .filter((p) => GATEKEEPER_PRIVILEGE.test(p))
        .sort();
    const findings: DoctorFinding[] = [];
    let constraints = 0;
    for (const plural of plurals) {
        const azure = plural.startsWith("k8sazure");
        const engine = azure ? "Azure Policy" : "Gatekeeper";
        const res = await client.get<List<Constraint>>(
            `/apis/constraints.gatekeeper.sh/v1beta1/${plural}`,
        );
        if (res.status === 403) {
            findings.push(
                forbidden(
                    "gatekeeper",
                    "list",
                    `${plural}.constraints.gatekeeper.sh`,
                    undefined,
                    res.body,
                ),
            );
            continue;
        }
        if (res.status !== 200) {
            findings.push(apiError("gatekeeper", `list ${plural}`, res.status, res.body));
            continue;
        }
        for (const c of res.body.items ?? []) {
            constraints++;
            const match = c.spec?.match ?? {};
            const action = c.spec?.enforcementAction ?? "deny";
            const name = `${c.kind ?? plural}/${c.metadata?.name}`;
            const excluded = (match.excludedNamespaces ?? []).some((p) =>
                namespaceMatches(p, namespace),
            );
            const outside =
                (match.namespaces &&
                    !match.namespaces.some((p) => namespaceMatches(p, namespace))) ||
                (labels !== undefined &&
                    match.namespaceSelector !== undefined &&
                    !selectorMatches(match.namespaceSelector, labels));
            if (excluded || outside) {
                findings.push({
                    check: "gatekeeper",
                    status: "ok",
                    subject: name,
                    message: `${engine} constraint ${excluded ? "excludes" : "does not select"} ${namespace}`,
                });
            } else if (action !== "deny") {
                findings.push({
                    check: "gatekeeper",
                    status: "ok",
                    subject: name,
                    message: `${engine} constraint applies to ${namespace} but only reports (enforcementAction ${action})`,
                });
            } else {
                findings.push({
                    check: "gatekeeper",
                    status: "fail",
                    subject: name,
                    message: `${engine} constraint denies privileged / host-path pods in the CVM namespace ${namespace}`,
                    remedy: azure
                        ? "add the CVM namespace to the Azure Policy assignment's excludedNamespaces parameter"
                        : "set policyEngines.gatekeeper in cvmkit (it adds the namespace to spec.match.excludedNamespaces)",
                });
            }
        }
    }
    if (constraints === 0 && findings.length === 0) {
        findings.push({
            check: "gatekeeper",
            status: "ok",
            message: "Gatekeeper present without privileged / host-filesystem constraints",
        });
    }
    return findings;
}

interface ClusterPolicy {
    readonly metadata?: { name?: string };
    readonly spec?: {
        validationFailureAction?: string;
        rules?: { name?: string; validate?: { failureAction?: string } }[];
    };
}

interface PolicyException {
    readonly metadata?: { name?: string; namespace?: string };
    readonly spec?: {
        exceptions?: { policyName?: string; ruleNames?: string[] }[];
        match?: {
            any?: { resources?: { namespaces?: string[] } }[];
            all?: { resources?: { namespaces?: string[] } }[];
        };
    };
}

/** Enforcing ClusterPolicies whose rules are about privileged containers or host paths. */
function blockingKyvernoPolicies(policies: readonly ClusterPolicy[]): string[] {
    return policies
        .filter((p) => {
            const enforce =
                /^enforce$/i.test(p.spec?.validationFailureAction ?? "") ||
                (p.spec?.rules ?? []).some((r) =>
                    /^enforce$/i.test(r.validate?.failureAction ?? ""),
                );
            return (
                enforce &&
                /privileged|hostPath|podSecurity/.test(JSON.stringify(p.spec?.rules ?? []))
            );
        })
        .map((p) => p.metadata?.name ?? "")
        .sort();
}

async function checkKyverno(
    client: KubeClient,
    namespace: string,
    crds: Set<string>,
): Promise<DoctorFinding[]> {
    const policies = await client.get<List<ClusterPolicy>>("/apis/kyverno.io/v1/clusterpolicies");
    if (policies.status === 403) {
        return [
            forbidden("kyverno", "list", "clusterpolicies.kyverno.io", undefined, policies.body),
        ];
    }
    if (policies.status !== 200) {
        return [apiError("kyverno", "list clusterpolicies", policies.status, policies.body)];
    }
    const blocking = blockingKyvernoPolicies(policies.body.items ?? []);
    if (blocking.length === 0) {
        return [
            {
                check: "kyverno",
                status: "ok",
                message:
                    "Kyverno present; no ClusterPolicy enforces rules on privileged containers or host paths",
            },
        ];
    }
    if (!crds.has("policyexceptions.kyverno.io")) {
        return [
            {
                check: "kyverno",
                status: "warn",
                message: `Kyverno enforces ${blocking.join(", ")} and has no PolicyException API`,
                remedy: "upgrade Kyverno to 1.12+ and enable policy exceptions, or exclude the CVM namespace in its policies",
            },
        ];
    }
    for (const version of ["v2", "v2beta1", "v2alpha1"]) {
        const res = await client.get<List<PolicyException>>(
            `/apis/kyverno.io/${version}/policyexceptions`,
        );
        if (res.status === 404) continue;
        if (res.status === 403) {
            return [
                forbidden("kyverno", "list", "policyexceptions.kyverno.io", undefined, res.body),
            ];
        }
        if (res.status !== 200) {
            return [apiError("kyverno", "list policyexceptions", res.status, res.body)];
        }
        const covering = (res.body.items ?? []).filter((e) =>
            [...(e.spec?.match?.any ?? []), ...(e.spec?.match?.all ?? [])].some((m) =>
                (m.resources?.namespaces ?? []).some((p) => namespaceMatches(p, namespace)),
            ),
        );
        const exempted = new Set(
            covering.flatMap((e) => (e.spec?.exceptions ?? []).map((x) => x.policyName ?? "")),
        );
        const uncovered = blocking.filter((p) => !exempted.has(p));
        return [
            uncovered.length === 0
                ? {
                      check: "kyverno",
                      status: "ok",
                      subject: covering
                          .map(
                              (e) => `policyexception/${e.metadata?.namespace}/${e.metadata?.name}`,
                          )
                          .join(", "),
                      message: `PolicyException covers ${namespace} for ${blocking.join(", ")}`,
                  }
                : {
                      check: "kyverno",
                      status: "warn",
                      message: `Kyverno enforces ${uncovered.join(", ")} and no PolicyException exempts ${namespace} from it`,
                      remedy: "set policyEngines.kyverno in cvmkit (it renders the PolicyException); the admission dry-run above shows whether Kyverno rejects CVM pods",
                  },
        ];
    }
    return [
        {
            check: "kyverno",
            status: "warn",
            message:
                "Kyverno present but no PolicyException version (v2, v2beta1, v2alpha1) is served",
            remedy: "enable Kyverno policy exceptions, or exclude the CVM namespace in its policies",
        },
    ];
}

const NFS_PROVISIONERS =
    /nfs|efs\.csi\.aws\.com|filestore\.csi\.storage\.gke\.io|file\.csi\.azure\.com/i;

/** StorageClasses backed by NFS-like file systems: files show as nobody:nogroup inside CVMs. */
export async function checkStorage(client: KubeClient): Promise<DoctorFinding[]> {
    const res = await client.get<List<StorageClass>>("/apis/storage.k8s.io/v1/storageclasses");
    if (res.status === 403)
        return [forbidden("storage", "list", "storageclasses.storage.k8s.io", undefined, res.body)];
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
    if (res.status === 403)
        return [
            forbidden(
                "runtimeclass",
                "get",
                "runtimeclasses.node.k8s.io",
                `runtimeclass/${SYSBOX_RUNTIME_CLASS}`,
                res.body,
            ),
        ];
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
