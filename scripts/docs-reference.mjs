/* global console, process */
/**
 * The generated parts of the references in docs/reference/, from the code that defines them:
 *
 * - configuration.md: every key of `CvmConfig` (lib/manifests/config.ts, read with the TypeScript
 *   compiler): its type, allowed values, `@default` and JSDoc;
 * - cli.md: every flag of every command (the parseArgs definitions in lib/cli/flags.ts) with its help line
 *   (the commands' usage texts) and the config key it sets (`FLAG_OF_FIELD`);
 * - doctor-checks.md: every check id (lib/doctor/check-ids.ts), what it reads and tells
 *   (`DOCTOR_CHECK_INFO`) and every remedy the code attaches to its findings (read from the sources);
 * - api.md: every exported symbol of every entry point (package.json `exports`), its kind, the first
 *   sentence of its JSDoc and its source file (the full signatures are the API reports in api/).
 *
 *   node scripts/docs-reference.mjs           check: exit 1 when a committed section differs
 *   node scripts/docs-reference.mjs --update  rewrite the sections (`npm run docs:reference`)
 *
 * Each section sits between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`; the prose around it is
 * hand-written. Reads the compiled build/lib (run `tsc -p tsconfig.json` first). CVMKIT_DOCS_DIR points it
 * at another docs directory (the unit test's copy).
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DOCS = process.env.CVMKIT_DOCS_DIR ?? path.join(ROOT, "docs");
const require = createRequire(import.meta.url);
const lib = (p) => require(path.join(ROOT, "build", "lib", p));

const cell = (s) => s.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();
const code = (s) => (s.includes("`") ? `\`\` ${s} \`\`` : `\`${s}\``);
const table = (head, rows) =>
    [
        `| ${head.join(" | ")} |`,
        `|${head.map(() => "---").join("|")}|`,
        ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
    ].join("\n");

function libFiles(dir = path.join(ROOT, "lib")) {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? libFiles(p) : e.name.endsWith(".ts") ? [p] : [];
    });
}
const program = ts.createProgram(libFiles(), {
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    types: ["node"],
});
const checker = program.getTypeChecker();
const docText = (parts) =>
    ts
        .displayPartsToString(parts)
        .replace(/\{@link\s+([^}\s|]+)[^}]*\}/g, "`$1`")
        .replace(/\s+/g, " ")
        .trim();

// ---------------------------------------------------------------- configuration
/** A default that is a value (`"none"`, `[]`, `{ cpu: "1" }`, `true`) as code; words stay words. */
const defaultText = (d) => (/^(["[{\d-]|true$|false$)/.test(d) ? code(d) : d);

function configTable() {
    const file = path.join(ROOT, "lib", "manifests", "config.ts");
    const source = program.getSourceFile(file);
    const root = source.statements.find(
        (s) => ts.isInterfaceDeclaration(s) && s.name.text === "CvmConfig",
    );
    const rows = [];
    const walk = (type, prefix) => {
        for (const prop of type.getProperties()) {
            const key = `${prefix}${prop.name}`;
            const decl = prop.valueDeclaration;
            const tag = prop.getJsDocTags(checker).find((t) => t.name === "default");
            const propType = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
            const parts = propType.isUnion() ? propType.types : [propType];
            const sections = parts.filter(
                (p) =>
                    (p.getSymbol()?.getName() ?? "").endsWith("Config") && !checker.isArrayType(p),
            );
            if (sections.length < parts.length || parts.length === 0) {
                const typeText =
                    decl && ts.isPropertySignature(decl) && decl.type
                        ? decl.type.getText()
                        : checker.typeToString(propType);
                const element = checker.isArrayType(propType)
                    ? checker.getTypeArguments(propType)[0]
                    : propType;
                const members = element.isUnion() ? element.types : [element];
                const literals = members
                    .filter((m) => m.isStringLiteral())
                    .map((m) => code(m.value));
                const bool = members.some((m) => m.flags & ts.TypeFlags.BooleanLiteral);
                const allowed = [
                    ...literals,
                    ...(bool ? ["`true`", "`false`"] : []),
                    ...(sections.length ? ["the settings of the keys below"] : []),
                ];
                rows.push([
                    code(key),
                    code(typeText.replace(/\s+/g, " ")),
                    tag
                        ? defaultText(docText(tag.text))
                        : `— (${decl.questionToken ? "none" : "required"})`,
                    allowed.length ? allowed.join(", ") : "—",
                    docText(prop.getDocumentationComment(checker)),
                ]);
            }
            for (const s of sections) walk(s, `${key}.`);
        }
    };
    walk(checker.getTypeAtLocation(root), "");
    return table(["Key", "Type", "Default", "Allowed values", "Description"], rows);
}

// ---------------------------------------------------------------- CLI
/** Help text of each flag, from a usage text: `--name` → the lines after the left column, joined. */
function helpLines(usage) {
    const help = new Map();
    let current;
    for (const line of usage.split("\n")) {
        const m = /^ {2}(?:-(\w), )? *--([\w-]+)(?: (\S+))?\s+(.*)$/.exec(line);
        if (m) {
            // the word after the flag is its value's placeholder (FILE, V, yaml|json) or the help's first word
            const isValue = m[3] !== undefined && (/^[A-Z]/.test(m[3]) || m[3].includes("|"));
            current = {
                short: m[1],
                value: isValue ? m[3] : undefined,
                text: m[3] && !isValue ? `${m[3]} ${m[4]}` : m[4],
            };
            help.set(m[2], current);
        } else if (current && /^ {20,}\S/.test(line)) current.text += ` ${line.trim()}`;
        else current = undefined;
    }
    return help;
}

function cliTable(command, options, usage, fieldOf) {
    const help = helpLines(usage);
    const rows = Object.entries(options).map(([name, o]) => {
        const h = help.get(name);
        if (!h) throw new Error(`cvmkit ${command}: --${name} has no line in its help text`);
        const flag = `${o.short ? `-${o.short}, ` : ""}--${name}${h.value ? ` ${h.value}` : ""}`;
        const key = Object.entries(fieldOf).find(([, f]) => f === `--${name}`)?.[0];
        return [code(flag), o.type, o.multiple ? "yes" : "", key ? code(key) : "", h.text];
    });
    for (const name of help.keys()) {
        if (!(name in options))
            throw new Error(
                `cvmkit ${command}: the help names --${name}, which the parser does not accept`,
            );
    }
    return table(["Flag", "Type", "Repeatable", "Config key", "Description"], rows);
}

function cliSection() {
    const flags = lib("cli/flags.js");
    const { RENDER_USAGE } = lib("cli/render.js");
    const { DOCTOR_USAGE } = lib("cli/doctor.js");
    const { CLEANUP_USAGE } = lib("cli/sysbox-cleanup.js");
    return [
        "### `cvmkit render`",
        cliTable("render", flags.RENDER_OPTIONS, RENDER_USAGE, flags.FLAG_OF_FIELD),
        "### `cvmkit doctor`",
        cliTable("doctor", flags.DOCTOR_OPTIONS, DOCTOR_USAGE, {}),
        "### `cvmkit sysbox-cleanup`",
        cliTable("sysbox-cleanup", flags.SYSBOX_CLEANUP_OPTIONS, CLEANUP_USAGE, {}),
    ].join("\n\n");
}

// ---------------------------------------------------------------- doctor checks
/** A remedy expression as text: literals as written, constants resolved, anything computed as ‹expr›. */
function exprText(e) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return exprText(e.expression);
    if (ts.isStringLiteralLike(e)) return e.text;
    if (ts.isTemplateExpression(e)) {
        return (
            e.head.text +
            e.templateSpans.map((s) => exprText(s.expression) + s.literal.text).join("")
        );
    }
    if (ts.isConditionalExpression(e)) return `${exprText(e.whenTrue)} ‖ ${exprText(e.whenFalse)}`;
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
        return `${exprText(e.left)} ‖ ${exprText(e.right)}`;
    }
    const t = checker.getTypeAtLocation(e);
    if (t.isStringLiteral()) return t.value;
    if (t.isNumberLiteral()) return String(t.value);
    return `‹${e.getText().replace(/\s+/g, " ")}›`;
}

function remedies() {
    const byCheck = new Map();
    for (const sf of program.getSourceFiles()) {
        if (!sf.fileName.startsWith(path.join(ROOT, "lib"))) continue;
        const visit = (node) => {
            if (ts.isObjectLiteralExpression(node)) {
                const prop = (n) =>
                    node.properties.find(
                        (p) => ts.isPropertyAssignment(p) && p.name.getText() === n,
                    );
                const check = prop("check");
                const remedy = prop("remedy");
                if (check && remedy && ts.isStringLiteral(check.initializer)) {
                    const list = byCheck.get(check.initializer.text) ?? [];
                    const text = exprText(remedy.initializer);
                    if (!list.includes(text)) list.push(text);
                    byCheck.set(check.initializer.text, list);
                }
            }
            ts.forEachChild(node, visit);
        };
        visit(sf);
    }
    return byCheck;
}

function doctorTable() {
    const { DOCTOR_CHECKS, DOCTOR_CHECK_INFO } = lib("doctor/check-ids.js");
    const found = remedies();
    const rows = DOCTOR_CHECKS.map((id) => {
        const info = DOCTOR_CHECK_INFO[id];
        if (!info) throw new Error(`DOCTOR_CHECK_INFO has no entry for ${id}`);
        const list = found.get(id) ?? [];
        return [
            code(id),
            info.reads,
            info.tells,
            list.length ? list.map((r) => `• ${r}`).join("<br>") : "—",
        ];
    });
    for (const id of found.keys()) {
        if (!DOCTOR_CHECKS.includes(id))
            throw new Error(`a finding's check ${id} is not in DOCTOR_CHECKS`);
    }
    return table(["Check", "Reads", "Tells", "Remedies"], rows);
}

// ---------------------------------------------------------------- API
/** Every exported symbol of every entry point (package.json `exports`), its kind and its JSDoc summary. */
function apiSection() {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const out = [];
    for (const sub of Object.keys(pkg.exports).filter((s) => s !== "./package.json")) {
        const entry = sub === "." ? "cvmkit" : `cvmkit/${sub.slice(2)}`;
        const file = path.join(ROOT, "lib", sub === "." ? "" : sub.slice(2), "index.ts");
        const source = program.getSourceFile(file);
        if (!source) throw new Error(`${entry}: ${file} is not in the program`);
        const symbols = checker.getExportsOfModule(checker.getSymbolAtLocation(source));
        const rows = symbols
            .map((s) => {
                const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
                const decl = target.declarations?.[0];
                const kind = !decl
                    ? "—"
                    : ts.isClassDeclaration(decl)
                      ? "class"
                      : ts.isInterfaceDeclaration(decl)
                        ? "interface"
                        : ts.isTypeAliasDeclaration(decl)
                          ? "type"
                          : ts.isFunctionDeclaration(decl)
                            ? "function"
                            : ts.isEnumDeclaration(decl)
                              ? "enum"
                              : ts.isVariableDeclaration(decl)
                                ? "const"
                                : ts.SyntaxKind[decl.kind];
                const where = decl ? path.relative(ROOT, decl.getSourceFile().fileName) : "";
                const doc = docText(target.getDocumentationComment(checker));
                const summary = doc.replace(/^(.*?[.:;])\s.*$/, "$1");
                return [
                    code(s.name),
                    kind,
                    summary || "—",
                    where ? `[\`${where}\`](../../${where})` : "",
                ];
            })
            .sort((a, b) => a[0].localeCompare(b[0]));
        out.push(
            `### \`${entry}\``,
            `${rows.length} exports.`,
            table(["Symbol", "Kind", "Summary", "Source"], rows),
        );
    }
    return out.join("\n\n");
}

// ---------------------------------------------------------------- write / check
const SECTIONS = [
    ["reference/configuration.md", "config", configTable],
    ["reference/cli.md", "cli", cliSection],
    ["reference/doctor-checks.md", "doctor-checks", doctorTable],
    ["reference/api.md", "api", apiSection],
];

const update = process.argv.includes("--update");
let stale = 0;
for (const [file, name, make] of SECTIONS) {
    const p = path.join(DOCS, file);
    const text = fs.readFileSync(p, "utf8");
    const open = `<!-- generated:${name} (scripts/docs-reference.mjs; do not edit) -->`;
    const close = `<!-- /generated:${name} -->`;
    const i = text.indexOf(open);
    const j = text.indexOf(close);
    if (i < 0 || j < i) throw new Error(`${file}: no ${open} … ${close} section`);
    const next = `${text.slice(0, i + open.length)}\n\n${make()}\n\n${text.slice(j)}`;
    if (next === text) continue;
    if (update) {
        fs.writeFileSync(p, next);
        console.log(`wrote ${file} (${name})`);
    } else {
        stale++;
        console.error(`${file}: the ${name} section is not current; run npm run docs:reference`);
    }
}
process.exitCode = stale ? 1 : 0;
