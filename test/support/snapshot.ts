import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./schema";

/** Directory of committed snapshots (source tree, not build/). */
export const SNAPSHOT_DIR = path.join(REPO_ROOT, "test", "unit", "__snapshots__");

/**
 * Compares `actual` with the committed snapshot file `name`. A missing snapshot fails unless
 * `UPDATE_SNAPSHOTS=1`, which (re)writes it.
 */
export function matchSnapshot(name: string, actual: string): void {
    const file = path.join(SNAPSHOT_DIR, name);
    if (process.env.UPDATE_SNAPSHOTS === "1") {
        fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
        fs.writeFileSync(file, actual);
        return;
    }
    assert.ok(
        fs.existsSync(file),
        `snapshot ${file} is missing; run with UPDATE_SNAPSHOTS=1 to create it`,
    );
    assert.equal(actual, fs.readFileSync(file, "utf8"), `output differs from snapshot ${name}`);
}
