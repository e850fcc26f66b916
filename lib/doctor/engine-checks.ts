import type { KubernetesVersion } from "../compat";
import type { Namespace } from "kubernetes-types/core/v1";
import type { KubeClient, List } from "../client/client";
import { DoctorFinding, readApi } from "./findings";
import { checkGatekeeper } from "./gatekeeper";
import { checkIstio } from "./istio";
import { checkKyverno } from "./kyverno";
import { podTemplates } from "./pod-templates";

/**
 * Checks of what else decides about CVM pods: policy engines (Gatekeeper, Kyverno, Azure Policy's
 * Gatekeeper) and Istio's sidecar injector, and whether the CVM namespace is exempted. One file per
 * engine (`gatekeeper.ts`, `kyverno.ts`, `istio.ts`); this one finds which are installed.
 */

export { namespaceMatches, selectorMatches } from "./selectors";

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
    const crds = await readApi<List<{ metadata?: { name?: string } }>>(
        client,
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        "engines",
        {
            resource: "customresourcedefinitions.apiextensions.k8s.io",
            what: "list CRDs",
        },
    );
    if (crds.failure) {
        findings.push(crds.failure);
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
