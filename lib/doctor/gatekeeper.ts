import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { KubeClient, List } from "../client/client";
import { DoctorFinding, readApi } from "./findings";
import { namespaceMatches, selectorMatches } from "./selectors";

/** The Gatekeeper check: do its constraints exempt the CVM namespace? */

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

/** Gatekeeper's webhook denial: `admission webhook "validation.gatekeeper.sh" denied the request: [name] msg…`. */
const GATEKEEPER_DENIAL = /admission webhook "validation\.gatekeeper\.sh" denied the request/;

/**
 * The remedy for a pod denied by Gatekeeper's admission webhook, naming the denying constraints (each
 * violation is prefixed `[constraint name]`), or undefined when Gatekeeper did not deny it.
 */
export function gatekeeperDenialRemedy(message: string): string | undefined {
    if (!GATEKEEPER_DENIAL.test(message)) {
        return undefined;
    }
    const names = [
        ...new Set([...message.matchAll(/\[([a-z0-9][a-z0-9.-]*)\]/g)].map((m) => m[1])),
    ];
    return (
        `Gatekeeper constraint(s) ${names.join(", ")} deny it: set policyEngines.gatekeeper in cvmkit and list ` +
        "them in policyEngines.gatekeeper.constraints ({ kind, name }; the gatekeeper check shows their kinds)"
    );
}

/** Constraint CRDs about privileged containers or host paths (library, GKE Policy Controller, Azure Policy). */
const GATEKEEPER_PRIVILEGE = /privilege|hostfilesystem|hostpath/i;

/**
 * Gatekeeper (and Azure Policy's Gatekeeper) constraints about privileged containers or host paths:
 * whether each one excludes, does not select, only audits, or denies the CVM namespace.
 */
export async function checkGatekeeper(
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
        const res = await readApi<List<Constraint>>(
            client,
            `/apis/constraints.gatekeeper.sh/v1beta1/${plural}`,
            "gatekeeper",
            {
                resource: `${plural}.constraints.gatekeeper.sh`,
                what: `list ${plural}`,
            },
        );
        if (res.failure) {
            findings.push(res.failure);
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
