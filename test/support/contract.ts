/**
 * Contract tables: what a real cloud would accept or do, encoded as rows of (rule, upstream source, assertion on
 * the inputs the recorded mocks saw). Mocks accept anything; the rows are what keeps cvmkit's inputs inside the
 * clouds' documented rules. Each row runs as its own test named after its rule and source.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { MockRecorder } from "../unit/stack-mocks";

/** One row of a contract table. */
export interface ContractRow {
    /** The upstream rule, in one sentence. */
    readonly rule: string;
    /** Where the rule is written down: a URL, or `owner/repo` + path (+ issue/PR). */
    readonly source: string;
    /** The edge case (default args, no tags, IPv6, …). */
    readonly edge: string;
    /** Builds the resources (under the installed mocks). */
    readonly build: () => unknown;
    /** Asserts the recorded inputs against the rule. */
    readonly check: (rec: MockRecorder) => void | Promise<void>;
}

const SOURCE = /^(https:\/\/\S+|[\w.-]+\/[\w.-]+( \S+)+)/;

/**
 * Registers one test per row: reset the recorder, build, wait until registration settles, check. Also checks
 * that every row names a source.
 */
export function contractTable(
    title: string,
    rows: readonly ContractRow[],
    rec: () => MockRecorder,
    settle: (rec: MockRecorder) => Promise<void>,
): void {
    describe(`contract: ${title}`, () => {
        it("every row names its upstream source", () => {
            for (const row of rows) {
                assert.match(row.source, SOURCE, `${row.rule}: source "${row.source}"`);
            }
        });
        for (const row of rows) {
            it(`${row.edge}: ${row.rule} [${row.source}]`, async () => {
                const r = rec();
                r.reset();
                await row.build();
                await settle(r);
                await row.check(r);
            });
        }
    });
}

/**
 * Runs `body` (JavaScript, with `cvmkit` = the compiled cloud shell `module`, `pulumi`, `rec` and `settle` in
 * scope) in a fresh Node process under the recorded mocks and returns the distinct messages of the errors the
 * program raised asynchronously (what fails a real deployment: a check on a looked-up value rejecting a
 * resource input), plus the resource types registered. Checks on looked-up values cannot run in-process: the
 * test runner counts those rejections against whichever test is running.
 */
export function runIsolated(
    module: string,
    body: string,
): { errors: string[]; types: string[]; names: string[] } {
    const build = path.resolve(__dirname, "..", "..");
    const script = `
const errors = new Set();
process.on("unhandledRejection", (e) => errors.add(String(e && e.message ? e.message : e)));
(async () => {
    const pulumi = require("@pulumi/pulumi");
    const { installMocks, settle } = require(${JSON.stringify(path.join(build, "test", "unit", "stack-mocks.js"))});
    const rec = await installMocks();
    const cvmkit = require(${JSON.stringify(path.join(build, "lib", module))});
    ${body}
    await settle(rec);
    process.stdout.write(JSON.stringify({ errors: [...errors], types: rec.resources.map((r) => r.type), names: rec.resources.map((r) => r.name) }));
    process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`;
    let out: string;
    try {
        out = execFileSync(process.execPath, ["-e", script], {
            cwd: path.resolve(build, ".."),
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
    } catch (err) {
        // The Pulumi runtime sets a failing exit code when the program left work unfinished (a check that
        // rejected); what was recorded before is still on stdout.
        out = String((err as { stdout?: string }).stdout ?? "");
        if (!out.startsWith("{")) throw err;
    }
    return JSON.parse(out) as { errors: string[]; types: string[]; names: string[] };
}
