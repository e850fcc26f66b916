/**
 * A consumer project built from the packed tarball: `npm pack` of the package as it would be published,
 * the tarball unpacked into `node_modules/cvmkit` of a temp project (its other dependencies are the
 * repository's own, linked, so nothing is downloaded), and a type-check of that project under each
 * `moduleResolution`. The parsed declaration files are shared between the four programs, so the second
 * to fourth resolutions cost about a second each instead of the cloud SDKs' 15 s parse.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";

export const RESOLUTIONS = ["node10", "node16", "nodenext", "bundler"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

const OPTIONS: Record<Resolution, Pick<ts.CompilerOptions, "module" | "moduleResolution">> = {
    // what Pulumi's TypeScript templates use: module commonjs, moduleResolution "node"
    node10: { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 },
    node16: { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
    nodenext: {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
    },
    bundler: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
};

/** The packed package: the tarball path and the files it holds (without the `package/` prefix). */
export interface Packed {
    readonly tarball: string;
    readonly files: readonly string[];
}

/**
 * Packs the package with `npm pack` from a staging copy: `package.json`, README, LICENSE and `dist/lib` —
 * the compiled library (`build/lib` of the type-check, the same compiler options as `npm run build`,
 * without source maps, which the build does not emit).
 */
export function packPackage(repo: string, buildLib: string, work: string): Packed {
    const stage = path.join(work, "stage");
    fs.mkdirSync(path.join(stage, "dist"), { recursive: true });
    for (const f of ["package.json", "README.md", "LICENSE"]) {
        fs.copyFileSync(path.join(repo, f), path.join(stage, f));
    }
    fs.cpSync(buildLib, path.join(stage, "dist", "lib"), {
        recursive: true,
        filter: (src) => !src.endsWith(".map"),
    });
    const out = execFileSync(
        "npm",
        ["pack", "--json", "--ignore-scripts", "--offline", "--pack-destination", work],
        { cwd: stage, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    return { tarball: path.join(work, info!.filename), files: info!.files.map((f) => f.path) };
}

/** A temp project with the tarball installed as `node_modules/cvmkit`; its other modules linked from `repo`. */
export function consumerProject(repo: string, tarball: string, work: string): string {
    const app = path.join(work, "app");
    const modules = path.join(app, "node_modules");
    fs.mkdirSync(modules, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", app]);
    fs.renameSync(path.join(app, "package"), path.join(modules, "cvmkit"));
    for (const entry of fs.readdirSync(path.join(repo, "node_modules"))) {
        if (entry === "cvmkit" || entry.startsWith(".")) continue;
        fs.symlinkSync(path.join(repo, "node_modules", entry), path.join(modules, entry));
    }
    fs.writeFileSync(
        path.join(app, "package.json"),
        JSON.stringify({
            name: "consumer",
            private: true,
            dependencies: { cvmkit: `file:${tarball}` },
        }),
    );
    fs.mkdirSync(path.join(app, "src"));
    return app;
}

/** The diagnostics of type-checking `files` under each resolution (strict; `bin/<resolution>` gets the JS). */
export function typeCheck(
    app: string,
    files: readonly string[],
): Record<Resolution, { readonly errors: string[]; readonly ms: number }> {
    const cache = new Map<string, ts.SourceFile | undefined>();
    const result = {} as Record<Resolution, { errors: string[]; ms: number }>;
    for (const resolution of RESOLUTIONS) {
        const start = Date.now();
        const options: ts.CompilerOptions = {
            ...OPTIONS[resolution],
            strict: true,
            target: ts.ScriptTarget.ES2022,
            skipLibCheck: true,
            types: ["node"],
            typeRoots: [path.join(app, "node_modules", "@types")],
            outDir: path.join(app, "bin", resolution),
            rootDir: path.join(app, "src"),
        };
        const host = ts.createCompilerHost(options);
        const read = host.getSourceFile.bind(host);
        host.getSourceFile = (fileName, languageVersion, onError, create) => {
            if (!fileName.includes(`${path.sep}node_modules${path.sep}`)) {
                return read(fileName, languageVersion, onError, create);
            }
            const key = `${fileName}|${JSON.stringify(languageVersion)}`;
            if (!cache.has(key)) cache.set(key, read(fileName, languageVersion, onError, create));
            return cache.get(key);
        };
        const program = ts.createProgram(
            files.map((f) => path.join(app, "src", f)),
            options,
            host,
        );
        const diagnostics = [...ts.getPreEmitDiagnostics(program)];
        if (resolution === "node10") diagnostics.push(...program.emit().diagnostics);
        result[resolution] = {
            errors: diagnostics.map((d) =>
                ts.formatDiagnostic(d, {
                    getCanonicalFileName: (f) => f,
                    getCurrentDirectory: () => app,
                    getNewLine: () => "\n",
                }),
            ),
            ms: Date.now() - start,
        };
    }
    return result;
}

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
