import * as pulumi from "@pulumi/pulumi";
import { CvmkitConfigError } from "../compat/errors";

/**
 * Runs `check` and converts a {@link CvmkitConfigError} into Pulumi's `InputPropertyError` (which the engine
 * prints with the property path); other errors pass through. Loads nothing but `@pulumi/pulumi`, so the cloud
 * shells can use it without loading `@pulumi/kubernetes`.
 *
 * @param prefix prepended to the error's field, e.g. `nodePool.`.
 */
export function checkInputs<T>(check: () => T, prefix = ""): T {
    try {
        return check();
    } catch (err) {
        if (err instanceof CvmkitConfigError) {
            throw new pulumi.InputPropertyError({
                propertyPath: `${prefix}${err.field}`,
                reason: err.message,
            });
        }
        throw err;
    }
}

/**
 * Re-throws a {@link CvmkitConfigError} with `prefix` added to its field, so that errors from nested args
 * (`nodePool.instanceTypes[0]`) name the path the caller wrote.
 */
export function withFieldPrefix<T>(prefix: string, check: () => T): T {
    try {
        return check();
    } catch (err) {
        if (err instanceof CvmkitConfigError) {
            throw new CvmkitConfigError(`${prefix}${err.field}`, err.value, err.reason, err.fix);
        }
        throw err;
    }
}
