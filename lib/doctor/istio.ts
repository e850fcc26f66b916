import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { KubeClient, List } from "../client/client";
import { DoctorFinding, readApi } from "./findings";
import { selectorMatches } from "./selectors";

/** The Istio check: does its sidecar injection reach CVM pods? */

interface Webhook {
    readonly name?: string;
    readonly namespaceSelector?: LabelSelector;
    readonly objectSelector?: LabelSelector;
}

/**
 * Istio's sidecar injector against the CVM namespace: injection labels on the namespace, and whether an
 * injector webhook's selectors reach cvmkit's supervisor pod.
 */
export async function checkIstio(
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
    const hooks = await readApi<List<{ metadata?: { name?: string }; webhooks?: Webhook[] }>>(
        client,
        "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
        "istio",
        {
            resource: "mutatingwebhookconfigurations.admissionregistration.k8s.io",
            what: "list mutatingwebhookconfigurations",
        },
    );
    if (hooks.failure) {
        findings.push(hooks.failure);
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
