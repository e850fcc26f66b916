/** 6. `cvmkit doctor` on a large cluster (N identical nodes on a local kube-apiserver): wall, peak RSS, output lines. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runWorker } from "./lib/child";
import { round, summarize, Summary } from "./lib/stats";
import { DOCTOR_VARIANTS, DoctorSample, DoctorVariant } from "./workers/doctor";

export type DoctorResult =
    | { readonly skipped: string }
    | {
          readonly nodes: number;
          readonly runs: number;
          readonly registerMs: number;
          readonly variants: Record<
              DoctorVariant,
              { wallMs: Summary; maxRssMiB: Summary; lines: number; exitCode: number }
          >;
      };

export async function benchDoctor(
    nodes: number,
    runs: number,
    log: (s: string) => void,
): Promise<DoctorResult> {
    // only etcd and kube-apiserver are needed (no Pulumi engine)
    const bin = path.join(
        process.env["CVMKIT_TOOLCHAIN_DIR"] ||
            path.join(os.homedir(), ".cache", "cvmkit", "toolchain"),
        "bin",
    );
    if (!["etcd", "kube-apiserver"].every((b) => fs.existsSync(path.join(bin, b)))) {
        return { skipped: "etcd / kube-apiserver missing (run `bash scripts/toolchain.sh`)" };
    }
    const out = await runWorker<{ nodes: number; registerMs: number; samples: DoctorSample[] }>(
        "doctor",
        [String(nodes), String(runs)],
        [],
        600_000,
    );
    const variants = Object.fromEntries(
        DOCTOR_VARIANTS.map((v) => {
            const s = out.samples.filter((x) => x.variant === v);
            return [
                v,
                {
                    wallMs: summarize(s.map((x) => round(x.wallMs, 0))),
                    maxRssMiB: summarize(s.map((x) => round(x.maxRssMiB, 1))),
                    lines: s[0]!.lines,
                    exitCode: s[0]!.exitCode,
                },
            ];
        }),
    ) as Extract<DoctorResult, { nodes: number }>["variants"];
    for (const v of DOCTOR_VARIANTS) {
        const x = variants[v];
        log(
            `  doctor ${v} on ${out.nodes} nodes: ${x.wallMs.median} ms, ${x.maxRssMiB.median} MiB peak RSS, ${x.lines} lines`,
        );
    }
    return { nodes: out.nodes, runs, registerMs: round(out.registerMs, 0), variants };
}
