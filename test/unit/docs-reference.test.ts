/**
 * The generated references (docs/reference/configuration.md, cli.md, doctor-checks.md) are current:
 * `scripts/docs-reference.mjs` regenerates them from the code (the config types and their `@default`s, the
 * CLI's flag definitions and help, the doctor's check ids and remedies) and must find nothing to change.
 * A stale copy is detected, and the tables hold what the code defines.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as root from "../../lib";
import { CACHING_MODES, USER_NAMESPACE_MODES, VALIDATION_ACTIONS } from "../../lib";
import * as doctor from "../../lib/doctor";
import * as kubernetes from "../../lib/kubernetes";
import { DOCTOR_OPTIONS, RENDER_OPTIONS, SYSBOX_CLEANUP_OPTIONS } from "../../lib/cli/flags";
import { DOCTOR_CHECKS, DOCTOR_CHECK_INFO } from "../../lib/doctor/check-ids";
import { REPO } from "../support/docs";

const SCRIPT = path.join(REPO, "scripts", "docs-reference.mjs");
const run = (args: string[], docsDir?: string) =>
    spawnSync(process.execPath, [SCRIPT, ...args], {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, ...(docsDir ? { CVMKIT_DOCS_DIR: docsDir } : {}) },
        timeout: 120_000,
    });
const page = (name: string) => fs.readFileSync(path.join(REPO, "docs", "reference", name), "utf8");
const row = (text: string, first: string) =>
    text.split("\n").find((l) => l.startsWith(`| \`${first}\` |`));

describe("generated references", () => {
    let copy: string;
    before(() => {
        copy = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-docs-"));
        fs.cpSync(path.join(REPO, "docs"), copy, { recursive: true });
    });
    after(() => fs.rmSync(copy, { recursive: true, force: true }));

    it("regenerating them from the code changes nothing; a stale section is found and rewritten", () => {
        // one run of the generator (it compiles lib/ with the TypeScript compiler): on a copy of docs/ with
        // one stale cell, --update must rewrite exactly that section, back to what is committed
        const file = path.join(copy, "reference", "configuration.md");
        fs.writeFileSync(
            file,
            fs.readFileSync(file, "utf8").replace('`"cvm-workspaces"`', '`"old"`'),
        );
        const r = run(["--update"], copy);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(
            r.stdout.trim(),
            "wrote reference/configuration.md (config)",
            "only the stale section is rewritten: the others are current (run npm run docs:reference after a change)",
        );
        for (const name of ["configuration.md", "cli.md", "doctor-checks.md", "api.md"]) {
            assert.equal(
                fs.readFileSync(path.join(copy, "reference", name), "utf8"),
                page(name),
                name,
            );
        }
    });
    it("configuration: a row per key, with the allowed values of the code's tuples", () => {
        const text = page("configuration.md");
        assert.ok((text.match(/^\| `[a-zA-Z.]+` \| `/gm) ?? []).length > 25);
        assert.ok(
            row(text, "supervisor.caching")!.includes(
                CACHING_MODES.map((m) => `\`${m}\``).join(", "),
            ),
        );
        assert.ok(
            row(text, "sysboxRuntime.userNamespaces")!.includes(
                USER_NAMESPACE_MODES.map((m) => `\`${m}\``).join(", "),
            ),
        );
        assert.ok(
            row(text, "admissionPolicyActions")!.includes(
                VALIDATION_ACTIONS.map((m) => `\`${m}\``).join(", "),
            ),
        );
        assert.match(row(text, "namespace")!, /`"cvm-workspaces"`/);
    });
    it("CLI: a row per flag of every command's parser", () => {
        const text = page("cli.md");
        for (const options of [RENDER_OPTIONS, DOCTOR_OPTIONS, SYSBOX_CLEANUP_OPTIONS]) {
            for (const name of Object.keys(options)) {
                assert.match(text, new RegExp(`\\| \`(-\\w, )?--${name}[ \`]`), name);
            }
        }
        assert.match(row(text, "--k8s-version V")!, /`kubernetesVersion`/);
    });
    it("doctor checks: a row per check id, with what it reads", () => {
        const text = page("doctor-checks.md");
        for (const id of DOCTOR_CHECKS) {
            const r = row(text, id);
            assert.ok(r, id);
            assert.ok(r.includes(DOCTOR_CHECK_INFO[id].reads.replace(/\|/g, "\\|")), id);
        }
        assert.match(row(text, "storage")!, /keep CVM homes and Docker data on block storage/);
    });
    it("API: a row per runtime export of every entry point", () => {
        const text = page("api.md");
        const entries: Record<string, object> = {
            cvmkit: root,
            "cvmkit/kubernetes": kubernetes,
            "cvmkit/doctor": doctor,
        };
        for (const [entry, mod] of Object.entries(entries)) {
            const section = text.slice(text.indexOf(`### \`${entry}\``));
            const names = Object.keys(mod).filter((n) => n !== "__esModule");
            assert.ok(names.length > 3, entry);
            for (const name of names) assert.ok(row(section, name), `${entry}: ${name}`);
        }
    });
});
