/**
 * The Python and Go SDKs of the cvmkit component package, generated offline from the schema the plugin
 * serves (`pulumi package get-schema provider/pulumi-resource-cvmkit`, the real CLI) with the code
 * generators of pulumi/pkg (`pulumi-sdkgen`, built by scripts/toolchain.sh: the pulumi-language-python/-go
 * hosts that `pulumi package gen-sdk` calls are not served by the Go module proxy), then compiled:
 * examples/go is built with `go build` against the generated Go SDK (modules from the Go module proxy), and
 * the generated Python SDK is installed into a venv with pip (PyPI) and examples/python runs under Pulumi's
 * Python mocks. This proves that the SDKs compile and accept the examples' inputs; only YAML is deployed
 * on a cluster (test/e2e/multilang.test.ts).
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { toolchainDir } from "./support/pulumi";
import { REPO } from "./support/pulumi-cli";

const run = promisify(execFile);
const BUILD_ROOT = path.resolve(__dirname, "..", "..", "..");

/** Go as scripts/toolchain.sh finds it, with its build settings. */
function goEnv(): NodeJS.ProcessEnv {
    return {
        ...process.env,
        PATH: `${process.env.PATH}${path.delimiter}/usr/local/go/bin`,
        CGO_ENABLED: "0",
        GOFLAGS: "-trimpath -mod=readonly",
    };
}

async function timed<T>(what: string, f: () => Promise<T>): Promise<T> {
    const t0 = Date.now();
    try {
        return await f();
    } finally {
        console.log(`# ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
}

describe("generated Python and Go SDKs", () => {
    let dir: string;
    let sdkgen: string;

    before(async () => {
        const tc = toolchainDir();
        sdkgen = path.join(tc, "bin", "pulumi-sdkgen");
        assert.ok(fs.existsSync(sdkgen), `${sdkgen} is missing: run \`bash scripts/toolchain.sh\``);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-sdks-"));
        const env = {
            ...process.env,
            PULUMI_HOME: process.env.PULUMI_HOME ?? path.join(tc, "pulumi-home"),
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            CVMKIT_PROVIDER_ENTRY: path.join(BUILD_ROOT, "lib", "provider", "main.js"),
        };
        const pulumi = path.join(tc, "bin", "pulumi");
        const schema = (pkg: string) =>
            run(pulumi, ["package", "get-schema", pkg], {
                cwd: dir,
                env,
                maxBuffer: 64 << 20,
            }).then((r) => r.stdout);
        fs.writeFileSync(
            path.join(dir, "cvmkit.json"),
            await schema(path.join(REPO, "provider", "pulumi-resource-cvmkit")),
        );
        fs.writeFileSync(path.join(dir, "kubernetes.json"), await schema("kubernetes@4.34.2"));
    });

    after(() => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const generate = (language: string, out: string) =>
        run(sdkgen, [
            "-language",
            language,
            "-out",
            out,
            "-dep",
            path.join(dir, "kubernetes.json"),
            path.join(dir, "cvmkit.json"),
        ]);

    it("Go: examples/go builds against the generated SDK", async () => {
        const example = path.join(dir, "go");
        fs.cpSync(path.join(REPO, "examples", "go"), example, { recursive: true });
        await generate("go", path.join(example, "sdk", "go"));
        const cluster = path.join(example, "sdk", "go", "cvmkit", "kubernetes", "cvmCluster.go");
        assert.match(fs.readFileSync(cluster, "utf8"), /func NewCvmCluster\(/);
        await timed("go build examples/go", () =>
            run("go", ["build", "-o", path.join(dir, "cvmkit-go"), "."], {
                cwd: example,
                env: goEnv(),
                maxBuffer: 16 << 20,
            }),
        );
        assert.ok(fs.statSync(path.join(dir, "cvmkit-go")).size > 0);
    });

    it("Python: the generated SDK installs with pip and examples/python runs under mocks", async () => {
        const sdk = path.join(dir, "python");
        await generate("python", sdk);
        const venv = path.join(dir, "venv");
        const python = path.join(venv, "bin", "python");
        await run("python3", ["-m", "venv", venv]);
        await timed("pip install of the generated SDK", () =>
            run(python, ["-m", "pip", "install", "-q", "--disable-pip-version-check", sdk], {
                maxBuffer: 16 << 20,
            }),
        );
        const mocks = `
import json, runpy, sys
import pulumi

class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        return [args.name + "-id", args.inputs]
    def call(self, args):
        return {}

pulumi.runtime.set_mocks(Mocks(), project="cvmkit-python", preview=False)
pulumi.runtime.set_all_config({"cvmkit-python:kubeconfig": "apiVersion: v1"}, ["cvmkit-python:kubeconfig"])
seen = []
orig = pulumi.runtime.mocks.MockMonitor.RegisterResource
def record(self, request):
    seen.append((request.type, json.loads(json.dumps(pulumi.runtime.rpc.deserialize_properties(request.object)))))
    return orig(self, request)
pulumi.runtime.mocks.MockMonitor.RegisterResource = record
runpy.run_path(sys.argv[1], run_name="__main__")
import asyncio
loop = asyncio.get_event_loop()
for _ in range(300):  # the registrations run on the event loop; wait for the component's (at most 30 s)
    if any(t == "cvmkit:kubernetes:CvmCluster" for t, _ in seen):
        break
    loop.run_until_complete(asyncio.sleep(0.1))
print(json.dumps(seen))
`;
        const out = await run(
            python,
            ["-c", mocks, path.join(REPO, "examples", "python", "__main__.py")],
            { maxBuffer: 16 << 20 },
        );
        const seen = JSON.parse(out.stdout.trim().split("\n").pop()!) as [
            string,
            Record<string, unknown>,
        ][];
        const cvm = seen.find(([t]) => t === "cvmkit:kubernetes:CvmCluster");
        assert.ok(cvm, `CvmCluster registered: ${out.stdout}`);
        assert.equal(cvm[1].namespace, "cvm-workspaces");
        assert.deepEqual(cvm[1].supervisor, { caching: "none" });
        assert.deepEqual(cvm[1].tolerations, [
            { effect: "NoSchedule", key: "cvmkit.io/cvm", operator: "Exists" },
        ]);
    });
});
