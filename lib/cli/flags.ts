import type { ParseArgsOptionsConfig } from "node:util";
import { CvmkitConfigError, describeValue } from "../compat";

/**
 * The CLI's view of config fields: which `cvmkit render` flag sets which config path, so that errors and
 * their fixes name what the user typed (`--installer-tag v0.6.7-0`), not the library's field path.
 */
export const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
    kubernetesVersion: "--k8s-version",
    namespace: "--namespace",
    "sysboxRuntime.enabled": "--sysbox-runtime",
    "sysboxRuntime.installerTag": "--installer-tag",
    "sysboxRuntime.userNamespaces": "--user-namespaces",
    "sysboxRuntime.cleanupNodes": "--sysbox-cleanup",
    "supervisor.image": "--supervisor-image",
    "supervisor.allowedImages": "--allowed-image",
    "supervisor.caching": "--caching",
    "policyEngines.gatekeeper": "--gatekeeper",
    "policyEngines.kyverno": "--kyverno",
    nodeSelector: "--node-selector",
    tolerations: "--toleration",
    admissionPolicyActions: "--admission-action",
};

export const EMPTY_NAMESPACE_FIX =
    'leave --namespace out for "cvm-workspaces", or pass a name such as --namespace cvm-workspaces';

/** The flag for a field path (`supervisor.allowedImages[1]` → `--allowed-image`), if there is one. */
export function flagOf(field: string): string | undefined {
    let path = field.replace(/\[\d+\].*$/, "");
    while (path) {
        const flag = FLAG_OF_FIELD[path];
        if (flag) return flag;
        path = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
    }
    return undefined;
}

/**
 * Rewrites the config paths in a fix to flags. With `keepPaths` (a config file is in use) both are named:
 * `sysboxRuntime.installerTag (--installer-tag)`.
 */
export function fixInFlags(fix: string, keepPaths: boolean): string {
    const paths = Object.keys(FLAG_OF_FIELD).sort((a, b) => b.length - a.length);
    let out = fix;
    for (const path of paths) {
        const flag = FLAG_OF_FIELD[path]!;
        const esc = path.replace(/\./g, "\\.");
        if (keepPaths) {
            out = out.replace(
                /sysboxRuntime\.enabled\s*=\s*false/g,
                "sysboxRuntime.enabled: false in the file, and no --sysbox-runtime",
            );
            if (/[.A-Z]/.test(path)) {
                out = out.replace(
                    new RegExp(`(?<![\\w.-])${esc}(?![\\w.\\[=:])`, "g"),
                    `${path} (${flag})`,
                );
            }
            continue;
        }
        if (path === "sysboxRuntime.enabled") {
            out = out.replace(/sysboxRuntime\.enabled\s*=\s*false/g, "leave out --sysbox-runtime");
            out = out.replace(/sysboxRuntime\.enabled\s*=\s*true/g, "--sysbox-runtime");
        }
        out = out.replace(new RegExp(`(?<![\\w.-])${esc}( to |\\s*=\\s*)`, "g"), `${flag} `);
        // a plain word such as "namespace" in prose stays as it is
        if (/[.A-Z]/.test(path)) {
            out = out.replace(new RegExp(`(?<![\\w.-])${esc}(?![\\w.\\[])`, "g"), flag);
        }
    }
    return out;
}

/**
 * The error as the CLI reports it: named after the flag when a flag set the field, after the file when the
 * file did, and with the fix speaking flags.
 */
export function cliError(
    err: CvmkitConfigError,
    fromFlags: ReadonlySet<string>,
    file: string | undefined,
): string {
    const flag = flagOf(err.field);
    const root = err.field.replace(/\[\d+\].*$/, "");
    const setByFlag =
        flag !== undefined &&
        [...fromFlags].some(
            (f) => root === f || root.startsWith(`${f}.`) || f.startsWith(`${root}.`),
        );
    const fix = fixInFlags(err.fix, file !== undefined);
    const where = setByFlag ? `${flag} (${err.field})` : file ? `${file}: ${err.field}` : err.field;
    return `${where}: ${err.reason} (got ${describeValue(err.value)}). Fix: ${fix}`;
}

/*
 * The flag definitions of the commands: what each command's parser accepts (node:util parseArgs options).
 * The help texts (RENDER_USAGE, DOCTOR_USAGE, CLEANUP_USAGE) describe each of them, and
 * docs/reference/cli.md is generated from these and the help (scripts/docs-reference.mjs; a unit test
 * checks that every flag has its help line and that the reference is current).
 */

/** The flags of `cvmkit render`. */
export const RENDER_OPTIONS = {
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
} as const satisfies ParseArgsOptionsConfig;

/** The flags of `cvmkit doctor`. */
export const DOCTOR_OPTIONS = {
    kubeconfig: { type: "string" },
    context: { type: "string" },
    namespace: { type: "string", short: "n" },
    mode: { type: "string" },
    "node-selector": { type: "string", multiple: true },
    "supervisor-image": { type: "string" },
    rollout: { type: "boolean" },
    verbose: { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsOptionsConfig;

/** The flags of `cvmkit sysbox-cleanup`. */
export const SYSBOX_CLEANUP_OPTIONS = {
    kubeconfig: { type: "string" },
    context: { type: "string" },
    config: { type: "string", short: "c" },
    "k8s-version": { type: "string" },
    "installer-tag": { type: "string" },
    toleration: { type: "string", multiple: true },
    timeout: { type: "string" },
    "dry-run": { type: "boolean" },
    help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsOptionsConfig;
