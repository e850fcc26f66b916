import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";

/**
 * The layer rules of eslint.config.mjs, proven on small in-memory files: each forbidden import is an
 * error from the layer rule with its reason, and the allowed imports next to it lint clean. The real
 * lib/ is linted by `npm run lint`; these cases keep the rules from silently matching nothing.
 */

const ROOT = path.resolve(__dirname, "..", "..", "..");
const LAYER_RULES = new Set(["@typescript-eslint/no-restricted-imports", "no-restricted-syntax"]);

let eslint: ESLint;

before(() => {
    // the snippets are not files of the TypeScript project, so the type-aware Pulumi rules are off here
    eslint = new ESLint({
        cwd: ROOT,
        overrideConfig: {
            languageOptions: { parserOptions: { projectService: false } },
            rules: {
                "pulumi/no-output-in-template-literal": "off",
                "pulumi/no-output-instance-in-template-literal": "off",
            },
        },
    });
});

/** The layer-rule messages ESLint reports for `code` as if it were the file `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
    assert.ok(result, `ESLint returned no result for ${file}`);
    const fatal = result.messages.filter((m) => m.fatal);
    assert.deepEqual(fatal, [], `${file} did not parse`);
    return result.messages
        .filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId) && m.severity === 2)
        .map((m) => m.message);
}

type Case = readonly [file: string, code: string, reason: RegExp];

const FORBIDDEN: readonly Case[] = [
    ["lib/compat/x.ts", 'import * as pulumi from "@pulumi/pulumi";', /pure.*lib\/kubernetes/],
    ["lib/compat/x.ts", 'import { Chart } from "cdk8s";', /cdk8s code belongs in lib\/cdk8s/],
    ["lib/compat/x.ts", 'import { Construct } from "constructs";', /cdk8s/],
    ["lib/compat/x.ts", 'import { EC2 } from "@aws-sdk/client-ec2";', /cloud code/],
    ["lib/compat/x.ts", 'import { CvmChart } from "../cdk8s";', /must not depend on the renderers/],
    ["lib/compat/x.ts", 'import { DEFAULTS } from "../manifests";', /bottom layer/],
    ["lib/compat/x.ts", 'export { runDoctor } from "../doctor/run";', /must not depend/],
    ["lib/compat/x.ts", 'const k = require("@kubernetes/client-node");', /lib\/doctor/],
    ["lib/manifests/x.ts", 'import { CvmCluster } from "../kubernetes";', /must not depend/],
    ["lib/manifests/x.ts", 'import { main } from "../cli/main";', /must not depend/],
    ["lib/manifests/x.ts", 'import * as gcp from "@pulumi/gcp/container";', /pure/],
    ["lib/manifests/x.ts", 'import * as fs from "node:fs";', /I\/O/],
    [
        "lib/manifests/x.ts",
        'export async function f() { return import("@pulumi/kubernetes"); }',
        /pure/,
    ],
    ["lib/manifests/x.ts", 'export type P = typeof import("@pulumi/pulumi");', /pure/],
    ["lib/index.ts", 'export * from "./kubernetes";', /root entry point is the pure core/],
    ["lib/index.ts", 'export { CvmStack } from "./stack";', /pure core/],
    ["lib/aws/x.ts", 'import { CvmStack } from "../stack";', /must not import lib\/stack/],
    ["lib/aws/x.ts", 'import * as container from "@pulumi/gcp/container";', /another cloud/],
    ["lib/aws/x.ts", 'import * as aws from "@pulumi/aws";', /never the package root/],
    ["lib/gcp/x.ts", 'import { resolveNodePoolArgs } from "../azure/rules";', /another cloud/],
    ["lib/gcp/x.ts", 'import * as cs from "@pulumi/azure-native/containerservice";', /SDK/],
    ["lib/azure/x.ts", 'import { planStack } from "../stack/cvm-stack";', /lib\/stack/],
    ["lib/azure/x.ts", 'import * as eks from "@pulumi/aws/eks";', /another cloud/],
    ["lib/cdk8s/x.ts", 'import * as pulumi from "@pulumi/pulumi";', /cdk8s only/],
    ["lib/kubernetes/x.ts", 'import * as eks from "@pulumi/aws/eks";', /no cloud SDK/],
    [
        "lib/kubernetes/x.ts",
        'import { CvmStack } from "../stack";',
        /lib\/compat,? (and )?lib\/manifests/,
    ],
    ["lib/doctor/x.ts", 'import * as pulumi from "@pulumi/pulumi";', /plain HTTP/],
    ["lib/doctor/x.ts", 'import { CvmCluster } from "../kubernetes/cvm-cluster";', /builds on/],
    ["lib/stack/x.ts", 'import { SysboxNodeGroup } from "../aws";', /lazily/],
    ["lib/stack/x.ts", 'import * as eks from "@pulumi/aws/eks";', /through its cloud shell/],
    ["lib/index.ts", 'export { CvmkitProvider } from "./provider";', /pure core/],
    ["lib/provider/x.ts", 'import * as eks from "@pulumi/aws/eks";', /cloud shell that needs it/],
    ["lib/provider/x.ts", 'import { SysboxNodeGroup } from "../aws";', /lazily with import\(\)/],
    ["lib/provider/x.ts", 'const cli = import("../cli/main");', /builds on the Pulumi/],
    ["lib/provider/x.ts", 'import { runDoctor } from "../doctor/run";', /builds on the Pulumi/],
];

const ALLOWED: readonly (readonly [file: string, code: string])[] = [
    ["lib/compat/x.ts", 'import { CvmkitConfigError } from "./errors";'],
    ["lib/compat/x.ts", 'import type { Pod } from "kubernetes-types/core/v1";'],
    ["lib/manifests/x.ts", 'import { parseKubernetesVersion } from "../compat";'],
    ["lib/manifests/x.ts", 'const y = require("yaml");'],
    ["lib/index.ts", 'export { renderManifests } from "./manifests";'],
    ["lib/aws/x.ts", 'import * as eks from "@pulumi/aws/eks";'],
    ["lib/aws/x.ts", 'import * as pulumi from "@pulumi/pulumi";'],
    ["lib/aws/x.ts", 'import { assertInputs } from "../kubernetes/input-errors";'],
    ["lib/azure/x.ts", 'import * as cs from "@pulumi/azure-native/containerservice";'],
    ["lib/kubernetes/x.ts", 'import * as k8s from "@pulumi/kubernetes";'],
    ["lib/cdk8s/x.ts", 'import { Chart } from "cdk8s";'],
    ["lib/doctor/x.ts", 'import { request } from "node:https";'],
    ["lib/stack/x.ts", 'import type { SysboxNodeGroupArgs } from "../aws";'],
    ["lib/stack/x.ts", 'const aws = require("../aws");'],
    ["lib/stack/x.ts", 'import { CvmCluster } from "../kubernetes/cvm-cluster";'],
    ["test/unit/x.ts", 'import * as pulumi from "@pulumi/pulumi";'],
    ["lib/provider/x.ts", 'import { CvmCluster } from "../kubernetes/cvm-cluster";'],
    ["lib/provider/x.ts", 'import { CvmStack } from "../stack";'],
    ["lib/provider/x.ts", 'const aws = import("../aws/node-group");'],
    ["lib/provider/x.ts", 'type Args = import("../gcp/rules").SysboxNodePoolArgs;'],
    ["lib/provider/x.ts", 'import * as pulumi from "@pulumi/pulumi";'],
];

describe("@pulumi/eslint-plugin (eslint.config.mjs)", () => {
    it("refuses an Output in a plain template literal in Pulumi code", async () => {
        // the rule of the real config, on a program of one fixture file (the whole project takes ~30 s)
        const config = await import(path.join(ROOT, "eslint.config.mjs"));
        const rules = config.default.find((c: { name?: string }) => c.name === "cvmkit/pulumi");
        assert.ok(rules, "eslint.config.mjs has no cvmkit/pulumi block");
        const typed = new ESLint({
            cwd: ROOT,
            overrideConfigFile: true,
            overrideConfig: [
                tseslint.configs.base,
                {
                    files: ["**/*.ts"],
                    plugins: rules.plugins,
                    rules: rules.rules,
                    languageOptions: {
                        parserOptions: {
                            project: path.join(ROOT, "test", "fixtures", "tsconfig.json"),
                            tsconfigRootDir: ROOT,
                        },
                    },
                },
            ],
        });
        // the file on disk, so the type program and the linted text are the same file
        const [result] = await typed.lintFiles([
            path.join(ROOT, "test", "fixtures", "pulumi-output.ts"),
        ]);
        const found = (result?.messages ?? []).map((m) => `${m.ruleId} ${m.line}`);
        assert.deepEqual(found, ["pulumi/no-output-in-template-literal 9"]);
    });
});

describe("layer rules (eslint.config.mjs)", () => {
    it("refuses each forbidden import with the layer's reason", async () => {
        for (const [file, code, reason] of FORBIDDEN) {
            const errors = await layerErrors(file, code);
            assert.ok(errors.length > 0, `${file}: expected a layer error for ${code}`);
            assert.ok(
                errors.some((m) => reason.test(m)),
                `${file}: ${code} → ${JSON.stringify(errors)} does not match ${reason}`,
            );
        }
    });

    it("lets the allowed imports next to them through", async () => {
        for (const [file, code] of ALLOWED) {
            assert.deepEqual(await layerErrors(file, code), [], `${file}: ${code}`);
        }
    });
});
