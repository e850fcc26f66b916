import { assertKnownKeys, assertNamespace, assertOptionalObject, fail } from "../compat";
import { assertCidr, assertStringList } from "./validate";

/**
 * Checks the `networkPolicy` section of the config and fills its defaults.
 */

/** The checked {@link NetworkPolicyConfig} (present when the policies are on). */
export interface ResolvedNetworkPolicy {
    readonly ingressFromNamespaces: readonly string[];
    readonly denyEgressTo: readonly { readonly cidr: string; readonly family: 4 | 6 }[];
}

/** Checks `networkPolicy`; `undefined` when it is turned off. */
export function resolveNetworkPolicy(
    value: unknown,
    namespace: string,
): ResolvedNetworkPolicy | undefined {
    assertOptionalObject("networkPolicy", value);
    const n = value ?? {};
    assertKnownKeys("networkPolicy", n, ["enabled", "ingressFromNamespaces", "denyEgressTo"]);
    if (n.enabled !== undefined && typeof n.enabled !== "boolean") {
        fail(
            "networkPolicy.enabled",
            n.enabled,
            "must be true or false",
            "leave it out to keep the CVM namespace's NetworkPolicies (recommended)",
        );
    }
    if (n.enabled === false) return undefined;
    const ingress = assertStringList(
        "networkPolicy.ingressFromNamespaces",
        n.ingressFromNamespaces,
        assertNamespace,
    );
    ingress.forEach((ns, i) => {
        if (ns === namespace) {
            fail(
                `networkPolicy.ingressFromNamespaces[${i}]`,
                ns,
                "is the CVM namespace itself, whose pods may always connect",
                "remove the entry",
            );
        }
    });
    const deny: { cidr: string; family: 4 | 6 }[] = [];
    if (n.denyEgressTo !== undefined) {
        if (!Array.isArray(n.denyEgressTo)) {
            fail(
                "networkPolicy.denyEgressTo",
                n.denyEgressTo,
                "must be a list",
                'pass CIDRs such as ["10.0.0.0/8"]',
            );
        }
        n.denyEgressTo.forEach((c: unknown, i: number) =>
            deny.push(assertCidr(`networkPolicy.denyEgressTo[${i}]`, c)),
        );
    }
    return { ingressFromNamespaces: ingress, denyEgressTo: deny };
}
