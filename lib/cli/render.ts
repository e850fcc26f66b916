import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { CvmkitConfigError, DEFAULT_SYSBOX_INSTALLER } from "../compat";
import { CachingMode, CvmConfig, manifestFileName, renderManifests, toYaml } from "../manifests";

/** Kubernetes version `cvmkit render` uses when neither the config file nor a flag gives one. */
export const DEFAULT_RENDER_VERSION = DEFAULT_SYSBOX_INSTALLER.kubernetesMinors.at(-1)!;

export const RENDER_USAGE = `Usage: cvmkit render [options]

Prints the Kubernetes objects that make a cluster ready for CVMs, as multi-document YAML.

Options:
  -c, --config FILE          YAML or JSON file with the cvmkit config (see README); flags override it
      --k8s-version V        cluster Kubernetes version, e.g. 1.33 (default: ${DEFAULT_RENDER_VERSION})
  -n, --namespace NS         CVM namespace (default: cvm-workspaces)
      --sysbox-runtime       install the Sysbox runtime on CVM nodes (default: supervisor mode only)
      --installer-tag TAG    Sysbox installer image tag (default: ${DEFAULT_SYSBOX_INSTALLER.tag})
      --supervisor-image IMG supervisor image allowed to run privileged
      --caching MODE         none | cached | cached-shiftfs (default: none)
      --gatekeeper           exempt the CVM namespace from Gatekeeper's privileged/host-filesystem constraints
      --kyverno              exempt CVM pods from Kyverno's privileged/host-path policies
      --node-selector K=V    CVM node label (repeatable)
  -o, --out DIR              write one file per object into DIR instead of printing
      --format yaml|json     output format (default: yaml)
  -h, --help                 show this help`;

/** The result of a CLI command: what to print and the exit code. */
export interface CommandResult {
    readonly stdout: string;
    readonly stderr: string;
    readonly exitCode: number;
}

/** Reads repeated `--node-selector KEY=VALUE` flags into a label map. */
export function parseNodeSelectorFlags(
    pairs: readonly string[] | undefined,
): Record<string, string> {
    const selector: Record<string, string> = {};
    for (const pair of pairs ?? []) {
        const eq = pair.indexOf("=");
        if (eq <= 0) {
            throw new CvmkitConfigError(
                "--node-selector",
                pair,
                "expected KEY=VALUE",
                "write it as --node-selector cvmkit.dev/cvm=true",
            );
        }
        selector[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return selector;
}

/** Reads a config file (YAML or JSON). */
export function readConfigFile(path: string): Partial<CvmConfig> {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        throw new CvmkitConfigError(
            "--config",
            path,
            `cannot read the file (${(err as Error).message})`,
            "pass the path of an existing YAML or JSON file",
        );
    }
    const value: unknown = parse(text);
    if (value === null || value === undefined) return {};
    if (typeof value !== "object" || Array.isArray(value)) {
        throw new CvmkitConfigError(
            "--config",
            path,
            "the file does not hold a mapping",
            'write the config as a YAML mapping, e.g. `kubernetesVersion: "1.33"`',
        );
    }
    return value as Partial<CvmConfig>;
}

/** Builds the config from a file and flags; flags win. */
export function configFromArgs(argv: readonly string[]): {
    config: CvmConfig;
    out?: string;
    format: string;
    help: boolean;
} {
    const { values } = parseArgs({
        args: [...argv],
        options: {
            config: { type: "string", short: "c" },
            "k8s-version": { type: "string" },
            namespace: { type: "string", short: "n" },
            "sysbox-runtime": { type: "boolean" },
            "installer-tag": { type: "string" },
            "supervisor-image": { type: "string" },
            caching: { type: "string" },
            gatekeeper: { type: "boolean" },
            kyverno: { type: "boolean" },
            "node-selector": { type: "string", multiple: true },
            out: { type: "string", short: "o" },
            format: { type: "string" },
            help: { type: "boolean", short: "h" },
        },
        strict: true,
        allowPositionals: false,
    });
    const file = values.config ? readConfigFile(values.config) : {};
    const nodeSelector: Record<string, string> = {
        ...(file.nodeSelector ?? {}),
        ...parseNodeSelectorFlags(values["node-selector"]),
    };
    const sysbox = { ...(file.sysboxRuntime ?? {}) };
    if (values["sysbox-runtime"]) Object.assign(sysbox, { enabled: true });
    if (values["installer-tag"]) Object.assign(sysbox, { installerTag: values["installer-tag"] });
    const supervisor = { ...(file.supervisor ?? {}) };
    if (values["supervisor-image"])
        Object.assign(supervisor, { image: values["supervisor-image"] });
    if (values.caching) Object.assign(supervisor, { caching: values.caching as CachingMode });
    const engines = { ...(file.policyEngines ?? {}) };
    if (values.gatekeeper) Object.assign(engines, { gatekeeper: true });
    if (values.kyverno) Object.assign(engines, { kyverno: true });
    const config: CvmConfig = {
        ...file,
        kubernetesVersion:
            values["k8s-version"] ?? file.kubernetesVersion ?? DEFAULT_RENDER_VERSION,
        ...(values.namespace ? { namespace: values.namespace } : {}),
        ...(Object.keys(sysbox).length ? { sysboxRuntime: sysbox } : {}),
        ...(Object.keys(supervisor).length ? { supervisor } : {}),
        ...(Object.keys(engines).length ? { policyEngines: engines } : {}),
        ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
    };
    const format = values.format ?? "yaml";
    if (format !== "yaml" && format !== "json") {
        throw new CvmkitConfigError(
            "--format",
            format,
            "unknown output format",
            "use --format yaml or --format json",
        );
    }
    return { config, out: values.out, format, help: values.help ?? false };
}

/** `cvmkit render`. */
export function runRender(argv: readonly string[]): CommandResult {
    const { config, out, format, help } = configFromArgs(argv);
    if (help) {
        return { stdout: `${RENDER_USAGE}\n`, stderr: "", exitCode: 0 };
    }
    const rendered = renderManifests(config);
    const objects = rendered.objects;
    const serialize = (o: readonly unknown[]) =>
        format === "json"
            ? `${JSON.stringify(o.length === 1 ? o[0] : { apiVersion: "v1", kind: "List", items: o }, null, 2)}\n`
            : toYaml(o as typeof objects);
    const warned = rendered.config.warnings.map((w) => `cvmkit: warning: ${w}\n`).join("");
    const summary = `${warned}# cvmkit: ${objects.length} objects for Kubernetes ${rendered.features.minor}, namespace ${rendered.namespace}, ${rendered.runtimeClassName ? "Sysbox runtime on" : "supervisor mode"}\n`;
    if (!out) {
        return { stdout: serialize(objects), stderr: summary, exitCode: 0 };
    }
    mkdirSync(out, { recursive: true });
    const names = objects.map((obj, i) => {
        const name = manifestFileName(obj, i).replace(/\.yaml$/, `.${format}`);
        writeFileSync(join(out, name), serialize([obj]));
        return name;
    });
    return {
        stdout: names.map((n) => join(out, n)).join("\n") + "\n",
        stderr: summary,
        exitCode: 0,
    };
}
