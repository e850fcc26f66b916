import {
    existsSync,
    mkdirSync,
    readdirSync,
    readFileSync,
    rmSync,
    statSync,
    writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { CvmkitConfigError } from "../compat";

/**
 * Writes `cvmkit render --out DIR`: one file per object, and an ownership list so that a rerun replaces only the
 * files cvmkit wrote there.
 */

/**
 * The file in a `render --out` directory that lists the files cvmkit wrote there. Its name has no
 * `.yaml`/`.json` extension, so `kubectl apply -f DIR` ignores it.
 */
export const OWNERSHIP_FILE = ".cvmkit-render";

const HEADER = "# written by `cvmkit render --out`; lists the files it owns in this directory\n";

/** A path inside the directory: a file name, or `subdir/name` (the `phases` layout); nothing else. */
function isOwnablePath(path: string): boolean {
    const parts = path.split("/");
    return parts.length <= 2 && parts.every((p) => p !== "" && p !== "." && p !== "..");
}

/** The files an earlier `render --out` wrote into `dir`, or `undefined` when it did not write `dir`. */
function ownedFiles(dir: string): string[] | undefined {
    const marker = join(dir, OWNERSHIP_FILE);
    if (!existsSync(marker)) return undefined;
    return readFileSync(marker, "utf8")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#") && isOwnablePath(l));
}

/** The top-level entry of a path (`02-rbac` for `02-rbac/kustomization.yaml`). */
const topLevel = (path: string): string => path.split("/")[0]!;

/**
 * Writes `files` into `dir` and takes ownership of it: a new or empty directory is used as is; a directory
 * an earlier render wrote has the files that render listed removed first (so objects that are no longer
 * rendered — e.g. the Sysbox installer after turning the runtime off — do not linger); any other non-empty
 * directory, and a path that is a file, are refused. Names may be `subdir/name`; a subdirectory is removed
 * when the files removed from it leave it empty, and a file cvmkit did not write is never overwritten.
 * Returns the names written and the foreign entries (top level) kept.
 */
export function writeOwnedDirectory(
    dir: string,
    files: readonly { name: string; text: string }[],
): { written: string[]; removed: string[]; kept: string[] } {
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
        throw new CvmkitConfigError(
            "--out",
            dir,
            "is a file, not a directory",
            "pass a directory path (created if it does not exist), or print to stdout without --out",
        );
    }
    const present = existsSync(dir) ? readdirSync(dir) : [];
    const owned = ownedFiles(dir);
    if (present.length > 0 && owned === undefined) {
        throw new CvmkitConfigError(
            "--out",
            dir,
            `is not empty (${present.length} entr${present.length === 1 ? "y" : "ies"}, e.g. ${present.slice(0, 3).join(", ")}) and was not written by cvmkit render (no ${OWNERSHIP_FILE} file)`,
            "pass a new or empty directory; cvmkit replaces only the files it wrote itself",
        );
    }
    for (const f of files) {
        if (existsSync(join(dir, f.name)) && !(owned ?? []).includes(f.name)) {
            throw new CvmkitConfigError(
                "--out",
                dir,
                `holds ${f.name}, which cvmkit render did not write (it is not in ${OWNERSHIP_FILE})`,
                "move that file away, or pass a new or empty directory",
            );
        }
    }
    mkdirSync(dir, { recursive: true });
    const removed: string[] = [];
    for (const name of owned ?? []) {
        const path = join(dir, name);
        if (existsSync(path) && statSync(path).isFile()) {
            rmSync(path, { force: true });
            removed.push(name);
            const sub = dirname(path);
            if (sub !== dir && readdirSync(sub).length === 0) rmSync(sub, { recursive: true });
        }
    }
    const written = files.map((f) => {
        mkdirSync(dirname(join(dir, f.name)), { recursive: true });
        writeFileSync(join(dir, f.name), f.text);
        return f.name;
    });
    writeFileSync(join(dir, OWNERSHIP_FILE), HEADER + written.map((n) => `${n}\n`).join(""));
    const ownedTop = new Set((owned ?? []).map(topLevel));
    const kept = present.filter((n) => n !== OWNERSHIP_FILE && !ownedTop.has(n));
    return { written, removed: removed.filter((n) => !written.includes(n)), kept };
}
