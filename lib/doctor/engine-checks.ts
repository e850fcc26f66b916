import type { Namespace, PodTemplateSpec } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { KubernetesVersion } from "../compat";
import type { KubeClient } from "./client";
import { List, podTemplates } from "./cluster-checks";
import { apiError, DoctorFinding, forbidden } from "./findings";

/**
 * Checks of what else decides about CVM pods: policy engines (Gatekeeper, Kyverno, Azure Policy's
 * Gatekeeper) and Istio's sidecar injector, and whether the CVM namespace is exempted.
 */

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
