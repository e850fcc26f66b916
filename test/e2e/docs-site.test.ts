/**
 * The documentation site as a reader sees it: `npm run docs` (MkDocs, --strict) builds it from docs/, and the
 * real Chromium (Debian package `chromium`, headless) renders the front page and the configuration reference.
 * The rendered DOM must carry the page title, the navigation to the guides and references, and the tables
 * (the docs map; the configuration keys from the code). Chromium loads only the built files: every host
 * name resolves to nothing (`--host-resolver-rules`), so no request leaves the machine and no name reaches
 * the resolver.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { CACHING_MODES } from "../../lib";

const REPO = path.resolve(__dirname, "..", "..", "..");
const SITE = path.join(REPO, "build", "site");

function chromium(): string {
    for (const name of ["chromium", "chromium-browser"]) {
        const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
        if (r.status === 0) return r.stdout.trim();
    }
    throw new Error(
        "chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)",
    );
}

describe("docs site in headless Chromium", () => {
    let profile: string;
    let bin: string;
    const args = (extra: string[], page: string) => [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        // a profile per run: a second Chromium on a profile still in use hands over to the first and prints nothing
        `--user-data-dir=${fs.mkdtempSync(path.join(profile, "run-"))}`,
        "--virtual-time-budget=3000",
        ...extra,
        `file://${path.join(SITE, page)}`,
    ];
    /** The rendered DOM (the Debian wrapper script may print a shell warning before it). */
    const dom = (page: string) => {
        const out = execFileSync(bin, args(["--dump-dom"], page), {
            encoding: "utf8",
            timeout: 90_000,
            stdio: ["ignore", "pipe", "ignore"],
        });
        return out.slice(out.indexOf("<!DOCTYPE html>"));
    };
    const text = (html: string) =>
        html
            .replace(/<[^>]+>/g, " ")
            .replace(/&amp;/g, "&")
            .replace(/\s+/g, " ");

    before(() => {
        bin = chromium();
        profile = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-chromium-"));
        execFileSync("bash", [path.join(REPO, "scripts", "docs-site.sh")], {
            cwd: REPO,
            stdio: "inherit",
            timeout: 300_000,
        });
    });
    after(() => fs.rmSync(profile, { recursive: true, force: true }));

    it("the front page: title, navigation to guides and references, the docs map as a table", () => {
        const html = dom("index.html");
        assert.match(html, /<title>cvmkit<\/title>|<title>[^<]*cvmkit[^<]*<\/title>/);
        assert.match(html, /<h1[^>]*>cvmkit documentation/);
        // the theme's top navigation bar, up to the page's main column
        const nav = html.slice(
            html.indexOf('<div id="navbar-collapse"'),
            html.indexOf('role="main"'),
        );
        assert.ok(nav.length > 0, "a navigation bar");
        for (const entry of [
            "Getting started",
            "AWS (EKS)",
            "Security",
            "Day 2",
            "Troubleshooting",
            "Configuration",
        ]) {
            assert.ok(text(nav).includes(entry), `navigation lists ${entry}`);
        }
        const table = html.slice(html.indexOf("<table"), html.indexOf("</table>"));
        assert.ok(table.length > 0, "a table is rendered");
        assert.match(table, /<a href="aws\/">AWS<\/a>/);
        assert.ok((table.match(/<tr/g) ?? []).length >= 10, "the docs map has a row per task");
    });
    it("the configuration reference: its keys in a rendered table, from the code", () => {
        const html = dom("reference/configuration/index.html");
        assert.match(html, /<title>Configuration - cvmkit<\/title>/);
        const table = html.slice(html.indexOf("<table"), html.indexOf("</table>"));
        const row = table.split("<tr").find((r) => r.includes("<code>supervisor.caching</code>"));
        assert.ok(row, "a row for supervisor.caching");
        for (const mode of CACHING_MODES) assert.ok(row.includes(`<code>${mode}</code>`), mode);
        assert.match(html, /<th[^>]*>Default<\/th>/);
    });
    it("a screenshot of the front page is an image of the rendered page", () => {
        const png = path.join(profile, "front.png");
        execFileSync(bin, args([`--screenshot=${png}`, "--window-size=1280,900"], "index.html"), {
            timeout: 90_000,
            stdio: "ignore",
        });
        const head = fs.readFileSync(png).subarray(0, 24);
        assert.equal(head.subarray(1, 4).toString(), "PNG");
        assert.equal(head.readUInt32BE(16), 1280);
        fs.copyFileSync(png, path.join(REPO, "build", "docs-site-front.png"));
    });
});
