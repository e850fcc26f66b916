import type { Toleration } from "kubernetes-types/core/v1";
import {
    assertKnownKeys,
    assertOptionalObject,
    fail,
    isOneOf,
    parseIp,
    quotedChoices,
} from "../compat";

/**
 * The config's own field validators (images, quantities, tolerations, CIDRs), on top of the shared ones in
 * lib/compat/validate.ts: each throws a `CvmkitConfigError` naming the field, the value and the fix. Pure.
 */

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

/** True for an image without a tag or digest, or tagged `latest`: what it runs can change under the same name. */
export function isFloatingImage(image: string): boolean {
    if (image.includes("@sha256:")) return false;
    const last = image.slice(image.lastIndexOf("/") + 1);
    return !last.includes(":") || last.endsWith(":latest");
}

/** An image reference: `registry/repository:tag` or `…@sha256:<digest>`. */
export function assertImage(field: string, value: unknown): string {
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

/** A non-negative Kubernetes quantity such as `2`, `500m` or `4Gi`. */
export function assertQuantity(field: string, value: unknown): string {
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

/** The taint effects Kubernetes knows. */
const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

/** A list of tolerations as Kubernetes accepts them; `[]` when left out. */
export function assertTolerations(value: unknown): Toleration[] {
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
        assertOptionalObject(field, t);
        if (!t) fail(field, t, "must be an object", "remove the empty entry");
        assertKnownKeys(field, t, ["key", "operator", "value", "effect", "tolerationSeconds"]);
        const operator = t.operator ?? "Equal";
        if (operator !== "Equal" && operator !== "Exists") {
            fail(
                `${field}.operator`,
                t.operator,
                'must be "Equal" or "Exists"',
                'use "Equal" with a value, or "Exists"',
            );
        }
        if (t.effect !== undefined && !isOneOf(TAINT_EFFECTS, t.effect)) {
            fail(
                `${field}.effect`,
                t.effect,
                "not a taint effect",
                `use ${quotedChoices(TAINT_EFFECTS)}`,
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

/** A list whose items each pass `check`; `[]` when left out. */
export function assertStringList(
    field: string,
    value: unknown,
    check: (f: string, v: unknown) => string,
): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) fail(field, value, "must be a list", `pass a list for ${field}`);
    return value.map((v: unknown, i: number) => check(`${field}[${i}]`, v));
}

/** `value` as a list with at least one element; else a `CvmkitConfigError` for `field` with `fix`. */
export function assertNonEmptyList(field: string, value: unknown, fix: string): unknown[] {
    if (!Array.isArray(value) || value.length === 0)
        fail(field, value, "must be a non-empty list", fix);
    return value;
}

/** An IPv4 or IPv6 CIDR such as `10.0.0.0/8` or `fd00::/8`; returns its family. */
export function assertCidr(field: string, value: unknown): { cidr: string; family: 4 | 6 } {
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

/** Checks `sysboxRuntime.cleanupNodes`: a boolean, and only with the runtime off. */
export function assertCleanupNodes(s: { enabled?: unknown; cleanupNodes?: unknown }): void {
    if (s.cleanupNodes === undefined) return;
    if (typeof s.cleanupNodes !== "boolean") {
        fail(
            "sysboxRuntime.cleanupNodes",
            s.cleanupNodes,
            "must be true or false",
            "set true (with sysboxRuntime.enabled false) to render the node cleanup DaemonSet",
        );
    }
    if (s.cleanupNodes && s.enabled === true) {
        fail(
            "sysboxRuntime.cleanupNodes",
            s.cleanupNodes,
            "removes Sysbox from the nodes, which the installer (sysboxRuntime.enabled) puts there",
            "sysboxRuntime.enabled = false, with the installer objects deleted first; or leave out sysboxRuntime.cleanupNodes",
        );
    }
}
