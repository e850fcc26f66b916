/**
 * Recorded Pulumi mocks: every `newResource` call (custom or component, provider or not) is kept with the
 * parent URN and dependencies the SDK sent along (which `MockResourceArgs` does not expose).
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
}

type RegisterFn = (req: RegisterRequest, callback: (err: unknown, res: unknown) => void) => unknown;

function urnOf(parent: string, type: string, name: string): string {
    let qualified = type;
    if (parent) {
        const parentType = parent.split("::")[2]!.split("$").pop()!;
        qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

/** Installs mocks that echo inputs as outputs and record every registration. */
export async function installRecordingMocks(): Promise<Recorder> {
    const calls: RecordedResource[] = [];
    const invokes: string[] = [];
    const meta = new Map<string, { parent: string; dependencies: string[] }>();
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                const key = `${args.type}::${args.name}`;
                const m = meta.get(key) ?? { parent: "", dependencies: [] };
                calls.push({ ...args, ...m, urn: urnOf(m.parent, args.type, args.name) });
                return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
            },
            call(args) {
                invokes.push(args.token);
                return {};
            },
        },
        "cvmkit",
        "unit",
        false,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: RegisterFn };
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        meta.set(`${req.getType()}::${req.getName()}`, {
            parent: req.getParent(),
            dependencies: [...req.getDependenciesList()].sort(),
        });
        return original(req, callback);
    };
    return {
        calls,
        invokes,
        reset() {
            calls.length = 0;
            invokes.length = 0;
        },
        async settle() {
            // Resource registration is a chain of promises and timers; wait until nothing new arrives.
            let seen = -1;
            for (let quiet = 0; quiet < 5;) {
                await new Promise((resolve) => setTimeout(resolve, 10));
                if (calls.length === seen) quiet++;
                else {
                    seen = calls.length;
                    quiet = 0;
                }
            }
        },
    };
}

/** The value of an output (rejects when the output's promise rejects). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    // `promise()` is internal to the SDK but stable; unlike `apply` it surfaces rejections.
    return (output as unknown as { promise(): Promise<T> }).promise();
}
