/**
 * Links of README.md and docs/: every relative link names a file of the repository, and every anchor
 * (`#…`, in the same page or another Markdown page) names a heading of that page under both readers'
 * anchor rules (GitHub's and the docs site's), so a link works on GitHub, on npm and on the site.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { anchors, docFiles, githubSlug, links, mkdocsSlug, REPO } from "../support/docs";

const DOCS = docFiles();
const ANCHORS = new Map(DOCS.map((d) => [d.file, anchors(d.text)]));

/** Problems of one link, empty when it resolves. */
function check(file: string, target: string): string[] {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return [];
    const [p, frag] = target.split("#") as [string, string | undefined];
    const dest =
        p === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), p));
    if (dest.startsWith("..")) return [`${file}: ${target} leaves the repository`];
    if (!fs.existsSync(path.join(REPO, dest)))
        return [`${file}: ${target} → ${dest} does not exist`];
    if (frag === undefined) return [];
    const a = ANCHORS.get(dest);
    if (!a) return [`${file}: ${target} has an anchor into ${dest}, which is not a Markdown page`];
    const missing = [
        a.github.has(frag) ? "" : "GitHub",
        a.mkdocs.has(frag) ? "" : "the docs site",
    ].filter(Boolean);
    return missing.length
        ? [
              `${file}: ${target}: no heading of ${dest} has the anchor #${frag} on ${missing.join(" and ")}`,
          ]
        : [];
}

describe("documentation links and anchors", () => {
    it("README.md and the docs pages are read", () => {
        assert.ok(DOCS.length >= 15, DOCS.map((d) => d.file).join(", "));
    });
    it("the README's relative links name files of the repository (npm rewrites them to GitHub)", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
            repository: { url: string };
        };
        assert.match(pkg.repository.url, /github\.com\//);
        const own = links(DOCS[0]!).filter((l) => !/^[a-z]+:/.test(l.target));
        assert.ok(own.length >= 10, own.map((l) => l.target).join(", "));
    });
    for (const doc of DOCS) {
        it(`${doc.file}: every relative link and anchor resolves`, () => {
            assert.deepEqual(
                links(doc).flatMap((l) => check(l.file, l.target)),
                [],
            );
        });
    }
    it("the check fails on a missing file, a missing anchor and an anchor only one reader has", () => {
        assert.equal(check("README.md", "docs/nope.md").length, 1);
        assert.equal(check("README.md", "docs/day-2.md#no-such-heading").length, 1);
        assert.deepEqual(check("README.md", "docs/day-2.md#upgrade"), []);
        // "A — B": GitHub keeps both spaces around the dropped dash, Python-Markdown collapses them
        assert.equal(githubSlug("A — `b`"), "a--b");
        assert.equal(mkdocsSlug("A — `b`"), "a-b");
        assert.equal(
            githubSlug("Apply order: Pulumi, cdk8s and YAML/GitOps"),
            "apply-order-pulumi-cdk8s-and-yamlgitops",
        );
        assert.equal(
            mkdocsSlug("Apply order: Pulumi, cdk8s and YAML/GitOps"),
            "apply-order-pulumi-cdk8s-and-yamlgitops",
        );
    });
});
