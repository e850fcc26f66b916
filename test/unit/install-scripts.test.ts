/**
 * The front door with today's npm: npm 11 blocks dependency install scripts that `allowScripts` in
 * package.json does not approve, and `npm ci` ends with the list of the ones it skipped. Among them is
 * `node`, whose preinstall provides the Node 22 every `npm run …` uses. The approvals are name-only
 * (`"node": true`): the lockfile carries no `resolved` URLs, and npm refuses a pinned `node@22.23.3`
 * entry it cannot verify against one (@npmcli/arborist `script-allowed.js`, `matchRegistry`).
 *
 * The test runs the real `npm ci --dry-run --offline` on a copy of package.json and the lockfile (no
 * network, an empty cache: the install-script list comes from the lockfile's `hasInstallScript`) and
 * reads its warning list; it must be empty, and without the approvals it lists exactly the packages the
 * lockfile marks.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";

const REPO = path.resolve(__dirname, "..", "..", "..");
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as Record<
    string,
    unknown
> & { allowScripts?: Record<string, boolean> };
const LOCK = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8")) as {
    packages: Record<string, { hasInstallScript?: boolean; dev?: boolean }>;
};

/** Names of the packages the lockfile marks as having install scripts. */
const WITH_SCRIPTS = Object.entries(LOCK.packages)
    .filter(([key, p]) => key !== "" && p.hasInstallScript)
    .map(([key]) => key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length))
    .sort();

/** The packages `npm ci` says it skipped: the `npm warn install-scripts   <name>@<version>` lines. */
function unapproved(work: string, pkg: Record<string, unknown>): { names: string[]; out: string } {
    fs.writeFileSync(path.join(work, "package.json"), JSON.stringify(pkg, null, 4));
    fs.copyFileSync(path.join(REPO, "package-lock.json"), path.join(work, "package-lock.json"));
    const r = spawnSync(
        "npm",
        [
            "ci",
            "--dry-run",
            "--offline",
            "--no-audit",
            "--no-fund",
            "--cache",
            path.join(work, "cache"),
        ],
        { cwd: work, encoding: "utf8", timeout: 120_000 },
    );
    const out = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, out);
    const names = [...out.matchAll(/^npm warn install-scripts {3}(\S+)@[^@\s]+ /gm)]
        .map((m) => m[1]!)
        .sort();
    return { names, out };
}

describe("npm install-script approvals (allowScripts)", () => {
    let work: string;
    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-npm-"));
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("the lockfile's install scripts are node's preinstall, @pulumi/kubernetes and protobufjs", () => {
        assert.deepEqual(WITH_SCRIPTS, ["@pulumi/kubernetes", "node", "protobufjs"]);
    });
    it("allowScripts approves exactly the packages with install scripts (a new one needs a review)", () => {
        assert.deepEqual(Object.keys(PKG.allowScripts ?? {}).sort(), WITH_SCRIPTS);
        for (const [name, allowed] of Object.entries(PKG.allowScripts ?? {}))
            assert.equal(allowed, true, `${name} is approved`);
    });
    it("npm ci reports no install script it would skip", () => {
        const { names, out } = unapproved(work, PKG);
        assert.deepEqual(names, [], out);
        assert.doesNotMatch(out, /not yet covered by allowScripts/);
    });
    it("without the approvals npm ci lists every one of them (the check reads npm's real list)", () => {
        const bare = { ...PKG };
        delete bare.allowScripts;
        const { names, out } = unapproved(work, bare);
        assert.deepEqual(
            names,
            WITH_SCRIPTS,
            `npm ${spawnSync("npm", ["--version"], { encoding: "utf8" }).stdout.trim()} must list unapproved install scripts (npm ≥ 11.19): ${out}`,
        );
    });
    it("a pinned approval is not honoured with this lockfile (why the entries are name-only)", () => {
        const pinned = { ...PKG, allowScripts: { "node@22.23.3": true } };
        const { names } = unapproved(work, pinned);
        assert.ok(names.includes("node"), names.join(", "));
    });
});
