import { readFileSync } from "node:fs";
import { isMap, isScalar, parseDocument } from "yaml";
import { CvmkitConfigError, CvmkitConfigErrors, newestMinor } from "../compat";
import { CvmConfig, resolveConfig } from "../manifests";

/**
 * Reads a `cvmkit render -c FILE` config (YAML or JSON) and collects every problem of it at once, each naming the
 * key path in the file.
 */

/** Every problem of one config at once; the CLI prints them all. */
export class ConfigErrors extends Error {
    public readonly errors: readonly CvmkitConfigError[];
    /** The config file the errors are about, if any. */
    public readonly file?: string;
    constructor(errors: readonly CvmkitConfigError[], file?: string, message?: string) {
        super(
            message ??
                `${errors.length} problem${errors.length === 1 ? "" : "s"}${file ? ` in ${file}` : ""}:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`,
        );
        this.name = "ConfigErrors";
        this.errors = errors;
        this.file = file;
    }
}

/** Config keys that hold settings (a mapping), with an example for the hint. */
const OBJECT_KEYS: Readonly<Record<string, string>> = {
    supervisor: "supervisor: { image: ghcr.io/coder/envbox:0.6.7 }",
    sysboxRuntime: "sysboxRuntime: { enabled: true }",
    policyEngines: "policyEngines: { kyverno: true }",
    nodeSelector: 'nodeSelector: { cvmkit.dev/cvm-node: "true" }',
    labels: "labels: { team: platform }",
};
const LIST_KEYS: Readonly<Record<string, string>> = {
    tolerations:
        'tolerations: [{ key: cvmkit.dev/cvm-node, operator: Equal, value: "true", effect: NoSchedule }]',
    admissionPolicyActions: "admissionPolicyActions: [Deny]",
};

/**
 * Reads a config file (YAML or JSON). YAML syntax errors are reported with line and column; common traps
 * (an unquoted `kubernetesVersion: 1.30`, which YAML reads as the number 1.3; a string where settings or a
 * list belong) are reported with the fix. Throws {@link ConfigErrors} (all problems at once).
 */
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
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        const errors = doc.errors.map((e) => {
            const pos = e.linePos?.[0];
            const where = pos ? `line ${pos.line}, column ${pos.col}` : "";
            const reason = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
            const error = new CvmkitConfigError(
                `${path}${pos ? `:${pos.line}:${pos.col}` : ""}`,
                where || undefined,
                `not valid YAML: ${reason}`,
                "correct the syntax there (YAML indents with spaces; quote values that contain ': ' or start with '{', '[', '*', '&', '!')",
            );
            error.message = `${error.field}: ${error.reason}${where ? ` (${where})` : ""}. Fix: ${error.fix}`;
            return error;
        });
        throw new ConfigErrors(errors, path);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return {};
    if (typeof value !== "object" || Array.isArray(value) || !isMap(doc.contents)) {
        throw new ConfigErrors(
            [
                new CvmkitConfigError(
                    "config",
                    value,
                    "the file does not hold a mapping of settings",
                    'write the config as a YAML mapping, e.g. `kubernetesVersion: "1.33"`',
                ),
            ],
            path,
        );
    }
    const config = value as Record<string, unknown>;
    const errors: CvmkitConfigError[] = [];
    const version = doc.get("kubernetesVersion", true);
    if (isScalar(version) && typeof version.value === "number" && version.range) {
        const raw = text.slice(version.range[0], version.range[1]).trim();
        errors.push(
            new CvmkitConfigError(
                "kubernetesVersion",
                version.value,
                `YAML reads the unquoted ${raw} as the number ${version.value}${raw !== String(version.value) ? ", not the version" : ""}`,
                `quote it: kubernetesVersion: "${raw}"`,
            ),
        );
        delete config["kubernetesVersion"];
    }
    for (const [key, example] of Object.entries(OBJECT_KEYS)) {
        const v = config[key];
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
            const kv = typeof v === "string" ? /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(v) : null;
            const fix =
                key === "nodeSelector" || key === "labels"
                    ? `write the labels as a mapping: ${kv ? `${key}: { ${JSON.stringify(kv[1])}: ${JSON.stringify(kv[2])} }` : example}`
                    : `${key} holds settings, not a value; write e.g. ${key === "supervisor" && typeof v === "string" ? `supervisor: { image: ${v} }` : example}`;
            errors.push(
                new CvmkitConfigError(key, v, "is a single value, but must be a mapping", fix),
            );
            delete config[key];
        }
    }
    for (const [key, example] of Object.entries(LIST_KEYS)) {
        const v = config[key];
        if (v !== undefined && v !== null && !Array.isArray(v)) {
            errors.push(
                new CvmkitConfigError(key, v, "must be a list", `write it as a list: ${example}`),
            );
            delete config[key];
        }
    }
    if (errors.length > 0) {
        // the structural traps first, then whatever else is wrong with the rest
        throw new ConfigErrors(
            [
                ...errors,
                ...collectConfigErrors({
                    kubernetesVersion: newestMinor(),
                    ...config,
                } as CvmConfig),
            ],
            path,
        );
    }
    return config as Partial<CvmConfig>;
}

