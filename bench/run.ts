/**
 * `npm run bench [-- --quick]`: measures cvmkit against its floors and peers in one run and writes
 * bench/results/latest.json, latest.md and scale.png (the chart needs matplotlib; bench/setup-chart.sh installs it).
 *
 * `--quick` is the CI smoke: every section runs once on small inputs (no timing is asserted) and the results go
 * to a temporary directory, not over the committed report. In both modes a section that fails — a worker that
 * crashes, a missing toolchain — is reported as failed and the run exits non-zero; nothing is skipped.
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
import { benchNode } from "./node";
import { benchScale, POOL_COUNTS } from "./scale";

const REPO = path.resolve(__dirname, "..", "..");
const quick = process.argv.includes("--quick");
const OUT = quick
    ? fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-bench-quick-"))
    : path.join(REPO, "bench", "results");
const RUNS = quick
    ? { load: 1, program: 1, scale: 1, engine: 1, doctor: 1 }
    : { load: 7, program: 7, scale: 7, engine: 3, doctor: 3 };
/** Node pools of the scale section (two points make a line in the smoke). */
const SCALE_POOLS = quick ? [1, 10] : POOL_COUNTS;
/** Node objects of the doctor's large-cluster run. */
const DOCTOR_NODES = quick ? 100 : 1000;

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
    const loadStart = os.loadavg()[0]!.toFixed(1);
    fs.mkdirSync(OUT, { recursive: true });
    log(`cvmkit bench${quick ? " (--quick)" : ""}: runs ${JSON.stringify(RUNS)}`);
    const failed: string[] = [];
    /** Runs one section; a failure is recorded (and fails the run) instead of ending the bench. */
    const section = async <T>(
        name: string,
        f: () => Promise<T>,
    ): Promise<T | { failed: string }> => {
        try {
            return await f();
        } catch (err) {
            const message = (err as Error).message;
            failed.push(`${name}: ${message.split("\n")[0]}`);
            log(`  ${name} FAILED: ${message}`);
            return { failed: message.split("\n")[0]! };
        }
    };
    const must = <T>(name: string, r: T | { failed: string }): T => {
        if (r && typeof r === "object" && "failed" in r) {
            throw new Error(`section ${name} failed: ${(r as { failed: string }).failed}`);
        }
        return r as T;
    };
    log("1. load cost");
    const load = must("load", await section("load", () => benchLoad(RUNS.load, log)));
    log("2–3. program cost under mocks, critical path");
    const program = must(
        "program",
        await section("program", () => benchProgram(RUNS.program, log)),
    );
    log("5. scale");
    const scale = must(
        "scale",
        await section("scale", () => benchScale(RUNS.scale, log, SCALE_POOLS)),
    );
    log("4. real engine");
    const engine = await section("engine", () => benchEngine(RUNS.engine, log));
    log("4b. real node");
    const node = await section("node", () => benchNode(log));
    log(`6. doctor on ${DOCTOR_NODES} nodes`);
    const doctor = await section("doctor", () => benchDoctor(DOCTOR_NODES, RUNS.doctor, log));
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
            load: `${loadStart} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end`,
        },
        load,
        program,
        scale,
        engine,
        node,
        doctor,
        failed,
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
    if (!png)
        failed.push("chart: scale.png could not be drawn (bench/setup-chart.sh, bench/chart.py)");
    const md = markdown(results, png);
    fs.writeFileSync(path.join(OUT, "latest.md"), md);
    log("\n" + md);
    log(
        `wrote ${json}, ${path.join(OUT, "latest.md")}${png ? `, ${path.join(OUT, png)}` : ""} in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    if (failed.length > 0) {
        console.error(`bench FAILED (${failed.length}):\n  ${failed.join("\n  ")}`);
        process.exitCode = 1;
    }
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
