/**
 * Reads the `@default` tags of public option interfaces from the TypeScript source, and compares each with
 * the real default: a literal one (`false`, `"none"`, `{ cpu: "1" }`, `["Deny"]`) must equal the resolved
 * value, a worded one (`minSize, at least 1`) must read exactly as expected, next to a check of the
 * behaviour it describes. Shared by the compat and the documented-defaults tests.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { it } from "node:test";
import * as ts from "typescript";

export const ROOT = path.resolve(__dirname, "..", "..", "..");

/** A documented default and how it is checked. */
export type Expected =
    | { readonly literal: unknown }
    | { readonly actual: () => Promise<unknown> }
    | { readonly words: string; readonly check: () => void | Promise<void> };

/** `Interface.property` → the text of its `@default` tag (undefined: none), from `file` under the repo root. */
export function documentedDefaults(
    file: string,
    interfaces: readonly string[],
): Map<string, string | undefined> {
    const source = path.join(ROOT, file);
    const parsed = ts.createSourceFile(
        source,
        fs.readFileSync(source, "utf8"),
        ts.ScriptTarget.Latest,
        true,
    );
    const out = new Map<string, string | undefined>();
    const visit = (name: string, members: ts.NodeArray<ts.TypeElement>): void => {
        for (const member of members) {
            if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) continue;
            const tag = ts.getJSDocTags(member).find((t) => t.tagName.text === "default");
            const text =
                tag === undefined
                    ? undefined
                    : ts.getTextOfJSDocComment(tag.comment)?.replace(/\s+/g, " ").trim();
            out.set(`${name}.${member.name.text}`, text);
        }
    };
    const walk = (node: ts.Node): void => {
        if (ts.isInterfaceDeclaration(node) && interfaces.includes(node.name.text)) {
            visit(node.name.text, node.members);
        } else if (ts.isTypeAliasDeclaration(node) && interfaces.includes(node.name.text)) {
            // `type X = Omit<…> & { … }`: the literal members of the intersection
            const type = node.type;
            const parts = ts.isIntersectionTypeNode(type) ? type.types : [type];
            for (const part of parts) {
                if (ts.isTypeLiteralNode(part)) visit(node.name.text, part.members);
            }
        }
        ts.forEachChild(node, walk);
    };
    walk(parsed);
    for (const name of interfaces) {
        assert.ok(
            [...out.keys()].some((k) => k.startsWith(`${name}.`)),
            `no options of ${name} read from ${file}`,
        );
    }
    return out;
}

/** A JavaScript literal as the docs write it (`{ cpu: "1" }`) as a value, or undefined when it is words. */
export function literalOf(text: string): { value: unknown } | undefined {
    const json = text.replace(/([{,]\s*)([A-Za-z_][\w]*)\s*:/g, '$1"$2":');
    try {
        return { value: JSON.parse(json) as unknown };
    } catch {
        return undefined;
    }
}

/**
 * Registers the tests of one source file: every option with a `@default` is in `expected` (and the other way
 * round), and each documented default equals the real one.
 *
 * @param noDefault options that are documented as having none (required, or given by the caller).
 */
export function testDocumentedDefaults(
    file: string,
    interfaces: readonly string[],
    expected: Readonly<Record<string, Expected>>,
    noDefault: ReadonlySet<string> = new Set(),
): void {
    const documented = documentedDefaults(file, interfaces);
    it(`${file}: every documented default is checked here, and every checked one is documented`, () => {
        for (const [option, text] of documented) {
            if (text === undefined || noDefault.has(option)) continue;
            assert.ok(
                option in expected,
                `${option} (@default ${text}) is not checked by this test`,
            );
        }
        for (const option of Object.keys(expected)) {
            assert.ok(documented.get(option) !== undefined, `${option} has no @default (any more)`);
        }
    });
    for (const [option, want] of Object.entries(expected)) {
        it(`${option}`, async () => {
            const text = documented.get(option) ?? "";
            if ("words" in want) {
                assert.equal(text, want.words);
                await want.check();
                return;
            }
            const literal = literalOf(text);
            assert.ok(literal, `@default ${text} is not a literal`);
            const actual = "literal" in want ? want.literal : await want.actual();
            assert.deepEqual(literal.value, actual, `@default ${text}`);
        });
    }
}
