import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { kyvernoExceptionFlags } from "../../lib/doctor/kyverno-flags";

describe("kyvernoExceptionFlags: the admission controller's flags as Go's flag package reads them", () => {
    const cases: [string, string[], boolean, string][] = [
        ["Kyverno's defaults (no flag)", ["--caSecretName=x", "--tlsSecretName=y"], false, ""],
        ["Helm features.policyExceptions.enabled=true", ["--enablePolicyException=true"], true, ""],
        ["a bare boolean flag", ["--enablePolicyException"], true, ""],
        ["one dash, =1", ["-enablePolicyException=1"], true, ""],
        ["explicitly false", ["--enablePolicyException=false"], false, ""],
        [
            "Helm features.policyExceptions.namespace",
            ["--enablePolicyException=true", "--exceptionNamespace=cvm-workspaces"],
            true,
            "cvm-workspaces",
        ],
        ["the value as the next argument", ["--exceptionNamespace", "*"], false, "*"],
        [
            "the last occurrence wins",
            [
                "--enablePolicyException=true",
                "--exceptionNamespace=a",
                "--enablePolicyException=false",
                "--exceptionNamespace=b",
            ],
            false,
            "b",
        ],
        ["a similar flag is not it", ["--enablePolicyExceptions=true"], false, ""],
    ];
    for (const [name, args, enabled, namespace] of cases) {
        it(name, () => {
            assert.deepEqual(kyvernoExceptionFlags(args), { enabled, namespace });
        });
    }
});
