/**
 * Program-cost worker (one fresh process per measurement): installs the recorded Pulumi mocks, loads and runs
 * one program, waits until every registration RPC has finished, and reports wall time, peak RSS and the
 * resources registered (with their parent/dependency edges when asked).
 *
 * Usage: node program.js stack <cvmkit|hand> <cloud> [--graph] [--record]
 *        node program.js scale <cvmkit|hand> <pools> [--graph] [--record]
 *        node program.js engine <cvmkit|hand> [--record]   (the real-engine bench's programs, under mocks)
 *
 * `--record` adds every registered resource with its inputs, dependencies and resource options (for the peer
 * equivalence test, test/unit/bench-peers.test.ts).
 */
import { performance } from "node:perf_hooks";
import { emit } from "../lib/child";

/** One registered resource, as the critical-path analysis needs it. */
export interface GraphNode {
    readonly urn: string;
    readonly type: string;
    readonly custom: boolean;
    readonly parent?: string;
    readonly dependencies: string[];
    /** URN of the provider resource, when one was passed explicitly. */
    readonly provider?: string;
}

export interface ProgramSample {
    /** ms from process start to the last registration (Node start-up + SDK load + program). */
    wallMs: number;
    /** ms from the worker's first line to the last registration (SDK load + program). */
    programMs: number;
    /** CPU time (user + system, ms) of the process up to the last registration: less sensitive to machine load. */
    cpuMs: number;
    /** Peak resident set size (MiB) from process.resourceUsage().maxRSS. */
    maxRssMiB: number;
    resources: number;
    custom: number;
    /** True when nothing more registered after the drain (the count is final). */
    complete: boolean;
    graph?: GraphNode[];
    recorded?: RecordedResource[];
}

/** One registration as the engine would see it (`--record`). */
export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly custom: boolean;
    readonly inputs: Record<string, unknown>;
    /** URNs of the dependencies as sent (`dependsOn` expanded plus property dependencies). */
    readonly dependencies: string[];
    /** URN of the explicit or inherited provider, as sent. */
    readonly provider?: string;
    readonly options: {
        readonly retainOnDelete: boolean;
        readonly deleteBeforeReplace: boolean;
        readonly customTimeouts: { create: string; update: string; delete: string };
        readonly ignoreChanges: string[];
    };
}

type Options = RecordedResource["options"];

/** Wraps the mock monitor once more to see the resource options each registration sends. */
function recordOptions(): Map<string, Options> {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const runtime = require("@pulumi/pulumi/runtime") as { getMonitor(): unknown };
    /* eslint-enable @typescript-eslint/no-require-imports */
    type Req = {
        getType(): string;
        getName(): string;
        getRetainondelete(): boolean;
        getDeletebeforereplace(): boolean;
        getIgnorechangesList(): string[];
        getCustomtimeouts():
            { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    };
    const monitor = runtime.getMonitor() as {
        registerResource(req: Req, cb: unknown): unknown;
    };
    const seen = new Map<string, Options>();
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const t = req.getCustomtimeouts();
        seen.set(`${req.getType()}::${req.getName()}`, {
            retainOnDelete: req.getRetainondelete(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            customTimeouts: {
                create: t?.getCreate() ?? "",
                update: t?.getUpdate() ?? "",
                delete: t?.getDelete() ?? "",
            },
            ignoreChanges: req.getIgnorechangesList(),
        });
        return original(req, cb);
    };
    return seen;
}

async function main(): Promise<void> {
    const t0 = performance.now();
    const [kind, variant, arg] = process.argv.slice(2);
    /* eslint-disable @typescript-eslint/no-require-imports -- loading is part of what is measured */
    const mocks =
        require("../../test/unit/stack-mocks") as typeof import("../../test/unit/stack-mocks");
    const rec = await mocks.installMocks();
    const options = process.argv.includes("--record") ? recordOptions() : undefined;
    const programs = require("../programs") as typeof import("../programs");
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    /* eslint-enable @typescript-eslint/no-require-imports */
    let outputs;
    if (kind === "stack") {
        const cloud = arg as import("../programs").Cloud;
        outputs = variant === "cvmkit" ? programs.cvmkitStack(cloud) : programs.handStack(cloud);
    } else if (kind === "engine") {
        outputs = variant === "cvmkit" ? programs.cvmkitEngine() : programs.handEngine();
    } else if (kind === "scale") {
        const n = Number(arg);
        outputs = variant === "cvmkit" ? programs.cvmkitScale(n) : programs.handScale(n);
    } else {
        throw new Error(`unknown program kind ${kind}`);
    }
    await Promise.all(outputs.map((o) => mocks.valueOf(o)));
    // Drain: wait for outstanding RPCs until a macrotask passes without a new registration.
    let last = -1;
    while (rec.resources.length !== last) {
        last = rec.resources.length;
        await settings.waitForRPCs();
        await new Promise((r) => setImmediate(r));
    }
    const end = performance.now();
    const maxRssMiB = process.resourceUsage().maxRSS / 1024;
    const cpu = process.cpuUsage();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const counted = rec.resources.length;
    await mocks.settle(rec, 25);
    const sample: ProgramSample = {
        wallMs: end,
        programMs: end - t0,
        cpuMs,
        maxRssMiB,
        resources: counted,
        custom: rec.custom().length,
        complete: rec.resources.length === counted,
    };
    if (process.argv.includes("--graph")) {
        const byRef = new Map(
            rec.resources.map((r) => [`${rec.urnOf(r)}::${r.name}-id`, rec.urnOf(r)]),
        );
        sample.graph = rec.resources.map((r) => ({
            urn: rec.urnOf(r),
            type: r.type,
            custom: r.custom,
            ...(r.parent ? { parent: r.parent } : {}),
            dependencies: [...r.dependencies],
            ...(r.provider && byRef.has(r.provider) ? { provider: byRef.get(r.provider)! } : {}),
        }));
    }
    if (options) {
        sample.recorded = rec.resources.map((r) => ({
            type: r.type,
            name: r.name,
            urn: rec.urnOf(r),
            custom: r.custom,
            inputs: r.inputs,
            dependencies: [...r.dependencies],
            ...(r.provider ? { provider: r.provider } : {}),
            options: options.get(`${r.type}::${r.name}`)!,
        }));
    }
    await emit(sample);
}

main().then(
    () => process.exit(0),
    (err: unknown) => {
        console.error(err);
        process.exit(1);
    },
);
