/**
 * Recorded Pulumi mocks: every `newResource` call (custom or component, provider or not) is kept with the
 * parent URN and dependencies the SDK sent along (which `MockResourceArgs` does not expose). The recording
 * core ({@link setRecordingMocks}, {@link mockUrn}, {@link waitQuiet}, {@link valueOf}) is shared with the
 * cloud-shell and stack mocks in `test/unit/stack-mocks.ts`.
 *
 * Call {@link installRecordingMocks} BEFORE importing code that creates resources (load it afterwards with
 * a dynamic `import()`), otherwise ids never resolve and tests hang.
 */
import * as pulumi from "@pulumi/pulumi";

/** One recorded resource registration. */
export interface RecordedResource extends pulumi.runtime.MockResourceArgs {
    /** URN of the parent resource, `""` for none. */
    readonly parent: string;
    /** URNs of the explicit dependencies (`dependsOn`) plus those of input properties. */
    readonly dependencies: readonly string[];
    /** The URN the mock monitor assigned. */
    readonly urn: string;
}

/** Access to what the mocks recorded. */
export interface Recorder {
    /** Every `newResource` call, in order. */
    readonly calls: RecordedResource[];
    /** Every recorded invoke (`call`) token. */
    readonly invokes: string[];
    /** Forgets what was recorded. */
    reset(): void;
    /** Waits until all outstanding resource registrations have reached the mocks. */
    settle(): Promise<void>;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getDependenciesList(): string[];
    getIgnorechangesList(): string[];
    getReplaceonchangesList(): string[];
}

type RegisterFn = (req: RegisterRequest, callback: (err: unknown, res: unknown) => void) => unknown;

/** What the SDK sent to the monitor for one registration, beyond `MockResourceArgs`. */
export interface Wire {
    /** URN of the parent resource, `""` for none. */
    readonly parent: string;
    /** URNs of the explicit dependencies (`dependsOn`) plus those of input properties, as sent. */
    readonly dependencies: readonly string[];
    /** Property paths of the registration's `ignoreChanges` option. */
    readonly ignoreChanges: readonly string[];
    /** Property paths of the registration's `replaceOnChanges` option. */
    readonly replaceOnChanges: readonly string[];
}

/** The mocks of {@link setRecordingMocks}: `newResource` also gets the registration's {@link Wire}. */
export interface WiredMocks {
    newResource(
        args: pulumi.runtime.MockResourceArgs,
        wire: Wire,
    ): pulumi.runtime.MockResourceResult;
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown>;
}

/**
 * The one recording core of the test mocks: sets Pulumi mocks and wraps the mock monitor, so that each
 * `newResource` also sees the parent and dependencies the SDK sent (which `MockResourceArgs` leaves out).
 */
export async function setRecordingMocks(
    mocks: WiredMocks,
    project: string,
    stack: string,
): Promise<void> {
    const wires = new Map<string, Wire>();
    await pulumi.runtime.setMocks(
        {
            newResource: (args) =>
                mocks.newResource(
                    args,
                    wires.get(`${args.type}::${args.name}`) ?? {
                        parent: "",
                        dependencies: [],
                        ignoreChanges: [],
                        replaceOnChanges: [],
                    },
                ),
            call: (args) => mocks.call(args),
        },
        project,
        stack,
        false,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: RegisterFn };
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        wires.set(`${req.getType()}::${req.getName()}`, {
            parent: req.getParent(),
            dependencies: req.getDependenciesList(),
            ignoreChanges: req.getIgnorechangesList(),
            replaceOnChanges: req.getReplaceonchangesList(),
        });
        return original(req, callback);
    };
}

/** The URN the mock monitor assigns: the type is qualified with its parent's own type only (MockMonitor.newUrn). */
export function mockUrn(parent: string, type: string, name: string): string {
    let qualified = type;
    if (parent) {
        const parentType = parent.split("::")[2]!.split("$").pop()!;
        qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

/**
 * Waits until `count()` has not changed for `quietTicks` ticks of `tickMs` (at most `maxTicks` ticks):
 * resource registration is a chain of promises and timers.
 */
export async function waitQuiet(
    count: () => number,
    tickMs: number,
    quietTicks: number,
    maxTicks = Infinity,
): Promise<void> {
    let seen = -1;
    for (let ticks = 0, quiet = 0; quiet < quietTicks && ticks < maxTicks; ticks++) {
        await new Promise((resolve) => setTimeout(resolve, tickMs));
        if (count() === seen) quiet++;
        else {
            seen = count();
            quiet = 0;
        }
    }
}

/** Installs mocks that echo inputs as outputs and record every registration. */
export async function installRecordingMocks(): Promise<Recorder> {
    const calls: RecordedResource[] = [];
    const invokes: string[] = [];
    await setRecordingMocks(
        {
            newResource(args, wire) {
                const m = { parent: wire.parent, dependencies: [...wire.dependencies].sort() };
                calls.push({ ...args, ...m, urn: mockUrn(m.parent, args.type, args.name) });
                return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
            },
            call(args) {
                invokes.push(args.token);
                return {};
            },
        },
        "cvmkit",
        "unit",
    );
    return {
        calls,
        invokes,
        reset() {
            calls.length = 0;
            invokes.length = 0;
        },
        settle: () => waitQuiet(() => calls.length, 10, 5),
    };
}

/** The value of an output (rejects when the output's promise rejects). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    // `promise()` is internal to the SDK but stable; unlike `apply` it surfaces rejections.
    return (output as unknown as { promise(): Promise<T> }).promise();
}
