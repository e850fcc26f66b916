import { CvmkitConfigError } from "./errors";
import { fail } from "./validate";
import { assertCvmKubernetesVersion, KubernetesVersion, parseKubernetesVersion } from "./version";

/**
 * The create-or-existing rule every cloud's cluster args share: `existing` names a cluster to use (and then no
 * creation setting may be given), otherwise a cluster is created and its Kubernetes version is required. Pure.
 */

/** Throws unless the args are an object at all (`args: missing`). */
export function assertArgs(args: unknown, fix: string): asserts args is object {
    if (!args || typeof args !== "object") fail("args", args, "missing", fix);
}

/**
 * With `existing` set, refuses the settings that only apply when creating a cluster (naming the first one
 * and all to remove).
 */
export function assertNoCreateOnlyKeys<T extends object>(
    args: T,
    createOnly: readonly (keyof T)[],
): void {
    const extra = createOnly.filter((k) => args[k] !== undefined);
    if (extra.length > 0) {
        throw new CvmkitConfigError(
            String(extra[0]),
            args[extra[0]!],
            "only applies when creating a cluster, but existing is set",
            `remove ${extra.join(", ")}, or remove existing to create a cluster`,
        );
    }
}

/**
 * The Kubernetes version of a cluster to create: required, parsed, and at least the CVM floor.
 *
 * @param existingHint how to point at a cluster instead, e.g. `existing: { name }`.
 */
export function assertCreateVersion(
    version: string | undefined,
    existingHint: string,
): KubernetesVersion {
    if (version === undefined) {
        throw new CvmkitConfigError(
            "kubernetesVersion",
            undefined,
            "is required when creating a cluster",
            `pass e.g. "1.33", or ${existingHint} to use a cluster you have`,
        );
    }
    const parsed = parseKubernetesVersion(version);
    assertCvmKubernetesVersion(parsed);
    return parsed;
}

/** How one cloud names an existing cluster. */
export interface ExistingClusterRule<T> {
    /** True when `existing` names a cluster (the keys the lookup needs are there). */
    readonly names: (existing: unknown) => boolean;
    /** The error for an `existing` that does not: field, the value shown, reason and fix. */
    readonly field: string;
    readonly value: (existing: unknown) => unknown;
    readonly reason: string;
    readonly fix: string;
    /** The settings that only apply when creating. */
    readonly createOnly: readonly (keyof T)[];
    /** How to point at a cluster instead, for the version error, e.g. `existing: { name }`. */
    readonly existingHint: string;
}

/**
 * The rule for an `existing` cluster looked up by `{ name }` alone (EKS, AKS): `fix` says which name to pass.
 */
export function existingByName<T>(
    fix: string,
    createOnly: readonly (keyof T)[],
): ExistingClusterRule<T> {
    const name = (e: unknown): unknown =>
        e !== null && typeof e === "object" ? (e as { name?: unknown }).name : undefined;
    return {
        names: (e) => !!name(e),
        field: "existing.name",
        value: name,
        reason: "is required",
        fix,
        createOnly,
        existingHint: "existing: { name }",
    };
}

/**
 * The create-or-existing split of cluster args: undefined for an existing cluster (after checking that
 * `existing` names one and that no creation setting is given), the parsed version for a cluster to create.
 */
export function resolveCreateOrExisting<
    T extends { readonly existing?: unknown; readonly kubernetesVersion?: string },
>(args: T, rule: ExistingClusterRule<T>): KubernetesVersion | undefined {
    if (args.existing !== undefined) {
        if (!rule.names(args.existing)) {
            fail(rule.field, rule.value(args.existing), rule.reason, rule.fix);
        }
        assertNoCreateOnlyKeys(args, rule.createOnly);
        return undefined;
    }
    return assertCreateVersion(args.kubernetesVersion, rule.existingHint);
}
