/**
 * Every example type-checks against the repository's sources (`examples/tsconfig.mocks.json` maps `cvmkit` and
 * `cvmkit/*` to `lib/` and emits into `build/.examples`, never over `build/lib`, which parallel test files load)
 * and runs under Pulumi mocks in a fresh process, with `cvmkit` resolved to the compiled library `build/lib` the
 * way an installed package would resolve.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { renderManifests } from "../../lib";
import { before, describe, it } from "node:test";

const BUILD = path.resolve(__dirname, "..", "..");
const REPO = path.resolve(BUILD, "..");

interface Run {
    readonly types: string[];
    readonly outputs: Record<string, unknown>;
}

function runExample(example: string, config: Record<string, string>): Run {
    const script = `
const Module = require("node:module");
const path = require("node:path");
const lib = ${JSON.stringify(path.join(BUILD, "lib"))};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
    if (request === "cvmkit") request = path.join(lib, "index.js");
    else if (request.startsWith("cvmkit/")) request = path.join(lib, request.slice("cvmkit/".length), "index.js");
    return resolve.call(this, request, ...rest);
};
(async () => {
    const pulumi = require("@pulumi/pulumi");
    const { installMocks, settle } = require(${JSON.stringify(path.join(BUILD, "test", "unit", "stack-mocks.js"))});
    const rec = await installMocks();
    pulumi.runtime.setAllConfig(${JSON.stringify(
        Object.fromEntries(Object.entries(config).map(([k, v]) => [`project:${k}`, v])),
    )});
    const mod = require(${JSON.stringify(path.join(BUILD, ".examples", "examples", example, "index.js"))});
    const outputs = {};
    for (const [key, value] of Object.entries(mod)) {
        outputs[key] = await new Promise((r) => pulumi.output(value).apply(r));
    }
    await settle(rec);
    process.stdout.write("\\n" + JSON.stringify({ types: [...new Set(rec.resources.map((r) => r.type))], outputs }));
})().catch((e) => { console.error(e); process.exit(1); });
`;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8" });
    // The last line: the Pulumi log (info/warnings of the components) may come before it.
    return JSON.parse(out.trim().split("\n").pop()!) as Run;
}

describe("examples", () => {
    before(() => {
        // Type-check and compile the examples (exit code ≠ 0 on any type error).
        execFileSync(
            process.execPath,
            [
                path.join(REPO, "node_modules", "typescript", "bin", "tsc"),
                "-p",
                "examples/tsconfig.mocks.json",
            ],
            { cwd: REPO, stdio: "pipe" },
        );
    });

    it("aws: cvmkit/aws building blocks and a CvmCluster", () => {
        const run = runExample("aws", { subnetIds: '["subnet-1","subnet-2"]' });
        for (const t of [
            "cvmkit:aws:Cluster",
            "cvmkit:aws:SysboxNodeGroup",
            "aws:eks/nodeGroup:NodeGroup",
            "aws:ec2/launchTemplate:LaunchTemplate",
            "cvmkit:kubernetes:CvmCluster",
            "kubernetes:node.k8s.io/v1:RuntimeClass",
        ]) {
            assert.ok(run.types.includes(t), `${t} in ${run.types.join(", ")}`);
        }
        assert.equal(run.outputs["runtimeClassName"], "sysbox-runc");
        assert.equal(run.outputs["namespace"], "cvm-workspaces");
    });

    it("gcp: CvmStack on a new GKE Standard cluster", () => {
        const run = runExample("gcp", {});
        assert.ok(run.types.includes("cvmkit:index:CvmStack"));
        assert.ok(run.types.includes("gcp:container/nodePool:NodePool"));
        assert.equal(run.outputs["runtimeClassName"], "sysbox-runc");
        assert.deepEqual(run.outputs["tolerations"], [
            { key: "cvmkit.dev/cvm-node", operator: "Equal", value: "true", effect: "NoSchedule" },
        ]);
    });

    it("azure: CvmStack on a new AKS cluster with the Azure Policy exclusion", () => {
        const run = runExample("azure", {});
        for (const t of [
            "azure-native:resources:ResourceGroup",
            "azure-native:containerservice:ManagedCluster",
            "azure-native:containerservice:AgentPool",
            "azure-native:authorization:PolicyAssignment",
        ]) {
            assert.ok(run.types.includes(t), `${t} in ${run.types.join(", ")}`);
        }
        assert.equal(run.outputs["resourceGroupName"], "cvm-rg");
    });

    it("existing-cluster: supervisor mode through the kubeconfig", () => {
        const run = runExample("existing-cluster", { kubernetesVersion: "1.31" });
        assert.ok(run.types.includes("cvmkit:kubernetes:CvmCluster"));
        assert.equal(run.types.filter((t) => /^(aws|gcp|azure-native):/.test(t)).length, 0);
        assert.equal(run.outputs["namespace"], "cvm-workspaces");
        assert.equal(run.outputs["serviceAccountName"] !== undefined, true);
    });

    it("cdk8s: the app synthesizes exactly what renderManifests renders", () => {
        const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-cdk8s-"));
        const script = `
const Module = require("node:module");
const path = require("node:path");
const lib = ${JSON.stringify(path.join(BUILD, "lib"))};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
    if (request.startsWith("cvmkit/")) request = path.join(lib, request.slice("cvmkit/".length), "index.js");
    return resolve.call(this, request, ...rest);
};
require(${JSON.stringify(path.join(BUILD, ".examples", "examples", "cdk8s", "main.js"))});
`;
        execFileSync(process.execPath, ["-e", script], {
            cwd: REPO,
            env: { ...process.env, CDK8S_OUTDIR: outdir, KUBERNETES_VERSION: "1.34" },
            stdio: "pipe",
        });
        const files = fs.readdirSync(outdir);
        assert.deepEqual(files, ["cvm.k8s.yaml"]);
        const docs = parseAllDocuments(fs.readFileSync(path.join(outdir, files[0]!), "utf8")).map(
            (d) => d.toJSON(),
        );
        const expected = renderManifests({
            kubernetesVersion: "1.34",
            sysboxRuntime: { enabled: true },
            supervisor: { caching: "none" },
            nodeSelector: { "cvmkit.dev/cvm-node": "true" },
            tolerations: [
                {
                    key: "cvmkit.dev/cvm-node",
                    operator: "Equal",
                    value: "true",
                    effect: "NoSchedule",
                },
            ],
        });
        assert.deepEqual(docs, JSON.parse(JSON.stringify(expected.objects)));
        fs.rmSync(outdir, { recursive: true });
    });
});
