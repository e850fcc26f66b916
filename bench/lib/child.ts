/**
 * Runs one measurement in a fresh Node.js process: the worker prints one JSON line prefixed with
 * `BENCH_RESULT ` on stdout; everything else it prints is ignored (or shown on failure).
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

/** Compiled workers live next to this file's directory: build/bench/workers/<name>.js. */
export const WORKERS = path.resolve(__dirname, "..", "workers");

export const RESULT_PREFIX = "BENCH_RESULT ";

/** Prints a worker's result the way {@link runWorker} reads it. */
export function emit(result: unknown): void {
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

export function runWorker<T>(
    worker: string,
    args: readonly string[],
    nodeFlags: readonly string[] = [],
    timeoutMs = 180_000,
    extraEnv: Readonly<Record<string, string>> = {},
): Promise<T> {
    return new Promise((resolve, reject) => {
        const child = spawn(
            process.execPath,
            [...nodeFlags, path.join(WORKERS, `${worker}.js`), ...args],
            {
                stdio: ["ignore", "pipe", "pipe"],
                env: { ...process.env, ...extraEnv, NODE_OPTIONS: "" },
            },
        );
        let out = "";
        let err = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
        child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.on("error", reject);
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            const line = out.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
            if (code !== 0 || !line) {
                reject(
                    new Error(
                        `worker ${worker} ${args.join(" ")} failed (code ${code}, signal ${signal}):\n` +
                            `${err.slice(-3000)}${out.slice(-1000)}`,
                    ),
                );
                return;
            }
            resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
        });
    });
}

/** Runs `worker` `times` times, one fresh process each, sequentially. */
export async function repeat<T>(
    times: number,
    worker: string,
    args: readonly string[],
    nodeFlags: readonly string[] = [],
): Promise<T[]> {
    const results: T[] = [];
    for (let i = 0; i < times; i++) results.push(await runWorker<T>(worker, args, nodeFlags));
    return results;
}
