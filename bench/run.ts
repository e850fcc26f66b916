/**
 * `npm run bench [-- --quick]`: measures cvmkit against its floors and peers in one run and writes
 * bench/results/latest.json, latest.md and scale.png (the chart needs matplotlib; bench/setup-chart.sh installs it).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { benchDoctor } from "./doctor";
import { benchEngine } from "./engine";
import { benchLoad } from "./load";
import { benchProgram } from "./program";
import { markdown, Results, targets } from "./report";
import { benchScale } from "./scale";

const REPO = path.resolve(__dirname, "..", "..");
const OUT = path.join(REPO, "bench", "results");
const quick = process.argv.includes("--quick");
const RUNS = quick
    ? { load: 3, program: 3, scale: 2, engine: 1, doctor: 1 }
    : { load: 7, program: 7, scale: 7, engine: 3, doctor: 3 };
/** Node objects of the doctor's large-cluster run. */
const DOCTOR_NODES = 1000;

const log = (msg: string) => console.log(msg);

function commit(): string {
    try {
        return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO })
            .toString()
            .trim();
    } catch {
        return "unknown";
    }
}

/** Draws scale.png with matplotlib from a bench-only venv; returns the file name or undefined. */
function chart(resultsFile: string): string | undefined {
    const venv =
        process.env["CVMKIT_BENCH_VENV"] ??
        path.join(
            process.env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache"),
            "cvmkit",
            "bench-venv",
        );
    const python = path.join(venv, "bin", "python");
    const setup = spawnSync("bash", [path.join(REPO, "bench", "setup-chart.sh")], {
        stdio: "inherit",
    });
    if (setup.status !== 0 || !fs.existsSync(python)) {
        log("chart skipped: matplotlib could not be installed (bench/setup-chart.sh)");
        return undefined;
    }
    const png = path.join(OUT, "scale.png");
    const r = spawnSync(python, [path.join(REPO, "bench", "chart.py"), resultsFile, png], {
        stdio: "inherit",
    });
    return r.status === 0 ? "scale.png" : undefined;
}

async function main(): Promise<void> {
    const started = Date.now();
    fs.mkdirSync(OUT, { recursive: true });
    log(`cvmkit bench${quick ? " (--quick)" : ""}: runs ${JSON.stringify(RUNS)}`);
    log("1. load cost");
    const load = await benchLoad(RUNS.load, log);
    log("2–3. program cost under mocks, critical path");
    const program = await benchProgram(RUNS.program, log);
    log("5. scale");
    const scale = await benchScale(RUNS.scale, log);
    log("4. real engine");
    const engine = await benchEngine(RUNS.engine, log).catch((err: Error) => ({
        skipped: `failed: ${err.message.split("\n")[0]}`,
    }));
    log(`6. doctor on ${DOCTOR_NODES} nodes`);
    const doctor = await benchDoctor(DOCTOR_NODES, RUNS.doctor, log).catch((err: Error) => ({
        skipped: `failed: ${err.message.split("\n")[0]}`,
    }));
    const results: Results = {
        meta: {
            date: new Date().toISOString(),
            node: process.version,
            cpu: os.cpus()[0]?.model ?? "unknown",
            cpus: os.cpus().length,
            memGiB: Math.round(os.totalmem() / 2 ** 30),
            commit: commit(),
            quick,
            runs: RUNS,
        },
        load,
        program,
        scale,
        engine,
        doctor,
    };
    results.targets = targets(results);
    const json = path.join(OUT, "latest.json");
    fs.writeFileSync(
        json,
        JSON.stringify(
            { ...results, durationS: Math.round((Date.now() - started) / 1000) },
            null,
            2,
        ) + "\n",
    );
    const png = chart(json);
    const md = markdown(results, png);
    fs.writeFileSync(path.join(OUT, "latest.md"), md);
    log("\n" + md);
    log(
        `wrote ${path.relative(REPO, json)}, bench/results/latest.md${png ? `, bench/results/${png}` : ""} in ${Math.round((Date.now() - started) / 1000)} s`,
    );
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
