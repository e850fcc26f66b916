/**
 * Load-cost worker (run in a fresh process with --expose-gc): requires the given modules, then reports the
 * time the requires took, heap used and RSS after a full GC, and which packages ended up in require.cache.
 *
 * Usage: node load.js <module>[,<module>…]   — `cvmkit` / `cvmkit/<sub>` map to the compiled build/lib.
 */
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { emit } from "../lib/child";

const LIB = path.resolve(__dirname, "..", "..", "lib");

function resolveSpec(spec: string): string {
    if (spec === "cvmkit") return path.join(LIB, "index.js");
    if (spec.startsWith("cvmkit/")) return path.join(LIB, spec.slice("cvmkit/".length), "index.js");
    return spec;
}

/** `@scope/name` or `name` of every node_modules package in require.cache. */
function loadedPackages(): string[] {
    const names = new Set<string>();
    for (const file of Object.keys(require.cache)) {
        const at = file.lastIndexOf(`node_modules${path.sep}`);
        if (at < 0) continue;
        const parts = file.slice(at + "node_modules/".length).split(path.sep);
        names.add(parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
    return [...names].sort();
}

const specs = (process.argv[2] ?? "").split(",").filter(Boolean);
const before = Object.keys(require.cache).length;
const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the require is what is measured
for (const spec of specs) require(resolveSpec(spec));
const requireMs = performance.now() - t0;
(globalThis as { gc?: () => void }).gc?.();
const mem = process.memoryUsage();
const files = Object.keys(require.cache);
emit({
    requireMs,
    heapUsedMiB: mem.heapUsed / 2 ** 20,
    rssMiB: mem.rss / 2 ** 20,
    filesLoaded: files.length - before,
    packages: loadedPackages(),
    sdkFiles: files.filter((f) => /node_modules[\\/](@pulumi|cdk8s|constructs)[\\/]/.test(f))
        .length,
});
