import * as pulumi from "@pulumi/pulumi";
import { CvmkitConfigError } from "../compat/errors";

/**
 * Turns cvmkit's config errors into Pulumi `InputPropertyError`s for every cvmkit component.
 */

/**
 * Runs `check` and converts a {@link CvmkitConfigError} into Pulumi's `InputPropertyError` (which the engine
 * prints with the property path); other errors pass through. Shared by every cvmkit Pulumi component; this file
 * loads nothing but `@pulumi/pulumi`, so the cloud shells can use it without loading `@pulumi/kubernetes`.
 *
 * @param prefix prepended to the error's field, e.g. `nodePool.`.
 */
export function assertInputs<T>(check: () => T, prefix = ""): T {
    try {
        return check();
    } catch (err) {
        throw toInputPropertyError(err, prefix);
    }
}

/**
 * Converts cvmkit's configuration errors into Pulumi's `InputPropertyError`, which the engine prints with
 * the property path; other errors pass through.
 */
export function toInputPropertyError(err: unknown, prefix = ""): unknown {
    if (err instanceof CvmkitConfigError) {
        return new pulumi.InputPropertyError({
            propertyPath: `${prefix}${err.field}`,
            reason: err.message,
        });
    }
    return err;
}
