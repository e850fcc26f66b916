import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Toleration } from "kubernetes-types/core/v1";
import { CvmkitConfigError, DEFAULT_SYSBOX_INSTALLER, newestMinor } from "../compat";
import {
    CachingMode,
    CvmConfig,
    KubernetesObject,
    renderManifests,
    toYaml,
    withSyncWaves,
} from "../manifests";
import { collectConfigErrors, ConfigErrors, readConfigFile } from "./config-file";
import { cliError, EMPTY_NAMESPACE_FIX } from "./flags";
import { writeOwnedDirectory } from "./out-dir";
import {
    checkLayout,
    layoutFiles,
    readRenderSection,
    RENDER_SETTINGS_DEFAULTS,
    RenderSettings,
} from "./render-layout";

/**
 * The `cvmkit render` command: builds a CvmConfig from the config file and flags (flags win), renders it with
 * lib/manifests and prints YAML or JSON.
 */

/** Kubernetes version `cvmkit render` uses when neither the config file nor a flag gives one. */
export const DEFAULT_RENDER_VERSION = newestMinor();

export const RENDER_USAGE = `Usage: cvmkit render [options]

Prints the Kubernetes objects that make a cluster ready for CVMs, as multi-document YAML.

Options:
  -c, --config FILE          YAML or JSON file with the cvmkit config (every key in docs/reference/configuration.md); flags override it
      --k8s-version V        cluster Kubernetes version, e.g. 1.33 (default: ${DEFAULT_RENDER_VERSION}, the newest
                             supported; the objects differ per version, so pass your cluster's)
  -n, --namespace NS         CVM namespace (default: cvm-workspaces)
      --sysbox-runtime       install the Sysbox runtime on CVM nodes (default: supervisor mode only)
      --installer-tag TAG    Sysbox installer image tag, with --sysbox-runtime (default: ${DEFAULT_SYSBOX_INSTALLER.tag})
      --user-namespaces M    auto | hostUsers | crio-annotation, with --sysbox-runtime (default: auto)
      --sysbox-cleanup       render upstream's node cleanup (sysbox-cleanup-k8s DaemonSet + RBAC) in place of the
                             installer, runtime off; apply it after the installer is deleted, delete it when the
                             nodes are clean (\`cvmkit sysbox-cleanup\` does all of it)
      --supervisor-image IMG supervisor image allowed to run privileged
      --allowed-image IMG    a further image allowed to run privileged, e.g. a mirror (repeatable)
      --caching MODE         none | cached | cached-shiftfs (default: none)
      --gatekeeper           exempt the CVM namespace from Gatekeeper's privileged/host-filesystem constraints
      --kyverno              exempt CVM pods from Kyverno's privileged/host-path policies
      --node-selector K=V    CVM node label (repeatable), e.g. cvmkit.dev/cvm-node=true
      --toleration T         CVM toleration KEY[=VALUE]:EFFECT or KEY:EFFECT (repeatable),
                             e.g. cvmkit.dev/cvm-node=true:NoSchedule
      --admission-action A   Deny | Warn | Audit (repeatable; default: Deny), e.g. Warn + Audit while rolling out
  -o, --out DIR              write one file per object into DIR instead of printing; DIR must be new, empty
                             or written by cvmkit render before (its files are replaced, see .cvmkit-render)
      --layout L             with --out: flat (default: numbered files in apply order) | phases (one directory
                             per apply phase, 01-namespaces … 05-workloads, each with a kustomization.yaml, for Flux)
      --argocd-sync-waves    annotate every object with the Argo CD sync wave of its apply phase (-5 … -1)
      --format yaml|json     output format (default: yaml)
  -V, --version              print the cvmkit version
  -h, --help                 show this help

Settings without a flag (supervisor command, requests/limits, prePull, installer repository and namespace,
detailed Gatekeeper/Kyverno settings, labels): use -c FILE. The file's render: section holds the output
settings (render: { layout: phases, argoCdSyncWaves: true }); flags override it.`;

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
                "write it as --node-selector cvmkit.dev/cvm-node=true",
            );
        }
        selector[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return selector;
}

