import type { Toleration } from "kubernetes-types/core/v1";
import { CvmkitConfigError, parseIp } from "../compat";

/**
 * Field validators of cvmkit's config: each names the field, the value and the fix in a
 * {@link CvmkitConfigError}. Pure.
 */

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** A non-negative Kubernetes quantity: digits (one optional decimal point) and one suffix. */
export const QUANTITY = /^(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const SUFFIX: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
};

/** The value of a quantity that {@link QUANTITY} accepts, e.g. `500m` → 0.5, `2Gi` → 2147483648. */
export function quantityValue(q: string): number {
    const m = QUANTITY.exec(q);
    if (!m) return NaN;
    const suffix = m[3] ?? "";
    const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix]!;
    return Number(m[1]) * multiplier;
}
// registry/path:tag or @sha256:digest, lower-case repository
export const IMAGE =
    /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]{1,2}[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

export function fail(field: string, value: unknown, reason: string, fix: string): never {
    throw new CvmkitConfigError(field, value, reason, fix);
}

export function checkKeys(field: string, value: object, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
        if (!allowed.includes(key)) {
            fail(
                field ? `${field}.${key}` : key,
                (value as Record<string, unknown>)[key],
                "unknown setting",
                `remove it, or use one of ${allowed.join(", ")}`,
            );
        }
    }
}

export function checkObject(
    field: string,
    value: unknown,
): asserts value is Record<string, unknown> | undefined {
    if (
        value !== undefined &&
        (value === null || typeof value !== "object" || Array.isArray(value))
    ) {
        fail(field, value, "must be an object", `pass an object for ${field} or leave it out`);
    }
}

export function checkNamespace(field: string, value: unknown): string {
    if (typeof value !== "string" || value.length > 63 || !DNS_LABEL.test(value)) {
        fail(
            field,
            value,
            "not a valid namespace name (RFC 1123 label, at most 63 characters)",
            'use lower-case letters, digits and "-", e.g. "cvm-workspaces"',
        );
    }
    return value;
}

const RESERVED_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease", "default"];

/**
 * The CVM namespace: a valid namespace name that is not a system namespace (cvmkit relaxes admission there, so
 * `kube-*` and `default` are refused). One check for the config and every cloud shell that names it.
 */
export function checkCvmNamespace(field: string, value: unknown): string {
    const ns = checkNamespace(field, value);
    if (RESERVED_NAMESPACES.includes(ns) || ns.startsWith("kube-")) {
        fail(
            field,
            ns,
            "is a system namespace (or has the reserved kube- prefix); cvmkit will not relax admission there",
            'use a namespace of its own, e.g. "cvm-workspaces"',
        );
    }
    return ns;
}

/** True for an image without a tag or digest, or tagged `latest`: what it runs can change under the same name. */
export function isFloatingImage(image: string): boolean {
    if (image.includes("@sha256:")) return false;
    const last = image.slice(image.lastIndexOf("/") + 1);
    return !last.includes(":") || last.endsWith(":latest");
}

export function checkImage(field: string, value: unknown): string {
    if (typeof value !== "string" || value.length === 0 || !IMAGE.test(value)) {
        fail(
            field,
            value,
            "not a valid image reference",
            'use "registry/repository:tag" or "registry/repository@sha256:<digest>"',
        );
    }
    return value;
}

export function checkQuantity(field: string, value: unknown): string {
    if (typeof value !== "string" || !QUANTITY.test(value)) {
        fail(
            field,
            value,
            "not a non-negative Kubernetes quantity",
            'use a quantity such as "2", "500m" or "4Gi"',
        );
    }
    return value;
}

