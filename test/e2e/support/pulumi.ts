/**
 * Runs the top-level Pulumi program (`program/index.ts` compiled to build/program) with the real Pulumi engine
 * (the CLI built by scripts/toolchain.sh) and the real `pulumi-resource-kubernetes` provider, through the
 * Automation API. The program is an inline program: the SDK serves the Node.js language runtime in this
 * process (the `pulumi-language-nodejs` plugin cannot be built here), and the engine drives the real
 * provider against the local control plane. State lives in a local file backend; secrets use a passphrase.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { parse } from "yaml";

const BUILD_ROOT = path.resolve(__dirname, "..", "..", "..");
const REPO = path.resolve(BUILD_ROOT, "..");
const PROGRAM = path.join(BUILD_ROOT, "program", "index.js");

/** Loads the program afresh (its module body declares the resources). */
async function program(): Promise<Record<string, unknown>> {
    for (const key of Object.keys(require.cache)) {
        if (key === PROGRAM) delete require.cache[key];
    }
    // The program must run again on every update, so it is required (not imported once) each time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { ...(require(PROGRAM) as Record<string, unknown>) };
}

export interface PulumiEnv {
    readonly stack: Stack;
    readonly dir: string;
    cleanup(): void;
}

/** The toolchain directory (same default as scripts/toolchain.sh). */
export function toolchainDir(): string {
    return (
        process.env.CVMKIT_TOOLCHAIN_DIR ?? path.join(os.homedir(), ".cache", "cvmkit", "toolchain")
    );
}

/**
 * Creates a stack of the top-level project (settings from the repository's Pulumi.yaml) in a temp backend,
 * running the top-level program or `inline` (the test's own program).
 */
export async function createStack(
    stackName: string,
    config: Record<string, { value: string; secret?: boolean }>,
    inline: PulumiFn = program,
): Promise<PulumiEnv> {
    const pulumiBin = path.join(toolchainDir(), "bin", "pulumi");
    if (!fs.existsSync(pulumiBin)) {
        throw new Error(
            `the Pulumi CLI is missing at ${pulumiBin}: run \`bash scripts/toolchain.sh\` first`,
        );
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-pulumi-"));
    fs.mkdirSync(path.join(dir, "state"));
    const project = parse(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")) as {
        name: string;
        description?: string;
    };
    const command = await PulumiCommand.get({
        root: path.dirname(path.dirname(fs.realpathSync(pulumiBin))),
        skipVersionCheck: true,
    });
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName, projectName: project.name, program: inline },
        {
            workDir: dir,
            pulumiCommand: command,
            pulumiHome: process.env.PULUMI_HOME ?? path.join(toolchainDir(), "pulumi-home"),
            projectSettings: {
                name: project.name,
                runtime: "nodejs",
                description: project.description,
                backend: { url: `file://${dir}/state` },
            },
            envVars: {
                PULUMI_BACKEND_URL: `file://${dir}/state`,
                PULUMI_CONFIG_PASSPHRASE: "cvmkit-e2e",
                PULUMI_SKIP_UPDATE_CHECK: "true",
                PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
            },
            secretsProvider: "passphrase",
        },
    );
    await stack.setAllConfig(config);
    return {
        stack,
        dir,
        cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
}
