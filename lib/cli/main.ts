#!/usr/bin/env node
import { assertSupportedNode, CvmkitConfigError, UnsupportedNodeError } from "../compat";
import { ConfigErrors } from "./config-file";
import { DOCTOR_USAGE, errorResult, runDoctorCommand } from "./doctor";
import { CommandResult, packageVersion, RENDER_USAGE, runRender } from "./render";
import { CLEANUP_USAGE, runCleanupCommand } from "./sysbox-cleanup";

/**
 * The `cvmkit` executable: dispatches to the `render` and `doctor` commands and maps errors to exit codes.
 */

export const USAGE = `Usage: cvmkit <command> [options]

Commands:
  render    print the Kubernetes objects that make a cluster ready for CVMs
  doctor    check a live cluster against every CVM requirement
  sysbox-cleanup
            remove Sysbox from the nodes after the runtime was turned off (upstream's cleanup DaemonSet)
  help      show this help (also -h, --help)
  version   print the cvmkit version (also -V, --version)

Run \`cvmkit <command> --help\` for a command's options. Exit codes: 0 success, 1 a doctor check
fails (sysbox-cleanup: refused or timed out), 2 usage or config error, unsupported Node.js, or cluster unreachable.`;

const FULL_HELP = () => `${USAGE}\n\n${RENDER_USAGE}\n\n${DOCTOR_USAGE}\n\n${CLEANUP_USAGE}\n`;

/** Runs the CLI with arguments (without `node` and the script) and returns what to print. */
export async function main(
    argv: readonly string[],
    progress?: (line: string) => void,
): Promise<CommandResult> {
    const [command, ...rest] = argv;
    try {
        switch (command) {
            case undefined:
                // no command is a usage error: the help goes to stderr, exit code 2
                return { stdout: "", stderr: FULL_HELP(), exitCode: 2 };
            case "help":
            case "--help":
            case "-h":
                return { stdout: FULL_HELP(), stderr: "", exitCode: 0 };
            case "version":
            case "--version":
            case "-V":
                return { stdout: `${packageVersion()}\n`, stderr: "", exitCode: 0 };
        }
        // before anything talks to a cluster: on older Node @kubernetes/client-node fails obscurely
        assertSupportedNode();
        switch (command) {
            case "render":
                return runRender(rest);
            case "doctor":
                return await runDoctorCommand(rest, progress);
            case "sysbox-cleanup":
                return await runCleanupCommand(rest, progress);
            default:
                return {
                    stdout: "",
                    stderr: `cvmkit: unknown command "${command}"\n\n${USAGE}\n`,
                    exitCode: 2,
                };
        }
    } catch (err) {
        if (err instanceof UnsupportedNodeError) {
            // doctor --json prints a JSON report on every exit path
            if (command === "doctor" && rest.includes("--json")) {
                return errorResult(true, "node", "node-version", "", err.message, "cvmkit: ");
            }
            return { stdout: "", stderr: `cvmkit: ${err.message}\n`, exitCode: 2 };
        }
        if (err instanceof ConfigErrors) {
            return { stdout: "", stderr: `cvmkit: ${err.message}\n`, exitCode: 2 };
        }
        if (err instanceof CvmkitConfigError) {
            return { stdout: "", stderr: `cvmkit: ${err.message}\n`, exitCode: 2 };
        }
        if ((err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
            return {
                stdout: "",
                stderr: `cvmkit: ${(err as Error).message}\nRun \`cvmkit ${command} --help\`.\n`,
                exitCode: 2,
            };
        }
        throw err;
    }
}

if (require.main === module) {
    const progress = (line: string): void => {
        if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`);
        else process.stderr.write(`${line}\n`);
    };
    main(process.argv.slice(2), progress).then(
        (r) => {
            if (process.stderr.isTTY) process.stderr.write("\r\x1b[2K");
            process.stdout.write(r.stdout);
            process.stderr.write(r.stderr);
            process.exitCode = r.exitCode;
        },
        (err: unknown) => {
            process.stderr.write(`cvmkit: ${(err as Error).stack ?? String(err)}\n`);
            process.exitCode = 1;
        },
    );
}