/** Reads repeated `--toleration KEY[=VALUE]:EFFECT` flags. */
export function parseTolerationFlags(values: readonly string[] | undefined): Toleration[] {
    return (values ?? []).map((text) => {
        const m = /^([^=:\s]+)(?:=([^:\s]*))?:([A-Za-z]+)$/.exec(text);
        if (!m) {
            throw new CvmkitConfigError(
                "--toleration",
                text,
                "expected KEY=VALUE:EFFECT or KEY:EFFECT",
                "write it as --toleration cvmkit.dev/cvm-node=true:NoSchedule (KEY:EFFECT tolerates any value)",
            );
        }
        const [, key, value, effect] = m;
        return value === undefined
            ? { key: key!, operator: "Exists", effect: effect! }
            : { key: key!, operator: "Equal", value, effect: effect! };
    });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);

/** Merges flag values into a section of the file's config, leaving a non-object section for the validator. */
function section(
    fileValue: unknown,
    flags: Record<string, unknown>,
): Record<string, unknown> | undefined {
    const set = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length === 0) return fileValue as Record<string, unknown> | undefined;
    return { ...(isObject(fileValue) ? fileValue : {}), ...set };
}

/** The parsed `render` command line. */
export interface RenderArgs {
    readonly config: CvmConfig;
    /** Config paths that a flag set (for messages that name the flag). */
    readonly fromFlags: ReadonlySet<string>;
    readonly file?: string;
    /** True when neither the file nor a flag gave the Kubernetes version. */
    readonly defaultVersion: boolean;
    readonly out?: string;
    readonly format: string;
    /** Output settings: flags over the file's `render:` section over the defaults. */
    readonly settings: RenderSettings;
    /** Problems of the file's `render:` section, reported with the config's. */
    readonly settingErrors: readonly CvmkitConfigError[];
    readonly help: boolean;
    readonly version: boolean;
}

