/**
 * Runs the Pulumi CLI (the toolchain's) on a Pulumi YAML project: the project is copied into a temp dir with
 * `plugins.providers` paths made absolute, state lives in a local file backend there, secrets use a
 * passphrase, and nothing is downloaded (plugins come from the toolchain's PULUMI_HOME, the cvmkit provider
 * from the repository's `provider/pulumi-resource-cvmkit`, run on the compiled build/ tree).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { toolchainDir } from "./pulumi";

const BUILD_ROOT = path.resolve(__dirname, "..", "..", "..");
export const REPO = path.resolve(BUILD_ROOT, "..");

export interface CliResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface YamlProject {
    readonly dir: string;
    /** Runs `pulumi <args>` in the project (non-interactive, local backend); never throws on exit codes. */
    run(args: readonly string[], timeoutMs?: number): Promise<CliResult>;
    cleanup(): void;
}

/** The parsed Pulumi.yaml of a YAML project. */
export interface YamlProgram {
    plugins?: { providers?: { name: string; path: string }[] };
    resources?: Record<string, { type: string; properties?: Record<string, unknown> }>;
    [key: string]: unknown;
}

/**
 * Copies `example` (a directory with a Pulumi.yaml) to a temp dir, changed by `edit` when given, and creates
 * stack `stack` in it.
 */
export async function yamlProject(
    example: string,
    stack: string,
    edit: (program: YamlProgram) => void = () => {},
): Promise<YamlProject> {
    const tc = toolchainDir();
    const pulumiBin = path.join(tc, "bin", "pulumi");
    const yamlHost = path.join(tc, "bin", "pulumi-language-yaml");
    for (const bin of [pulumiBin, yamlHost]) {
        if (!fs.existsSync(bin)) {
            throw new Error(`${bin} is missing: run \`bash scripts/toolchain.sh\` first`);
        }
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-yaml-"));
    const project = parse(
        fs.readFileSync(path.join(example, "Pulumi.yaml"), "utf8"),
    ) as YamlProgram;
    edit(project);
    for (const p of project.plugins?.providers ?? []) p.path = path.resolve(example, p.path);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(project));
    fs.mkdirSync(path.join(dir, "state"));
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: [
            path.dirname(fs.realpathSync(yamlHost)),
            path.dirname(fs.realpathSync(pulumiBin)),
            process.env.PATH,
        ].join(path.delimiter),
        PULUMI_HOME: process.env.PULUMI_HOME ?? path.join(tc, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${dir}/state`,
        PULUMI_CONFIG_PASSPHRASE: "cvmkit-e2e",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        CVMKIT_PROVIDER_ENTRY: path.join(BUILD_ROOT, "lib", "provider", "main.js"),
    };
    const run = (args: readonly string[], timeoutMs = 300_000): Promise<CliResult> =>
        new Promise((resolve, reject) => {
            const child = spawn(pulumiBin, [...args, "--non-interactive", "--color=never"], {
                cwd: dir,
                env,
                stdio: ["ignore", "pipe", "pipe"],
            });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
            child.on("error", reject);
            child.on("close", (code) => {
                clearTimeout(timer);
                resolve({ code: code ?? -1, stdout, stderr });
            });
        });
    const init = await run(["stack", "init", stack]);
    if (init.code !== 0) throw new Error(`pulumi stack init failed: ${init.stderr}${init.stdout}`);
    return { dir, run, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
