/** 5. Scale: program cost for 1, 10, 50 and 100 node pools across clouds, with least-squares fits. */
import { repeat } from "./lib/child";
import { linearFit, LinearFit, round } from "./lib/stats";
import { side, ProgramSide } from "./program";
import type { ProgramSample } from "./workers/program";

export const POOL_COUNTS = [1, 10, 50, 100] as const;

export interface ScalePoint {
    readonly pools: number;
    readonly cvmkit: ProgramSide;
    readonly hand: ProgramSide;
}

export interface ScaleFits {
    readonly wallMs: LinearFit;
    readonly maxRssMiB: LinearFit;
    readonly resources: LinearFit;
}

export interface ScaleResult {
    readonly points: ScalePoint[];
    readonly fit: { cvmkit: ScaleFits; hand: ScaleFits };
}

function fits(points: readonly ScalePoint[], pick: (p: ScalePoint) => ProgramSide): ScaleFits {
    const xs = points.map((p) => p.pools);
    const r = (f: LinearFit): LinearFit => ({
        slope: round(f.slope, 3),
        intercept: round(f.intercept, 1),
        r2: round(f.r2, 4),
    });
    return {
        wallMs: r(
            linearFit(
                xs,
                points.map((p) => pick(p).wallMs.median),
            ),
        ),
        maxRssMiB: r(
            linearFit(
                xs,
                points.map((p) => pick(p).maxRssMiB.median),
            ),
        ),
        resources: r(
            linearFit(
                xs,
                points.map((p) => pick(p).resources),
            ),
        ),
    };
}

export async function benchScale(runs: number, log: (s: string) => void): Promise<ScaleResult> {
    const points: ScalePoint[] = [];
    for (const n of POOL_COUNTS) {
        const mine: ProgramSample[] = [];
        const hand: ProgramSample[] = [];
        for (let i = 0; i < runs; i++) {
            mine.push(
                ...(await repeat<ProgramSample>(1, "program", ["scale", "cvmkit", String(n)])),
            );
            hand.push(...(await repeat<ProgramSample>(1, "program", ["scale", "hand", String(n)])));
        }
        const p = { pools: n, cvmkit: side(mine), hand: side(hand) };
        points.push(p);
        log(
            `  scale ${n} pools: ${p.cvmkit.wallMs.median} ms / ${p.cvmkit.maxRssMiB.median} MiB / ${p.cvmkit.resources} res (hand ${p.hand.wallMs.median} ms / ${p.hand.maxRssMiB.median} MiB)`,
        );
    }
    return {
        points,
        fit: { cvmkit: fits(points, (p) => p.cvmkit), hand: fits(points, (p) => p.hand) },
    };
}
