/**
 * The error cvmkit raises for invalid input, before anything is created.
 *
 * Every instance names the offending field (as a dotted path), the value that was found and
 * the fix, so that the message alone is enough to correct the input.
 */
export class CvmkitConfigError extends Error {
    /** Dotted path of the offending input, e.g. `sysboxRuntime.installerTag`. */
    public readonly field: string;
    /** The value that was rejected. */
    public readonly value: unknown;
    /** What to change. */
    public readonly fix: string;
    /** The reason without field, value and fix. */
    public readonly reason: string;

    constructor(field: string, value: unknown, reason: string, fix: string) {
        super(
            `${field}: ${reason} (got ${isSecretField(field) ? "a value not shown: it is a credential" : describeValue(value)}). Fix: ${fix}`,
        );
        this.name = "CvmkitConfigError";
        this.field = field;
        this.value = value;
        this.reason = reason;
        this.fix = fix;
    }
}

/**
 * Fields whose values are credentials (`kubeconfig`, `cluster.kubeconfig`, a `token`, a `password`): an error
 * about them names the field but never shows the value.
 */
export function isSecretField(field: string): boolean {
    const last = field.split(".").pop() ?? field;
    return /^(kubeconfig|token|password|secret|clientSecret)$/i.test(last.replace(/\[\d+\]$/, ""));
}

/** Renders a rejected value compactly for an error message. */
export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    try {
        const text = JSON.stringify(value);
        if (text === undefined) {
            return String(value);
        }
        return text.length > 120 ? `${text.slice(0, 117)}...` : text;
    } catch {
        return String(value);
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

/**
 * Several {@link CvmkitConfigError}s of one input, reported at once. It is itself a `CvmkitConfigError`
 * (field, value, reason and fix of the first problem); `errors` holds all of them and the message has one
 * line per problem.
 */
export class CvmkitConfigErrors extends CvmkitConfigError {
    /** Every problem found, in input order. */
    public readonly errors: readonly CvmkitConfigError[];

    constructor(errors: readonly CvmkitConfigError[]) {
        const first = errors[0]!;
        super(first.field, first.value, first.reason, first.fix);
        this.errors = [...errors];
        // the first problem first (as a single error reads), then each other on its own line
        this.message = errors.map((e) => e.message).join("\n");
    }
}

/** Runs each check, collecting {@link CvmkitConfigError}s; throws them together (one as itself) at the end. */
export class ErrorCollector {
    private readonly errors: CvmkitConfigError[] = [];

    /** The check's result, or undefined when it threw a config error (kept for {@link throwIfAny}). */
    attempt<T>(check: () => T): T | undefined {
        try {
            return check();
        } catch (err) {
            if (err instanceof CvmkitConfigErrors) this.errors.push(...err.errors);
            else if (err instanceof CvmkitConfigError) this.errors.push(err);
            else throw err;
            return undefined;
        }
    }

    throwIfAny(): void {
        if (this.errors.length === 1) throw this.errors[0]!;
        if (this.errors.length > 1) throw new CvmkitConfigErrors(this.errors);
    }
}
