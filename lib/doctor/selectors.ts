import type { LabelSelector } from "kubernetes-types/meta/v1";

/**
 * Namespace patterns and label selectors as policy engines and webhooks evaluate them, to tell whether
 * a rule reaches the CVM namespace and its pods.
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
