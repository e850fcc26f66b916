import {
    assertKnownKeys,
    assertNamespace,
    assertOptionalObject,
    DNS_SUBDOMAIN,
    fail,
} from "../compat";
import type { GatekeeperConstraintRef, KyvernoPolicyRef } from "./config";
import { assertNonEmptyList, assertStringList } from "./validate";
import { DEFAULTS } from "./defaults";

/** Checks the `policyEngines.gatekeeper` and `policyEngines.kyverno` sections and fills their defaults. */

/** The Gatekeeper constraints to exempt the CVM namespace from, defaults filled in. */
export type ResolvedGatekeeper = readonly Required<GatekeeperConstraintRef>[];

/** The Kyverno exemption settings, defaults filled in. */
export interface ResolvedKyverno {
    readonly apiVersion: string;
    readonly exceptionNamespace: string;
    readonly policies: readonly Required<KyvernoPolicyRef>[];
}

export function resolveGatekeeper(value: unknown): ResolvedGatekeeper | undefined {
    if (value === undefined || value === false) return undefined;
    if (value !== true) assertOptionalObject("policyEngines.gatekeeper", value);
    const g = value === true ? {} : (value as Record<string, unknown>);
    assertKnownKeys("policyEngines.gatekeeper", g, ["constraints"]);
    const list = assertNonEmptyList(
        "policyEngines.gatekeeper.constraints",
        g.constraints ?? DEFAULTS.gatekeeperConstraints,
        "list the constraints as { kind, name }, or set gatekeeper: true for the defaults",
    );
    return list.map((c: unknown, i: number) => {
        const field = `policyEngines.gatekeeper.constraints[${i}]`;
        assertOptionalObject(field, c);
        if (!c) fail(field, c, "must be an object", "remove the empty entry");
        assertKnownKeys(field, c, ["kind", "name", "excludedNamespaces"]);
        if (typeof c.kind !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(c.kind)) {
            fail(
                `${field}.kind`,
                c.kind,
                "not a constraint kind",
                'use the kind of the ConstraintTemplate, e.g. "K8sPSPPrivilegedContainer"',
            );
        }
        if (typeof c.name !== "string" || !DNS_SUBDOMAIN.test(c.name)) {
            fail(
                `${field}.name`,
                c.name,
                "not a valid object name",
                'use the constraint\'s metadata.name, e.g. "psp-privileged-container"',
            );
        }
        return {
            kind: c.kind,
            name: c.name,
            excludedNamespaces:
                c.excludedNamespaces === undefined
                    ? DEFAULTS.gatekeeperExcluded
                    : assertStringList(
                          `${field}.excludedNamespaces`,
                          c.excludedNamespaces,
                          assertNamespace,
                      ),
        };
    });
}

export function resolveKyverno(value: unknown, namespace: string): ResolvedKyverno | undefined {
    if (value === undefined || value === false) return undefined;
    if (value !== true) assertOptionalObject("policyEngines.kyverno", value);
    const k = value === true ? {} : (value as Record<string, unknown>);
    assertKnownKeys("policyEngines.kyverno", k, ["apiVersion", "exceptionNamespace", "policies"]);
    const apiVersion = k.apiVersion ?? "kyverno.io/v2";
    if (apiVersion !== "kyverno.io/v2" && apiVersion !== "kyverno.io/v2beta1") {
        fail(
            "policyEngines.kyverno.apiVersion",
            apiVersion,
            "not a PolicyException apiVersion cvmkit renders",
            'use "kyverno.io/v2" (Kyverno 1.13+) or "kyverno.io/v2beta1" (1.12)',
        );
    }
    const policies = assertNonEmptyList(
        "policyEngines.kyverno.policies",
        k.policies ?? DEFAULTS.kyvernoPolicies,
        "list { policyName, ruleNames }, or set kyverno: true for the defaults",
    );
    policies.forEach((p: unknown, i: number) => {
        const field = `policyEngines.kyverno.policies[${i}]`;
        assertOptionalObject(field, p);
        if (p) assertKnownKeys(field, p, ["policyName", "ruleNames", "podSecurity"]);
        if (p?.podSecurity !== undefined && typeof p.podSecurity !== "boolean") {
            fail(
                `${field}.podSecurity`,
                p.podSecurity,
                "must be true or false",
                "true when the rules are validate.podSecurity rules, false (the default) for pattern rules",
            );
        }
        if (!p || typeof p.policyName !== "string" || !DNS_SUBDOMAIN.test(p.policyName)) {
            fail(
                `${field}.policyName`,
                p?.policyName,
                "not a policy name",
                'use the ClusterPolicy name, e.g. "disallow-privileged-containers"',
            );
        }
        if (
            !Array.isArray(p.ruleNames) ||
            p.ruleNames.length === 0 ||
            p.ruleNames.some((r) => typeof r !== "string" || r === "")
        ) {
            fail(
                `${field}.ruleNames`,
                p.ruleNames,
                "must be a non-empty list of rule names",
                'list the rules including their "autogen-" variants, or ["*"]',
            );
        }
    });
    return {
        apiVersion: apiVersion as string,
        exceptionNamespace:
            k.exceptionNamespace === undefined
                ? namespace
                : assertNamespace("policyEngines.kyverno.exceptionNamespace", k.exceptionNamespace),
        policies: (policies as KyvernoPolicyRef[]).map((p) => ({
            policyName: p.policyName,
            ruleNames: p.ruleNames,
            podSecurity: p.podSecurity ?? false,
        })),
    };
}
