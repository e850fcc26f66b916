/**
 * Program-cost worker (one fresh process per measurement): installs the recorded Pulumi mocks, loads and runs
 * one program, waits until every registration RPC has finished, and reports wall time, peak RSS and the
 * resources registered (with their parent/dependency edges when asked).
 *
 * Usage: node program.js stack <cvmkit|hand> <cloud> [--graph]
 *        node program.js scale <cvmkit|hand> <pools>
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
    /** Peak resident set size (MiB) from process.resourceUsage().maxRSS. */
    maxRssMiB: number;
    resources: number;
    custom: number;
    /** True when nothing more registered after the drain (the count is final). */
    complete: boolean;
    graph?: GraphNode[];
}

async function main(): Promise<void> {
    const t0 = performance.now();
    const [kind, variant, arg] = process.argv.slice(2);
    /* eslint-disable @typescript-eslint/no-require-imports -- loading is part of what is measured */
    const mocks =
        require("../../test/unit/stack-mocks") as typeof import("../../test/unit/stack-mocks");
    const rec = await mocks.installMocks();
    const programs = require("../programs") as typeof import("../programs");
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    /* eslint-enable @typescript-eslint/no-require-imports */
    let outputs;
    if (kind === "stack") {
        const cloud = arg as import("../programs").Cloud;
        outputs = variant === "cvmkit" ? programs.cvmkitStack(cloud) : programs.handStack(cloud);
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
    const counted = rec.resources.length;
    await mocks.settle(rec, 25);
    const sample: ProgramSample = {
        wallMs: end,
        programMs: end - t0,
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
    emit(sample);
}

main().then(
    () => process.exit(0),
    (err: unknown) => {
        console.error(err);
        process.exit(1);
    },
);
