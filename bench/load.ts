/**
 * 1. Load cost: each cvmkit entry point next to the bare SDK modules it wraps, each measurement in a fresh
 * Node.js process (median/min/max of `runs`), plus the check that the root loads no Pulumi/cdk8s/cloud SDK.
 */
import { repeat } from "./lib/child";
import { ratio, round, summarize, Summary } from "./lib/stats";

interface LoadSample {
    requireMs: number;
    heapUsedMiB: number;
    rssMiB: number;
    filesLoaded: number;
    packages: string[];
    sdkFiles: number;
}

/** What each entry point loads at import time (from its `import`s) — the bare equivalent. */
export const LOAD_CASES: readonly { name: string; cvmkit: string; bare: string[] }[] = [
    { name: "cvmkit (root)", cvmkit: "cvmkit", bare: ["@pulumi/pulumi", "@pulumi/kubernetes"] },
    {
        name: "cvmkit/kubernetes",
        cvmkit: "cvmkit/kubernetes",
        bare: ["@pulumi/pulumi", "@pulumi/kubernetes"],
    },
    {
        name: "cvmkit/aws",
        cvmkit: "cvmkit/aws",
        bare: [
            "@pulumi/pulumi",
            "@pulumi/aws/eks",
            "@pulumi/aws/iam",
            "@pulumi/aws/ec2",
            "@pulumi/aws/ssm",
        ],
    },
    { name: "cvmkit/gcp", cvmkit: "cvmkit/gcp", bare: ["@pulumi/pulumi", "@pulumi/gcp/container"] },
    {
        name: "cvmkit/azure",
        cvmkit: "cvmkit/azure",
        bare: [
            "@pulumi/pulumi",
            "@pulumi/azure-native/containerservice",
            "@pulumi/azure-native/authorization",
        ],
    },
    {
        name: "cvmkit/stack",
        cvmkit: "cvmkit/stack",
        bare: ["@pulumi/pulumi", "@pulumi/kubernetes"],
    },
];

const SDK = /^(@pulumi\/|cdk8s$|constructs$)/;

export interface LoadRow {
    readonly name: string;
    readonly bare: string;
    readonly cvmkit: { requireMs: Summary; heapUsedMiB: Summary; rssMiB: Summary };
    readonly baseline: { requireMs: Summary; heapUsedMiB: Summary; rssMiB: Summary };
    readonly ratio: { requireMs: number; heapUsedMiB: number; rssMiB: number };
    /** Pulumi/cdk8s packages in require.cache after loading the cvmkit entry point. */
    readonly sdkPackagesLoaded: string[];
}

export interface LoadResult {
    readonly runs: number;
    readonly emptyProcess: { heapUsedMiB: Summary; rssMiB: Summary };
    readonly rows: LoadRow[];
    /** Root: no Pulumi, cdk8s or cloud SDK in require.cache. */
    readonly rootLoadsNoSdk: boolean;
}

function stats(samples: readonly LoadSample[]) {
    return {
        requireMs: summarize(samples.map((s) => round(s.requireMs, 2))),
        heapUsedMiB: summarize(samples.map((s) => round(s.heapUsedMiB, 2))),
        rssMiB: summarize(samples.map((s) => round(s.rssMiB, 1))),
    };
}

const FLAGS = ["--expose-gc"];

export async function benchLoad(runs: number, log: (s: string) => void): Promise<LoadResult> {
    const empty = stats(await repeat<LoadSample>(runs, "load", [""], FLAGS));
    const rows: LoadRow[] = [];
    const baselines = new Map<string, ReturnType<typeof stats>>();
    for (const c of LOAD_CASES) {
        const key = c.bare.join(",");
        // Interleave: one cvmkit run, one bare run, so drift affects both alike.
        const mine: LoadSample[] = [];
        const bare: LoadSample[] = [];
        const needBare = !baselines.has(key);
        for (let i = 0; i < runs; i++) {
            mine.push(...(await repeat<LoadSample>(1, "load", [c.cvmkit], FLAGS)));
            if (needBare) bare.push(...(await repeat<LoadSample>(1, "load", [key], FLAGS)));
        }
        if (needBare) baselines.set(key, stats(bare));
        const m = stats(mine);
        const b = baselines.get(key)!;
        const sdk = mine[0]!.packages.filter((p) => SDK.test(p));
        rows.push({
            name: c.name,
            bare: c.bare.join(" + "),
            cvmkit: m,
            baseline: b,
            ratio: {
                requireMs: ratio(m.requireMs, b.requireMs),
                heapUsedMiB: ratio(m.heapUsedMiB, b.heapUsedMiB),
                rssMiB: ratio(m.rssMiB, b.rssMiB),
            },
            sdkPackagesLoaded: sdk,
        });
        log(
            `  load ${c.name}: ${m.requireMs.median} ms vs ${b.requireMs.median} ms bare; heap ${m.heapUsedMiB.median} vs ${b.heapUsedMiB.median} MiB; SDKs: ${sdk.join(" ") || "none"}`,
        );
    }
    const root = rows.find((r) => r.name === "cvmkit (root)")!;
    return {
        runs,
        emptyProcess: { heapUsedMiB: empty.heapUsedMiB, rssMiB: empty.rssMiB },
        rows,
        rootLoadsNoSdk: root.sdkPackagesLoaded.length === 0,
    };
}
