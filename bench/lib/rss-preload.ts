/**
 * Preloaded (`node --require`) into a measured child: on exit, writes the process's peak RSS in KiB to
 * `$CVMKIT_BENCH_RSS_FILE`.
 */
import * as fs from "node:fs";

const file = process.env["CVMKIT_BENCH_RSS_FILE"];
if (file) {
    process.on("exit", () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