/** Builds the config from a file and flags; flags win. */
export function configFromArgs(argv: readonly string[]): RenderArgs {
    const { values } = parseArgs({
        args: [...argv],
        options: {
            config: { type: "string", short: "c" },
            "k8s-version": { type: "string" },
            namespace: { type: "string", short: "n" },
            "sysbox-runtime": { type: "boolean" },
            "installer-tag": { type: "string" },
            "user-namespaces": { type: "string" },
            "sysbox-cleanup": { type: "boolean" },
            "supervisor-image": { type: "string" },
            "allowed-image": { type: "string", multiple: true },
            caching: { type: "string" },
            gatekeeper: { type: "boolean" },
            kyverno: { type: "boolean" },
            "node-selector": { type: "string", multiple: true },
            toleration: { type: "string", multiple: true },
            "admission-action": { type: "string", multiple: true },
            out: { type: "string", short: "o" },
            layout: { type: "string" },
            "argocd-sync-waves": { type: "boolean" },
            format: { type: "string" },
            version: { type: "boolean", short: "V" },
            help: { type: "boolean", short: "h" },
        },
        strict: true,
        allowPositionals: false,
    });
    const format = values.format ?? "yaml";
    if (values.help || values.version) {
        // help and version need no valid config
        return {
            config: { kubernetesVersion: DEFAULT_RENDER_VERSION },
            fromFlags: new Set(),
            defaultVersion: true,
            format,
            settings: RENDER_SETTINGS_DEFAULTS,
            settingErrors: [],
            help: values.help ?? false,
            version: values.version ?? false,
        };
    }
    if (format !== "yaml" && format !== "json") {
        throw new CvmkitConfigError(
            "--format",
            format,
            "unknown output format",
            "use --format yaml or --format json",
        );
    }
    if (values.namespace === "") {
        throw new CvmkitConfigError("--namespace", "", "is empty", EMPTY_NAMESPACE_FIX);
    }
    if (values.out === "") {
        throw new CvmkitConfigError(
            "--out",
            "",
            "is empty",
            "pass a directory, e.g. --out cvm-manifests",
        );
    }
    if (values.layout !== undefined) checkLayout("--layout", values.layout);
    if (values.layout !== undefined && values.out === undefined) {
        throw new CvmkitConfigError(
            "--layout",
            values.layout,
            "only applies with --out (the printed output is one stream in apply order)",
            "add --out DIR, or leave out --layout",
        );
    }
    const { render: renderSection, ...file }: Record<string, unknown> = values.config
        ? readConfigFile(values.config)
        : {};
    const fromFile = readRenderSection(renderSection);
    const settings: RenderSettings = {
        ...RENDER_SETTINGS_DEFAULTS,
        ...fromFile.settings,
        ...(values.layout !== undefined ? { layout: checkLayout("--layout", values.layout) } : {}),
        ...(values["argocd-sync-waves"] ? { argoCdSyncWaves: true } : {}),
    };
    const fileSysbox = isObject(file["sysboxRuntime"]) ? file["sysboxRuntime"] : {};
    const runtimeOn = values["sysbox-runtime"] === true || fileSysbox["enabled"] === true;
    const cleanupOn = values["sysbox-cleanup"] === true || fileSysbox["cleanupNodes"] === true;
    for (const flag of ["installer-tag", "user-namespaces"] as const) {
        if (values[flag] !== undefined && !runtimeOn && !(flag === "installer-tag" && cleanupOn)) {
            throw new CvmkitConfigError(
                `--${flag}`,
                values[flag],
                "only applies to the Sysbox runtime, which is off",
                `add --sysbox-runtime to install the runtime, or leave out --${flag} (supervisor mode needs no installer)`,
            );
        }
    }
    const tolerations = parseTolerationFlags(values.toleration);
    const selector = parseNodeSelectorFlags(values["node-selector"]);
    const fromFlags = new Set<string>();
    const flagged = <T>(path: string, v: T | undefined): T | undefined => {
        if (v !== undefined) fromFlags.add(path);
        return v;
    };
    const config: Record<string, unknown> = {
        ...file,
        kubernetesVersion:
            flagged("kubernetesVersion", values["k8s-version"]) ??
            file["kubernetesVersion"] ??
            DEFAULT_RENDER_VERSION,
    };
    if (values.namespace !== undefined)
        config["namespace"] = flagged("namespace", values.namespace);
    const sysbox = section(file["sysboxRuntime"], {
        enabled: flagged("sysboxRuntime.enabled", values["sysbox-runtime"] || undefined),
        installerTag: flagged("sysboxRuntime.installerTag", values["installer-tag"]),
        userNamespaces: flagged("sysboxRuntime.userNamespaces", values["user-namespaces"]),
        cleanupNodes: flagged("sysboxRuntime.cleanupNodes", values["sysbox-cleanup"] || undefined),
    });
    const fileSupervisor = isObject(file["supervisor"]) ? file["supervisor"] : {};
    const allowed = values["allowed-image"]?.length
        ? [
              ...(Array.isArray(fileSupervisor["allowedImages"])
                  ? fileSupervisor["allowedImages"]
                  : []),
              ...values["allowed-image"],
          ]
        : undefined;
    const supervisor = section(file["supervisor"], {
        image: flagged("supervisor.image", values["supervisor-image"]),
        allowedImages: flagged("supervisor.allowedImages", allowed),
        caching: flagged("supervisor.caching", values.caching as CachingMode | undefined),
    });
    const engines = section(file["policyEngines"], {
        gatekeeper: flagged("policyEngines.gatekeeper", values.gatekeeper || undefined),
        kyverno: flagged("policyEngines.kyverno", values.kyverno || undefined),
    });
    const nodeSelector = section(
        file["nodeSelector"],
        flagged("nodeSelector", Object.keys(selector).length ? selector : undefined) ?? {},
    );
    const fileTolerations = Array.isArray(file["tolerations"]) ? file["tolerations"] : [];
    const actions = values["admission-action"];
    for (const [key, value] of [
        ["sysboxRuntime", sysbox],
        ["supervisor", supervisor],
        ["policyEngines", engines],
        ["nodeSelector", nodeSelector],
        [
            "tolerations",
            tolerations.length
                ? flagged("tolerations", [...fileTolerations, ...tolerations])
                : file["tolerations"],
        ],
        [
            "admissionPolicyActions",
            flagged("admissionPolicyActions", actions) ?? file["admissionPolicyActions"],
        ],
    ] as const) {
        if (value !== undefined) config[key] = value;
    }
    return {
        config: config as unknown as CvmConfig,
        fromFlags,
        file: values.config,
        defaultVersion:
            values["k8s-version"] === undefined && file["kubernetesVersion"] === undefined,
        out: values.out,
        format,
        settings,
        settingErrors: fromFile.errors,
        help: values.help ?? false,
        version: values.version ?? false,
    };
}

