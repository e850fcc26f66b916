import { parseArgs } from "node:util";
import { CvmkitConfigError } from "../compat";
import { cliError, EMPTY_NAMESPACE_FIX, DOCTOR_OPTIONS } from "./flags";
import {
    ClusterConnectionError,
    DoctorReport,
    formatJson,
    formatTable,
    runDoctor,
} from "../doctor";
import { CommandResult, parseNodeSelectorFlags } from "./render";

/**
 * The `cvmkit doctor` command: parses its flags, runs the read-only live-cluster checks of lib/doctor and turns
 * their findings (or a failure to reach the cluster) into output and an exit code.
 */

export const DOCTOR_USAGE = `Usage: cvmkit doctor [options]

Checks a live cluster against every CVM requirement and says what to change. Read-only (dry-run only).
Exit code 0 when nothing fails (warnings allowed), 1 when a check fails, 2 on bad options, an
unsupported Node.js, or when the cluster cannot be reached (no kubeconfig, connection refused, TLS,
rejected credentials).

Options:
      --kubeconfig FILE     kubeconfig (default: $KUBECONFIG or ~/.kube/config)
      --context NAME        kubeconfig context (default: current)
  -n, --namespace NS        CVM namespace (default: cvm-workspaces)
      --mode MODE           supervisor | sysbox (default: supervisor)
      --node-selector K=V   only check nodes with this label (repeatable), e.g. cvmkit.dev/cvm-node=true
      --supervisor-image I  supervisor image for the admission dry-run
      --rollout             also count, per CVM node pool, the CVM pods a roll of its nodes would evict
      --verbose             one row per node and finding (default: identical findings share a row)
      --json                print the report as JSON (every finding; also on errors)
  -h, --help                show this help`;

/** The JSON printed by `doctor --json` when no report could be made. */
export interface DoctorErrorReport {
    readonly server: string;
    readonly error: { readonly kind: string; readonly cause: string; readonly message: string };
    readonly findings: readonly never[];
    readonly counts: { readonly ok: 0; readonly warn: 0; readonly fail: 0 };
    readonly exitCode: number;
}

/** What `doctor` prints when it cannot make a report: the message, and with `--json` a JSON report too. */
export function errorResult(
    json: boolean,
    kind: string,
    cause: string,
    server: string,
    message: string,
    prefix: string,
): CommandResult {
    if (!json) return { stdout: "", stderr: `${prefix}${message}\n`, exitCode: 2 };
    const report: DoctorErrorReport = {
        server,
        error: { kind, cause, message },
        findings: [],
        counts: { ok: 0, warn: 0, fail: 0 },
        exitCode: 2,
    };
    return { stdout: formatJson(report as never), stderr: `${prefix}${message}\n`, exitCode: 2 };
}

/** `cvmkit doctor`. Progress goes to `progress` (stderr in the CLI). */
export async function runDoctorCommand(
    argv: readonly string[],
    progress?: (line: string) => void,
): Promise<CommandResult> {
    // --json holds on every exit path, also when the other options are wrong
    const json = argv.includes("--json");
    try {
        return await doctor(argv, json, progress);
    } catch (err) {
        if (err instanceof CvmkitConfigError) {
            // the doctor's only config input is --supervisor-image: name the flag
            const message = err.field.startsWith("--")
                ? err.message
                : cliError(err, new Set(["supervisor.image"]), undefined);
            return errorResult(json, "usage", err.field, "", message, "cvmkit: ");
        }
        if ((err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
            return errorResult(
                json,
                "usage",
                "options",
                "",
                `${(err as Error).message}\nRun \`cvmkit doctor --help\`.`,
                "cvmkit: ",
            );
        }
        if ((err as Error).name === "UnsupportedNodeError") {
            return errorResult(
                json,
                "node",
                "node-version",
                "",
                (err as Error).message,
                "cvmkit: ",
            );
        }
        throw err;
    }
}

async function doctor(
    argv: readonly string[],
    json: boolean,
    progress?: (line: string) => void,
): Promise<CommandResult> {
    const { values } = parseArgs({
        args: [...argv],
        options: DOCTOR_OPTIONS,
        strict: true,
        allowPositionals: false,
    });
    if (values.help) return { stdout: `${DOCTOR_USAGE}\n`, stderr: "", exitCode: 0 };
    const mode = values.mode ?? "supervisor";
    if (mode !== "supervisor" && mode !== "sysbox") {
        throw new CvmkitConfigError(
            "--mode",
            mode,
            "unknown mode",
            "use --mode supervisor or --mode sysbox",
        );
    }
    if (values.namespace === "") {
        throw new CvmkitConfigError("--namespace", "", "is empty", EMPTY_NAMESPACE_FIX);
    }
    const nodeSelector = parseNodeSelectorFlags(values["node-selector"]);
    let report: DoctorReport;
    try {
        report = await runDoctor({
            kubeconfig: values.kubeconfig,
            context: values.context,
            namespace: values.namespace,
            mode,
            nodeSelector,
            supervisorImage: values["supervisor-image"],
            ...(values.rollout ? { rollout: true } : {}),
            onProgress: (step, i, total) => progress?.(`[${i + 1}/${total}] checking ${step}…`),
        });
    } catch (err) {
        // bad input (e.g. --supervisor-image) and an old Node are reported by the caller
        if (err instanceof CvmkitConfigError || (err as Error).name === "UnsupportedNodeError") {
            throw err;
        }
        const e = err as Partial<ClusterConnectionError> & Error;
        return errorResult(
            json,
            "connection",
            e instanceof ClusterConnectionError ? e.code : ((e as { code?: string }).code ?? ""),
            e.server ?? "",
            e.message,
            "cvmkit doctor: cannot reach the cluster: ",
        );
    }
    return {
        stdout: json
            ? formatJson(report)
            : formatTable(report, {
                  width: process.stdout.columns || 140,
                  verbose: values.verbose ?? false,
              }),
        stderr: "",
        exitCode: report.exitCode,
    };
}
