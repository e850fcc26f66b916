import type { KubeClient, List } from "../client/client";
import { DoctorFinding, readApi } from "./findings";
import { checkKyvernoExceptionFlags } from "./kyverno-flags";
import { namespaceMatches } from "./selectors";

/** The Kyverno check: does a PolicyException exempt the CVM namespace from its enforcing policies? */

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

/**
 * Kyverno's enforcing ClusterPolicies about privileged containers or host paths, and whether a
 * PolicyException (v2, v2beta1 or v2alpha1) exempts the CVM namespace from each.
 */
export async function checkKyverno(
    client: KubeClient,
    namespace: string,
    crds: Set<string>,
): Promise<DoctorFinding[]> {
    const policies = await readApi<List<ClusterPolicy>>(
        client,
        "/apis/kyverno.io/v1/clusterpolicies",
        "kyverno",
        { resource: "clusterpolicies.kyverno.io", what: "list clusterpolicies" },
    );
    if (policies.failure) return [policies.failure];
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
        const res = await readApi<List<PolicyException>>(
            client,
            `/apis/kyverno.io/${version}/policyexceptions`,
            "kyverno",
            { resource: "policyexceptions.kyverno.io", what: "list policyexceptions" },
        );
        if (res.status === 404) continue;
        if (res.failure) return [res.failure];
        // exceptions matching the namespace that exempt one of the blocking policies
        const covering = (res.body.items ?? []).filter(
            (e) =>
                [...(e.spec?.match?.any ?? []), ...(e.spec?.match?.all ?? [])].some((m) =>
                    (m.resources?.namespaces ?? []).some((p) => namespaceMatches(p, namespace)),
                ) && (e.spec?.exceptions ?? []).some((x) => blocking.includes(x.policyName ?? "")),
        );
        const exempted = new Set(
            covering.flatMap((e) => (e.spec?.exceptions ?? []).map((x) => x.policyName ?? "")),
        );
        const uncovered = blocking.filter((p) => !exempted.has(p));
        const flags = await checkKyvernoExceptionFlags(
            client,
            covering.length ? covering.map((e) => e.metadata?.namespace ?? "") : [namespace],
        );
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
            ...flags,
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
