import { parseArgs } from "node:util";
import { CvmkitConfigError } from "../compat";
import { formatJson, formatTable, runDoctor } from "../doctor";
import { CommandResult, parseNodeSelectorFlags } from "./render";

export const DOCTOR_USAGE = `Usage: cvmkit doctor [options]

Checks a live cluster against every CVM requirement and says what to change. Read-only (dry-run only).
Exit code 0 when nothing fails (warnings allowed), 1 when a check fails, 2 on bad options or
when the cluster cannot be reached.

Options:
      --kubeconfig FILE     kubeconfig (default: $KUBECONFIG or ~/.kube/config)
      --context NAME        kubeconfig context (default: current)
  -n, --namespace NS        CVM namespace (default: cvm-workspaces)
      --mode MODE           supervisor | sysbox (default: supervisor)
      --node-selector K=V   only check nodes with this label (repeatable)
      --supervisor-image I  supervisor image for the admission dry-run
      --json                print the report as JSON
  -h, --help                show this help`;

/** `cvmkit doctor`. Progress goes to `progress` (stderr in the CLI). */
export async function runDoctorCommand(
    argv: readonly string[],
    progress?: (line: string) => void,
): Promise<CommandResult> {
    const { values } = parseArgs({
        args: [...argv],
        options: {
            kubeconfig: { type: "string" },
            context: { type: "string" },
            namespace: { type: "string", short: "n" },
            mode: { type: "string" },
            "node-selector": { type: "string", multiple: true },
            "supervisor-image": { type: "string" },
            json: { type: "boolean" },
            help: { type: "boolean", short: "h" },
        },
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
    const nodeSelector = parseNodeSelectorFlags(values["node-selector"]);
    let report;
    try {
        report = await runDoctor({
            kubeconfig: values.kubeconfig,
            context: values.context,
            namespace: values.namespace,
            mode,
            nodeSelector,
            supervisorImage: values["supervisor-image"],
            onProgress: (step, i, total) => progress?.(`[${i + 1}/${total}] checking ${step}…`),
        });
    } catch (err) {
        // bad input (e.g. --supervisor-image) is a usage error, reported by main()
        if (err instanceof CvmkitConfigError) throw err;
        return {
            stdout: "",
            stderr: `cvmkit doctor: cannot reach the cluster: ${(err as Error).message}\n`,
            exitCode: 2,
        };
    }
    return {
        stdout: values.json
            ? formatJson(report)
            : formatTable(report, process.stdout.columns || 140),
        stderr: "",
        exitCode: report.exitCode,
    };
}
