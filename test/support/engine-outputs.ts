/**
 * Outputs as the Pulumi engine hands them to a component provider's `construct` (output values: known or
 * not at preview, secret or not), for the provider tests.
 */
import * as pulumi from "@pulumi/pulumi";

const OutputClass = pulumi.Output as unknown as new (
    resources: unknown[],
    value: Promise<unknown>,
    isKnown: Promise<boolean>,
    isSecret: Promise<boolean>,
    allResources: Promise<unknown[]>,
) => pulumi.Output<unknown>;

/** An output value with `value`, known unless `known: false`, secret when `secret`. */
export function engineOutput<T>(
    value: T | undefined,
    { known = true, secret = false }: { known?: boolean; secret?: boolean } = {},
): pulumi.Output<T> {
    return new OutputClass(
        [],
        Promise.resolve(known ? value : undefined),
        Promise.resolve(known),
        Promise.resolve(secret),
        Promise.resolve([]),
    ) as pulumi.Output<T>;
}

/** An output value not known at preview (a value computed from a resource not created yet). */
export function unknownOutput<T = string>(): pulumi.Output<T> {
    return engineOutput<T>(undefined, { known: false });
}