/** Splits `a.b[2].c` into `["a", "b", 2, "c"]`. */
function pathOf(field: string): (string | number)[] {
    const parts: (string | number)[] = [];
    for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
        parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
    }
    return parts;
}

/** Removes the value at `path` from `root`; false when there is none. */
function removeAt(root: Record<string, unknown>, path: readonly (string | number)[]): boolean {
    let node: unknown = root;
    for (const part of path.slice(0, -1)) {
        if (node === null || typeof node !== "object") return false;
        node = (node as Record<string | number, unknown>)[part];
    }
    const last = path.at(-1);
    if (last === undefined || node === null || typeof node !== "object") return false;
    if (Array.isArray(node) && typeof last === "number" && last < node.length) {
        node.splice(last, 1);
        return true;
    }
    if (!Object.prototype.hasOwnProperty.call(node, last)) return false;
    delete (node as Record<string | number, unknown>)[last];
    return true;
}

/**
 * Every {@link CvmkitConfigError} of a config, not only the first: runs the one validator
 * (`resolveConfig`) again without each field it rejected, until it accepts the rest. A rejected
 * `kubernetesVersion` is replaced by `fallbackVersion` so that the checks that depend on it still run.
 */
export function collectConfigErrors(
    config: CvmConfig,
    fallbackVersion = newestMinor(),
): CvmkitConfigError[] {
    const candidate = structuredClone(config) as unknown as Record<string, unknown>;
    const errors: CvmkitConfigError[] = [];
    const seen = new Set<string>();
    // Drops what `err` rejected, so that the next round sees the rest; false when nothing could be dropped.
    const drop = (err: CvmkitConfigError): boolean => {
        if (err.field === "kubernetesVersion") {
            if (candidate["kubernetesVersion"] !== fallbackVersion) {
                candidate["kubernetesVersion"] = fallbackVersion;
                return true;
            }
            // the version is fine, another setting conflicts with it: drop the runtime settings
            return removeAt(candidate, ["sysboxRuntime"]);
        }
        // drop the field; if it is gone already (a check on a whole list), drop its parent
        const path = pathOf(err.field);
        let removed = removeAt(candidate, path);
        for (let cut = path.length - 1; !removed && cut > 0; cut--) {
            removed = removeAt(candidate, path.slice(0, cut));
        }
        return removed;
    };
    for (let round = 0; round < 50; round++) {
        try {
            resolveConfig(candidate as unknown as CvmConfig);
            return errors;
        } catch (err) {
            if (!(err instanceof CvmkitConfigError)) throw err;
            // resolveConfig reports every independent problem at once; dependent ones show in a later round
            const found = err instanceof CvmkitConfigErrors ? err.errors : [err];
            let progressed = false;
            for (const e of found) {
                if (!seen.has(e.message)) errors.push(e);
                seen.add(e.message);
                progressed = drop(e) || progressed;
            }
            if (!progressed) return errors;
        }
    }
    return errors;
}
