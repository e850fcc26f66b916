/** 4. Real engine: `pulumi up` / no-op `up` / `destroy` against the local control plane, next to the SSA floor. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runWorker } from "./lib/child";
import { ratio, round, summarize, Summary } from "./lib/stats";
import type { EngineSample } from "./workers/engine";

export type EngineResult =
    | { readonly skipped: string }
    | {
          readonly runs: number;
          readonly objects: number;
          readonly created: number;
          readonly noopChanges: string;
          readonly stats: Record<Exclude<keyof EngineSample, "created" | "noopChanges">, Summary>;
          readonly ratio: {
              /** `pulumi up` / (SSA + rollout wait). */
              upVsFloor: number;
              /** (`pulumi up` − empty-program `up`) / (SSA + rollout wait): without the engine's fixed cost. */
              upMinusEngineVsFloor: number;
              upVsHand: number;
              destroyVsDelete: number;
          };
      };

function toolchainDir(): string {
    return (
        process.env["CVMKIT_TOOLCHAIN_DIR"] ??
        path.join(os.homedir(), ".cache", "cvmkit", "toolchain")
    );
}

/** The variables scripts/toolchain.sh's env.sh exports (`export K="V"`, `$PATH` expanded). */
function toolchainEnv(): Record<string, string> | undefined {
    const dir = toolchainDir();
    const envFile = path.join(dir, "env.sh");
    const bins = ["pulumi", "etcd", "kube-apiserver", "kube-controller-manager"];
    if (!fs.existsSync(envFile) || !bins.every((b) => fs.existsSync(path.join(dir, "bin", b)))) {
        return undefined;
    }
    const env: Record<string, string> = {};
    for (const line of fs.readFileSync(envFile, "utf8").split("\n")) {
        const m = /^export ([A-Z0-9_]+)="(.*)"$/.exec(line.trim());
        if (m) env[m[1]!] = m[2]!.replace("$PATH", process.env["PATH"] ?? "");
    }
    // Node 22 first on PATH for the engine's children too (npm scripts already do this).
    env["PATH"] = `${path.dirname(process.execPath)}:${env["PATH"] ?? process.env["PATH"]}`;
    return env;
}

export async function benchEngine(runs: number, log: (s: string) => void): Promise<EngineResult> {
    const env = toolchainEnv();
    if (!env) return { skipped: "toolchain missing (run `bash scripts/toolchain.sh`)" };
    const out = await runWorker<{ objects: number; samples: EngineSample[] }>(
        "engine",
        [String(runs)],
        [],
        900_000,
        env,
    );
    const keys = Object.keys(out.samples[0]!).filter(
        (k) => k !== "created" && k !== "noopChanges",
    ) as Exclude<keyof EngineSample, "created" | "noopChanges">[];
    const stats = Object.fromEntries(
        keys.map((k) => [k, summarize(out.samples.map((s) => round(s[k] as number, 0)))]),
    ) as Record<(typeof keys)[number], Summary>;
    const res = {
        runs,
        objects: out.objects,
        created: out.samples[0]!.created,
        noopChanges: out.samples[0]!.noopChanges,
        stats,
        ratio: {
            upVsFloor: ratio(stats.upMs, stats.ssaRolloutMs),
            upMinusEngineVsFloor: round(
                (stats.upMs.median - stats.emptyUpMs.median) / stats.ssaRolloutMs.median,
                2,
            ),
            upVsHand: ratio(stats.upMs, stats.handUpMs),
            destroyVsDelete: ratio(stats.destroyMs, stats.deleteMs),
        },
    };
    log(
        `  engine: up ${stats.upMs.median} ms (empty program ${stats.emptyUpMs.median}, hand ${stats.handUpMs.median}), no-op ${stats.noopUpMs.median} ms, destroy ${stats.destroyMs.median} ms; floor SSA+rollout ${stats.ssaRolloutMs.median} ms, delete ${stats.deleteMs.median} ms`,
    );
    return res;
}
