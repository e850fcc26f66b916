/**
 * The Configuration table of docs/reference/configuration.md against the types: every key of `CvmConfig` (recursively through the
 * `…Config` interfaces) has exactly one row, no row names a key that does not exist, and each row's
 * Default is the property's `@default` JSDoc tag.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";

const REPO = path.resolve(__dirname, "..", "..", "..");
const CONFIG = path.join(REPO, "lib", "manifests", "config.ts");

/** Dotted key → its `@default` text (undefined when it has none). */
function configKeys(): Map<string, string | undefined> {
    const program = ts.createProgram([CONFIG], { strict: true, skipLibCheck: true, noEmit: true });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(CONFIG)!;
    const root = source.statements.find(
        (s): s is ts.InterfaceDeclaration =>
            ts.isInterfaceDeclaration(s) && s.name.text === "CvmConfig",
    )!;
    const keys = new Map<string, string | undefined>();
    const walk = (type: ts.Type, prefix: string) => {
        for (const prop of type.getProperties()) {
            const key = `${prefix}${prop.name}`;
            const tag = prop.getJsDocTags(checker).find((t) => t.name === "default");
            const propType = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
            const parts = propType.isUnion() ? propType.types : [propType];
            const sections = parts.filter(
                (p) =>
                    (p.getSymbol()?.getName() ?? "").endsWith("Config") && !checker.isArrayType(p),
            );
            // a key that is only a group of settings (supervisor, sysboxRuntime, …) has rows for its keys only
            if (sections.length < parts.length || parts.length === 0) {
                keys.set(
                    key,
                    tag ? ts.displayPartsToString(tag.text).replace(/\s+/g, " ").trim() : undefined,
                );
            }
            for (const section of sections) walk(section, `${key}.`);
        }
    };
    walk(checker.getTypeAtLocation(root), "");
    return keys;
}

/** Key → Default cell of the configuration reference's table. */
function readmeRows(): Map<string, string> {
    const page = fs.readFileSync(path.join(REPO, "docs", "reference", "configuration.md"), "utf8");
    const table = page.slice(page.indexOf("| Key | Default | Meaning |"));
    const rows = new Map<string, string>();
    for (const line of table.split("\n").slice(2)) {
        if (!line.startsWith("|")) break;
        const cells = line.split(" | ").map((c) => c.replace(/^\|\s*|\s*\|$/g, "").trim());
        const key = /^`([^`]+)`$/.exec(cells[0]!)?.[1];
        assert.ok(key, `a row whose key is one \`key\`: ${line}`);
        assert.ok(!rows.has(key), `one row per key: ${key}`);
        rows.set(key, cells[1]!);
    }
    return rows;
}

const norm = (text: string) => text.replace(/`/g, "").replace(/\s+/g, " ").trim();

describe("docs/reference/configuration.md: the Configuration table", () => {
    const keys = configKeys();
    const rows = readmeRows();
    it("lists every config key of the types, and nothing else", () => {
        assert.ok(keys.size > 20, `found ${keys.size} keys`);
        assert.deepEqual([...rows.keys()].sort(), [...keys.keys()].sort());
    });
    for (const [key, def] of keys) {
        it(`${key}: the Default column is the @default of the type`, () => {
            const cell = rows.get(key);
            assert.ok(cell !== undefined, `no row for ${key}`);
            if (def === undefined) {
                assert.match(cell, /^—/, `${key} has no @default, so the reference says —`);
            } else {
                assert.equal(norm(cell).slice(0, norm(def).length), norm(def));
            }
        });
    }
});
