/**
 * Examples and documentation samples agree with the product: every node label, taint key and toleration they
 * use for CVM nodes is the one cvmkit's own pools put on their nodes — read from the code
 * (`resolveNodePool`, the rule every cloud shell uses, and the exported constants), not from a second
 * literal — so a workspace built from a sample schedules on cvmkit's CVM nodes.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { CVM_NODE_LABEL, CVM_NODE_LABEL_VALUE, CVM_TAINT_KEY } from "../../lib";
import { resolveNodePool } from "../../lib/compat/node-pools";
import { DELETION_POLICY_ANNOTATION, OWNER_ANNOTATION } from "../../lib/kubernetes/lifecycle";
import { codeBlocks, docFiles, REPO } from "../support/docs";

/** What a cvmkit pool with its default taint gives CVM pods. */
const POOL = resolveNodePool({ taint: true });
const [POOL_TOLERATION] = POOL.tolerations;

/** Every `cvmkit.<tld>/<name>` key the code defines. */
const KNOWN_KEYS = new Set([
    CVM_NODE_LABEL,
    CVM_TAINT_KEY,
    OWNER_ANNOTATION,
    DELETION_POLICY_ANNOTATION,
    "cvmkit.dev/apply-as",
]);

function walk(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory())
            return ["node_modules", "sdk", "target", "bin", "obj"].includes(e.name) ? [] : walk(p);
        return /\.(ts|py|go|java|cs|ya?ml|md)$/.test(e.name) ? [p] : [];
    });
}

const EXAMPLE_FILES = walk(path.join(REPO, "examples")).map((f) => ({
    file: path.relative(REPO, f),
    text: fs.readFileSync(f, "utf8"),
}));
const ALL = [...EXAMPLE_FILES, ...docFiles()];

/** Every toleration object of a parsed YAML value, at any depth. */
function tolerations(
    value: unknown,
    out: Record<string, unknown>[] = [],
): Record<string, unknown>[] {
    if (Array.isArray(value)) value.forEach((v) => tolerations(v, out));
    else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            if (k === "tolerations" && Array.isArray(v))
                out.push(...(v as Record<string, unknown>[]));
            else tolerations(v, out);
        }
    }
    return out;
}

describe("examples and doc samples use the label, taint and toleration cvmkit's pools set", () => {
    it("the pool rule gives the label and the toleration of the taint", () => {
        assert.deepEqual(POOL.nodeSelector, { [CVM_NODE_LABEL]: CVM_NODE_LABEL_VALUE });
        assert.ok(POOL_TOLERATION);
        assert.equal(POOL_TOLERATION.key, CVM_TAINT_KEY);
    });
    it("examples and docs are read", () => {
        assert.ok(EXAMPLE_FILES.some((f) => f.file.endsWith("main.go")));
        assert.ok(EXAMPLE_FILES.some((f) => f.file.endsWith("App.java")));
        assert.ok(EXAMPLE_FILES.some((f) => f.file.endsWith("__main__.py")));
    });
    for (const { file, text } of ALL) {
        it(`${file}: every cvmkit label or annotation key is one the code defines`, () => {
            const keys = [...text.matchAll(/\bcvmkit\.[a-z]+\/[a-z0-9-]*[a-z0-9]/g)].map(
                (m) => m[0],
            );
            assert.deepEqual(
                keys.filter((k) => !KNOWN_KEYS.has(k)),
                [],
                `keys the code does not define (the pools label and taint ${CVM_NODE_LABEL})`,
            );
        });
    }
    it("every YAML toleration of a cvmkit key in the examples and docs is the pool's", () => {
        const yamls = [
            ...EXAMPLE_FILES.filter((f) => /\.ya?ml$/.test(f.file)).map((f) => ({
                file: f.file,
                text: f.text,
            })),
            ...codeBlocks("yaml"),
        ];
        let seen = 0;
        for (const { file, text } of yamls) {
            for (const doc of parseAllDocuments(text)) {
                for (const t of tolerations(doc.toJSON())) {
                    if (typeof t.key !== "string" || !t.key.startsWith("cvmkit.")) continue;
                    seen++;
                    assert.deepEqual(t, POOL_TOLERATION, file);
                }
            }
        }
        assert.ok(seen >= 3, `${seen} tolerations checked`);
    });
    it("every toleration in the Python, Go and Java samples is the pool's", () => {
        const t = POOL_TOLERATION!;
        const forms: Record<string, RegExp> = {
            python: /TolerationArgs\(\s*key="([^"]+)",\s*operator="([^"]+)",\s*value="([^"]+)",\s*effect="([^"]+)"\s*\)/g,
            go: /TolerationArgs\{\s*Key:\s*pulumi\.String\("([^"]+)"\),\s*Operator:\s*pulumi\.String\("([^"]+)"\),\s*Value:\s*pulumi\.String\("([^"]+)"\),\s*Effect:\s*pulumi\.String\("([^"]+)"\),?\s*\}/g,
            java: /TolerationArgs\.builder\(\)\s*\.key\("([^"]+)"\)\s*\.operator\("([^"]+)"\)\s*\.value\("([^"]+)"\)\s*\.effect\("([^"]+)"\)/g,
        };
        const sources = [
            ...EXAMPLE_FILES.map((f) => ({
                lang: f.file.endsWith(".py")
                    ? "python"
                    : f.file.endsWith(".go")
                      ? "go"
                      : f.file.endsWith(".java")
                        ? "java"
                        : "",
                text: f.text,
                file: f.file,
            })),
            ...["python", "go", "java"].flatMap((lang) =>
                codeBlocks(lang).map((b) => ({ lang, text: b.text, file: b.file })),
            ),
        ].filter((s) => s.lang);
        const counts: Record<string, number> = { python: 0, go: 0, java: 0 };
        for (const { lang, text, file } of sources) {
            const calls = {
                python: /TolerationArgs\(/g,
                go: /TolerationArgs\{/g,
                java: /TolerationArgs\.builder\(\)/g,
            };
            const total = (text.match(calls[lang as keyof typeof calls]) ?? []).length;
            const found = [...text.matchAll(forms[lang]!)];
            // every toleration written in the sample is in the checked form
            assert.equal(
                found.length,
                total,
                `${file}: ${total} tolerations, ${found.length} in the checked form`,
            );
            for (const m of found) {
                counts[lang]!++;
                assert.deepEqual(
                    { key: m[1], operator: m[2], value: m[3], effect: m[4] },
                    { key: t.key, operator: t.operator, value: t.value, effect: t.effect },
                    file,
                );
            }
        }
        for (const [lang, n] of Object.entries(counts))
            assert.ok(n >= 1, `${lang}: ${n} tolerations`);
    });
});