export function checkLabels(field: string, value: unknown): Record<string, string> {
    checkObject(field, value);
    const labels: Record<string, string> = {};
    for (const [key, v] of Object.entries(value ?? {})) {
        const slash = key.indexOf("/");
        const [prefix, name] =
            slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
        if (
            (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) ||
            name === undefined ||
            name.length > 63 ||
            !LABEL_NAME.test(name)
        ) {
            fail(
                `${field}.${key}`,
                key,
                "not a valid label key",
                'use "name" or "prefix.example.com/name" (alphanumerics, "-", "_", ".")',
            );
        }
        if (typeof v !== "string" || v.length > 63 || !LABEL_VALUE.test(v)) {
            fail(
                `${field}.${key}`,
                v,
                "not a valid label value",
                "use at most 63 alphanumerics, '-', '_' or '.' (quote numbers and booleans)",
            );
        }
        labels[key] = v;
    }
    return labels;
}

export function checkTolerations(value: unknown): Toleration[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
        fail(
            "tolerations",
            value,
            "must be a list",
            'pass a list such as [{ key: "cvm", operator: "Exists", effect: "NoSchedule" }]',
        );
    }
    return value.map((t: unknown, i: number) => {
        const field = `tolerations[${i}]`;
        checkObject(field, t);
        if (!t) fail(field, t, "must be an object", "remove the empty entry");
        checkKeys(field, t, ["key", "operator", "value", "effect", "tolerationSeconds"]);
        const operator = t.operator ?? "Equal";
        if (operator !== "Equal" && operator !== "Exists") {
            fail(
                `${field}.operator`,
                t.operator,
                'must be "Equal" or "Exists"',
                'use "Equal" with a value, or "Exists"',
            );
        }
        if (
            t.effect !== undefined &&
            !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(t.effect as string)
        ) {
            fail(
                `${field}.effect`,
                t.effect,
                "not a taint effect",
                'use "NoSchedule", "PreferNoSchedule" or "NoExecute"',
            );
        }
        if (operator === "Exists" && t.value !== undefined && t.value !== "") {
            fail(
                `${field}.value`,
                t.value,
                'a value makes no sense with operator "Exists"',
                'drop the value or use operator "Equal"',
            );
        }
        if (t.tolerationSeconds !== undefined) {
            if (typeof t.tolerationSeconds !== "number" || !Number.isInteger(t.tolerationSeconds)) {
                fail(
                    `${field}.tolerationSeconds`,
                    t.tolerationSeconds,
                    "must be a whole number of seconds",
                    "use an integer such as 300, or leave it out to tolerate forever",
                );
            }
            if (t.effect !== "NoExecute") {
                fail(
                    `${field}.tolerationSeconds`,
                    t.tolerationSeconds,
                    'Kubernetes accepts tolerationSeconds only with effect "NoExecute"',
                    'set effect "NoExecute", or drop tolerationSeconds',
                );
            }
        }
        if (t.key === undefined && operator !== "Exists") {
            fail(`${field}.key`, t.key, 'an empty key needs operator "Exists"', "set a key");
        }
        return t as Toleration;
    });
}

export function checkStringList(
    field: string,
    value: unknown,
    check: (f: string, v: unknown) => string,
): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) fail(field, value, "must be a list", `pass a list for ${field}`);
    return value.map((v: unknown, i: number) => check(`${field}[${i}]`, v));
}

/** An IPv4 or IPv6 CIDR such as `10.0.0.0/8` or `fd00::/8`; returns its family. */
export function checkCidr(field: string, value: unknown): { cidr: string; family: 4 | 6 } {
    const fix = 'use an address and prefix length, e.g. "10.0.0.0/8" or "fd00::/8"';
    if (typeof value !== "string") fail(field, value, "not a CIDR", fix);
    const [address, prefix, ...rest] = value.split("/");
    const parsed = parseIp(address ?? "");
    const family = parsed === undefined ? 0 : parsed.bits === 32 ? 4 : 6;
    const bits = Number(prefix);
    if (
        rest.length > 0 ||
        family === 0 ||
        prefix === undefined ||
        !/^[0-9]{1,3}$/.test(prefix) ||
        bits > (family === 4 ? 32 : 128)
    ) {
        fail(field, value, "not a CIDR", fix);
    }
    return { cidr: value, family: family as 4 | 6 };
}
