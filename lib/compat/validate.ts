import { CvmkitConfigError } from "./errors";

/**
 * The field validators every layer shares — the config, the CLI, the stack and each cloud shell: raising a
 * {@link CvmkitConfigError} (field, value, fix), object and key checks, and the Kubernetes name rules (DNS
 * labels, label keys and values, namespaces). One rule, one message, wherever a name is checked. Pure.
 */

/** An RFC 1123 label (namespace names and the like; the 63-character limit is checked apart). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** An RFC 1123 subdomain (label-key prefixes; the 253-character limit is checked apart). */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The name part of a label key (63 characters at most, checked apart). */
export const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** A label value: empty, or what {@link LABEL_NAME} accepts (63 characters at most, checked apart). */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const LABEL_KEY_FIX = 'use "name" or "prefix.example.com/name" (alphanumerics, "-", "_", ".")';
const LABEL_VALUE_FIX =
    "use at most 63 alphanumerics, '-', '_' or '.' (quote numbers and booleans)";

/** True when `value` is one of the allowed values of an `as const` tuple. */
export function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
    return typeof value === "string" && (allowed as readonly string[]).includes(value);
}

/** The allowed values for a fix: `"a", "b" or "c"`. */
export function quotedChoices(allowed: readonly string[]): string {
    const quoted = allowed.map((v) => `"${v}"`);
    return quoted.length < 2
        ? quoted.join("")
        : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

/** Throws the {@link CvmkitConfigError} for `field`. */
export function fail(field: string, value: unknown, reason: string, fix: string): never {
    throw new CvmkitConfigError(field, value, reason, fix);
}

/** Throws on the first key of `value` that is not in `allowed`. */
export function assertKnownKeys(field: string, value: object, allowed: readonly string[]): void {
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

const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === "object" && !Array.isArray(value);

/** Throws unless `value` is undefined or an object (not null, not an array). */
export function assertOptionalObject(
    field: string,
    value: unknown,
    fix = `pass an object for ${field} or leave it out`,
): asserts value is Record<string, unknown> | undefined {
    if (value !== undefined && !isObject(value)) fail(field, value, "must be an object", fix);
}

/** Throws unless `value` is an object (not null, not an array). */
export function assertObject(field: string, value: unknown, fix: string): asserts value is object {
    if (value === undefined || value === null) fail(field, value, "is required", fix);
    if (!isObject(value)) fail(field, value, "must be an object", fix);
}

/** True for a label key: `name` or `prefix/name`, prefix a DNS subdomain (≤ 253), name ≤ 63 characters. */
export function isLabelKey(key: string): boolean {
    const slash = key.indexOf("/");
    const [prefix, name] =
        slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
    return (
        (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix))) &&
        name.length <= 63 &&
        LABEL_NAME.test(name)
    );
}

/** True for a label value: a string of at most 63 characters that {@link LABEL_VALUE} accepts. */
export function isLabelValue(value: unknown): value is string {
    return typeof value === "string" && value.length <= 63 && LABEL_VALUE.test(value);
}

/** Throws unless `key` is a label key (also the rule of taint and node-selector keys). */
export function assertLabelKey(field: string, key: string): void {
    if (!isLabelKey(key)) fail(field, key, "not a valid label key", LABEL_KEY_FIX);
}

/** Throws unless `value` is a label value (also the rule of taint and node-selector values). */
export function assertLabelValue(field: string, value: unknown): asserts value is string {
    if (!isLabelValue(value)) fail(field, value, "not a valid label value", LABEL_VALUE_FIX);
}

/** A label map (labels, node selectors): each key and value checked; `{}` when left out. */
export function assertLabels(field: string, value: unknown): Record<string, string> {
    assertOptionalObject(field, value);
    const labels: Record<string, string> = {};
    for (const [key, v] of Object.entries(value ?? {})) {
        assertLabelKey(`${field}.${key}`, key);
        assertLabelValue(`${field}.${key}`, v);
        labels[key] = v;
    }
    return labels;
}

/** A namespace name: an RFC 1123 label of at most 63 characters. */
export function assertNamespace(field: string, value: unknown): string {
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
export function assertCvmNamespace(field: string, value: unknown): string {
    const ns = assertNamespace(field, value);
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
