import { parseArgs } from "node:util";
import { CvmkitConfigError, versionFromServerInfo, ServerVersionInfo } from "../compat";
import { ClusterConnectionError, createWriteClient, KubeWriteClient } from "../client/client";
import { runSysboxCleanup, SysboxCleanupResult } from "../doctor/sysbox-cleanup";
import { CvmConfig, resolveConfig, sysboxCleanup } from "../manifests";

import { collectConfigErrors, ConfigErrors, readConfigFile } from "./config-file";
import { cliError, SYSBOX_CLEANUP_OPTIONS } from "./flags";
import type { CommandResult } from "./render";
import { parseTolerationFlags } from "./render";

export const CLEANUP_USAGE = `Usage: cvmkit sysbox-cleanup [options]

Removes Sysbox from the nodes after the runtime was turned off, the way upstream's sysbox-uninstall.yaml
does: refuses while the installer DaemonSet, the sysbox-runc RuntimeClass or Sysbox pods exist (and names
them); applies the sysbox-cleanup-k8s DaemonSet and its RBAC; waits until every node labelled
sysbox-runtime=running has lost the label and the script's sysbox-runtime=not-running taint; then deletes
the cleanup objects (also on timeout). Pods on each node are disrupted for up to a minute where the
script restarts the kubelet (CRI-O path). Exit code 0 when every node is clean, 1 when refused or timed
out, 2 on bad options or when the cluster cannot be reached.

Options:
      --kubeconfig FILE     kubeconfig (default: $KUBECONFIG or ~/.kube/config)
      --context NAME        kubeconfig context (default: current)
  -c, --config FILE         the cvmkit config (its sysboxRuntime installer settings and tolerations pick the
                            image, namespace and tolerations, as for the installer)
      --k8s-version V       Kubernetes version the installer tag is chosen for (default: the cluster's /version)
      --installer-tag TAG   installer image tag (default: the newest release that supports the version)
      --toleration T        a further toleration KEY[=VALUE]:EFFECT or KEY:EFFECT (repeatable)
      --timeout SECONDS     longest wait for the nodes (default: 600)
      --dry-run             check and print the plan; change nothing
  -h, --help                show this help`;

/** The parsed `sysbox-cleanup` command line. */
interface CleanupArgs {
    readonly config: CvmConfig;
    readonly fromFlags: ReadonlySet<string>;
    readonly file?: string;
    readonly kubeconfig?: string;
    readonly context?: string;
    readonly timeoutSeconds: number;
    readonly dryRun: boolean;
    readonly help: boolean;
}

function parse(
    argv: readonly string[],
): Omit<CleanupArgs, "config"> & { config: Record<string, unknown> } {
    const { values } = parseArgs({
        args: [...argv],
        options: SYSBOX_CLEANUP_OPTIONS,
        strict: true,
        allowPositionals: false,
    });
    const base = {
        fromFlags: new Set<string>(),
        kubeconfig: values.kubeconfig,
        context: values.context,
        dryRun: values["dry-run"] ?? false,
        help: values.help ?? false,
        timeoutSeconds: 600,
        file: values.config,
    };
    if (base.help) return { ...base, config: {} };
    if (values.timeout !== undefined && !/^[1-9]\d*$/.test(values.timeout)) {
        throw new CvmkitConfigError(
            "--timeout",
            values.timeout,
            "must be a whole number of seconds above 0",
            "pass e.g. --timeout 900 (each node takes 1-3 minutes; nodes are cleaned in parallel)",
        );
    }
    const file: Record<string, unknown> = values.config ? readConfigFile(values.config) : {};
    const fileSysbox =
        typeof file["sysboxRuntime"] === "object" && file["sysboxRuntime"] !== null
            ? (file["sysboxRuntime"] as Record<string, unknown>)
            : {};
    const config: Record<string, unknown> = { ...file };
    if (values["k8s-version"] !== undefined) {
        config["kubernetesVersion"] = values["k8s-version"];
        base.fromFlags.add("kubernetesVersion");
    }
    // the file is the runtime's config: its installer settings apply, its `enabled` does not
    const installer = Object.fromEntries(
        Object.entries(fileSysbox).filter(([k]) => k !== "enabled"),
    );
    config["sysboxRuntime"] = {
        ...installer,
        ...(values["installer-tag"] !== undefined ? { installerTag: values["installer-tag"] } : {}),
        cleanupNodes: true,
    };
    if (values["installer-tag"] !== undefined) base.fromFlags.add("sysboxRuntime.installerTag");
    const extra = parseTolerationFlags(values.toleration);
    if (extra.length > 0) {
        config["tolerations"] = [
            ...(Array.isArray(file["tolerations"]) ? file["tolerations"] : []),
            ...extra,
        ];
        base.fromFlags.add("tolerations");
    }
    return {
        ...base,
        timeoutSeconds: values.timeout === undefined ? 600 : Number(values.timeout),
        config,
    };
}