/** The version of this cvmkit package. */
export function packageVersion(): string {
    // dist/lib/cli → the package root (also build/lib/cli in the repository)
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8"));
    return String((pkg as { version?: unknown }).version);
}

/** `cvmkit render`. */
export function runRender(argv: readonly string[]): CommandResult {
    const args = configFromArgs(argv);
    const { config, out, format } = args;
    if (args.help) {
        return { stdout: `${RENDER_USAGE}\n`, stderr: "", exitCode: 0 };
    }
    if (args.version) {
        return { stdout: `${packageVersion()}\n`, stderr: "", exitCode: 0 };
    }
    // every problem at once, each named after the flag or the file's field that set it
    const errors = [...args.settingErrors, ...collectConfigErrors(config, DEFAULT_RENDER_VERSION)];
    if (errors.length > 0) {
        throw new ConfigErrors(
            errors,
            args.file,
            errors.length === 1
                ? cliError(errors[0]!, args.fromFlags, args.file)
                : `${errors.length} problems:\n${errors.map((e) => `  - ${cliError(e, args.fromFlags, args.file)}`).join("\n")}`,
        );
    }
    const rendered = renderManifests(config);
    const objects = args.settings.argoCdSyncWaves
        ? withSyncWaves(rendered.objects, rendered.order)
        : rendered.objects;
    const serialize = (o: readonly KubernetesObject[]) =>
        format === "json"
            ? `${JSON.stringify(o.length === 1 ? o[0] : { apiVersion: "v1", kind: "List", items: o }, null, 2)}\n`
            : toYaml(o);
    const warned = rendered.config.warnings.map((w) => `cvmkit: warning: ${w}\n`).join("");
    const summary =
        warned +
        `# cvmkit: ${objects.length} objects for Kubernetes ${rendered.features.minor}, namespace ${rendered.namespace}, ${rendered.runtimeClassName ? "Sysbox runtime on" : rendered.config.sysboxCleanup ? "supervisor mode, Sysbox node cleanup" : "supervisor mode"}\n` +
        (args.defaultVersion
            ? `# cvmkit: no --k8s-version given: rendered for ${DEFAULT_RENDER_VERSION}, the newest supported; pass your cluster's version (the objects differ per version)\n`
            : "");
    if (!out) {
        return { stdout: serialize(objects), stderr: summary, exitCode: 0 };
    }
    const { written, removed, kept } = writeOwnedDirectory(
        out,
        layoutFiles(objects, rendered.order, args.settings.layout, format, serialize),
    );
    const notes = [
        removed.length
            ? `# cvmkit: removed ${removed.length} file(s) of an earlier render that are no longer rendered: ${removed.join(", ")}\n`
            : "",
        kept.length
            ? `# cvmkit: kept ${kept.length} file(s) cvmkit did not write: ${kept.join(", ")}\n`
            : "",
    ].join("");
    return {
        stdout: written.map((n) => join(out, n)).join("\n") + "\n",
        stderr: summary + notes,
        exitCode: 0,
    };
}
