/**
 * The top-level Pulumi program (`program/index.ts`, `Pulumi.yaml`) runs under Pulumi mocks with each sample
 * stack config (`Pulumi.<name>.yaml`) and with `Pulumi.example.yaml`, in a fresh process each.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";

const BUILD = path.resolve(__dirname, "..", "..");
const REPO = path.resolve(BUILD, "..");

interface Run {
    readonly types: string[];
    readonly outputs: Record<string, unknown>;
}

/** Stack config of a sample file as Pulumi passes it to the program (objects as JSON strings). */
function configOf(file: string, overrides: Record<string, unknown> = {}): Record<string, string> {
    const doc = parse(fs.readFileSync(path.join(REPO, file), "utf8")) as {
        config: Record<string, unknown>;
    };
    const entries = Object.entries({ ...doc.config, ...overrides }).filter(([k]) =>
        k.startsWith("cvmkit:"),
    );
    return Object.fromEntries(
        entries.map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

function runProgram(config: Record<string, string>): Run {
    const script = `
(async () => {
    const pulumi = require("@pulumi/pulumi");
    const { installMocks, settle } = require(${JSON.stringify(path.join(BUILD, "test", "unit", "stack-mocks.js"))});
    const rec = await installMocks();
    pulumi.runtime.setAllConfig(${JSON.stringify(config)});
    const mod = require(${JSON.stringify(path.join(BUILD, "program", "index.js"))});
    const outputs = {};
    for (const [key, value] of Object.entries(mod)) {
        outputs[key] = await new Promise((r) => pulumi.output(value).apply(r));
    }
    await settle(rec);
    process.stdout.write("\\n" + JSON.stringify({ types: [...new Set(rec.resources.map((r) => r.type))], outputs }));
})().catch((e) => { console.error(e); process.exit(1); });
`;
    const out = execFileSync(process.execPath, ["-e", script], {
        cwd: REPO,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
    });
    // The last line: the Pulumi log (info/warnings of the components) may come before it.
    return JSON.parse(out.trim().split("\n").pop()!) as Run;
}

describe("top-level program", () => {
    it("Pulumi.yaml runs the compiled program", () => {
        const project = parse(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")) as {
            name: string;
            main: string;
            runtime: { name: string };
        };
        assert.equal(project.name, "cvmkit");
        assert.equal(project.runtime.name, "nodejs");
        assert.equal(project.main, "dist/program/index.js");
    });

    const samples: [string, string, string[]][] = [
        [
            "Pulumi.existing.yaml",
            "existing",
            [
                "cvmkit:index:CvmStack",
                "pulumi:providers:kubernetes",
                "cvmkit:kubernetes:CvmCluster",
            ],
        ],
        [
            "Pulumi.aws.yaml",
            "aws",
            ["cvmkit:aws:Cluster", "cvmkit:aws:SysboxNodeGroup", "aws:eks/nodeGroup:NodeGroup"],
        ],
        [
            "Pulumi.gcp.yaml",
            "gcp",
            ["cvmkit:gcp:Cluster", "cvmkit:gcp:SysboxNodePool", "gcp:container/nodePool:NodePool"],
        ],
        ["Pulumi.azure.yaml", "azure", ["cvmkit:azure:Cluster", "cvmkit:azure:SysboxNodePool"]],
    ];
    for (const [file, cloud, types] of samples) {
        it(`runs ${file} (${cloud})`, () => {
            const run = runProgram(configOf(file));
            for (const t of types)
                assert.ok(run.types.includes(t), `${t} registered (got ${run.types.join(", ")})`);
            assert.equal(run.outputs.namespace, "cvm-workspaces");
            assert.equal(run.outputs.serviceAccountName, "cvm-supervisor");
            assert.ok(run.outputs.supervisorPodTemplate, "supervisorPodTemplate output");
        });
    }

    it("runs Pulumi.example.yaml (every key, existing cluster, Sysbox runtime on)", () => {
        const config = configOf("Pulumi.example.yaml", { "cvmkit:kubeconfig": undefined });
        delete config["cvmkit:kubeconfig"];
        const run = runProgram(config);
        assert.equal(run.outputs.runtimeClassName, "sysbox-runc");
        assert.equal(run.outputs.kubernetesVersion, "1.33");
        assert.deepEqual(run.outputs.nodeSelector, {
            "kubernetes.io/os": "linux",
            "cvmkit.dev/cvm-node": "true",
        });
        assert.ok(
            run.types.includes("kubernetes:kyverno.io/v2:PolicyException"),
            run.types.join(", "),
        );
    });

    it("refuses an unknown cloud, naming the clouds it builds on", () => {
        assert.throws(
            () => runProgram({ "cvmkit:cloud": "digitalocean" }),
            (err: Error & { stderr?: string }) =>
                /cloud: not a cloud cvmkit builds on \(got "digitalocean"\)\. Fix: use one of "aws", "gcp", "azure", "existing"/.test(
                    String(err.stderr),
                ),
        );
    });
});
