/**
 * Doctor worker: starts a local kube-apiserver (no controller manager), registers N identical Ubuntu nodes
 * (test/e2e/support/large-cluster.ts), then per repetition runs `cvmkit doctor` as a real command — default
 * table, `--verbose`, `--json` — and records wall time, the child's peak RSS and the lines it printed.
 *
 * Usage: node doctor.js <nodes> <repetitions>
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { startControlPlane } from "../../test/e2e/support/control-plane";
import { Api } from "../../test/e2e/support/fixtures-doctor";
import { registerLargeCluster } from "../../test/e2e/support/large-cluster";
import { emit } from "../lib/child";

export const DOCTOR_VARIANTS = ["table", "verbose", "json"] as const;
export type DoctorVariant = (typeof DOCTOR_VARIANTS)[number];

export interface DoctorSample {
    readonly variant: DoctorVariant;
    readonly wallMs: number;
    readonly maxRssMiB: number;
    readonly lines: number;
    readonly exitCode: number;
}

const BUILD = path.resolve(__dirname, "..", "..");

function runDoctor(kubeconfig: string, variant: DoctorVariant, dir: string): Promise<DoctorSample> {
    const rssFile = path.join(dir, `rss-${variant}-${Date.now()}`);
    const args = [
        "--require",
        path.join(BUILD, "bench", "lib", "rss-preload.js"),
        path.join(BUILD, "lib", "cli", "main.js"),
        "doctor",
        "--kubeconfig",
        kubeconfig,
        ...(variant === "table" ? [] : [`--${variant}`]),
    ];
    return new Promise((resolve, reject) => {
        const start = performance.now();
        const child = spawn(process.execPath, args, {
            stdio: ["ignore", "pipe", "ignore"],
            env: { ...process.env, CVMKIT_BENCH_RSS_FILE: rssFile, NODE_OPTIONS: "" },
        });
        let lines = 0;
        child.stdout.setEncoding("utf8").on("data", (c: string) => {
            for (const ch of c) if (ch === "\n") lines++;
        });
        child.on("error", reject);
        child.on("close", (code) => {
            const wallMs = performance.now() - start;
            const kib = Number(fs.readFileSync(rssFile, "utf8"));
            resolve({ variant, wallMs, maxRssMiB: kib / 1024, lines, exitCode: code ?? -1 });
        });
    });
}

async function main(): Promise<void> {
    const nodes = Number(process.argv[2] ?? "1000");
    const reps = Number(process.argv[3] ?? "3");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-bench-doctor-"));
    const cp = await startControlPlane({ controllerManager: false });
    try {
        const started = performance.now();
        await registerLargeCluster(new Api(cp), nodes);
        const registerMs = performance.now() - started;
        const samples: DoctorSample[] = [];
        for (let i = 0; i < reps; i++) {
            for (const variant of DOCTOR_VARIANTS) {
                samples.push(await runDoctor(cp.kubeconfigPath, variant, dir));
            }
        }
        emit({ nodes, registerMs, samples });
    } finally {
        await cp.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