/** The cleanup result as lines for the terminal. */
export function formatCleanup(result: SysboxCleanupResult, dryRun: boolean): string {
    if (result.refusals.length > 0) {
        return `cvmkit sysbox-cleanup: refused, nothing applied:\n${result.refusals.map((r) => `  - ${r}\n`).join("")}`;
    }
    if (result.nodes.length === 0) return "";
    const rows = result.nodes.map(
        (n) =>
            `  ${n.node}: ${n.state}${n.taintRemovedByCvmkit ? " (cvmkit removed the leftover taint)" : ""}\n`,
    );
    const head = dryRun
        ? "cvmkit sysbox-cleanup: dry run, nothing changed; nodes to clean:\n"
        : result.ok
          ? "cvmkit sysbox-cleanup: every node is clean; the cleanup objects are deleted:\n"
          : "cvmkit sysbox-cleanup: not every node is clean (the cleanup objects are deleted; run the command again once the cause is fixed, or replace the node):\n";
    return head + rows.join("");
}

/** Exit 2 with the reason when the cluster cannot be reached; any other error is rethrown. */
function unreachable(err: unknown): CommandResult {
    if (err instanceof ClusterConnectionError) {
        return {
            stdout: "",
            stderr: `cvmkit sysbox-cleanup: cannot reach the cluster: ${err.message}\n`,
            exitCode: 2,
        };
    }
    throw err;
}
/** `cvmkit sysbox-cleanup`. Progress goes to `progress` (stderr in the CLI); `client` is for tests. */
export async function runCleanupCommand(
    argv: readonly string[],
    progress?: (line: string) => void,
    options: { client?: KubeWriteClient; pollSeconds?: number; taintGraceSeconds?: number } = {},
): Promise<CommandResult> {
    const args = parse(argv);
    if (args.help) return { stdout: `${CLEANUP_USAGE}\n`, stderr: "", exitCode: 0 };
    let client: KubeWriteClient;
    try {
        client =
            options.client ??
            (await createWriteClient({ kubeconfig: args.kubeconfig, context: args.context }));
        if (args.config["kubernetesVersion"] === undefined) {
            const res = await client.get<ServerVersionInfo>("/version");
            args.config["kubernetesVersion"] = versionFromServerInfo(res.body).raw;
        }
    } catch (err) {
        return unreachable(err);
    }
    const config = args.config as unknown as CvmConfig;
    const errors = collectConfigErrors(config);
    if (errors.length > 0) {
        throw new ConfigErrors(
            errors,
            args.file,
            errors.map((e) => cliError(e, args.fromFlags, args.file)).join("\n"),
        );
    }
    const objects = sysboxCleanup(resolveConfig(config)).map((e) => e.object);
    try {
        const result = await runSysboxCleanup(client, {
            objects,
            timeoutSeconds: args.timeoutSeconds,
            dryRun: args.dryRun,
            onProgress: progress,
            ...(options.pollSeconds !== undefined ? { pollSeconds: options.pollSeconds } : {}),
            ...(options.taintGraceSeconds !== undefined
                ? { taintGraceSeconds: options.taintGraceSeconds }
                : {}),
        });
        const text = formatCleanup(result, args.dryRun);
        return result.ok
            ? { stdout: text, stderr: "", exitCode: 0 }
            : { stdout: "", stderr: text, exitCode: 1 };
    } catch (err) {
        return unreachable(err);
    }
}
