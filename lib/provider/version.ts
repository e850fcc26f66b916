import * as fs from "node:fs";
import * as path from "node:path";

/** cvmkit's version, from the package.json two levels above the compiled file (`dist/lib/provider`). */
export function version(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as {
                name?: string;
                version?: string;
            };
            if (pkg.name === "cvmkit" && pkg.version) return pkg.version;
        }
        if (path.dirname(dir) === dir) return "0.0.0";
    }
}
