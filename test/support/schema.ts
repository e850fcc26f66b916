/**
 * Offline validation of rendered objects against the Kubernetes OpenAPI schema of a target version.
 *
 * Core objects go to the PyPI package `kubernetes-validate` (strict mode: unknown fields are errors)
 * through `test/support/validate_k8s.py`, one Python process per version. Custom resources (Gatekeeper
 * constraints, Kyverno PolicyException) have no core schema; {@link checkCustomResource} checks their
 * structure here instead.
 *
 * Install (CI and developers): `bash scripts/setup-schema-validator.sh`, i.e.
 *   python3 -m venv .venv
 *   .venv/bin/pip install kubernetes-validate==1.37.0                                    # schemas 1.25–1.37
 *   .venv/bin/pip install --no-deps --target .venv/kv-legacy kubernetes-validate==1.24.1 # schemas 1.10–1.24
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";

/** The repository root (this file compiles to build/test/support/). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const PYTHON = path.join(REPO_ROOT, ".venv", "bin", "python");
const SCRIPT = path.join(REPO_ROOT, "test", "support", "validate_k8s.py");

export const INSTALL_HINT =
    "install it with `bash scripts/setup-schema-validator.sh` (python3 -m venv .venv && " +
    ".venv/bin/pip install kubernetes-validate==1.37.0 && " +
    ".venv/bin/pip install --no-deps --target .venv/kv-legacy kubernetes-validate==1.24.1)";

/** The outcome for one object. */
export interface SchemaResult {
    readonly ok: boolean;
    readonly error?: string;
}

/** The outcome of one batch. */
export interface SchemaBatch {
    /** Version of the kubernetes-validate package that validated the batch. */
    readonly package: string;
    /** The shipped schema version used, e.g. `1.30.0`. */
    readonly schemaVersion: string;
    readonly results: readonly SchemaResult[];
}

/** Condition operators of Kyverno's CRDs (`kyverno.io` Condition.operator enum). */
const KYVERNO_OPERATORS = [
    "Equals",
    "NotEquals",
    "AnyIn",
    "AllIn",
    "AnyNotIn",
    "AllNotIn",
    "GreaterThanOrEquals",
    "GreaterThan",
    "LessThanOrEquals",
    "LessThan",
    "DurationGreaterThanOrEquals",
    "DurationGreaterThan",
    "DurationLessThanOrEquals",
    "DurationLessThan",
];

/** API groups whose kinds are custom resources (no core OpenAPI schema). */
const CUSTOM_GROUPS = ["constraints.gatekeeper.sh", "kyverno.io"];

/** True for objects of a custom resource definition. */
export function isCustomResource(obj: { apiVersion: string }): boolean {
    const group = obj.apiVersion.includes("/") ? obj.apiVersion.split("/")[0]! : "";
    return CUSTOM_GROUPS.includes(group);
}

/**
 * Validates objects against the schema of `version` (`1.30`): strict, offline. Throws, never skips, when
 * the validator is not installed.
 */
