/**
 * 2. Program cost under Pulumi mocks (`CvmStack` per cloud next to its hand-written peer) and 3. the critical
 * path of each, from one extra `--graph` run.
 */
import { criticalPath, CriticalPath } from "./critical-path";
import { repeat, runWorker } from "./lib/child";
import { ratio, round, summarize, Summary } from "./lib/stats";
import { CLOUDS, Cloud } from "./programs";
import type { ProgramSample } from "./workers/program";

export interface ProgramSide {
    readonly wallMs: Summary;
    readonly programMs: Summary;
    readonly maxRssMiB: Summary;
    readonly resources: number;
    readonly custom: number;
    readonly complete: boolean;
}

export interface ProgramRow {
    readonly cloud: Cloud;
    readonly cvmkit: ProgramSide;
    readonly hand: ProgramSide;
    readonly ratio: { wallMs: number; programMs: number; maxRssMiB: number };
    readonly criticalPath: { cvmkit: CriticalPath; hand: CriticalPath; minimumSlowSteps: number };
}

export function side(samples: readonly ProgramSample[]): ProgramSide {
    return {
        wallMs: summarize(samples.map((s) => round(s.wallMs, 1))),
        programMs: summarize(samples.map((s) => round(s.programMs, 1))),
        maxRssMiB: summarize(samples.map((s) => round(s.maxRssMiB, 1))),
        resources: samples[0]!.resources,
        custom: samples[0]!.custom,
        complete: samples.every((s) => s.complete && s.resources === samples[0]!.resources),
    };
}

export async function benchProgram(runs: number, log: (s: string) => void): Promise<ProgramRow[]> {
    const rows: ProgramRow[] = [];
    for (const cloud of CLOUDS) {
        const mine: ProgramSample[] = [];
        const hand: ProgramSample[] = [];
        for (let i = 0; i < runs; i++) {
            mine.push(...(await repeat<ProgramSample>(1, "program", ["stack", "cvmkit", cloud])));
            hand.push(...(await repeat<ProgramSample>(1, "program", ["stack", "hand", cloud])));
        }
        const gm = await runWorker<ProgramSample>("program", ["stack", "cvmkit", cloud, "--graph"]);
        const gh = await runWorker<ProgramSample>("program", ["stack", "hand", cloud, "--graph"]);
        const m = side(mine);
        const h = side(hand);
        const row: ProgramRow = {
            cloud,
            cvmkit: m,
            hand: h,
            ratio: {
                wallMs: ratio(m.wallMs, h.wallMs),
                programMs: ratio(m.programMs, h.programMs),
                maxRssMiB: ratio(m.maxRssMiB, h.maxRssMiB),
            },
            criticalPath: {
                cvmkit: criticalPath(gm.graph!),
                hand: criticalPath(gh.graph!),
                minimumSlowSteps: cloud === "existing" ? 1 : 3,
            },
        };
        rows.push(row);
        log(
            `  program ${cloud}: ${m.wallMs.median} ms / ${m.maxRssMiB.median} MiB / ${m.resources} res vs hand ${h.wallMs.median} ms / ${h.maxRssMiB.median} MiB / ${h.resources} res; ` +
                `chain ${row.criticalPath.cvmkit.chain} (hand ${row.criticalPath.hand.chain}), slow steps ${row.criticalPath.cvmkit.slowSteps}`,
        );
    }
    return rows;
}
