/**
 * The documentation as the tests read it: README.md and every Markdown page under docs/ (the generated API
 * reference included), their fenced code blocks, links and heading anchors. Anchors are computed the way
 * both readers compute them — GitHub's renderer and the docs site's (Python-Markdown's `toc` slugify, the
 * MkDocs default) — and a link must resolve under both.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "..", "..", "..");

/** One Markdown file of the documentation. */
export interface DocFile {
    /** Path relative to the repository, with `/` separators. */
    readonly file: string;
    readonly text: string;
}

function walk(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory()
                ? walk(path.join(dir, e.name))
                : e.name.endsWith(".md")
                  ? [path.join(dir, e.name)]
                  : [],
        )
        .sort();
}

/** README.md, then every `docs/**\/*.md` in path order. */
export function docFiles(): DocFile[] {
    return [path.join(REPO, "README.md"), ...walk(path.join(REPO, "docs"))].map((f) => ({
        file: path.relative(REPO, f).split(path.sep).join("/"),
        text: fs.readFileSync(f, "utf8"),
    }));
}

/** A fenced code block: the file it is in, its language and its text. */
export interface CodeBlock {
    readonly file: string;
    readonly lang: string;
    readonly text: string;
}

/** Every fenced block (```lang … ```) of the documentation whose language is `lang`. */
export function codeBlocks(lang: string, files: readonly DocFile[] = docFiles()): CodeBlock[] {
    return files.flatMap(({ file, text }) =>
        [...text.matchAll(/^```([\w-]*)[^\n]*\n([\s\S]*?)^```\s*$/gm)]
            .filter((m) => m[1] === lang)
            .map((m) => ({ file, lang, text: m[2]! })),
    );
}

/** Text of a heading as a reader sees it: inline code, emphasis, links and HTML reduced to their text. */
function headingText(raw: string): string {
    return raw
        .replace(/\s+#+\s*$/, "")
        .replace(/<[^>]+>/g, "")
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/`([^`]*)`/g, "$1")
        .replace(/(\*\*|__|\*|_)(\S(?:.*?\S)?)\1/g, "$2")
        .trim();
}

/** GitHub's heading anchor (github-slugger): lower case, punctuation dropped, each space a `-`. */
export function githubSlug(heading: string): string {
    return headingText(heading)
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
        .replace(/ /g, "-");
}

/** Python-Markdown's `toc` slugify (MkDocs): ASCII only, punctuation dropped, runs of spaces/`-` one `-`. */
export function mkdocsSlug(heading: string): string {
    return headingText(heading)
        .normalize("NFKD")
        .replace(/[^\p{ASCII}]/gu, "")
        .replace(/[^\w\s-]/g, "")
        .trim()
        .toLowerCase()
        .replace(/[-\s]+/g, "-");
}

/** The headings of a Markdown text outside fenced blocks. */
export function headings(text: string): string[] {
    const out: string[] = [];
    let fence = false;
    for (const line of text.split("\n")) {
        if (/^```/.test(line)) fence = !fence;
        else if (!fence && /^#{1,6} /.test(line)) out.push(line.replace(/^#+ /, ""));
    }
    return out;
}

/** Both readers' anchors of one file (duplicates numbered as each reader numbers them). */
export function anchors(text: string): { github: Set<string>; mkdocs: Set<string> } {
    const github = new Set<string>();
    const mkdocs = new Set<string>();
    for (const h of headings(text)) {
        const g = githubSlug(h);
        let n = 0;
        while (github.has(n ? `${g}-${n}` : g)) n++;
        github.add(n ? `${g}-${n}` : g);
        const m = mkdocsSlug(h);
        n = 0;
        while (mkdocs.has(n ? `${m}_${n}` : m)) n++;
        mkdocs.add(n ? `${m}_${n}` : m);
    }
    // explicit anchors (<a id="…"></a>, <a name="…">) are anchors for both
    for (const m of text.matchAll(/<a (?:id|name)="([^"]+)"/g)) {
        github.add(m[1]!);
        mkdocs.add(m[1]!);
    }
    return { github, mkdocs };
}

/** A Markdown link of the documentation outside fenced blocks and inline code. */
export interface DocLink {
    readonly file: string;
    readonly target: string;
}

/** Every inline link `[text](target)` of a file (fenced blocks and inline code skipped). */
export function links(doc: DocFile): DocLink[] {
    const prose = doc.text.replace(/^```[\s\S]*?^```\s*$/gm, "").replace(/`[^`\n]*`/g, "");
    return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({
        file: doc.file,
        target: m[1]!,
    }));
}