export function validateSchemas(version: string, objects: readonly object[]): SchemaBatch {
    if (!existsSync(PYTHON) || !existsSync(SCRIPT)) {
        throw new Error(`schema validator not found at ${PYTHON}: ${INSTALL_HINT}`);
    }
    const run = spawnSync(PYTHON, [SCRIPT], {
        input: JSON.stringify({ version, objects }),
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) {
        throw new Error(`schema validator failed to start: ${run.error.message}; ${INSTALL_HINT}`);
    }
    let parsed: SchemaBatch & { fatal?: string };
    try {
        parsed = JSON.parse(run.stdout) as SchemaBatch & { fatal?: string };
    } catch {
        throw new Error(
            `schema validator exited ${run.status} without a result: ${run.stderr || run.stdout}; ${INSTALL_HINT}`,
        );
    }
    if (parsed.fatal !== undefined || run.status !== 0) {
        throw new Error(`schema validator: ${parsed.fatal ?? run.stderr}; ${INSTALL_HINT}`);
    }
    if (parsed.results.length !== objects.length) {
        throw new Error(
            `schema validator returned ${parsed.results.length} results for ${objects.length} objects`,
        );
    }
    return parsed;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringList(v: unknown, nonEmpty = true): v is string[] {
    return (
        Array.isArray(v) &&
        (!nonEmpty || v.length > 0) &&
        v.every((s) => typeof s === "string" && s.length > 0)
    );
}

function onlyKeys(where: string, obj: Json, allowed: readonly string[], errors: string[]): void {
    for (const key of Object.keys(obj)) {
        if (!allowed.includes(key)) errors.push(`${where}: unknown field "${key}"`);
    }
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function checkMetadata(obj: Json, namespaced: boolean, errors: string[]): void {
    const meta = obj.metadata;
    if (!isObject(meta)) {
        errors.push("metadata: missing");
        return;
    }
    onlyKeys("metadata", meta, ["name", "namespace", "labels", "annotations"], errors);
    if (typeof meta.name !== "string" || !DNS_SUBDOMAIN.test(meta.name) || meta.name.length > 253)
        errors.push(`metadata.name: invalid ${JSON.stringify(meta.name)}`);
    if (namespaced !== (meta.namespace !== undefined))
        errors.push(
            `metadata.namespace: ${namespaced ? "missing" : "set on a cluster-scoped kind"}`,
        );
    if (meta.namespace !== undefined && !DNS_LABEL.test(String(meta.namespace)))
        errors.push(`metadata.namespace: invalid ${JSON.stringify(meta.namespace)}`);
    for (const key of ["labels", "annotations"]) {
        const map = meta[key];
        if (map === undefined) continue;
        if (!isObject(map) || Object.values(map).some((v) => typeof v !== "string"))
            errors.push(`metadata.${key}: must map strings to strings`);
    }
}

/**
 * Structural check of the custom resources cvmkit renders, after the CRDs: Gatekeeper constraints
 * (`constraints.gatekeeper.sh/v1beta1`, `spec.match.excludedNamespaces`) and Kyverno `PolicyException`
 * (`kyverno.io/v2` / `v2beta1`, `spec.exceptions[].{policyName,ruleNames}`, `spec.match.any[].resources`,
 * `spec.conditions.{any,all}[].{key,operator,value}` with the CRD's operator enum, `spec.podSecurity`).
 * Unknown fields are errors. Returns the problems found (empty when valid).
 */
/** Kyverno 1.19.1 `PodSecurityStandard.controlName` (CRD enum) and the two levels `Validate()` checks. */
const PSS_CONTAINER_CONTROLS = [
    "Capabilities",
    "Privileged Containers",
    "Host Ports",
    "/proc Mount Type",
    "Privilege Escalation",
];
const PSS_POD_CONTROLS = ["Host Namespaces", "HostPath Volumes", "Sysctls", "Volume Types"];
const PSS_OTHER_CONTROLS = [
    "HostProcess",
    "AppArmor",
    "SELinux",
    "Seccomp",
    "Running as Non-root",
    "Running as Non-root user",
];

/** `spec.podSecurity`: as Kyverno's CRD and `PodSecurityStandard.Validate` (api/kyverno/v1/common_types.go). */
function checkPodSecurity(list: unknown, errors: string[]): void {
    if (!Array.isArray(list) || list.length === 0) {
        errors.push("spec.podSecurity: must be a non-empty list");
        return;
    }
    list.forEach((p: unknown, i) => {
        const at = `spec.podSecurity[${i}]`;
        if (!isObject(p)) return errors.push(`${at}: not an object`);
        onlyKeys(at, p, ["controlName", "images", "restrictedField", "values"], errors);
        const name = String(p.controlName);
        if (![...PSS_CONTAINER_CONTROLS, ...PSS_POD_CONTROLS, ...PSS_OTHER_CONTROLS].includes(name))
            errors.push(`${at}.controlName: ${name}`);
        if (PSS_CONTAINER_CONTROLS.includes(name) && !isStringList(p.images))
            errors.push(`${at}.images: required for the container-level control ${name}`);
        if (PSS_POD_CONTROLS.includes(name) && p.images !== undefined)
            errors.push(`${at}.images: not allowed for the pod-level control ${name}`);
        if ((p.restrictedField === undefined) !== (p.values === undefined))
            errors.push(`${at}: restrictedField and values go together`);
        if (p.values !== undefined && !isStringList(p.values))
            errors.push(`${at}.values: must be a non-empty list`);
    });
}

export function checkCustomResource(obj: Json): string[] {
    const errors: string[] = [];
    const apiVersion = String(obj.apiVersion);
    onlyKeys("", obj, ["apiVersion", "kind", "metadata", "spec"], errors);
    const spec = obj.spec;
    if (!isObject(spec)) return [...errors, "spec: missing"];
    if (apiVersion === "constraints.gatekeeper.sh/v1beta1") {
        if (typeof obj.kind !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(obj.kind))
            errors.push(`kind: invalid ${JSON.stringify(obj.kind)}`);
        checkMetadata(obj, false, errors);
        onlyKeys("spec", spec, ["match"], errors);
        const match = spec.match;
        if (!isObject(match)) return [...errors, "spec.match: missing"];
        onlyKeys("spec.match", match, ["excludedNamespaces"], errors);
        const excluded = match.excludedNamespaces;
        if (!isStringList(excluded) || excluded.some((n) => !DNS_LABEL.test(n)))
            errors.push("spec.match.excludedNamespaces: must be a non-empty list of namespaces");
        else if (new Set(excluded).size !== excluded.length)
            errors.push("spec.match.excludedNamespaces: duplicates");
        return errors;
    }
    if (apiVersion === "kyverno.io/v2" || apiVersion === "kyverno.io/v2beta1") {
        if (obj.kind !== "PolicyException") errors.push(`kind: ${String(obj.kind)}`);
        checkMetadata(obj, true, errors);
        onlyKeys("spec", spec, ["exceptions", "match", "conditions", "podSecurity"], errors);
        if (spec.podSecurity !== undefined) checkPodSecurity(spec.podSecurity, errors);
        if (spec.conditions !== undefined) {
            const conditions = spec.conditions;
            if (!isObject(conditions)) errors.push("spec.conditions: not an object");
            else {
                onlyKeys("spec.conditions", conditions, ["any", "all"], errors);
                for (const group of ["any", "all"] as const) {
                    const list = conditions[group];
                    if (list === undefined) continue;
                    if (!Array.isArray(list)) {
                        errors.push(`spec.conditions.${group}: must be a list`);
                        continue;
                    }
                    list.forEach((c: unknown, i) => {
                        const at = `spec.conditions.${group}[${i}]`;
                        if (!isObject(c)) return errors.push(`${at}: not an object`);
                        onlyKeys(at, c, ["key", "operator", "value", "message"], errors);
                        if (!KYVERNO_OPERATORS.includes(String(c.operator)))
                            errors.push(`${at}.operator: ${String(c.operator)}`);
                    });
                }
            }
        }
        const exceptions = spec.exceptions;
        if (!Array.isArray(exceptions) || exceptions.length === 0)
            errors.push("spec.exceptions: must be a non-empty list");
        else
            exceptions.forEach((e: unknown, i) => {
                if (!isObject(e)) return errors.push(`spec.exceptions[${i}]: not an object`);
                onlyKeys(`spec.exceptions[${i}]`, e, ["policyName", "ruleNames"], errors);
                if (typeof e.policyName !== "string" || e.policyName === "")
                    errors.push(`spec.exceptions[${i}].policyName: missing`);
                if (!isStringList(e.ruleNames))
                    errors.push(`spec.exceptions[${i}].ruleNames: must be a non-empty list`);
            });
        const match = spec.match;
        if (!isObject(match)) return [...errors, "spec.match: missing"];
        onlyKeys("spec.match", match, ["any", "all"], errors);
        const any = match.any;
        if (!Array.isArray(any) || any.length === 0)
            errors.push("spec.match.any: must be a non-empty list");
        else
            any.forEach((filter: unknown, i) => {
                if (!isObject(filter) || !isObject(filter.resources))
                    return errors.push(`spec.match.any[${i}].resources: missing`);
                onlyKeys(`spec.match.any[${i}]`, filter, ["resources"], errors);
                const r = filter.resources;
                onlyKeys(
                    `spec.match.any[${i}].resources`,
                    r,
                    ["kinds", "namespaces", "names"],
                    errors,
                );
                if (!isStringList(r.kinds))
                    errors.push(`spec.match.any[${i}].resources.kinds: must be a non-empty list`);
                for (const key of ["namespaces", "names"]) {
                    if (r[key] !== undefined && !isStringList(r[key]))
                        errors.push(`spec.match.any[${i}].resources.${key}: must be a list`);
                }
            });
        return errors;
    }
    return [`no structural schema for ${apiVersion}`];
}
